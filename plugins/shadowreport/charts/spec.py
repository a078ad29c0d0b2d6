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
from ..errors import Problem, did_you_mean, one_of
from ..numberformat import NumberFormat
from ..sources import AliasesTooDeep, AuthorLoader, Table
from ..model import Document, Text
from .axes import check_second_axis, mixed_units, units_of
from .blocks import find_blocks
from .datasets import Dataset, check_numbers, find_dataset

TYPES = ("bar", "stacked-bar", "line", "pie", "scatter")
REQUIRED = ("data", "type", "x", "y")
TEXT_KEYS = ("title", "source", "caption")
KEYS = ("data", "sheet", "type", "x", "y", "y2", "units", "values", "color", "title", "source", "caption", "labels")


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
    y2: list[str]  # columns drawn against a second axis, on the right (axes.py)
    units: dict[str, str]  # column -> its unit, as the block says (axes.unit_of)
    values: bool | None  # write each value on its mark; None: as axes.writes_values decides
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
    """One chart block checked: its YAML, its keys, its columns against the
    dataset it names; the ChartSpec to draw, or None after a Problem."""
    parsed = _read_block(document.name, block.source, line, problems)
    if parsed is None:
        return None
    node, values = parsed
    before = len(problems)
    problem = _BlockProblems(document.name, line, {str(k.value): line + 1 + k.start_mark.line for k, _ in node.value}, problems)
    for key, key_line, first in yaml_words.duplicate_keys(node):
        problems.append(Problem(document.name, f"line {line + key_line}", f'key "{key}"', expected=yaml_words.duplicate_message(line + first)))
    _check_keys(values, languages, problem)
    chart_type = _chart_type(values.get("type"), problem)
    data = values.get("data")
    sheet = _sheet(values.get("sheet"), problem)
    dataset = find_dataset(str(data), sheet, data_files, tables, datasets, problem, problems) if data not in (None, "") else None
    columns = _columns(values, chart_type, problem)
    units = units_of(values.get("units"), problem)
    shows_values = values.get("values")
    if shows_values is not None and not isinstance(shows_values, bool):
        problem("values", shows_values, "must be true (write each value on its bar or point) or false")
        shows_values = None
    if dataset is not None:
        _check_columns(dataset, {**columns, "units": list(units)}, chart_type, numbers, problem, before)
    text = {key: _text(values, key, languages, problem) for key in TEXT_KEYS}
    labels = _labels(values, languages, problem)
    if len(problems) == before:
        shown = {column: label.default for column, label in labels.items()}
        problems.extend(mixed_units(document.name, {key: problem.line_of(key) for key in ("y", "y2")}, text["title"].default,
                                    {"y": columns["y"], "y2": columns["y2"]}, units, shown))
    if len(problems) > before or dataset is None:  # a dataset refused (unreadable, too large) is said once
        return None
    digest = _digest(values, dataset, numbers, problem)
    if digest is None:
        return None
    x, y, color, y2 = columns["x"], columns["y"], columns["color"], columns["y2"]
    return ChartSpec(
        document=document.name, line=line, slot=block.slot, type=chart_type, data=str(data),
        data_file=dataset.path, table=dataset.table, x=x[0], y=y, color=color[0] if color else None,
        y2=y2, units=units, values=shows_values, text=text, labels=labels, frame=dataset.frame, digest=digest,
        numbers=numbers, provenance=dataset.provenance,
    )


class _BlockProblems:
    """The mistakes of one chart block, each at the line of its key (the
    block's opening line for a key it does not have)."""

    def __init__(self, name: str, line: int, key_lines: dict[str, int], problems: list[Problem]):
        self.name, self.line, self.key_lines, self.problems = name, line, key_lines, problems

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def __call__(self, key, value, expected, suggestion=""):
        self.problems.append(Problem(self.name, f"line {self.line_of(key)}", f'key "{key}"',
                                     None if value is None else str(value), expected, suggestion))


def _read_block(name: str, source: str, line: int, problems: list[Problem]):
    """The block's YAML node and values, or None after a Problem: not
    valid YAML, too many aliases, or not keys and values."""
    try:
        node, values = _parsed(source)
    except yaml.YAMLError as error:
        offset, what = yaml_words.explain(error, source)  # the same words as report.yml's
        where = f"line {line + 1 + offset}" if offset is not None else f"line {line}"
        valid = isinstance(error, AliasesTooDeep)  # valid YAML, refused for its size
        what = error.problem if valid else what
        problems.append(Problem(name, where, expected=f"the chart block {what}" if valid else f"the chart block is not valid YAML: {what}"))
        return None
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(name, f"line {line}", expected="the chart block must be keys and values (data:, type:, x:, y:, title:)"))
        return None
    return node, values


def _check_keys(values: dict, languages: list[str], problem: _BlockProblems) -> None:
    """Every key one a chart block has (a text's translation in one of the
    report's languages too), and the required ones there."""
    translatable = {f"{key}_{lang}" for key in (*TEXT_KEYS, "labels") for lang in languages[1:]}
    for key in values:
        key = str(key)
        if key not in KEYS and key not in translatable:
            problem(key, None, "is not a key of a chart block: expected " + ", ".join(KEYS)
                    + " (and title_<lang>, source_<lang>, caption_<lang>, labels_<lang>)", did_you_mean(key, [*KEYS, *translatable]))
    for key in REQUIRED:
        if values.get(key) in (None, "", []):
            problem(key, None, "is missing: a chart block needs data, type, x and y")


def _chart_type(chart_type, problem: _BlockProblems) -> str | None:
    """The `type:` key, one of TYPES; None when missing or after a Problem."""
    if chart_type is not None and (not isinstance(chart_type, str) or chart_type not in TYPES):
        problem("type", chart_type, one_of(TYPES), did_you_mean(str(chart_type), TYPES))
        return None
    return chart_type


def _columns(values: dict, chart_type: str | None, problem: _BlockProblems) -> dict[str, list[str]]:
    """The columns of x, y, color and y2 as lists of names, with how many
    of them each key (and each chart type) allows."""
    def columns_of(key) -> list[str]:
        value = values.get(key)
        if value in (None, ""):
            return []
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, (str, int, float)) for item in items) or not items:
            problem(key, value, "must be a column name, or for y a list of column names")
            return []
        return [str(item) for item in items]

    x, y, color, y2 = columns_of("x"), columns_of("y"), columns_of("color"), columns_of("y2")
    if len(x) > 1:
        problem("x", ", ".join(x), "must be one column")
    if len(color) > 1:
        problem("color", ", ".join(color), "must be one column")
    if chart_type == "pie" and len(y) > 1:
        problem("y", ", ".join(y), "must be one column: a pie chart draws one column of numbers")
    if color and len(y) > 1:
        problem("y", ", ".join(y), "must be one column when color splits the rows into series")
    check_second_axis(y2, y, color, chart_type, problem)
    return {"x": x, "y": y, "y2": y2, "color": color}


def _check_columns(dataset: Dataset, columns: dict[str, list[str]], chart_type: str | None, numbers: NumberFormat | None,
                   problem: _BlockProblems, before: int) -> None:
    """The block's columns against its dataset: each one of its columns;
    then, while the block has no other mistake (`before`: how many problems
    there were before it), the text it draws within limits.py's bounds and
    the cells of the columns it draws as numbers, numbers."""
    problems, names = problem.problems, list(dataset.frame.columns)
    for key, wanted in columns.items():
        for column in wanted:
            if column not in names:
                problem(key, column, f"is not a column of {dataset.name} ({', '.join(names)})", did_you_mean(column, names))
    x, y, y2, color = columns["x"], columns["y"], columns["y2"], columns["color"]
    if len(problems) == before and (too_long := limits.chart_text_problem(
            dataset.name, dataset.characters, [*x, *y, *y2, *color], names, f"the chart in {problem.name}, line {problem.line}")):
        problems.append(too_long)
    if chart_type and numbers is not None and len(problems) == before:
        for column in list(y) + list(y2) + (x if chart_type == "scatter" else []):
            key = "y" if column in y else "y2" if column in y2 else "x"
            check_numbers(dataset, column, problem.name, problem.line_of(key), chart_type, numbers, problems)


def _digest(values: dict, dataset: Dataset, numbers: NumberFormat | None, problem: _BlockProblems) -> str | None:
    """The hash of the block's values, its data and how numbers are written:
    what its drawing is cached by; None after a Problem."""
    try:
        canonical = json.dumps(values, sort_keys=True, default=str)
    except ValueError:  # a YAML alias that contains itself (&a [*a])
        problem.problems.append(Problem(problem.name, f"line {problem.line}",
                                        expected="the chart block refers to itself (a YAML anchor and alias): write the values out"))
        return None
    return hashlib.sha256(canonical.encode("utf-8") + b"\0" + dataset.digest.encode() + repr(numbers).encode()).hexdigest()


def _sheet(sheet, problem) -> str | None:
    """The `sheet:` key: a sheet's name, or None (the first sheet)."""
    if sheet is not None and (not isinstance(sheet, (str, int)) or isinstance(sheet, bool) or str(sheet) == ""):
        problem("sheet", sheet, 'must be the name of a sheet of the workbook, e.g. sheet: "Sheet2"')
        return None
    return None if sheet is None else str(sheet)


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
