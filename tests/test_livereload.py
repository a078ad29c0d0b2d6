"""`invoke livereload` rebuilds its preview (output.preview/, served) when
content/, data/ or theme/ changes, never touches output/, and a mistake
made while previewing leaves the last good site in place, with the
terminal's message in the preview's error file; the log says each thing once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, ROOTS

INVOKE = Path(sys.executable).with_name("invoke")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Bounds, not waits: each returns as soon as its condition holds. A first
# build on a busy 2-core machine with a cold chart cache (Chromium starting,
# every chart and PDF) took well over the old 15 s; a rebuild after one
# change redraws at most a chart or two.
FIRST_BUILD = 300
REBUILD = 120


def wait_for(condition, seconds: float = REBUILD) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:  # between the two renames of a swap
        return ""


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:  # not serving yet, or busy building
        return ""


def mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # between the two renames of a swap: as if written now
        return time.time()


def test_livereload_rebuilds_on_every_kind_of_change(tmp_path):
    # a fork of the project whose report is the English-default fixture
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "plugins", "theme"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    for name in ("content", "data"):
        shutil.copytree(ROOTS / "english-default" / name, project / name)
    output = project / "output.preview"
    port = free_port()
    log = (tmp_path / "livereload.log").open("w")
    process = subprocess.Popen([str(INVOKE), "livereload", "--port", str(port)], cwd=project,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = output / "commitments/B1/index.html"
        assert wait_for(lambda: "appeared on time" in text(page), FIRST_BUILD), "the first build"
        # mtimes in whole seconds on some file systems: an edit must fall in a later second than the build
        assert wait_for(lambda: int(time.time()) > int(mtime(page)), 5)

        finding = project / "content/commitments/b1.md"
        finding.write_text(finding.read_text(encoding="utf-8").replace("on time", "late"), encoding="utf-8")
        assert wait_for(lambda: "appeared late" in text(page)), "a change to content/"
        assert wait_for(lambda: "appeared late" in served(f"http://127.0.0.1:{port}/commitments/B1/")), "served"

        register = project / "data/commitments.csv"
        register.write_text(register.read_text(encoding="utf-8").replace("Ministry of Finance", "Treasury"), encoding="utf-8")
        assert wait_for(lambda: "Treasury" in text(page)), "a change to data/"

        css = project / "theme/static/css/site.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n.livereload-test { color: red; }\n", encoding="utf-8")
        assert wait_for(lambda: ".livereload-test" in text(output / "theme/css/site.css")), "a change to theme/"

        # a mistake: the message in the log, the last good site stays
        register.write_text(register.read_text(encoding="utf-8").replace("J2,justice", "J2,justise"), encoding="utf-8")
        assert wait_for(lambda: "justise" in text(output / "_preview-errors.json"))
        assert "appeared late" in text(page) and "Treasury" in text(page)
        assert wait_for(lambda: "kept its last good pages" in text(tmp_path / "livereload.log"))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()
    logged = text(tmp_path / "livereload.log")
    message = 'column "area": "justise" is not an area of data/report.yml'
    assert logged.count(message) == 1 and message in "\n".join(json.loads(text(output / "_preview-errors.json"))["messages"])
    assert "Processed 0 articles" not in logged and "Running task" not in logged, logged
    lines = [line for line in logged.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), f"a line logged twice:\n{logged}"
    assert not (project / "output").exists(), "the preview wrote into output/"
    assert not list(output.rglob("*.pdf")) and not (output / "pagefind").exists()
