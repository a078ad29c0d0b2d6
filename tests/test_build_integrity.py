"""The build writes only under output/ (and its staging folder, its lock and
the caches), publishes only what lies inside data/, and one build at a time
replaces output/. content/ and data/ are untrusted here: they are what a
contributor's pull request can put there."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport import buildlock
from shadowreport.build import build

GUARD_TIMEOUT = 900  # seconds: generous for a busy 2-core machine


def guarded_build(tmp_path: Path, report: Path, *overrides: str) -> tuple[int, str, list[str]]:
    """Build `report` in a fresh process under the write guard
    (tests/support/write_guard.py): exit status, stderr and every write the
    guard saw outside the build's folders."""
    log = tmp_path / "guard.log"
    # a short temporary folder of the build's own: Chromium's socket path
    # under pytest's long tmp_path would pass the 108-byte limit of its name
    with tempfile.TemporaryDirectory(prefix="guard-") as system_temp:
        env = {**os.environ, "TMPDIR": system_temp, "PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "tests.support.write_guard", str(report), str(tmp_path / "site" / "output"),
             str(tmp_path / "cache"), str(log), *overrides],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=GUARD_TIMEOUT, check=False,
        )
    violations = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result.returncode, result.stderr, violations


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_the_guard_sees_a_write_outside(tmp_path):
    """The guard itself: a write outside the allowed folders is logged."""
    log, outside = tmp_path / "log", tmp_path / "outside.txt"
    script = ("import sys; sys.path.insert(0, '.'); from tests.support import write_guard as g; import os\n"
              f"g.install([{str(tmp_path / 'allowed')!r}], os.open({str(log)!r}, os.O_WRONLY | os.O_CREAT))\n"
              f"open({str(outside)!r}, 'w')\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0 and "write guard" in result.stderr
    assert log.read_text(encoding="utf-8").strip() == f"open {outside}"
    assert not outside.exists()


def test_a_whole_build_writes_only_its_own_folders(tmp_path):
    code, stderr, violations = guarded_build(tmp_path, ROOT / "tests" / "roots" / "english-default")
    assert code == 0, stderr
    assert violations == []
    assert (tmp_path / "site" / "output" / "pdf" / "report.pdf").is_file()


def test_evidence_that_climbs_out_and_back_is_published_inside_output(tmp_path):
    """`../../<project>/data/ev.pdf` names a file of data/: it is published as
    data/ev.pdf, and nothing is written where the `..` would lead from
    output/data/."""
    root = copy_root("english-default", tmp_path / "deep")
    (root / "data" / "ev.pdf").write_bytes(b"%PDF-1.4 evidence\n")
    (root / "data" / "docs").mkdir()
    (root / "data" / "docs" / "reply.pdf").write_bytes(b"%PDF-1.4 reply\n")
    os.symlink("docs", root / "data" / "linked")  # a link inside data/ is followed to its file
    milestones = (root / "data" / "milestones.csv").read_text(encoding="utf-8").splitlines()
    header = milestones[0].split(",")
    assert "evidence" in header
    climbing = f"../../{root.name}/data/ev.pdf"
    rows = [milestones[0]]
    for number, line in enumerate(milestones[1:]):
        cells = line.split(",")
        if len(cells) == len(header):
            evidence = header.index("evidence")
            cells[evidence] = climbing if number == 0 else "linked/../linked/reply.pdf" if number == 1 else cells[evidence]
        rows.append(",".join(cells))
    (root / "data" / "milestones.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = tree(tmp_path / "deep")

    code, stderr, violations = guarded_build(tmp_path, root, "SHADOWREPORT_PDFS=False")
    assert code == 0, stderr
    assert violations == []
    assert tree(tmp_path / "deep") == before
    data = tmp_path / "site" / "output" / "data"
    assert (data / "ev.pdf").read_bytes() == b"%PDF-1.4 evidence\n"
    assert (data / "docs" / "reply.pdf").read_bytes() == b"%PDF-1.4 reply\n"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [".output.lock", "output"]
    page = (tmp_path / "site" / "output" / "commitments").rglob("index.html")
    assert any('href="../../data/ev.pdf"' in p.read_text(encoding="utf-8") for p in page)


def test_links_out_of_data_are_refused_never_read_or_published(tmp_path):
    root = copy_root("english-default", tmp_path / "project")
    (tmp_path / "secret.csv").write_text("token\nhunter2\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    os.symlink("/proc/self/environ", root / "data" / "environ.csv")
    os.symlink(tmp_path / "secret.csv", root / "data" / "secret.csv")
    os.symlink(tmp_path / "folder", root / "data" / "folder")
    os.symlink(root / "content" / "pages" / "about.md", root / "data" / "about.md")  # content/ is outside data/ too
    os.symlink(tmp_path / "gone.csv", root / "data" / "dangling.csv")
    before = tree(root)

    code, stderr, violations = guarded_build(tmp_path, root)
    assert code == 1
    assert violations == []
    assert not (tmp_path / "site" / "output").exists()
    assert tree(root) == before
    assert "data/environ.csv: is a link that leads outside data/ (to /proc/" in stderr
    for line in ("  data/about.md: is a link that leads outside data/ (to content/pages/about.md): copy the file into data/ instead",
                 "  data/folder: is a link that leads outside data/",
                 "  data/dangling.csv: is a link that leads outside data/",
                 "  data/secret.csv: is a link that leads outside data/"):
        assert line in stderr, stderr
    assert "hunter2" not in stderr and "PATH=" not in stderr


# one build at a time ---------------------------------------------------------------


def wait_for(condition, what: str, bound: float = 300) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {bound} s for {what}")
        time.sleep(0.1)


def build_process(report: Path, output: Path, cache: Path) -> subprocess.Popen:
    script = ("import sys; sys.path.insert(0, 'plugins'); from shadowreport.build import build, configure_logging; "
              "configure_logging(); "
              f"sys.exit(build('pelicanconf.py', output={str(output)!r}, PATH={str(report / 'content')!r}, "
              f"SHADOWREPORT_CACHE_PATH={str(cache)!r}, SHADOWREPORT_PDF_CACHE={str(cache / 'pdf')!r}, SHADOWREPORT_PDFS=False))")
    return subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_build_waits_for_the_first(tmp_path):
    """While one build holds output/'s lock, another says so and waits; it
    replaces output/ only once it has the lock, with a complete site."""
    report = ROOT / "tests" / "roots" / "english-default"
    output = tmp_path / "output"
    lines: list[str] = []
    with buildlock.exclusive(output):  # "the first build"
        waiting = build_process(report, output, tmp_path / "cache")
        reader = threading.Thread(target=lambda: lines.extend(waiting.stderr), daemon=True)
        reader.start()
        wait_for(lambda: any("is running: waiting" in line for line in lines), "the second build to say it waits")
        assert not output.exists()
    assert waiting.wait(timeout=GUARD_TIMEOUT) == 0, "".join(lines)
    reader.join(timeout=60)
    assert (output / "index.html").is_file() and (output / "pagefind").is_dir()
    assert [p.name for p in tmp_path.glob(".output.building*")] == []


def test_two_builds_started_together_leave_one_complete_output(tmp_path):
    report = ROOT / "tests" / "roots" / "english-default"
    alone = tmp_path / "alone" / "output"
    assert build(ROOT / "pelicanconf.py", output=alone, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache-alone"), SHADOWREPORT_PDFS=False) == 0
    output = tmp_path / "together" / "output"
    builds = [build_process(report, output, tmp_path / f"cache-{n}") for n in (1, 2)]
    results = [b.communicate(timeout=GUARD_TIMEOUT) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], results
    assert sorted(tree(output)) == sorted(tree(alone))
    assert sorted(p.name for p in output.parent.iterdir()) == [".output.lock", "output"]


def test_a_build_that_cannot_get_the_lock_in_time_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(buildlock, "WAIT_SECONDS", 0.5)
    output = tmp_path / "output"
    with buildlock.exclusive(output):
        code = build(ROOT / "pelicanconf.py", output=output, PATH=str(ROOT / "tests/roots/english-default/content"),
                     SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False)
    assert code == 1
    assert f"Another build of {output} has been running for over 0 minutes; this one gave up" in capsys.readouterr().err
    assert not output.exists()


def test_an_output_folder_that_cannot_be_replaced_is_a_message(tmp_path, monkeypatch, capsys):
    """An immutable or read-only output/: the message says why, and the
    previous site stays."""
    report = ROOT / "tests" / "roots" / "english-default"
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site", encoding="utf-8")
    real_rename = Path.rename

    def refuse(self, target):
        if self == output:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False)
    assert code == 1
    assert f"The site could not be written (Operation not permitted: {output}); output/ was left as it was." in capsys.readouterr().err
    assert (output / "index.html").read_text(encoding="utf-8") == "previous site"
    assert [p.name for p in tmp_path.glob(".output.*") if p.name != ".output.lock"] == []


def test_a_killed_builds_staging_folder_is_cleared_by_the_next(tmp_path):
    report = ROOT / "tests" / "roots" / "english-default"
    output = tmp_path / "output"
    left = tmp_path / ".output.building-killed"
    left.mkdir()
    (left / "index.html").write_text("half", encoding="utf-8")
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False) == 0
    assert not left.exists()


def test_the_terminal_log_follows_stderr_when_a_caller_swaps_and_closes_it(monkeypatch):
    """pytest, an editor's runner or invoke may lend a stream as sys.stderr
    and close it later; the next build's messages still reach the terminal."""
    import io
    import logging
    from shadowreport.build import configure_logging

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))  # configure_logging replaces them
    monkeypatch.setattr(root, "level", root.level)
    lent = io.StringIO()
    monkeypatch.setattr(sys, "stderr", lent)
    configure_logging()
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    lent.close()
    logging.getLogger("shadowreport.test").warning("still heard")
    assert later.getvalue() == "WARNING: still heard\n"
