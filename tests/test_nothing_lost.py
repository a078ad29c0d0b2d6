"""Nothing lost, ever: a good build never writes under content/ or data/,
a failed one leaves output/ byte for byte, and the same input always gives
the same bytes (no timestamps, no random ids)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, build_report, copy_root

from tests.support.files import tree_hashes


def test_a_good_build_never_writes_under_content_or_data(tmp_path):
    report = copy_root("english-default", tmp_path)
    before = tree_hashes(report)
    assert build_report(report, tmp_path / "output") == 0
    assert tree_hashes(report) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "english-default", "output"]  # no staging folder left


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    report = copy_root("english-default", tmp_path)
    assert build_report(report, tmp_path / "first") == 0
    (report / "data/report.yml").touch()  # a newer mtime must not change anything either
    assert build_report(report, tmp_path / "second") == 0
    first, second = tree_hashes(tmp_path / "first"), tree_hashes(tmp_path / "second")
    assert first == second
    assert sum(name.endswith(".html") for name in first) >= 14


def test_a_rebuild_over_output_replaces_it_whole(tmp_path):
    report = copy_root("english-default", tmp_path)
    output = tmp_path / "output"
    assert build_report(report, output) == 0
    (output / "stale.html").write_text("from an older build", encoding="utf-8")
    (report / "content/pages/about.es.md").unlink()
    assert build_report(report, output) == 0
    assert not (output / "stale.html").exists()  # a fresh folder, not a merge
    assert (output / "es/about/index.html").is_file()  # the page falls back to English


def test_an_unexpected_failure_also_leaves_output(tmp_path, monkeypatch):
    """Even a bug (not a report mistake) must not cost the author the last good site."""
    from shadowreport import generator

    report = copy_root("english-default", tmp_path)
    output = tmp_path / "output"
    assert build_report(report, output) == 0
    before = tree_hashes(output)

    def broken(self, writer):
        raise RuntimeError("a bug in the middle of writing")

    monkeypatch.setattr(generator.ReportGenerator, "generate_output", broken)
    with pytest.raises(RuntimeError):
        build_report(report, output)
    assert tree_hashes(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "english-default", "output"]


@pytest.mark.skipif(not (ROOT / "content").is_dir(), reason="the demonstration report is not in content/")
def test_demo_builds_byte_identical_twice_and_leaves_sources(demo_site, tmp_path):
    """A second build, of a copy somewhere else (no absolute path may leak into
    the output either), gives the same bytes as the first."""
    report = tmp_path / "report"
    shutil.copytree(ROOT / "content", report / "content")
    shutil.copytree(ROOT / "data", report / "data")
    before = tree_hashes(report)
    assert build_report(report, tmp_path / "second") == 0
    assert tree_hashes(report) == before
    assert tree_hashes(demo_site) == tree_hashes(tmp_path / "second")
