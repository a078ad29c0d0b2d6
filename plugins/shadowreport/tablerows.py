"""The checks of a table's rows that the register, the milestones and the
assessments share: required columns, and each cell of a row against its
rule (required, a scale, a date), with the messages content-format.md gives."""

from __future__ import annotations

from .dates import date_mistake
from .errors import Problem, closest, did_you_mean, one_of
from .model import PartialDate
from .sources import Table


def _missing_columns(table: Table, required, problems) -> bool:
    missing = [c for c in required if c not in table.columns]
    for column in missing:
        close = closest(column, [c for c in table.columns if c not in required])
        hint = f'the header has "{close}": rename it to "{column}"' if close else ""
        problems.append(Problem(table.name, "row 1", f'column "{column}"', expected="is missing from the header: it is required", suggestion=hint))
    return bool(missing)


class _RowChecker:
    """Checks the cells of one row, adding a Problem for each bad one."""

    def __init__(self, table: Table, number: int, cells: dict[str, str], problems: list[Problem]):
        self.table, self.where, self.cells, self.problems = table, f"row {number}", cells, problems

    def problem(self, column, value, expected, suggestion=""):
        self.problems.append(Problem(self.table.name, self.where, f'column "{column}"', value, expected, suggestion))

    def required(self, column) -> str:
        value = self.cells.get(column, "")
        if not value:
            self.problem(column, None, "is empty: it is required")
        return value

    def scale(self, column, scale, required=False) -> str:
        value = self.required(column) if required else self.cells.get(column, "")
        if value and value not in scale:
            self.problem(column, value, one_of(scale), did_you_mean(value, scale))
            return ""
        return value

    def date(self, column) -> PartialDate | None:
        value = self.required(column)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            self.problem(column, value, date_mistake(value))
            return None
