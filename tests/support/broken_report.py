"""A broken report built over a copy of a good output/: the build must exit
1 with a message, change nothing and leave no traceback.

A pytest plugin (tests/conftest.py loads it): the fixtures `report` (a
writable copy of the English-default fixture, to break), `good_output` and
`fails` serve every module of broken-report tests; a module with a `report`
fixture of its own uses that one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_report, copy_root
from shadowreport.build import build

from tests.support.files import tree_hashes

HEADER = "The report has {} mistake{}; nothing was built:"


def good_build(tmp_path_factory) -> Path:
    """output/ of the English-default fixture, built once per test module."""
    output = tmp_path_factory.mktemp("good") / "output"
    assert build_report(copy_root("english-default", output.parent), output) == 0
    return output


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> Path:
    return good_build(tmp_path_factory)


@pytest.fixture
def report(tmp_path) -> Path:
    """A writable copy of the English-default fixture, to break."""
    return copy_root("english-default", tmp_path)


@pytest.fixture
def fails(report, tmp_path, good_output, capsys):
    return failing_build(report, tmp_path, good_output, capsys)


def failing_build(report: Path, tmp_path: Path, good_output: Path, capsys):
    """A function that builds the (broken) `report` over a copy of a good
    output/, asserts exit status 1 and nothing changed, and returns the
    lines of the message; keyword arguments override Pelican settings."""

    def run(**overrides) -> list[str]:
        output = tmp_path / "output"
        shutil.copytree(good_output, output)
        before_output, before_sources = tree_hashes(output), tree_hashes(report)
        capsys.readouterr()
        if overrides:
            code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"), **overrides)
        else:
            code = build_report(report, output)
        assert code == 1
        assert tree_hashes(output) == before_output, "a failed build changed output/"
        assert tree_hashes(report) == before_sources, "the build wrote under content/ or data/"
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == [".output.lock", "english-default", "output"], "a staging folder was left behind (the lock file stays)"
        err = capsys.readouterr().err
        assert "Traceback" not in err
        return err.splitlines()

    return run


def mistakes(*lines: str) -> list[str]:
    """The message of a build that stops on these mistakes, line by line."""
    count = len(lines)
    return [HEADER.format(count, "" if count == 1 else "s")] + [f"  {line}" for line in lines]
