"""Chart blocks, checked at load time: their YAML, their keys, their data.

`check_documents` runs inside loader.load_report, so `invoke check` finds a
bad chart block without drawing anything. Every mistake becomes a Problem
naming the Markdown file, the line of the key and the value; the checked
specs are kept on the Document (`document.charts`) for the build to draw.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import limits, yaml_words
from ..datafolder import DataFiles
from ..paths import resolved
from ..errors import Problem, did_you_mean, one_of
from ..numberformat import NumberFormat
from ..sources import AliasesTooDeep, AuthorLoader, Table, read_table
from ..spreadsheets import is_spreadsheet, is_table, published_name
from ..model import Document, Text
from .blocks import find_blocks

TYPES = ("bar", "stacked-bar", "line", "pie", "scatter")
REQUIRED = ("data", "type", "x", "y")
TEXT_KEYS = ("title", "source", "caption")
KEYS = ("data", "sheet", "type", "x", "y", "color", "title", "source", "caption", "labels")


@dataclass
class ChartSpec:
    """One checked chart block of one Markdown file."""

    document: str  # the Markdown file, as the author names it
    line: int  # line of the opening fence in that file
    slot: str  # id of its placeholder in the rendered HTML (blocks.slot_id)
    type: str
    data: str  # path under data/, as written
    data_file: Path
    table: str  # the CSV it is published as, under data/ (a workbook's sheet is converted)
    x: str
    y: list[str]
    color: str | None
    text: dict[str, Text]  # title, source, caption (with their translations)
    labels: dict[str, Text]  # column -> label shown
    frame: pd.DataFrame = field(repr=False)  # the data, every cell a string
    numbers: NumberFormat = field(default_factory=NumberFormat)  # how its cells write numbers (report.yml)
    digest: str = ""  # hash of the spec and the data file's bytes
    provenance: dict | None = None  # drawn from a recipe's dataset: its recipe, raw file, SHA-256, retrieval day

    def label(self, column: str, lang: str) -> str:
        text = self.labels.get(column)
        return text.get(lang) if text and text.get(lang) else column

    def text_values(self, column: str, lang: str) -> pd.Series:
        """The column's cells in `lang`: `column_<lang>` where the dataset
        translates a text column (content-format.md's `field_<lang>` rule
        applies to datasets too), the column itself where a cell is empty."""
        cells = self.frame[column]
        translated = f"{column}_{lang}"
        if translated in self.frame.columns:
            cells = self.frame[translated].where(self.frame[translated] != "", cells)
        return cells


class _Dataset:
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


def check_documents(documents: list[Document], data_files: DataFiles, tables: dict[str, Table | None],
                    languages: list[str], problems: list[Problem], numbers: NumberFormat | None = NumberFormat()) -> None:
    """Find, parse and check every chart block; set `document.charts`.
    `tables` are data/'s tables as the loader read them, by the name of the
    CSV each is published as; a sheet a chart names is read into it too.
    `numbers` is how the datasets write numbers (report.yml); None when
    report.yml says it wrongly: the cells are then not checked as numbers."""
    # by table; "x.xlsx#Sheet" -> that sheet's table; ("name", value) -> the file a `data:` value names
    datasets: dict = {}
    for document in documents:
        document.charts = []
        lines = document.body.split("\n")
        for block in find_blocks(lines):
            line = document.body_line + block.start
            if not block.closed:
                problems.append(Problem(document.name, f"line {line}", expected="the chart block is not closed: end it with a line of ```"))
                continue
            spec = _check_block(document, block, line, data_files, tables, languages, datasets, problems, numbers)
            if spec is not None:
                document.charts.append(spec)


@functools.lru_cache(maxsize=8192)
def _parsed(source: str):
    """A chart block's YAML node (for the line of each key) and values, one
    parse for both. Kept per text while the process lives: the live preview
    parses again only the blocks an edit changed (at 200 commitments the
    800 blocks' pure-Python parse was half of a preview's reading). Both are
    only read, never changed, by their users. A block that is not valid
    YAML raises each time (lru_cache keeps no exception)."""
    loader = AuthorLoader(source)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _check_block(document, block, line, data_files, tables, languages, datasets, problems, numbers) -> ChartSpec | None:
    name = document.name
    try:
        node, values = _parsed(block.source)
    except yaml.YAMLError as error:
        offset, what = yaml_words.explain(error, block.source)  # the same words as report.yml's
        where = f"line {line + 1 + offset}" if offset is not None else f"line {line}"
        valid = isinstance(error, AliasesTooDeep)  # valid YAML, refused for its size
        what = error.problem if valid else what
        problems.append(Problem(name, where, expected=f"the chart block {what}" if valid else f"the chart block is not valid YAML: {what}"))
        return None
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(name, f"line {line}", expected="the chart block must be keys and values (data:, type:, x:, y:, title:)"))
        return None
    key_lines = {str(k.value): line + 1 + k.start_mark.line for k, _ in node.value}
    before = len(problems)
    for key, key_line, first in yaml_words.duplicate_keys(node):
        problems.append(Problem(name, f"line {line + key_line}", f'key "{key}"', expected=yaml_words.duplicate_message(line + first)))

    def problem(key, value, expected, suggestion=""):
        where = f"line {key_lines.get(key, line)}"
        problems.append(Problem(name, where, f'key "{key}"', None if value is None else str(value), expected, suggestion))

    translatable = {f"{key}_{lang}" for key in (*TEXT_KEYS, "labels") for lang in languages[1:]}
    for key in values:
        key = str(key)
        if key not in KEYS and key not in translatable:
            problem(key, None, "is not a key of a chart block: expected " + ", ".join(KEYS)
                    + " (and title_<lang>, source_<lang>, caption_<lang>, labels_<lang>)", did_you_mean(key, [*KEYS, *translatable]))
    for key in REQUIRED:
        if values.get(key) in (None, "", []):
            problem(key, None, "is missing: a chart block needs data, type, x and y")

    chart_type = values.get("type")
    if chart_type is not None and (not isinstance(chart_type, str) or chart_type not in TYPES):
        problem("type", chart_type, one_of(TYPES), did_you_mean(str(chart_type), TYPES))
        chart_type = None

    dataset = None
    data = values.get("data")
    sheet = _sheet(values.get("sheet"), problem)
    if data not in (None, ""):
        dataset = _dataset(str(data), sheet, data_files, tables, datasets,
                           lambda key, value, expected, hint="": problem(key, value, expected, hint), problems)

    def columns_of(key) -> list[str]:
        value = values.get(key)
        if value in (None, ""):
            return []
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, (str, int, float)) for item in items) or not items:
            problem(key, value, "must be a column name, or for y a list of column names")
            return []
        return [str(item) for item in items]

    x, y, color = columns_of("x"), columns_of("y"), columns_of("color")
    if len(x) > 1:
        problem("x", ", ".join(x), "must be one column")
    if len(color) > 1:
        problem("color", ", ".join(color), "must be one column")
    if chart_type == "pie" and len(y) > 1:
        problem("y", ", ".join(y), "must be one column: a pie chart draws one column of numbers")
    if color and len(y) > 1:
        problem("y", ", ".join(y), "must be one column when color splits the rows into series")

    if dataset is not None:
        columns = list(dataset.frame.columns)
        for key, names in (("x", x), ("y", y), ("color", color)):
            for column in names:
                if column not in columns:
                    problem(key, column, f"is not a column of {dataset.name} ({', '.join(columns)})", did_you_mean(column, columns))
        if len(problems) == before and (too_long := limits.chart_text_problem(
                dataset.name, dataset.characters, [*x, *y, *color], list(dataset.frame.columns), f"the chart in {name}, line {line}")):
            problems.append(too_long)
        if chart_type and numbers is not None and len(problems) == before:
            numeric = list(y) + (x if chart_type == "scatter" else [])
            for column in numeric:
                _check_numbers(dataset, column, name, key_lines.get("y" if column in y else "x", line), chart_type, numbers, problems)

    text = {key: _text(values, key, languages, problem) for key in TEXT_KEYS}
    labels = _labels(values, languages, problem)
    if len(problems) > before or dataset is None:  # a dataset refused (unreadable, too large) is said once
        return None
    try:
        canonical = json.dumps(values, sort_keys=True, default=str)
    except ValueError:  # a YAML alias that contains itself (&a [*a])
        problems.append(Problem(name, f"line {line}", expected="the chart block refers to itself (a YAML anchor and alias): write the values out"))
        return None
    digest = hashlib.sha256(canonical.encode("utf-8") + b"\0" + dataset.digest.encode() + repr(numbers).encode()).hexdigest()
    return ChartSpec(
        document=name, line=line, slot=block.slot, type=chart_type, data=str(data),
        data_file=dataset.path, table=dataset.table, x=x[0], y=y, color=color[0] if color else None,
        text=text, labels=labels, frame=dataset.frame, digest=digest, numbers=numbers, provenance=dataset.provenance,
    )


def _sheet(sheet, problem) -> str | None:
    """The `sheet:` key: a sheet's name, or None (the first sheet)."""
    if sheet is not None and (not isinstance(sheet, (str, int)) or isinstance(sheet, bool) or str(sheet) == ""):
        problem("sheet", sheet, 'must be the name of a sheet of the workbook, e.g. sheet: "Sheet2"')
        return None
    return None if sheet is None else str(sheet)


def _dataset(value: str, sheet: str | None, data_files: DataFiles, tables: dict[str, Table | None], datasets, problem,
             problems: list[Problem]) -> _Dataset | None:
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
        datasets[key] = None if too_many else _Dataset(path, table.name, table.digest, _frame(table), key, table.provenance)
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


# Frames kept while the process lives, by table and text: the live preview
# builds again only those of the tables an edit changed. Nothing changes a
# frame in place (the charts derive new ones).
_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}
_FRAMES_KEPT = 4096
_CHARACTERS: dict[tuple[str, str, str], int] = {}  # by table, text and column, as the frames


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


def _check_numbers(dataset: _Dataset, column: str, document: str, line: int, chart_type: str, numbers: NumberFormat,
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


def _text(values: dict, key: str, languages: list[str], problem) -> Text:
    translations = {}
    for lang in languages[1:]:
        value = values.get(f"{key}_{lang}")
        if value not in (None, ""):
            translations[lang] = str(value).strip()
    value = values.get(key)
    if isinstance(value, (dict, list)):
        problem(key, json.dumps(value, ensure_ascii=False), "must be text")
        value = ""
    return Text(str(value or "").strip(), translations)


def _labels(values: dict, languages: list[str], problem) -> dict[str, Text]:
    by_lang: dict[str, dict] = {}
    for lang, key in [("", "labels")] + [(lang, f"labels_{lang}") for lang in languages[1:]]:
        value = values.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            problem(key, value, "must map column names to the labels shown, e.g. {year: Year, share: Share in %}")
            continue
        by_lang[lang] = {str(k): str(v) for k, v in value.items()}
    # in the order the author wrote them (a set's order changes from one run to the next)
    columns = list(dict.fromkeys(column for mapping in by_lang.values() for column in mapping))
    return {
        column: Text(by_lang.get("", {}).get(column, ""),
                     {lang: mapping[column] for lang, mapping in by_lang.items() if lang and column in mapping})
        for column in columns
    }
