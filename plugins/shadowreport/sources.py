"""Reading the author's files as text, with messages instead of tracebacks."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from pathlib import Path

import yaml

from . import spreadsheets, textencodings
from .errors import Problem
from . import limits, yaml_words
from .limits import MAX_ALIAS_EXPANSION

logger = logging.getLogger(__name__)


def read_bytes(path: Path, name: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None after adding a Problem (missing, unreadable)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, expected="the file is missing"))
    except OSError as error:
        problems.append(Problem(name, expected=f"cannot be read: {error.strerror}"))
    return None


def read_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after adding a Problem (missing, not UTF-8)."""
    raw = read_bytes(path, name, problems)
    if raw is None:
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
    down ("period.start"), of the items of a top-level list ("areas[2]",
    counted from 1) and of their keys ("areas[2].title"), so that a message
    can say where a key is."""
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
                for sub, _ in item.value if isinstance(item, yaml.MappingNode) else ():  # "editions[2].date"
                    lines.setdefault(f"{name}[{position}].{sub.value}", sub.start_mark.line + 1)
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
    """A table of data/ (a CSV file, or a sheet of an .xlsx or .ods workbook)
    with a header row; rows are numbered as a spreadsheet shows them (in a
    CSV the header is row 1, the first record row 2)."""

    def __init__(self, name: str, columns: list[str], rows: list[tuple[int, dict[str, str]]], digest: str = "",
                 source: str = "", sheet: str = "", warnings: list[str] | None = None, position: int = 1,
                 provenance: dict | None = None, description: str = ""):
        self.name = name  # as messages name it: data/x.csv, or data/x.xlsx, sheet "Data"
        self.columns = columns
        self.rows = rows
        self.digest = digest  # of the text read: what a cache keyed by this table depends on
        self.source = source or name  # the file read, as the author names it
        self.sheet = sheet  # the sheet read, "" for a CSV
        self.warnings = warnings or []  # what was assumed to read it (an encoding), for `invoke check`
        self.position = position  # the sheet's position in its workbook, from 1
        # a dataset a recipe made (rawdata/derive.py): its recipe, raw file, SHA-256 and retrieval day
        self.provenance = provenance
        self.description = description  # the recipe's description, for the data package


def read_table(path: Path, name: str, problems: list[Problem], sheet: str | None = None) -> Table | None:
    """The one reader of data/'s tables: a CSV, or a sheet of a workbook
    (the first when `sheet` is None), checked alike."""
    if spreadsheets.is_spreadsheet(path.name):
        read = spreadsheets.read_sheet(path, name, sheet, problems) if is_file_there(path, name, problems) else None
        if read is None:
            return None
        label = spreadsheets.sheet_label(name, read.sheet)
        digest = hashlib.sha256(f"{read.sheet}\0{read.records!r}".encode("utf-8")).hexdigest()
        maybe_lost = any("???" in cell for _, record in read.records for cell in record)
        table = _table(label, iter(read.records), problems, digest, name, read.sheet, [], maybe_lost)
        if table is not None:
            table.position = read.position
        return table
    decoded = read_csv_text(path, name, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    delimiter = "\t" if encoding == "utf-16" and "\t" in text.split("\n", 1)[0] else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        problems.append(Problem(name, expected=f"is not valid CSV: {error}"))
        return None
    if records and len(records[0]) == 1 and delimiter == ",":
        separator = next((sep for sep in (";", "\t") if sep in records[0][0]), None)
        if separator:  # what Excel writes as "CSV" where the decimal mark is a comma
            shown = "semicolons" if separator == ";" else "tabs"
            problems.append(Problem(name, "row 1", value=records[0][0].strip(), expected=f"is separated by {shown}: "
                                    'separate the columns with commas (in Excel: Save As, "CSV UTF-8")'))
            return None
    warnings = [] if encoding == "utf-8" else [textencodings.warning(name, encoding)]
    for warning in warnings:
        logger.warning("shadowreport: %s", warning)
    return _table(name, enumerate(records, start=1), problems, hashlib.sha256(text.encode("utf-8")).hexdigest(), name, "",
                  warnings, "???" in text)


def is_file_there(path: Path, name: str, problems: list[Problem]) -> bool:
    if path.is_file():
        return True
    problems.append(Problem(name, expected="the file is missing"))
    return False


def read_csv_text(path: Path, name: str, problems: list[Problem]) -> tuple[str, str] | None:
    """A CSV's text and the encoding it was read in (textencodings.decode)."""
    raw = read_bytes(path, name, problems)
    if raw is None:
        return None
    decoded = textencodings.decode(raw)
    if decoded.text is None:
        where, _, why = decoded.error.rpartition("\0")
        problems.append(Problem(name, where, expected=f"{why}: {textencodings.SAVE_AS}"))
        return None
    return decoded.text.replace("\r\n", "\n"), decoded.encoding


def _table(name: str, records, problems: list[Problem], digest: str, source: str, sheet: str, warnings: list[str],
           maybe_lost: bool) -> Table | None:
    """The Table of numbered records, (row number, cells), whose first is
    the header; `maybe_lost`: whether any cell may hold "???" (textencodings.destroyed)."""
    header_row, header = next(records, (1, []))
    if not any(cell.strip() for cell in header):
        problems.append(Problem(name, f"row {header_row}", expected="has no header row"))
        return None
    columns = [cell.strip() for cell in header]
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(Problem(name, f"row {header_row}", f'column "{column}"', expected="appears twice in the header"))
        seen.add(column)
    rows = []
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue  # blank lines at the end of a spreadsheet export
        if len(record) > len(columns):
            problems.append(
                Problem(name, f"row {number}", expected=f"has {len(record)} cells but the header has {len(columns)} columns")
            )
        cells = {column: (record[i].strip() if i < len(record) else "") for i, column in enumerate(columns)}
        if maybe_lost:
            problems.extend(lost(name, number, column, cell) for column, cell in cells.items() if textencodings.destroyed(cell))
        rows.append((number, cells))
    return Table(name, columns, rows, digest, source, sheet, warnings)


def lost(name: str, number: int, column: str, cell: str) -> Problem:
    """A cell whose letters a legacy save replaced by "?"."""
    return Problem(name, f"row {number}", f'column "{column}"', cell,
                   "has question marks where letters were: the file was saved in an encoding that lacks them, "
                   "and they are lost", "type the text again, and " + textencodings.SAVE_AS.replace("save the file", "save it"))


def read_data_tables(files: dict[str, Path], shown, problems: list[Problem]) -> dict[str, Table | None]:
    """Every table of data/ (`files`: name under data/ -> path, as
    datafolder.DataFiles.tables gives them), read once and bounded, by the
    name of the CSV it is published as (spreadsheets.published_name).
    `shown(path)` is the name an author sees. Two files for one table
    (commitments.csv and commitments.xlsx) are a mistake: neither is read."""
    by_table: dict[str, list[str]] = {}
    for file_name in files:
        by_table.setdefault(spreadsheets.published_name(file_name).lower(), []).append(file_name)
    tables: dict[str, Table | None] = {}
    for names in by_table.values():
        if len(names) > 1:
            listed = " and ".join(shown(files[n]) for n in names)
            for file_name in names:
                problems.append(Problem(shown(files[file_name]), expected=f"is one table written twice ({listed}): "
                                        "keep one of the files and delete the other"))
                tables[spreadsheets.published_name(file_name)] = None
            continue
        path = files[names[0]]
        too_large = limits.csv_size_problem(path, shown(path))
        if too_large:
            problems.append(too_large)
        tables[spreadsheets.published_name(names[0])] = None if too_large else read_table(path, shown(path), problems)
    return tables
