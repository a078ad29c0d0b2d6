"""Cells a spreadsheet program would run as a formula ("CSV injection").

The open data publishes every cell as the author wrote it: a cell is data,
and escaping it (a leading apostrophe, as OWASP suggests) would change what
reusers download and break values such as "-5" or "+996 312 000000".
Instead `invoke check` warns about each text cell that starts like a
formula, so the authors can look at it before it is published: a reuser
who opens the CSV in Excel or LibreOffice would otherwise see it run.
"""

from __future__ import annotations

import re

from .model import Report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d[\d\s]*([.,]\d+)?|[.,]\d+)(e[+-]?\d+)?%?$", re.IGNORECASE)


def looks_like_formula(cell: str) -> bool:
    """A sign followed by more (a lone "-" is the usual "no value" mark)."""
    return len(cell) > 1 and cell.startswith(FORMULA_START) and not NUMBER.match(cell)


def formula_warnings(report: Report) -> list[str]:
    """One line per cell of data/'s tables that a spreadsheet would run."""
    warnings = []
    for table in (t for _, t in sorted(report.tables.items()) if t is not None):
        for number, cells in table.rows:
            for column, cell in cells.items():
                if looks_like_formula(cell):
                    warnings.append(f'{table.name}, row {number}, column "{column}": "{cell}" starts like a spreadsheet '
                                    "formula: it is published as written, and Excel or LibreOffice would run it when a "
                                    "reader opens the CSV (check it is meant; write it differently if not)")
    return warnings
