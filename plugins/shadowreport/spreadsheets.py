"""Spreadsheets as NGOs keep them: .xlsx and .ods files of data/, read with
python-calamine into the rows sources.read_table makes a Table of.

A workbook stands for the CSV of the same base name (data/commitments.xlsx
for data/commitments.csv) and is published as that CSV. A chart may draw
another sheet than the first (`sheet:` in its block); that sheet is
published as `<name>.sheet<N>.csv`, N its position in the workbook.

Cells become the text a CSV of them would hold: whole numbers without
".0" (12, not 12.0), dates as YYYY-MM-DD, empty cells "". The header is
the sheet's first row that is not empty; rows and columns keep the numbers
the spreadsheet program shows (row 4 is row 4, whatever is above it).
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path, PurePosixPath

from python_calamine import CalamineError, CalamineWorkbook

from .errors import Problem
from .limits import MAX_WORKBOOK_UNPACKED_BYTES, TOO_LARGE

SUFFIXES = (".xlsx", ".ods")  # what calamine reads and the docs promise
TABLE_SUFFIXES = (".csv", *SUFFIXES)


def is_spreadsheet(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in SUFFIXES


def is_table(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in TABLE_SUFFIXES


def published_name(name: str, sheet_position: int = 1) -> str:
    """The CSV a table of data/ is published as: data/x.xlsx as x.csv, its
    second sheet as x.sheet2.csv; a CSV as itself."""
    if not is_spreadsheet(name):
        return name
    stem = name[: -len(PurePosixPath(name).suffix)]
    return f"{stem}.csv" if sheet_position == 1 else f"{stem}.sheet{sheet_position}.csv"


def sheet_label(name: str, sheet: str) -> str:
    """How messages name a sheet of a file: data/x.xlsx, sheet "Register"."""
    return f'{name}, sheet "{sheet}"'


class SheetRead:
    """One sheet's rows as (row number, cells as text), and where it is."""

    def __init__(self, sheet: str, position: int, records: list[tuple[int, list[str]]]):
        self.sheet, self.position, self.records = sheet, position, records


def read_sheet(path: Path, name: str, sheet: str | None, problems: list[Problem]) -> SheetRead | None:
    """The sheet named `sheet` (the first when None) of the workbook at
    path, or None after adding a Problem (not a workbook, no such sheet)."""
    unpacked = _unpacked_size(path)
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        problems.append(Problem(name, expected=f"unpacks to {unpacked / 1e6:,.0f} MB of spreadsheet XML: a workbook of the "
                                f"report may unpack to at most {MAX_WORKBOOK_UNPACKED_BYTES / 1e6:,.0f} MB", suggestion=TOO_LARGE))
        return None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except BaseException as error:  # noqa: BLE001 - see parser_failure
        if not parser_failure(error):
            raise
        kind = "an .ods (OpenDocument)" if path.suffix.lower() == ".ods" else "an .xlsx (Excel)"
        problems.append(Problem(name, expected=f"cannot be read as {kind} workbook ({_short(error)}): open it in "
                                "the spreadsheet program and save it again, or save the sheet as \"CSV UTF-8\""))
        return None
    try:
        names = list(workbook.sheet_names)
        if not names:
            problems.append(Problem(name, expected="has no sheets"))
            return None
        if sheet is None:
            sheet = names[0]
        if sheet not in names:
            shown = ", ".join(f'"{n}"' for n in names)
            problems.append(Problem(name, f'sheet "{sheet}"', expected=f"is not a sheet of the workbook (it has {shown})"))
            return None
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except BaseException as error:  # noqa: BLE001 - see parser_failure
        if not parser_failure(error):
            raise
        problems.append(Problem(sheet_label(name, sheet or "?"), expected=f"cannot be read ({_short(error)}): "
                                "open the file in the spreadsheet program and save it again"))
        return None
    finally:
        workbook.close()
    return SheetRead(sheet, names.index(sheet) + 1, _records(rows))


def _records(rows: list[list]) -> list[tuple[int, list[str]]]:
    """The rows from the header down, as text, numbered from 1, the empty
    columns on the left left out, the empty cells on the right cut off."""
    texts = [[cell_text(cell) for cell in row] for row in rows]
    filled = [i for i, row in enumerate(texts) if any(row)]
    if not filled:
        return []
    left = min(next(j for j, cell in enumerate(row) if cell) for row in texts if any(row))
    records = []
    for number, row in enumerate(texts[filled[0]:], start=filled[0] + 1):
        cells = row[left:]
        while cells and not cells[-1]:
            cells.pop()
        records.append((number, cells))
    return records


def cell_text(cell) -> str:
    """A cell as a CSV of it would hold it."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
        return format(cell, ".15g")  # what the spreadsheet shows: 15 significant digits
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ", timespec="seconds")
    if isinstance(cell, (datetime.date, datetime.time)):
        return cell.isoformat()
    return str(cell).strip()


def parser_failure(error: BaseException) -> bool:
    """Whether reading a workbook failed on the workbook: anything
    python-calamine raises (CalamineError, an OSError, and a Rust panic,
    pyo3's PanicException, a BaseException) on a file an author or a pull
    request put in data/ is a message, not a traceback; an interrupt is not."""
    return isinstance(error, (CalamineError, Exception)) or type(error).__name__ == "PanicException"


def _unpacked_size(path: Path) -> int:
    """What the workbook's zip unpacks to, as its directory says (0 when it
    is no zip: calamine then says why it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
