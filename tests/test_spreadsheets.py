"""Spreadsheets as NGOs keep them : the register, the milestones
and the datasets may be .xlsx or .ods workbooks. The one reader of data/
reads them into the same tables as a CSV, with the same checks; the open
data publishes them as CSV; a report kept in workbooks builds to the same
pages as its CSV twin."""

from __future__ import annotations

import csv
import datetime
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport.build import build
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.sources import read_table as real_read
from support.xlsx import write_ods, write_xlsx

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def problems(root: Path) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(root)
    return [str(problem) for problem in raised.value.problems]


def cells_of(path: Path) -> list[list]:
    """A CSV's rows as a spreadsheet would hold them: numbers as numbers,
    full dates as dates, the rest as text."""
    def cell(text: str):
        if NUMBER.match(text):
            return float(text) if "." in text else int(text)
        if DATE.match(text):
            return datetime.date.fromisoformat(text)
        return text or None
    with path.open(encoding="utf-8", newline="") as file:
        return [[cell(text) for text in row] for row in csv.reader(file)]


def as_workbook(root: Path, name: str, writer=write_xlsx, suffix=".xlsx", sheet="Sheet1") -> Path:
    """data/<name>.csv replaced by a workbook of the same cells."""
    source = root / "data" / f"{name}.csv"
    target = writer(source.with_suffix(suffix), {sheet: cells_of(source)})
    source.unlink()
    return target


def build_into(root: Path, output: Path, cache: Path) -> None:
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache), SHADOWREPORT_PDFS=False) == 0


def pages(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))}


def test_a_report_kept_in_workbooks_builds_to_the_same_pages_as_its_csv_twin(tmp_path):
    twin = copy_root("every-chart", tmp_path / "csv")
    root = copy_root("every-chart", tmp_path / "xlsx")
    as_workbook(root, "commitments", sheet="Register")
    as_workbook(root, "milestones", write_ods, ".ods")
    for name in ("water-tests", "complaints", "towns", "surveys/satisfaction"):
        as_workbook(root, name)
    for finding in (root / "content/commitments").glob("*.md"):
        text = finding.read_text(encoding="utf-8")
        # the chart blocks, not the code block that shows one (it is printed as written)
        finding.write_text(re.sub(r"^(?<!````markdown\n)```chart\ndata: (\S+)\.csv$", r"```chart\ndata: \1.xlsx", text, flags=re.M),
                           encoding="utf-8")
    build_into(twin, tmp_path / "out-csv", tmp_path / "cache-csv")
    build_into(root, tmp_path / "out-xlsx", tmp_path / "cache-xlsx")
    csv_pages, xlsx_pages = pages(tmp_path / "out-csv"), pages(tmp_path / "out-xlsx")
    assert sorted(xlsx_pages) == sorted(csv_pages)
    # the one difference: datapackage.json says where each table was converted from, so it is larger
    size = re.compile(rb'(datapackage.json</a>\s*<span class="data-files__size">)\([^)]*\)')
    assert [name for name in csv_pages if size.sub(rb"\1", xlsx_pages[name]) != size.sub(rb"\1", csv_pages[name])] == []
    assert [name for name in csv_pages if xlsx_pages[name] != csv_pages[name]] == ["open-data/index.html", "ru/open-data/index.html"]
    data_csv, data_xlsx = tmp_path / "out-csv/data", tmp_path / "out-xlsx/data"
    published = sorted(p.relative_to(data_csv).as_posix() for p in data_csv.rglob("*") if p.is_file() and p.suffix != ".json")
    assert sorted(p.relative_to(data_xlsx).as_posix() for p in data_xlsx.rglob("*") if p.is_file() and p.suffix != ".json") == published
    for name in published:
        assert (data_xlsx / name).read_bytes() == (data_csv / name).read_bytes(), name
    package = json.loads((data_xlsx / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: r.get("description", "") for r in package["resources"]}
    assert described["commitments.csv"].endswith('Converted to CSV from data/commitments.xlsx, sheet "Register".')
    assert described["milestones.csv"].endswith('Converted to CSV from data/milestones.ods, sheet "Sheet1".')
    assert described["water-tests.csv"].endswith('Converted to CSV from data/water-tests.xlsx, sheet "Sheet1".')


def test_cells_of_a_workbook_are_read_as_a_csv_would_hold_them(tmp_path):
    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/cells.xlsx", {"Data": [
        [None, None, None],  # a title row left empty above the header
        [None, "year", "value", "when"],
        [None, 2020, 12.0, datetime.date(2024, 3, 5)],
        [None, 2021, 1.25, None],
    ]})
    table = load_report(root).tables["cells.csv"]
    assert table.name == 'data/cells.xlsx, sheet "Data"'
    assert table.columns == ["year", "value", "when"]
    assert table.rows == [(3, {"year": "2020", "value": "12", "when": "2024-03-05"}),
                          (4, {"year": "2021", "value": "1.25", "when": ""})]


def test_a_mistake_in_a_workbook_names_the_file_the_sheet_the_row_and_the_column(tmp_path):
    root = copy_root("every-chart", tmp_path)
    source = root / "data/commitments.csv"
    rows = cells_of(source)
    rows[2][rows[0].index("completion")] = "substancial"
    write_xlsx(root / "data/commitments.xlsx", {"Register": rows})
    source.unlink()
    assert problems(root) == ['data/commitments.xlsx, sheet "Register", row 3, column "completion": "substancial" '
                              "is not one of no-evidence, not-started, limited, substantial, complete, withdrawn "
                              '(did you mean "substantial"?)']


def test_one_table_written_twice_is_a_mistake(tmp_path):
    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/commitments.xlsx", {"Register": cells_of(root / "data/commitments.csv")})
    message = ("is one table written twice (data/commitments.csv and data/commitments.xlsx): "
               "keep one of the files and delete the other")
    assert problems(root) == [f"data/commitments.csv: {message}", f"data/commitments.xlsx: {message}"]


def test_a_corrupt_workbook_is_a_message_not_a_traceback(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "data/broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    [message] = problems(root)
    assert message.startswith("data/broken.xlsx: cannot be read as an .xlsx (Excel) workbook (")
    assert message.endswith('open it in the spreadsheet program and save it again, or save the sheet as "CSV UTF-8"')


def chart(data: str, sheet: str = "") -> str:
    return f"```chart\ndata: {data}\n{sheet}type: bar\nx: year\ny: value\n```\n"


def test_a_chart_draws_a_sheet_by_name_and_links_its_converted_csv(tmp_path):
    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/shares.xlsx", {"Notes": [["note"], ["first sheet"]],
                                           "Shares": [["year", "value"], [2020, 1.5], [2021, 2]]})
    (root / "content/commitments/s2.md").write_text(
        "Commitment: S2\n\nText.\n\n" + chart("shares.xlsx", "sheet: Shares\n"), encoding="utf-8")
    output = tmp_path / "output"
    build_into(root, output, tmp_path / "cache")
    assert (output / "data/shares.sheet2.csv").read_text(encoding="utf-8") == "year,value\n2020,1.5\n2021,2\n"
    assert (output / "data/shares.csv").read_text(encoding="utf-8") == "note\nfirst sheet\n"
    assert not list((output / "data").glob("*.xlsx"))
    page = (output / "commitments/S2/index.html").read_text(encoding="utf-8")
    assert 'href="../../data/shares.sheet2.csv"' in page


def test_a_sheet_the_workbook_lacks_is_a_message(tmp_path):
    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/shares.xlsx", {"Data": [["year", "value"], [2020, 1]]})
    (root / "content/commitments/s2.md").write_text(
        "Commitment: S2\n\nText.\n\n" + chart("shares.xlsx", "sheet: Shares\n") + chart("towns.csv", "sheet: Data\n"),
        encoding="utf-8")
    assert problems(root) == [
        'content/commitments/s2.md, line 14, key "sheet": "Data" is for .xlsx and .ods workbooks: '
        "towns.csv is a CSV file, which has no sheets",
        'data/shares.xlsx, sheet "Shares": is not a sheet of the workbook (it has "Data")',
    ]


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from shadowreport import spreadsheets

    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/big.xlsx", {"Data": [["year", "value"]] + [[2000 + i, i] for i in range(200)]})
    monkeypatch.setattr(spreadsheets, "MAX_WORKBOOK_UNPACKED_BYTES", 1000)
    [message] = problems(root)
    assert message.startswith("data/big.xlsx: unpacks to 0 MB of spreadsheet XML: a workbook of the report may unpack to at most 0 MB")


def test_invoke_new_reads_a_register_kept_as_a_workbook(tmp_path):
    from shadowreport.scaffold import new_finding

    root = copy_root("english-default", tmp_path)
    for name in ("commitments", "milestones"):
        source = root / "data" / f"{name}.csv"
        write_xlsx(source.with_suffix(".xlsx"), {"Sheet1": cells_of(source)})
        source.unlink()
    (root / "content/commitments/b1.md").unlink()
    text = new_finding(root, "B1", "en").read_text(encoding="utf-8")
    assert "- 1: Publish the citizens' budget (2021-09-30)" in text.splitlines()
    # the workbooks check; the untouched skeleton is the one mistake (a finding not yet written)
    with pytest.raises(ReportError) as raised:
        load_report(root)
    assert [str(p) for p in raised.value.problems] == [
        "content/commitments/B1.en.md: is the skeleton invoke new wrote: fill in the Summary and each section"]


def test_an_unknown_commitment_names_the_register_kept_as_a_workbook(tmp_path):
    root = copy_root("every-chart", tmp_path)
    as_workbook(root, "commitments", sheet="Register")
    milestones = root / "data/milestones.csv"
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("W1,1,", "W9,1,", 1), encoding="utf-8")
    assert problems(root) == ['data/milestones.csv, row 2, column "commitment": "W9" is not an id of data/commitments.xlsx']


def test_a_sheet_drawn_on_pages_in_two_languages_is_read_once_and_a_bad_cell_said_once(tmp_path, monkeypatch):
    from shadowreport.charts import datasets

    root = copy_root("every-chart", tmp_path)
    write_xlsx(root / "data/shares.xlsx", {"Notes": [["note"], ["x"]], "Shares": [["year", "value"], [2020, "n/a"]]})
    for lang in ("en", "ru"):
        (root / f"content/commitments/s2.{lang}.md").write_text(
            f"Commitment: S2\nLang: {lang}\n\nText.\n\n" + chart("shares.xlsx", "sheet: Shares\n"), encoding="utf-8")
    (root / "content/commitments/s2.md").unlink(missing_ok=True)
    reads = []
    monkeypatch.setattr(datasets, "read_table", lambda *args, **kwargs: reads.append(args[1]) or real_read(*args, **kwargs))
    assert problems(root) == [
        'data/shares.xlsx, sheet "Shares", row 2, column "value": "n/a" is not a number: the bar chart in '
        "content/commitments/s2.en.md, line 11 draws this column (write numbers with a dot for decimals and no thousands "
        'separator, or say how the report writes them in data/report.yml (numbers: {decimal: ",", thousands: " "}); '
        "leave the cell empty where there is no value)"]
    assert reads == ["data/shares.xlsx"]


def test_a_zip_that_is_no_workbook_is_a_message_not_a_traceback(tmp_path):
    import zipfile

    root = copy_root("every-chart", tmp_path)
    with zipfile.ZipFile(root / "data/partial.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    [message] = problems(root)
    assert message.startswith("data/partial.ods: cannot be read as an .ods (OpenDocument) workbook (")
