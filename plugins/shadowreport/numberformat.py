"""Numbers as people write them: report.yml says once how the report's
datasets write numbers, e.g.

    numbers: {decimal: ",", thousands: " "}

and the charts read every dataset with it ("1 234,5" is 1234.5). Without
the key numbers are written with a dot for decimals and no thousands
separator (1234.5). Where the thousands separator is a space, the no-break
and narrow no-break spaces that spreadsheet programs put there count too.
The open data keeps the cells as written; its datapackage.json describes
the format (Table Schema `decimalChar`, `groupChar`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import Problem, quote

DECIMALS = (".", ",")
THOUSANDS = ("", " ", ",", ".", "'")
_SPACES = ("\u00a0", "\u202f")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class NumberFormat:
    decimal: str = "."
    thousands: str = ""

    @property
    def is_default(self) -> bool:
        return self == NumberFormat()

    def parse(self, cell: str) -> float | None:
        """The number a cell holds, None when it holds none (or is empty)."""
        text = cell.strip()
        if self.thousands:
            for mark in (self.thousands, *(_SPACES if self.thousands == " " else ())):
                text = text.replace(mark, "")
        if self.decimal != ".":
            if "." in text:
                return None  # 1.5 where the decimal mark is a comma: ambiguous, not read as 15
            text = text.replace(self.decimal, ".")
        if not _PLAIN.match(text):
            return None
        value = float(text)
        return value if math.isfinite(value) else None

    def example(self) -> str:
        return f"1{self.thousands}234{self.decimal}5"

    def described(self) -> str:
        """How the report writes numbers, for a message."""
        sep = {"": "no thousands separator", " ": "a space between thousands"}.get(
            self.thousands, f"{quote(self.thousands)} between thousands")
        return f"{quote(self.decimal)} for decimals and {sep}, e.g. {self.example()}"


def read_number_format(value, name: str, where: str, problems: list[Problem]) -> NumberFormat | None:
    """report.yml's `numbers:`, checked; None after a Problem (the datasets'
    numbers then go unchecked: each cell would be reported)."""
    if value is None:
        return NumberFormat()
    expected = 'must say the decimal mark and the thousands separator, e.g. numbers: {decimal: ",", thousands: " "}'
    if not isinstance(value, dict) or set(map(str, value)) - {"decimal", "thousands"}:
        problems.append(Problem(name, where, 'key "numbers"', str(value), expected))
        return None
    decimal, thousands = str(value.get("decimal", ".")), str(value.get("thousands") or "")
    before = len(problems)
    if decimal not in DECIMALS:
        problems.append(Problem(name, where, 'key "numbers.decimal"', decimal, 'is not "." or ","'))
    if thousands not in THOUSANDS:
        problems.append(Problem(name, where, 'key "numbers.thousands"', thousands,
                                'is not one of " " (a space), ",", ".", "\'" (or leave it out: no separator)'))
    if decimal == thousands:
        problems.append(Problem(name, where, 'key "numbers"', str(value), "uses one mark for decimals and thousands"))
    return NumberFormat(decimal, thousands) if len(problems) == before else None
