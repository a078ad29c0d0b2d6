"""Bounds on what an author's files may ask of the build (limits.py): a few
hundred bytes of YAML aliases or a dataset of a million rows get a message
and exit status 1 within seconds, not minutes, gigabytes and a traceback."""

from __future__ import annotations

import time

import pytest

from conftest import build_report, copy_root
from shadowreport import limits
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.sources import _parse_yaml

QUICK = 20  # seconds: generous for a loaded CI machine; unbounded, these took minutes


def billion_laughs(indent: str = "") -> str:
    """Nine levels of nine aliases: 387 million values from 350 bytes."""
    lines = [f'{indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{indent}{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def timed_build(report, output, capsys) -> tuple[int, float, str]:
    start = time.monotonic()
    code = build_report(report, output)
    return code, time.monotonic() - start, capsys.readouterr().err


# YAML aliases ---------------------------------------------------------------------------


def test_billion_laughs_in_report_yml(tmp_path, capsys):
    report = copy_root("english-default", tmp_path)
    path = report / "data/report.yml"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + "laughs:\n" + billion_laughs("  "), encoding="utf-8")
    code, seconds, error = timed_build(report, tmp_path / "output", capsys)
    assert code == 1 and seconds < QUICK
    # the line of the alias that goes over: the fifth level (e), 3 * 27,064 on top of 30,402
    assert (f"data/report.yml, line {lines + 6}: uses YAML anchors and aliases too deeply: write the values out"
            in error), error
    assert "Traceback" not in error


def test_billion_laughs_in_a_chart_block(tmp_path, capsys):
    report = copy_root("every-chart", tmp_path)
    block = "data: water-tests.csv\ntype: bar\nx: year\ny: tests_published\nlabels:\n" + billion_laughs("  ")
    (report / "content/commitments/s2.md").write_text(f"Commitment: S2\n\n```chart\n{block}```\n", encoding="utf-8")
    code, seconds, error = timed_build(report, tmp_path / "output", capsys)
    assert code == 1 and seconds < QUICK
    # the fence is on line 3, labels: on line 8, its fifth level (e) on line 13
    assert ("content/commitments/s2.md, line 13: the chart block uses YAML anchors and aliases too deeply: "
            "write the values out" in error), error


def test_a_long_text_repeated_by_aliases_counts_its_characters():
    text = "x" * 10_000
    problems = []
    assert _parse_yaml(f"a: &a {text}\nb: [" + ", ".join(["*a"] * 20) + "]\n", "data/report.yml", problems) is None
    assert [str(p) for p in problems] == [
        "data/report.yml, line 2: uses YAML anchors and aliases too deeply: write the values out"]


def test_merge_keys_nested_in_one_another_are_bounded_too():
    # each level merges the one above nine times: PyYAML's merge copies the pairs
    lines = ["a: &a {k0: lol, k1: lol}"] + [
        f"{name}: &{name} {{<<: [" + ",".join([f"*{previous}"] * 9) + "]}" for previous, name in zip("abcdefghijklmno", "bcdefghijklmnop")]
    problems = []
    start = time.monotonic()
    assert _parse_yaml("\n".join(lines) + "\n", "data/report.yml", problems) is None
    assert time.monotonic() - start < QUICK
    assert [str(p) for p in problems] == [
        "data/report.yml, line 5: uses YAML anchors and aliases too deeply: write the values out"]


def test_ordinary_anchors_and_merge_keys_still_work():
    problems = []
    text = "defaults: &d {kind: area, shown: true}\nareas:\n" + "".join(
        f"  - <<: *d\n    id: a{number}\n" for number in range(1000))
    data = _parse_yaml(text, "data/report.yml", problems)
    assert problems == []
    assert data["areas"][999] == {"kind": "area", "shown": True, "id": "a999"}


# dataset size ---------------------------------------------------------------------------


def write_rows(path, rows: int) -> None:
    path.write_text("year,tests_published,tests_planned\n" + "".join(f"{2000 + n},{n},{n + 1}\n" for n in range(rows)),
                    encoding="utf-8")


def test_dataset_over_the_row_limit_is_refused_quickly(tmp_path, capsys):
    report = copy_root("every-chart", tmp_path)
    write_rows(report / "data/water-tests.csv", limits.MAX_CHART_ROWS + 1)  # drawn by two charts of w1.md
    message = (f"data/water-tests.csv: has {limits.MAX_CHART_ROWS + 1:,} rows: a chart draws at most "
               f"{limits.MAX_CHART_ROWS:,} rows ({limits.AGGREGATE})")
    with pytest.raises(ReportError) as raised:  # what `invoke check` runs
        load_report(report)
    assert [str(p) for p in raised.value.problems] == [message]
    code, seconds, error = timed_build(report, tmp_path / "output", capsys)
    assert code == 1 and seconds < QUICK
    assert message in error and "Traceback" not in error


def test_dataset_at_the_row_limit_is_accepted(tmp_path):
    report = copy_root("every-chart", tmp_path)
    write_rows(report / "data/water-tests.csv", limits.MAX_CHART_ROWS)
    assert len(load_report(report).commitments) == 4


def test_csv_over_the_byte_limit_is_refused_before_it_is_read(tmp_path, capsys):
    report = copy_root("every-chart", tmp_path)
    with open(report / "data/all-tests.csv", "wb") as big:
        big.truncate(limits.MAX_CSV_BYTES + 1)  # sparse: only its size is looked at
    message = f"data/all-tests.csv: is 20.1 MB: a CSV file of the report may be at most 20 MB ({limits.TOO_LARGE})"
    with pytest.raises(ReportError) as raised:
        load_report(report)
    assert [str(p) for p in raised.value.problems] == [message]
    code, seconds, error = timed_build(report, tmp_path / "output", capsys)
    assert code == 1 and seconds < QUICK and message in error


def test_the_format_states_the_limits():
    from conftest import ROOT

    text = (ROOT / "docs/content-format.md").read_text(encoding="utf-8").split("## Limits")[1].split("\n## ")[0]
    assert f"at most {limits.MAX_CHART_ROWS:,} rows" in text
    assert f"at most {limits.MAX_CSV_BYTES / 1e6:g} MB" in text
    assert f"at most {limits.MAX_CHART_CHARACTERS:,} characters" in text
    assert f"at most {limits.MAX_ALIAS_EXPANSION:,} values and characters" in text


def test_long_values_a_chart_draws_are_bounded_too(tmp_path):
    report = copy_root("every-chart", tmp_path)
    complaints = report / "data/complaints.csv"  # channel, channel_ru, complaints: the pie chart of w1.md, line 41
    long_name = "c" * (limits.MAX_CHART_CHARACTERS // 8)
    complaints.write_text(complaints.read_text(encoding="utf-8") + "".join(
        f"{long_name}{n},{long_name}{n},1\n" for n in range(5)), encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        load_report(report)
    [problem] = [str(p) for p in raised.value.problems]
    assert problem.startswith('data/complaints.csv, columns "channel", "channel_ru", "complaints": hold 125,')
    assert problem.endswith(f" characters: the chart in content/commitments/w1.md, line 41 draws at most "
                            f"{limits.MAX_CHART_CHARACTERS:,} characters (shorten the values, or {limits.AGGREGATE})")
