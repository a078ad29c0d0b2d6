"""The benchmark (`invoke bench`, benchmarks/runner.py) measures what
docs/quality.md's speed bars need, and the build's stage record
(shadowreport/timing.py) adds up."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import require
from shadowreport import timing
from shadowreport.charts.export import find_browser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import runner  # noqa: E402


class FakeClock:
    """time as the timing module sees it, moved by hand."""

    def __init__(self):
        self.now = 100.0

    def perf_counter(self):
        return self.now

    def time(self):
        return 1_000_000.0 + self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(timing, "time", fake)
    return fake


def test_stages_add_up_and_an_inner_stage_is_not_counted_twice(clock):
    recorder = timing.Recorder()
    with recorder.stage("html"):
        clock.now += 1.0
        with recorder.stage("load"):
            clock.now += 2.0
        with recorder.stage("pdfs"):
            clock.now += 4.0
        clock.now += 0.5
    with recorder.stage("search"):
        clock.now += 0.25
    with recorder.stage("search"):  # a stage entered twice adds up
        clock.now += 0.25
    record = recorder.as_dict()
    assert record["stages"] == {"load": 2.0, "pdfs": 4.0, "html": 1.5, "search": 0.5}
    assert record["seconds"] == 8.0


def test_a_stage_that_fails_still_counts(clock):
    recorder = timing.Recorder()
    with pytest.raises(RuntimeError), recorder.stage("charts"):
        clock.now += 3.0
        raise RuntimeError("no browser")
    assert recorder.as_dict()["stages"] == {"charts": 3.0}


def test_each_build_records_into_its_own_recorder_and_last_build_reads_the_latest(clock):
    first = timing.start()
    settings: dict = {}
    assert timing.remember(settings, first) is timing.of(settings) is first  # what the generator and the PDFs use
    with timing.of(settings).stage("load"):
        clock.now += 1.0
    timing.of(settings).note("charts_drawn", ["a.csv (en)"])
    assert timing.last_build()["counts"] == {"charts_drawn": ["a.csv (en)"]}
    second = timing.start()
    assert second is not first and timing.last_build() == {"seconds": 0.0, "stages": {}, "counts": {}}
    assert first.as_dict()["stages"] == {"load": 1.0}, "a new build leaves the last one's record as it was"
    unattached: dict = {}  # a generator a test makes without build.py: a record of its own, kept with its settings
    assert timing.of(unattached) is timing.of(unattached) is not second


def test_finish_writes_the_record_with_this_builds_pdfs_only(tmp_path):
    recorder = timing.Recorder()
    with recorder.stage("load"):
        pass
    recorder.note("charts_drawn", [])
    record = recorder.finish(tmp_path / "last-build.json")  # a build without PDFs notes none
    assert "pdfs_rendered" not in record["counts"]

    recorder = timing.Recorder()
    recorder.note("pdfs_rendered", ["pdf/report.pdf"])  # as pdf/build.py notes them
    recorder.note("pdfs_reused", 1)
    recorder.finish(tmp_path / "last-build.json")
    written = json.loads((tmp_path / "last-build.json").read_text(encoding="utf-8"))
    assert written["counts"] == {"pdfs_rendered": ["pdf/report.pdf"], "pdfs_reused": 1}
    assert set(written) == {"seconds", "stages", "counts"}


def test_bare_pelican_gets_the_headers_it_requires():
    from bare_pelican import with_required_headers

    text = with_required_headers("Commitment: 7\nLang: ru\n\n## Section\n\nText.\n", "Commitment 7")
    assert text == "Title: Commitment 7\nDate: 2031-02-01\nCommitment: 7\nLang: ru\n\n## Section\n\nText.\n"
    assert with_required_headers("Title: Mine\ndate: 2020-01-01\n\nText.\n", "x") == "Title: Mine\ndate: 2020-01-01\n\nText.\n"


def test_benchmark_of_a_tiny_report_measures_everything(tmp_path, capsys):
    require(find_browser() is not None, "no Chromium: the benchmark draws charts")
    figures = tmp_path / "bench.json"
    runner.run([3], figures)
    printed = capsys.readouterr().out
    results = json.loads(figures.read_text(encoding="utf-8"))

    size = results["sizes"]["3"]
    assert size["edited_commitment"] == 3  # 7 does not exist in a report of 3
    assert set(size["builds"]) == {"clean", "unchanged", "one_finding", "one_csv"}
    for name, build in size["builds"].items():
        assert set(build["stages"]) == set(timing.STAGES), name
        assert build["seconds"] > 0 and build["start_seconds"] >= 0, name
        assert sum(build["stages"].values()) <= build["build_seconds"] + 0.01, name  # rounded to ms each
        assert build["build_seconds"] <= build["seconds"], name
    clean = size["builds"]["clean"]
    assert clean["pdfs_rendered"] == 2 * (3 + 1) and clean["pdfs_reused"] == 0  # 2 languages: 3 commitments, the report
    assert clean["charts_drawn"] > 0 and clean["pages_changed"] is None and clean["redone"] is None
    assert size["bare_pelican"]["seconds"] > 0 and size["bare_pelican"]["articles"] == 6
    assert size["clean_over_bare"] > 1
    assert set(size["percent_of_clean"]) == {"unchanged", "one_finding", "one_csv"}

    # docs/quality.md: each rebuild redoes exactly what its change touches
    failed = [check for check in size["checks"] if not check["ok"]]
    assert not failed, failed
    assert len(size["checks"]) == 9  # PDFs, charts and pages of three rebuilds
    unchanged = size["builds"]["unchanged"]
    assert (unchanged["pdfs_rendered"], unchanged["pdfs_reused"], unchanged["pages_changed"], unchanged["pages_rendered"]) == (0, 8, 0, 0)
    assert "commitments/3/index.html" in size["builds"]["one_finding"]["redone"]["pages_changed"]

    preview = size["preview_one_finding"]  # the live preview after one more edited finding
    assert preview["seconds"] > 0 and preview["percent_of_clean"] > 0 and "pdfs" not in preview["pages"]
    assert "commitments/3/index.html" in preview["pages"] and "search" not in preview["stages"]

    assert results["chart_export"]["charts"] > 0 and results["chart_export"]["median_ms"] > 0
    assert results["growth"] is None  # only with both 200 and 1000
    assert {bar["what"] for bar in results["bars"]} >= {"3: unchanged rebuild, % of clean",
                                                       "static chart export, warm median ms"}

    assert "3 commitments (edits to commitment 3)" in printed
    assert "clean full build" in printed and "bare Pelican, no plugin" in printed
    assert "clean build by stage: load" in printed
    assert "3 commitments: preview after one edited finding" in printed
    assert "static chart export, one warm browser: median" in printed
    assert "bars (docs/quality.md):" in printed


def test_growth_is_1000_over_200():
    sizes = {str(n): {"builds": {"clean": {"seconds": seconds}}} for n, seconds in ((200, 10.0), (1000, 48.0))}
    assert runner.growth(sizes) == {"clean_1000_over_200": 4.8}
    assert runner.growth({"20": sizes["200"]}) is None
