"""Shared fixtures: build a real report into a temporary folder."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

from shadowreport.build import build
from shadowreport.loader import load_report
from shadowreport.model import Report

ROOT = Path(__file__).resolve().parent.parent
# The broken-report fixtures (report, good_output, fails), shared by the
# modules of rules tests.
pytest_plugins = ("tests.support.broken_report",)
ROOTS = Path(__file__).resolve().parent / "roots"


def build_report(report_dir: Path, output: Path) -> int:
    """Build the report in report_dir (its content/ and data/) into output,
    with its caches beside output (cache_of)."""
    return build(ROOT / "pelicanconf.py", output=output, PATH=str(report_dir / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache_of(output)))


def cache_of(output: Path) -> Path:
    """The caches of the build into `output` (build_report's): a later test
    may start from a copy of them, never from the project's .cache/. Kept
    outside the report's folder, which tests list to see what a build left."""
    import hashlib
    import tempfile

    return Path(tempfile.gettempdir()) / "shadowreport-test-caches" / hashlib.sha256(str(output).encode()).hexdigest()[:16]


@pytest.fixture(scope="session", autouse=True)
def _caches_of_the_session(tmp_path_factory):
    """Builds that module and session fixtures start (before any test's own
    folder exists) keep their caches in one folder of the session: never
    the project's .cache/."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SHADOWREPORT_CACHE_PATH", str(tmp_path_factory.mktemp("session-cache")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _caches_of_the_test(tmp_path_factory, monkeypatch):
    """Every build a test starts keeps its caches under the test's tmp_path
    (pelicanconf.py takes SHADOWREPORT_CACHE_PATH from the environment,
    subprocesses included): no test sees another's caches or the project's
    .cache/, and none writes into tests/roots/."""
    # beside the test's tmp_path, not in it: tests list what a build left there
    monkeypatch.setenv("SHADOWREPORT_CACHE_PATH", str(tmp_path_factory.mktemp("cache")))


def copy_root(name: str, destination: Path) -> Path:
    """A writable copy of a fixture report, to break on purpose."""
    target = destination / name
    shutil.copytree(ROOTS / name, target)
    return target


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


@pytest.fixture(scope="session")
def english_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("english") / "output"
    assert build_report(ROOTS / "english-default", output) == 0
    return output


@pytest.fixture(scope="session")
def scripts_site(tmp_path_factory) -> Path:
    """tests/roots/armenian-arabic: Armenian by default, Arabic right to left."""
    output = tmp_path_factory.mktemp("scripts") / "output"
    assert build_report(ROOTS / "armenian-arabic", output) == 0
    return output


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "output"
    assert build_report(ROOT, output) == 0
    return output


@pytest.fixture(scope="session")
def demo(request) -> Path:
    """The demonstration report's site, built once (skipped where a fork replaced it)."""
    if not (ROOT / "content" / "commitments").is_dir():
        pytest.skip("the demonstration report (content/, data/) is not in this checkout")
    return request.getfixturevalue("demo_site")


CHROMIUM = Path(os.environ.get("SHADOWREPORT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail on CI: the browser tests must not vanish there."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test of the session (Playwright's
    sync API allows one driver per thread), never a browser of its own."""
    require(CHROMIUM.is_file(), f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What the build's libraries log: a font WeasyPrint cannot use, a template
# Pelican cannot read. shadowreport's own warnings are messages to authors
# (an encoding assumed, a cache entry dropped) that tests provoke and read
# on purpose; asyncio's noise about a browser killed on purpose is not the
# build's either.
BUILD_LOGGERS = {"pelican", "weasyprint", "fontTools", "markdown"}


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_unexpected_warnings(request):
    """A warning the test did not expect fails it: a build that starts
    warning (a font missing, a WeasyPrint error, a catalog out of date) is a
    regression even when its pages still come out. A test that expects
    some names them: @pytest.mark.expected_warnings("regex", ...).
    Session fixtures' builds are outside it (they run before the test's setup)."""
    records = _Records()
    logging.getLogger().addHandler(records)
    yield
    logging.getLogger().removeHandler(records)
    allowed = [re.compile(pattern) for marker in request.node.iter_markers("expected_warnings") for pattern in marker.args]
    unexpected = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in records.records
                  if r.name.split(".")[0] in BUILD_LOGGERS and not any(pattern.search(r.getMessage()) for pattern in allowed)]
    if unexpected:
        pytest.fail("unexpected warnings (mark the test with @pytest.mark.expected_warnings if they are meant):\n  "
                    + "\n  ".join(unexpected[:20]), pytrace=False)


# A built site served over loopback, for the browser tests (test_browser.py, test_phones.py):
# `serve(name, site, report_dir)` gives a Served whose url(path, lang) is a page's address.


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@dataclass
class Served:
    name: str
    base: str  # http://127.0.0.1:<port>/
    report: Report

    def url(self, path: str, lang: str | None = None) -> str:
        lang = lang or self.report.default_lang
        prefix = "" if lang == self.report.default_lang else f"{lang}/"
        return self.base + prefix + path


@pytest.fixture(scope="session")
def serve():
    servers = []

    def start(name: str, site: Path, report_dir: Path) -> Served:
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return Served(name, f"http://127.0.0.1:{server.server_port}/", load_report(report_dir))

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
