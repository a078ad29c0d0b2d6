"""Numbers as people write them and CSVs as spreadsheet programs save them
: report.yml says once how numbers are written, the charts read
the datasets with it and the data package describes it; a CSV that is not
UTF-8 is read when its encoding is certain, with a warning, else refused."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport.build import build
from shadowreport.charts.figures import numbers
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.numberformat import NumberFormat

CHART = "```chart\ndata: {data}\ntype: bar\nx: year\ny: value\n```\n"


def problems(root: Path) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(root)
    return [str(problem) for problem in raised.value.problems]


def with_numbers(root: Path, line: str) -> None:
    """report.yml says `line`; the datasets the report draws write their
    decimals with a comma, as it then says they do."""
    meta = root / "data/report.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    for name in ("towns.csv", "surveys/satisfaction.csv"):
        path = root / "data" / name
        path.write_text(re.sub(r"(?<=,)(\d+)\.(\d+)(?=,|\n)", r'"\1,\2"', path.read_text(encoding="utf-8")), encoding="utf-8")


def draw(root: Path, data: str, languages=("", ".ru")) -> None:
    """S2's finding, in each language, draws `data`."""
    for lang in languages:
        (root / f"content/commitments/s2{lang}.md").write_text(
            f"Commitment: S2\nLang: {lang.strip('.') or 'en'}\n\nText.\n\n" + CHART.format(data=data), encoding="utf-8")


def test_a_number_format_reads_numbers_as_written():
    written = NumberFormat(",", " ")
    assert [written.parse(c) for c in ("1 234,5", "1\u00a0234", "-0,25", "", "1.5", "n/a", "12")] == \
        [1234.5, 1234.0, -0.25, None, None, None, 12.0]
    assert NumberFormat().parse("1234.5") == 1234.5 and NumberFormat().parse("1 234") is None


def test_charts_draw_numbers_written_with_a_decimal_comma_and_the_data_package_says_so(tmp_path):
    root = copy_root("every-chart", tmp_path)
    with_numbers(root, 'numbers: {decimal: ",", thousands: " "}')
    (root / "data/shares.csv").write_text('year,value\n2020,"1 234,5"\n2021,"2,25"\n', encoding="utf-8")
    draw(root, "shares.csv")
    report = load_report(root)
    [spec] = [d for d in report.commitment("S2").findings.values() if d.lang == "en"][0].charts
    assert numbers(spec.frame["value"], spec.numbers) == [1234.5, 2.25]
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False) == 0
    assert (output / "data/shares.csv").read_text(encoding="utf-8") == 'year,value\n2020,"1 234,5"\n2021,"2,25"\n'
    package = json.loads((output / "data/datapackage.json").read_text(encoding="utf-8"))
    [shares] = [r for r in package["resources"] if r["path"] == "shares.csv"]
    assert shares["schema"]["fields"] == [{"name": "year", "type": "integer"},
                                          {"name": "value", "type": "number", "decimalChar": ",", "groupChar": " "}]
    from frictionless import validate

    checked = validate(str(output / "data/datapackage.json"))
    assert checked.valid, checked.flatten(["title", "note"])[:3]


def test_a_bad_cell_drawn_on_pages_in_two_languages_is_one_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    with_numbers(root, 'numbers: {decimal: ","}')
    (root / "data/shares.csv").write_text('year,value\n2020,"1,5"\n2021,1.5\n', encoding="utf-8")
    draw(root, "shares.csv")
    assert problems(root) == [
        'data/shares.csv, row 3, column "value": "1.5" is not a number: the bar chart in content/commitments/s2.md, line 10 '
        'draws this column (write numbers as data/report.yml says: "," for decimals and no thousands separator, e.g. 1234,5; '
        "leave the cell empty where there is no value)"]


def test_a_number_format_that_cannot_be_is_a_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    with_numbers(root, 'numbers: {decimal: ",", thousands: ","}')
    assert problems(root) == ['data/report.yml, line 19, key "numbers": "{\'decimal\': \',\', \'thousands\': \',\'}" '
                              "uses one mark for decimals and thousands"]


def test_a_utf16_unicode_text_file_is_read_with_its_tabs_and_a_warning(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/notes.csv").write_bytes(codecs.BOM_UTF16_LE + "town\tnote\r\nОш\tхорошо\r\n".encode("utf-16-le"))
    table = load_report(root).tables["notes.csv"]
    assert table.rows == [(2, {"town": "Ош", "note": "хорошо"})]
    assert table.warnings == ["data/notes.csv is not UTF-8: it was read as UTF-16 (Excel's \"Unicode text\"), its columns "
                              'separated by tabs; check its text on the site, and save the file with the UTF-8 encoding '
                              '(in Excel: Save As, "CSV UTF-8") to be sure']


def test_a_western_windows_csv_is_read_as_windows_1252(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/notes.csv").write_bytes("town,note\nSão Tomé,très bien\n".encode("cp1252"))
    table = load_report(root).tables["notes.csv"]
    assert table.rows == [(2, {"town": "São Tomé", "note": "très bien"})]
    assert "read as Windows-1252 (Western European)" in table.warnings[0]


def test_invoke_check_prints_what_was_assumed(tmp_path, monkeypatch, capsys):
    import tasks
    from invoke import Context

    root = copy_root("every-chart", tmp_path)
    (root / "data/notes.csv").write_bytes("town,note\nОш,хорошо\n".encode("cp1251"))
    monkeypatch.setattr(tasks, "HERE", root)
    tasks.check(Context())
    assert capsys.readouterr().err.splitlines() == [
        '  warning: data/notes.csv is not UTF-8: it was read as Windows-1251 (Cyrillic); check its text on the site, '
        'and save the file with the UTF-8 encoding (in Excel: Save As, "CSV UTF-8") to be sure']
