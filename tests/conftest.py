"""Shared fixtures: build a real report into a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from shadowreport.build import build

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


def build_report(report_dir: Path, output: Path) -> int:
    """Build the report in report_dir (its content/ and data/) into output."""
    return build(ROOT / "pelicanconf.py", output=output, PATH=str(report_dir / "content"))


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
