"""Dates as authors write them (`YYYY-MM-DD` or `YYYY-MM`) in report.yml,
the tables and the Markdown headers, and what a wrong one is told."""

from __future__ import annotations

import datetime
import re

from .model import PartialDate

DATE_EXPECTED = "is not a date: expected YYYY-MM-DD or YYYY-MM"
IMPOSSIBLE_DATE = "is not a real date: check the month and the day"
DATE_SHAPE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def date_mistake(value: str) -> str:
    """What is wrong with a date that PartialDate refused."""
    return IMPOSSIBLE_DATE if DATE_SHAPE.match(value.strip()) else DATE_EXPECTED


def read_date(value) -> tuple[PartialDate | None, str]:
    """A date written in YAML (read as a date already when unquoted) or as
    text, and "" ; or None and what is wrong with it."""
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day), ""
    try:
        return PartialDate.parse(str(value)), ""
    except ValueError:
        return None, date_mistake(str(value))
