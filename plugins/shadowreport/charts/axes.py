"""Honest axes: which unit each series of a chart block is in, one unit per
axis (a second one with `y2:`), and whether the values are written on the
marks. Used by spec.py (the check) and figures.py (the drawing).

A series' unit is what the block's `units:` says for its column, or else
what its label says after its last comma or in its closing brackets
("Share of procedures, %", "Budget (KGS million)"); a column with neither
has no known unit. Two series on one axis whose known units differ are a
mistake, and so is a percentage beside a series with no known unit: a share
and a count on one scale is the chart that makes a rising line look flat.
"""

from __future__ import annotations

import re

from ..errors import Problem

_UNIT_IN_LABEL = re.compile(r"(?:,\s*([^,()]{1,24})|\(([^()]{1,24})\))\s*$")
PERCENT = {"%", "percent", "per cent", "процент", "пайыз"}
SECOND_AXIS_TYPES = ("bar", "line", "scatter")
FEW_BARS = 12  # bar charts with at most this many bars write their values by default


def unit_of(column: str, units: dict[str, str], label: str) -> str | None:
    """The column's unit, as the block says it or as its label ends; None if neither says."""
    if column in units:
        return units[column].strip()
    match = _UNIT_IN_LABEL.search(label or "")
    return (match[1] or match[2]).strip() if match else None


def _is_percent(unit: str | None) -> bool:
    return unit is not None and unit.strip().lower() in PERCENT


def _differ(first: str | None, second: str | None) -> bool:
    if first is not None and second is not None:
        return first.strip().lower() != second.strip().lower()
    return _is_percent(first) != _is_percent(second) and (_is_percent(first) or _is_percent(second))


def mixed_units(document: str, lines: dict[str, int], title: str, axes: dict[str, list[str]], units: dict[str, str],
                labels: dict[str, str]) -> list[Problem]:
    """One Problem per axis ("y", "y2") whose series are in different units,
    at the line of its key (`lines`)."""
    problems = []
    for key, columns in axes.items():
        found = [(column, unit_of(column, units, labels.get(column, ""))) for column in columns]
        for (first, first_unit), (second, second_unit) in zip(found, found[1:]):
            if _differ(first_unit, second_unit):
                shown = lambda column, unit: f"{column} in {unit}" if unit else f"{column} with no unit"  # noqa: E731
                fix = ("put one of them under y2 (a second axis, with its own title)" if key == "y"
                       else "draw one of them in a chart of its own")
                problems.append(Problem(
                    document, f"line {lines[key]}", f'key "{key}"', None,
                    f'the chart{f" “{title}”" if title else ""} mixes two units on one axis: '
                    f"{shown(first, first_unit)}, {shown(second, second_unit)}; expected one unit per axis: "
                    f"{fix}, or say that they share a unit with units: {{{first}: …, {second}: …}}"))
                break
    return problems


def writes_values(chart_type: str, values: bool | None, bars: int) -> bool:
    """Whether each bar or point carries its number: as the block says, or
    by default on bar charts of at most FEW_BARS bars."""
    if values is not None:
        return values
    return chart_type in ("bar", "stacked-bar") and bars <= FEW_BARS


def check_second_axis(y2: list[str], y: list[str], color: list[str], chart_type, problem) -> None:
    """`y2:` draws more columns against a second axis, on the right."""
    if not y2:
        return
    if chart_type is not None and chart_type not in SECOND_AXIS_TYPES:
        problem("y2", ", ".join(y2), f"is for {', '.join(SECOND_AXIS_TYPES)} charts: a {chart_type} chart has one scale")
    if color:
        problem("y2", ", ".join(y2), "cannot go with color: draw the series as columns under y and y2")
    for column in y2:
        if column in y:
            problem("y2", column, "is under y already: a column is drawn against one axis")


def units_of(value, problem) -> dict[str, str]:
    """`units:` maps columns to their units ({share: "%", bidders: bidders})."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(u, (str, int, float)) and not isinstance(u, bool)
                                              for u in value.values()):
        problem("units", value, 'must map column names to their units, e.g. {share: "%", bidders: bidders}')
        return {}
    return {str(column): str(unit) for column, unit in value.items()}
