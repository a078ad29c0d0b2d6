"""The dataset a chart block's `data:` (and `sheet:`) names: its name under
data/ resolved and checked, its table (as the loader read it) made into a
DataFrame once however many charts draw it, and its cells checked as
numbers where a chart draws them as numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import limits
from ..datafolder import DataFiles
from ..errors import Problem, did_you_mean
from ..numberformat import NumberFormat
from ..paths import resolved
from ..sources import Table, read_table
from ..spreadsheets import is_spreadsheet, is_table, published_name

# Frames kept while the process lives, by table and text: the live preview
# builds again only those of the tables an edit changed. Nothing changes a
# frame in place (the charts derive new ones).
_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}
_FRAMES_KEPT = 4096
_CHARACTERS: dict[tuple[str, str, str], int] = {}  # by table, text and column, as the frames


class Dataset:
    """A data file read once per build (by the loader), however many charts draw from it."""

    def __init__(self, path: Path, name: str, digest: str, frame: pd.DataFrame, table: str, provenance: dict | None = None):
        self.path, self.name, self.digest, self.frame, self.table = path, name, digest, frame, table
        self.provenance = provenance  # a recipe's dataset: where it was computed from (rawdata/derive.py)
        self.reported: set[tuple[str, int]] = set()  # (column, row) said not to be a number: said once

    def characters(self, column: str) -> int:
        """How many characters the column's cells hold (limits.py bounds what a chart draws)."""
        key = (self.name, self.digest, column)
        if key not in _CHARACTERS:
            if len(_CHARACTERS) >= _FRAMES_KEPT * 8:
                _CHARACTERS.clear()
            # in Python, not pandas' .str.len(): 15 times quicker on a chart's few rows
            _CHARACTERS[key] = sum(len(cell) for cell in self.frame[column].tolist() if isinstance(cell, str))
        return _CHARACTERS[key]


def find_dataset(value: str, sheet: str | None, data_files: DataFiles, tables: dict[str, Table | None], datasets, problem,
             problems: list[Problem]) -> Dataset | None:
    """The dataset `data:` (and `sheet:`) name, checked and made once however
    many charts draw it; None after a Problem (or when the loader has said
    why its file cannot be read)."""
    # the name a `data:` value leads to, resolved once per build: 800 blocks
    # of a large report name a few dozen files (a failure is not kept: each
    # block that repeats it is told)
    name = datasets.get(("name", value))
    if name is None:
        name = _data_name(value, data_files, lambda shown, expected, hint="": problem("data", shown, expected, hint))
        if name is None:
            return None
        datasets[("name", value)] = name
    if not is_table(name):
        problem("data", value, "is not a table: charts draw from .csv, .xlsx or .ods files under data/")
        return None
    if sheet is not None and not is_spreadsheet(name):
        problem("sheet", sheet, f"is for .xlsx and .ods workbooks: {value} is a CSV file, which has no sheets")
        return None
    key = published_name(name)
    if tables.get(key) is None:  # unreadable, too large, or written twice: the loader has said why
        return None
    if sheet is not None and sheet != tables[key].sheet:
        key = _other_sheet(name, sheet, tables[key].source, data_files, tables, datasets, problems)
        if key is None:
            return None
    if key not in datasets:
        table = tables[key]
        too_many = limits.chart_rows_problem(table.name, len(table.rows))
        if too_many:
            problems.append(too_many)
        path = data_files.files[name] if name in data_files.files else data_files.derived[name]
        datasets[key] = None if too_many else Dataset(path, table.name, table.digest, _frame(table), key, table.provenance)
    return datasets[key]


def _other_sheet(name: str, sheet: str, shown: str, data_files: DataFiles, tables, datasets, problems) -> str | None:
    """The table of a sheet other than the first that a chart names, read
    once by the one reader (sources.read_table) into `tables`, so that the
    open data publishes it too; its key there, or None after a Problem."""
    asked = f"{name}#{sheet}"
    if asked not in datasets:  # a sheet's read, or its failure, is remembered: said once
        other = read_table(data_files.files[name], shown, problems, sheet=sheet)
        datasets[asked] = None if other is None else published_name(name, other.position)
        if other is not None:
            tables.setdefault(datasets[asked], other)
    return datasets[asked]


def _data_name(value: str, data_files: DataFiles, problem) -> str | None:
    """The name under data/ of the file `data:` names, or None after a Problem."""
    if "\0" in value or Path(value).is_absolute():
        problem(value[:200], "is not a path under data/: expected e.g. budget.csv")
        return None
    target = resolved(data_files.folder, value)  # resolves `..` and symbolic links
    if target is None:
        problem(value[:200], "cannot be a file name (too long, or a character no file name has): expected a path under data/, e.g. budget.csv")
        return None
    if not target.is_relative_to(data_files.folder):
        problem(value, "leaves data/: expected a path under data/, e.g. budget.csv")
        return None
    name = data_files.name_of(target)
    derived = target.relative_to(data_files.folder).as_posix()
    if name is None and derived in data_files.derived:  # a dataset a recipe of data/recipes/ makes
        return derived
    if name is None:
        problem(value[:200], "is not a file under data/", did_you_mean(value, [*data_files.tables(), *data_files.derived]))
    return name


def _frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame of strings indexed by spreadsheet row."""
    key = (table.name, table.digest)
    if key not in _FRAMES:
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        frame = pd.DataFrame([cells for _, cells in table.rows], columns=table.columns, dtype=str)
        frame.index = [number for number, _ in table.rows]
        _FRAMES[key] = frame
    return _FRAMES[key]


def check_numbers(dataset: Dataset, column: str, document: str, line: int, chart_type: str, numbers: NumberFormat,
                   problems) -> None:
    """A cell that is not a number, said once for the dataset (not again for
    each chart, or each language's page, that draws it)."""
    how = ("write numbers with a dot for decimals and no thousands separator, or say how the report writes them "
           'in data/report.yml (numbers: {decimal: ",", thousands: " "})') if numbers.is_default else \
        f"write numbers as data/report.yml says: {numbers.described()}"
    for row, cell in zip(dataset.frame.index, dataset.frame[column]):
        if cell != "" and numbers.parse(cell) is None and (column, row) not in dataset.reported:
            dataset.reported.add((column, row))
            problems.append(Problem(dataset.name, f"row {row}", f'column "{column}"', cell,
                                    f"is not a number: the {chart_type} chart in {document}, line {line} draws this column "
                                    f"({how}; leave the cell empty where there is no value)"))
