"""Shared fixtures: build a real report into a temporary folder."""

from __future__ import annotations

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
def demo_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "output"
    assert build_report(ROOT, output) == 0
    return output
