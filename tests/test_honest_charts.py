"""Honest charts: a second axis (`y2:`), one unit per axis
(`units:`, or the unit a label names), values written on few bars
(`values:`), and the demonstration report's competition chart on two
titled axes. Checked on tests/roots/every-chart, without drawing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport.charts.figures import author_chart
from shadowreport.charts.narrow import narrow
from shadowreport.errors import ReportError
from shadowreport.loader import load_report


def with_block(tmp_path: Path, block: str) -> Path:
    """every-chart with one more finding whose chart block starts on line 5."""
    root = copy_root("every-chart", tmp_path)
    (root / "data/mixed.csv").write_text("year,tests,share,planned\n2022,120,30.5,400\n2023,210,52.5,400\n", encoding="utf-8")
    (root / "content/commitments/s2.md").write_text(f"Commitment: S2\n\nText.\n\n```chart\n{block}\n```\n", encoding="utf-8")
    return root


def problems(tmp_path: Path, block: str) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(with_block(tmp_path, block))
    return [str(problem) for problem in raised.value.problems]


def the_chart(tmp_path: Path, block: str, lang: str = "en"):
    report = load_report(with_block(tmp_path, block))
    spec = next(c for c in report.commitments if c.id == "S2").findings["en"].charts[0]
    return spec, author_chart(spec, lang, "en", "data/mixed.csv")


def test_y2_draws_its_columns_against_a_titled_right_axis(tmp_path):
    spec, chart = the_chart(tmp_path, "data: mixed.csv\ntype: line\nx: year\ny: tests\ny2: share\n"
                                      "labels: {tests: Tests published, share: \"Share published, %\"}")
    assert (spec.y, spec.y2) == (["tests"], ["share"])
    layout = chart.figure["layout"]
    assert layout["yaxis"]["title"]["text"] == "Tests published"
    assert layout["yaxis2"]["title"]["text"] == "Share published, %"
    assert (layout["yaxis2"]["overlaying"], layout["yaxis2"]["side"]) == ("y", "right")
    assert [t.get("yaxis", "y") for t in chart.figure["data"]] == ["y", "y2"]
    assert chart.table.headers == ["year", "Tests published", "Share published, %"]
    assert narrow(chart).figure["layout"]["yaxis2"]["side"] == "right", "the phone's drawing keeps both axes"


MIXED = {
    "units the block gives": (
        "data: mixed.csv\ntype: line\nx: year\ny: [tests, share]\ntitle: Tests\nunits: {tests: tests, share: \"%\"}",
        'content/commitments/s2.md, line 9, key "y": the chart “Tests” mixes two units on one axis: tests in tests, '
        "share in %; expected one unit per axis: put one of them under y2 (a second axis, with its own title), "
        "or say that they share a unit with units: {tests: …, share: …}"),
    "a percentage in a label beside a count": (
        "data: mixed.csv\ntype: bar\nx: year\ny: [tests, share]\nlabels: {tests: Tests, share: \"Share, %\"}",
        'content/commitments/s2.md, line 9, key "y": the chart mixes two units on one axis: tests with no unit, '
        "share in %; expected one unit per axis: put one of them under y2 (a second axis, with its own title), "
        "or say that they share a unit with units: {tests: …, share: …}"),
    "two units under y2": (
        "data: mixed.csv\ntype: line\nx: year\ny: planned\ny2: [tests, share]\nunits: {tests: tests, share: \"%\"}",
        'content/commitments/s2.md, line 10, key "y2": the chart mixes two units on one axis: tests in tests, '
        "share in %; expected one unit per axis: draw one of them in a chart of its own, "
        "or say that they share a unit with units: {tests: …, share: …}"),
}


@pytest.mark.parametrize("case", list(MIXED))
def test_mixed_units_on_one_axis_are_refused_with_file_line_and_units(tmp_path, case):
    block, message = MIXED[case]
    assert problems(tmp_path, block) == [message]


def test_one_unit_on_each_axis_is_accepted(tmp_path):
    spec, chart = the_chart(tmp_path, "data: mixed.csv\ntype: line\nx: year\ny: [tests, planned]\ny2: share\n"
                                      "units: {tests: tests, planned: tests, share: \"%\"}")
    assert chart.figure["layout"]["yaxis"]["title"]["text"] == "tests", "two series of one unit: the axis names it"


BAD_KEYS = {
    "y2 on a pie": ("data: mixed.csv\ntype: pie\nx: year\ny: tests\ny2: share",
                    'content/commitments/s2.md, line 10, key "y2": "share" is for bar, line, scatter charts: a pie chart has one scale'),
    "y2 twice": ("data: mixed.csv\ntype: line\nx: year\ny: tests\ny2: tests",
                 'content/commitments/s2.md, line 10, key "y2": "tests" is under y already: a column is drawn against one axis'),
    "y2 not a column": ("data: mixed.csv\ntype: line\nx: year\ny: tests\ny2: shares",
                        'content/commitments/s2.md, line 10, key "y2": "shares" is not a column of data/mixed.csv '
                        '(year, tests, share, planned) (did you mean "share"?)'),
    "units not a map": ("data: mixed.csv\ntype: line\nx: year\ny: tests\nunits: \"%\"",
                        'content/commitments/s2.md, line 10, key "units": "%" must map column names to their units, '
                        'e.g. {share: "%", bidders: bidders}'),
    "values not yes or no": ("data: mixed.csv\ntype: bar\nx: year\ny: tests\nvalues: some",
                             'content/commitments/s2.md, line 10, key "values": "some" must be true (write each value on '
                             "its bar or point) or false"),
}


@pytest.mark.parametrize("case", list(BAD_KEYS))
def test_bad_axis_keys_are_named(tmp_path, case):
    block, message = BAD_KEYS[case]
    assert problems(tmp_path, block) == [message]


def test_values_are_written_on_few_bars_by_default_and_as_the_block_says(tmp_path):
    _, bars = the_chart(tmp_path / "a", "data: mixed.csv\ntype: bar\nx: year\ny: share")
    assert bars.figure["data"][0]["text"] == ["30.5", "52.5"]
    _, russian = the_chart(tmp_path / "b", "data: mixed.csv\ntype: bar\nx: year\ny: share", lang="ru")
    assert russian.figure["data"][0]["text"] == ["30,5", "52,5"], "in the page's language"
    _, line = the_chart(tmp_path / "c", "data: mixed.csv\ntype: line\nx: year\ny: share")
    assert "text" not in line.figure["data"][0], "not on a line by default"
    _, asked = the_chart(tmp_path / "d", "data: mixed.csv\ntype: line\nx: year\ny: share\nvalues: true")
    assert asked.figure["data"][0]["text"] == ["30.5", "52.5"] and "text" in asked.figure["data"][0]["mode"]
    _, refused = the_chart(tmp_path / "e", "data: mixed.csv\ntype: bar\nx: year\ny: share\nvalues: false")
    assert "text" not in refused.figure["data"][0]


@pytest.mark.skipif(not (ROOT / "content/commitments").is_dir(), reason="the demonstration report is not in content/")
def test_the_demo_competition_chart_has_two_titled_axes_in_every_language():
    report = load_report(ROOT)
    found = []
    for commitment in report.commitments:
        for lang, finding in commitment.findings.items():
            for spec in finding.charts:
                if spec.data != "procurement-competition.csv":
                    continue
                layout = author_chart(spec, lang, lang, "data/" + spec.table).figure["layout"]
                left, right = layout["yaxis"]["title"]["text"], layout["yaxis2"]["title"]["text"]
                assert left and right and left != right, (lang, left, right)
                assert "%" in left and "%" not in right, (lang, left, right)
                found.append(lang)
    assert sorted(found) == sorted(report.languages)
