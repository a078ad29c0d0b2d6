"""data/ has one reader: every CSV is read once by the loader, checked by
`invoke check` whether a chart draws it or not, and the charts and the open
data take what the loader read. What the check passes, the build publishes;
what it refuses, it names once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport.build import build
from shadowreport.errors import ReportError
from shadowreport.loader import load_report

CHART = "```chart\ndata: {data}\ntype: bar\nx: year\ny: value\n```\n"


def problems(root: Path) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(root)
    return [str(problem) for problem in raised.value.problems]


def with_charts(root: Path, data: str, times: int = 2) -> None:
    """S2's finding draws `data` in `times` charts."""
    blocks = "\n".join(CHART.format(data=data) for _ in range(times))
    (root / "content/commitments/s2.md").write_text(f"Commitment: S2\n\nText.\n\n{blocks}", encoding="utf-8")


def test_an_unused_csv_in_windows_1251_is_read_with_a_warning(tmp_path):
    """Cyrillic words written wholly in Windows-1251 letters: the encoding is
    certain, the file is read and `invoke check` says what was assumed."""
    root = copy_root("every-chart", tmp_path)
    (root / "data/notes.csv").write_bytes("town,note\nОш,хорошо\n".encode("cp1251"))
    table = load_report(root).tables["notes.csv"]
    assert table.rows == [(2, {"town": "Ош", "note": "хорошо"})]
    assert table.warnings == ['data/notes.csv is not UTF-8: it was read as Windows-1251 (Cyrillic); check its text '
                              'on the site, and save the file with the UTF-8 encoding (in Excel: Save As, "CSV UTF-8") to be sure']


UNCERTAIN = ('is not UTF-8 text (byte 0x{byte} cannot be read), and whether it is Windows-1251 (Cyrillic) or '
             'Windows-1252 (Western European) cannot be told for sure: save the file with the UTF-8 encoding '
             '(in Excel: Save As, "CSV UTF-8")')


def test_an_unused_csv_whose_encoding_is_uncertain_is_refused_by_the_check(tmp_path):
    root = copy_root("every-chart", tmp_path)
    # "Café" reads as Windows-1252, "хорошо" as Windows-1251: which is it?
    (root / "data/notes.csv").write_bytes("town,note\nCafé,".encode("cp1252") + "хорошо\n".encode("cp1251"))
    assert problems(root) == ["data/notes.csv, line 2: " + UNCERTAIN.format(byte="e9")]


def test_a_dataset_of_uncertain_encoding_drawn_by_two_charts_is_one_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/shares.csv").write_bytes("year,value\n2020,1\n2021,Caf".encode() + "é".encode("cp1252")
                                           + " хорошо\n".encode("cp1251"))
    with_charts(root, "shares.csv")
    assert problems(root) == ["data/shares.csv, line 3: " + UNCERTAIN.format(byte="e9")]


def test_a_semicolon_dataset_with_decimal_commas_is_a_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/shares.csv").write_text("year;value\n2020;1,5\n2021;2,25\n", encoding="utf-8")
    with_charts(root, "shares.csv")
    assert problems(root) == ['data/shares.csv, row 1: "year;value" is separated by semicolons: separate the columns '
                              'with commas (in Excel: Save As, "CSV UTF-8")']


def test_a_dataset_row_with_an_extra_cell_is_a_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/shares.csv").write_text("year,value\n2020,1\n2021,2,3\n", encoding="utf-8")
    with_charts(root, "shares.csv", times=1)
    assert problems(root) == ["data/shares.csv, row 3: has 3 cells but the header has 2 columns"]


@pytest.mark.parametrize("name, message", [
    ("a\0b.csv", 'content/commitments/s2.md, line 6, key "data": "a\\x00b.csv" is not a path under data/: expected e.g. budget.csv'),
    ("x" * 300 + ".csv", 'content/commitments/s2.md, line 6, key "data": "' + "x" * 77 + '..." is not a file under data/'),
])
def test_a_data_name_no_file_can_have_is_a_message(tmp_path, name, message):
    root = copy_root("every-chart", tmp_path)
    with_charts(root, json.dumps(name), times=1)
    assert problems(root) == [message]


def test_a_dataset_named_in_capitals_is_drawn_and_published(tmp_path):
    """Excel on Windows may save `SHARES.CSV`: a chart draws it, the open
    data publishes it and the data package lists it."""
    root = copy_root("every-chart", tmp_path)
    (root / "data/SHARES.CSV").write_text("year,value\n2020,1\n2021,2\n", encoding="utf-8")
    with_charts(root, "SHARES.CSV", times=1)
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False) == 0
    assert (output / "data/SHARES.CSV").read_text(encoding="utf-8") == "year,value\n2020,1\n2021,2\n"
    package = json.loads((output / "data/datapackage.json").read_text(encoding="utf-8"))
    assert "SHARES.CSV" in [resource["path"] for resource in package["resources"]]
    page = (output / "commitments/S2/index.html").read_text(encoding="utf-8")
    assert 'href="../../data/SHARES.CSV"' in page


def test_editor_and_spreadsheet_lock_files_in_data_are_not_data(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/~$towns.csv").write_bytes(b"\xff\xfe lock")  # Excel's lock file of an open workbook
    (root / "data/.~lock.towns.csv#").write_text("lock", encoding="utf-8")  # LibreOffice's
    os.symlink("user@host.1234", root / "data/.#towns.csv")  # Emacs: a dangling link
    (root / "data/towns.csv~").write_text("backup", encoding="utf-8")
    report = load_report(root)
    assert not [name for name in report.tables if "~" in name or name.startswith(".")]


def test_the_open_data_publishes_what_the_loader_read(tmp_path):
    """Every CSV the report has is in the open data, as the loader read it
    (trimmed cells, blank rows dropped), and nothing else of data/."""
    root = copy_root("every-chart", tmp_path)
    (root / "data/padded.csv").write_text("year , value\n 2020 , 1 \n,\n", encoding="utf-8")
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False) == 0
    assert (output / "data/padded.csv").read_text(encoding="utf-8") == "year,value\n2020,1\n"
    published = sorted(p.relative_to(output / "data").as_posix() for p in (output / "data").rglob("*.csv"))
    assert published == sorted([*load_report(root).tables, "scales.csv"])  # and the build's own scales.csv


def test_cells_that_start_like_a_formula_are_published_as_written_and_warned_about(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/contacts.csv").write_text(
        'office,phone,note,change\nBishkek,+996 312 000000,"=HYPERLINK(""http://x"",""y"")",-5\nOsh,,@SUM(A1),-1.5%\nNaryn,-,-,+\n',
        encoding="utf-8")
    report = load_report(root)
    from shadowreport.formulas import formula_warnings

    assert formula_warnings(report) == [
        f'data/contacts.csv, row {row}, column "note": "{cell}" starts like a spreadsheet formula: it is published as '
        "written, and Excel or LibreOffice would run it when a reader opens the CSV (check it is meant; write it differently if not)"
        for row, cell in ((2, '=HYPERLINK("http://x","y")'), (3, "@SUM(A1)"))
    ]
