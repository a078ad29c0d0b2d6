"""Reading the author's files as text, with messages instead of tracebacks."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import yaml

from .errors import Problem
from . import yaml_words
from .limits import MAX_ALIAS_EXPANSION


def read_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after adding a Problem (missing, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, expected="the file is missing"))
        return None
    except OSError as error:
        problems.append(Problem(name, expected=f"cannot be read: {error.strerror}"))
        return None
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        problems.append(
            Problem(
                name,
                f"line {line}",
                expected=f"is not UTF-8 text (byte 0x{byte} cannot be read); "
                "save the file with the UTF-8 encoding" + (' (in Excel: Save As, "CSV UTF-8")' if path.suffix.lower() == ".csv" else ""),
            )
        )
        return None


class AliasesTooDeep(yaml.composer.ComposerError):
    """Aliases repeat more than limits.MAX_ALIAS_EXPANSION; its mark is the
    alias that went over."""

    MESSAGE = "uses YAML anchors and aliases too deeply: write the values out"

    def __init__(self, mark):
        super().__init__(problem=self.MESSAGE, problem_mark=mark)


class AuthorLoader(yaml.SafeLoader):
    """SafeLoader for anything an author writes in YAML (report.yml, chart
    blocks): it reads an impossible date (2019-02-30, written without
    quotes) as text, so the loader can name it instead of PyYAML raising a
    bare ValueError; and it stops at the alias that makes the document
    repeat more than limits.MAX_ALIAS_EXPANSION (see there), while composing,
    before anything walks the repeated values."""

    def __init__(self, stream):
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) -> values and characters it stands for, aliases expanded
        self._repeated = 0  # what the document's aliases repeat, in the same measure

    def compose_document(self):
        self._sizes, self._repeated = {}, 0
        return super().compose_document()

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            # an alias to its own unfinished anchor (&a [*a]) has no size yet: counted 1
            self._repeated += self._sizes.get(id(node), 1)
            if self._repeated > MAX_ALIAS_EXPANSION:
                raise AliasesTooDeep(mark)
            return node
        node = super().compose_node(parent, index)
        if isinstance(node, yaml.ScalarNode):
            size = 1 + len(node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        else:
            size = 1 + sum(self._sizes.get(id(item), 1) for item in node.value)
        self._sizes[id(node)] = size
        return node


def _tolerant_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


AuthorLoader.add_constructor("tag:yaml.org,2002:timestamp", _tolerant_timestamp)


def read_yaml(path: Path, name: str, problems: list[Problem]):
    return read_yaml_with_lines(path, name, problems)[0]


def read_yaml_with_lines(path: Path, name: str, problems: list[Problem]):
    """The YAML's data and the line of each key (yaml_key_lines), or (None, {}).
    A key written twice at the top level or one level down is a Problem:
    YAML would keep the last one without a word."""
    text = read_text(path, name, problems)
    if text is None:
        return None, {}
    data = _parse_yaml(text, name, problems)
    if data is None:
        return None, {}
    node = _compose(text)
    for key, line, first in yaml_words.duplicate_keys(node):
        problems.append(Problem(name, f"line {line}", f'key "{key}"', expected=yaml_words.duplicate_message(first)))
    return data, _key_lines(node)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=AuthorLoader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def yaml_key_lines(text: str) -> dict[str, int]:
    """Line numbers of the top-level keys ("title"), of the keys one level
    down ("period.start") and of the items of a top-level list ("areas[2]",
    counted from 1), so that a message can say where a key is."""
    return _key_lines(_compose(text))


def _key_lines(node) -> dict[str, int]:
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        name = str(key.value)
        lines.setdefault(name, key.start_mark.line + 1)
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines.setdefault(f"{name}.{sub.value}", sub.start_mark.line + 1)
        elif isinstance(value, yaml.SequenceNode):
            for position, item in enumerate(value.value, start=1):
                lines.setdefault(f"{name}[{position}]", item.start_mark.line + 1)
    return lines


def _parse_yaml(text: str, name: str, problems: list[Problem]):
    try:
        return yaml.load(text, Loader=AuthorLoader)  # noqa: S506 - a SafeLoader
    except AliasesTooDeep as error:
        problems.append(Problem(name, f"line {error.problem_mark.line + 1}", expected=error.problem))
        return None
    except (ValueError, RecursionError) as error:  # e.g. !!binary with bad base64
        problems.append(Problem(name, expected=f"is not valid YAML: {error}"))
        return None
    except yaml.YAMLError as error:
        line, what = yaml_words.explain(error, text)
        problems.append(Problem(name, f"line {line + 1}" if line is not None else "", expected=f"is not valid YAML: {what}"))
        return None


class Table:
    """A CSV file with a header row; rows are numbered as a spreadsheet shows
    them (the header is row 1, the first record row 2)."""

    def __init__(self, name: str, columns: list[str], rows: list[tuple[int, dict[str, str]]], digest: str = ""):
        self.name = name
        self.columns = columns
        self.rows = rows
        self.digest = digest  # of the text read: what a cache keyed by this table depends on


def read_table(path: Path, name: str, problems: list[Problem]) -> Table | None:
    text = read_text(path, name, problems)
    if text is None:
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.append(Problem(name, expected=f"is not valid CSV: {error}"))
        return None
    if not records or not any(cell.strip() for cell in records[0]):
        problems.append(Problem(name, "row 1", expected="has no header row"))
        return None
    columns = [cell.strip() for cell in records[0]]
    separator = next((sep for sep in (";", "\t") if len(columns) == 1 and sep in columns[0]), None)
    if separator:  # what Excel writes as "CSV" where the decimal mark is a comma
        shown = "semicolons" if separator == ";" else "tabs"
        problems.append(Problem(name, "row 1", value=columns[0], expected=f"is separated by {shown}: "
                                'separate the columns with commas (in Excel: Save As, "CSV UTF-8")'))
        return None
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(Problem(name, "row 1", f'column "{column}"', expected="appears twice in the header"))
        seen.add(column)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines at the end of a spreadsheet export
        if len(record) > len(columns):
            problems.append(
                Problem(name, f"row {number}", expected=f"has {len(record)} cells but the header has {len(columns)} columns")
            )
        cells = {column: (record[i].strip() if i < len(record) else "") for i, column in enumerate(columns)}
        rows.append((number, cells))
    return Table(name, columns, rows, hashlib.sha256(text.encode("utf-8")).hexdigest())
