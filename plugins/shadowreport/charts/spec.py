"""Chart blocks, checked at load time: their YAML, their keys, their data.

`check_documents` runs inside loader.load_report, so `invoke check` finds a
bad chart block without drawing anything. Every mistake becomes a Problem
naming the Markdown file, the line of the key and the value; the checked
specs are kept on the Document (`document.charts`) for the build to draw.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import limits, yaml_words
from ..datafolder import DataFiles, resolved
from ..errors import Problem, did_you_mean, one_of
from ..sources import AliasesTooDeep, AuthorLoader, Table
from ..model import Document, Text
from .blocks import find_blocks

TYPES = ("bar", "stacked-bar", "line", "pie", "scatter")
REQUIRED = ("data", "type", "x", "y")
TEXT_KEYS = ("title", "source", "caption")
KEYS = ("data", "type", "x", "y", "color", "title", "source", "caption", "labels")


@dataclass
class ChartSpec:
    """One checked chart block of one Markdown file."""

    document: str  # the Markdown file, as the author names it
    line: int  # line of the opening fence in that file
    slot: str  # id of its placeholder in the rendered HTML (blocks.slot_id)
    type: str
    data: str  # path under data/, as written
    data_file: Path
    x: str
    y: list[str]
    color: str | None
    text: dict[str, Text]  # title, source, caption (with their translations)
    labels: dict[str, Text]  # column -> label shown
    frame: pd.DataFrame = field(repr=False)  # the data, every cell a string
    digest: str = ""  # hash of the spec and the data file's bytes

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

    def __init__(self, path: Path, name: str, digest: str, frame: pd.DataFrame):
        self.path, self.name, self.digest, self.frame = path, name, digest, frame


def check_documents(documents: list[Document], data_files: DataFiles, tables: dict[str, Table | None],
                    languages: list[str], problems: list[Problem]) -> None:
    """Find, parse and check every chart block; set `document.charts`.
    `tables` are data/'s CSVs as the loader read them, by name under data/."""
    datasets: dict[str, _Dataset] = {}
    for document in documents:
        document.charts = []
        lines = document.body.split("\n")
        for block in find_blocks(lines):
            line = document.body_line + block.start
            if not block.closed:
                problems.append(Problem(document.name, f"line {line}", expected="the chart block is not closed: end it with a line of ```"))
                continue
            spec = _check_block(document, block, line, data_files, tables, languages, datasets, problems)
            if spec is not None:
                document.charts.append(spec)


def _check_block(document, block, line, data_files, tables, languages, datasets, problems) -> ChartSpec | None:
    name = document.name
    loader = AuthorLoader(block.source)  # one parse gives the values and the line of each key
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        offset, what = yaml_words.explain(error, block.source)  # the same words as report.yml's
        where = f"line {line + 1 + offset}" if offset is not None else f"line {line}"
        valid = isinstance(error, AliasesTooDeep)  # valid YAML, refused for its size
        what = error.problem if valid else what
        problems.append(Problem(name, where, expected=f"the chart block {what}" if valid else f"the chart block is not valid YAML: {what}"))
        return None
    finally:
        loader.dispose()
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
    if data not in (None, ""):
        dataset = _dataset(str(data), data_files, tables, datasets, lambda value, expected, hint="": problem("data", value, expected, hint),
                           problems)

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
                dataset.name, dataset.frame, [*x, *y, *color], f"the chart in {name}, line {line}")):
            problems.append(too_long)
        if chart_type and len(problems) == before:
            numeric = list(y) + (x if chart_type == "scatter" else [])
            for column in numeric:
                _check_numbers(dataset, column, name, key_lines.get("y" if column in y else "x", line), chart_type, problems)

    text = {key: _text(values, key, languages, problem) for key in TEXT_KEYS}
    labels = _labels(values, languages, problem)
    if len(problems) > before or dataset is None:  # a dataset refused (unreadable, too large) is said once
        return None
    try:
        canonical = json.dumps(values, sort_keys=True, default=str)
    except ValueError:  # a YAML alias that contains itself (&a [*a])
        problems.append(Problem(name, f"line {line}", expected="the chart block refers to itself (a YAML anchor and alias): write the values out"))
        return None
    digest = hashlib.sha256(canonical.encode("utf-8") + b"\0" + dataset.digest.encode()).hexdigest()
    return ChartSpec(
        document=name, line=line, slot=block.slot, type=chart_type, data=str(data),
        data_file=dataset.path, x=x[0], y=y, color=color[0] if color else None,
        text=text, labels=labels, frame=dataset.frame, digest=digest,
    )


def _dataset(value: str, data_files: DataFiles, tables: dict[str, Table | None], datasets, problem,
             problems: list[Problem]) -> _Dataset | None:
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
    if name is None:
        problem(value[:200], "is not a file under data/", did_you_mean(value, list(data_files.tables())))
        return None
    if name not in tables:
        problem(value, "is not a .csv file: charts draw from CSV files under data/")
        return None
    if tables[name] is None:  # unreadable: the loader has said why
        return None
    if name not in datasets:  # checked and made once, however many charts draw it
        too_many = limits.chart_rows_problem(tables[name].name, len(tables[name].rows))
        if too_many:
            problems.append(too_many)
        datasets[name] = None if too_many else _Dataset(target, tables[name].name, tables[name].digest, _frame(tables[name]))
    return datasets[name]


def _frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame of strings indexed by spreadsheet row."""
    frame = pd.DataFrame([cells for _, cells in table.rows], columns=table.columns, dtype=str)
    frame.index = [number for number, _ in table.rows]
    return frame


def _check_numbers(dataset: _Dataset, column: str, document: str, line: int, chart_type: str, problems) -> None:
    cells = dataset.frame[column]
    numbers = pd.to_numeric(cells, errors="coerce")
    for row, cell, number in zip(cells.index, cells, numbers):
        if cell != "" and pd.isna(number):
            problems.append(Problem(dataset.name, f"row {row}", f'column "{column}"', cell,
                                    f"is not a number: the {chart_type} chart in {document}, line {line} draws this column "
                                    "(write numbers with a dot for decimals and no thousands separator; leave the cell empty where there is no value)"))


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
