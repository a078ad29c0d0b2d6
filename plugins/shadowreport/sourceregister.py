"""data/sources.csv, the register of sources: what findings cite (`[@id]`,
citations.py) and what a milestone's evidence may name. Each row is checked
here, every mistake at once (docs/content-format.md, "data/sources.csv"):
the id, the dates, the addresses, and a file of data/ with its SHA-256,
hashed at every build so that a replaced scan cannot pass unnoticed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import datafolder, spreadsheets
from .errors import Problem, did_you_mean
from .model import PartialDate, Text
from .names import id_mistake
from .paths import resolved

FILE_NAME = "sources.csv"
REQUIRED = ("id", "title", "publisher", "date")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    publisher: Text
    date: PartialDate
    url: str  # "" when the source is a file only (a reply on paper, scanned)
    accessed: PartialDate | None
    archived: str  # an archived copy's address, "" when none
    file: str  # its name under data/ (checked, hashed), "" when none
    sha256: str
    row: int
    record: dict  # the row as written, unknown columns included


def url_mistake(value: str) -> str:
    """What is wrong with an address a reader is to follow, or ""."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "is not a web address: expected one starting with https:// or http://"
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return "has no host name: expected e.g. https://example.org/page"
    if any(character.isspace() for character in value):
        return "has a space in it: write a space as %20"
    return ""


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Row:
    """The cells of one row of the register of sources, checked one by one."""

    def __init__(self, table, number: int, cells: dict, problems: list[Problem]):
        self.table, self.number, self.cells, self.problems = table, number, cells, problems
        self.id = cells.get("id", "")

    def problem(self, column: str, value, expected: str, suggestion: str = "") -> None:
        where = f"row {self.number}" + (f", source {self.id}" if self.id and column != "id" else "")
        self.problems.append(Problem(self.table.name, where, f'column "{column}"', value, expected, suggestion))

    def date(self, column: str, full: bool = False) -> PartialDate | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        try:
            date = PartialDate.parse(value)
        except ValueError:
            date = None
        if date is None or full and not FULL_DATE.match(value):
            self.problem(column, value, "is not a date: expected YYYY-MM-DD" + ("" if full else " or YYYY-MM"))
            return None
        return date

    def address(self, column: str) -> str:
        value = self.cells.get(column, "")
        mistake = url_mistake(value) if value else ""
        if mistake:
            self.problem(column, value, mistake)
        return "" if mistake else value


def read_register(table, data_files: datafolder.DataFiles, languages: list[str], problems: list[Problem]):
    """(the sources by id, the ids written in the register, its name as
    messages give it). The ids are also those of rows with mistakes (a
    citation of one is not "unknown" too); None when the register is there
    but unreadable, so that citations go unchecked rather than all unknown."""
    if table is None:
        names = (FILE_NAME, *(FILE_NAME[:-4] + suffix for suffix in spreadsheets.SUFFIXES))
        there = any(data_files.canonical(name) or name in data_files.refused for name in names)
        return {}, None if there else set(), ""
    ids = {cells.get("id", "") for _, cells in table.rows} - {""}
    return load_sources(table, data_files, languages, problems), ids, table.source


def load_sources(table, data_files: datafolder.DataFiles, languages: list[str], problems: list[Problem]) -> dict[str, Source]:
    """The register's sources by id; a row with a mistake adds a Problem
    (its id still counts as written: a citation of it is not "unknown")."""
    from .loader import translated  # the one field/field_<lang> rule

    missing = [column for column in REQUIRED if column not in table.columns]
    for column in missing:
        problems.append(Problem(table.name, "row 1", f'column "{column}"', expected="is missing from the header: it is required"))
    if missing:
        return {}
    sources: dict[str, Source] = {}
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(table, number, cells, problems)
        before = len(problems)
        for column in REQUIRED:
            if not cells.get(column):
                row.problem(column, None, "is empty: it is required")
        if row.id and id_mistake(row.id):
            row.problem("id", row.id, id_mistake(row.id))
        elif row.id in first_row:
            row.problem("id", row.id, f"is already the id of row {first_row[row.id]}: ids must be unique")
        first_row.setdefault(row.id, number)
        date, accessed = row.date("date"), row.date("accessed", full=True)
        url, archived = row.address("url"), row.address("archived")
        if cells.get("url") and not cells.get("accessed"):
            row.problem("accessed", None, "is empty: say when the address was last opened (YYYY-MM-DD), as it may change")
        file_name, sha256 = _file(row, data_files)
        if not cells.get("url") and not cells.get("file"):
            row.problem("url", None, "is empty, and so is file: a source needs an address or a file under data/")
        if len(problems) == before and row.id not in sources:
            sources[row.id] = Source(row.id, translated(cells, "title", languages), translated(cells, "publisher", languages),
                                     date, url, accessed, archived, file_name, sha256, number, dict(cells))
    return sources


def _file(row: _Row, data_files: datafolder.DataFiles) -> tuple[str, str]:
    """The source's file as named under data/, and its checked hash."""
    written, expected = row.cells.get("file", ""), row.cells.get("sha256", "").lower()
    if not written:
        if expected:
            row.problem("sha256", expected, "is given but file is empty: name the file it is the hash of")
        return "", ""
    target = resolved(data_files.folder, written)
    if target is None or not target.is_relative_to(data_files.folder):
        row.problem("file", written, "leaves data/: expected a path under data/, e.g. evidence/reply.pdf")
        return "", ""
    name = data_files.name_of(target)
    if name is None:
        shown = target.relative_to(data_files.folder).as_posix()
        row.problem("file", written, f"does not exist: expected the file data/{shown}",
                    did_you_mean(shown, data_files.files))
        return "", ""
    actual = file_sha256(target)
    if not expected:
        row.problem("sha256", None, f"is empty: write the file's SHA-256, {actual}")
    elif not SHA256.match(expected):
        row.problem("sha256", expected, f"is not a SHA-256 (64 hexadecimal digits): the file's is {actual}")
    elif expected != actual:
        row.problem("sha256", expected, f"does not match data/{name}, whose SHA-256 is {actual}: "
                    "the file changed since the register was written; check it and write the new hash")
    return name, expected
