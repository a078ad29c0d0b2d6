"""A checked chart block, in one language, as a plotly figure and a table.

Figures are plain dicts, not plotly.graph_objects: plotly.js checks them in
the browser and in kaleido alike, and building dicts costs microseconds.
"""

from __future__ import annotations

import math

import pandas as pd

from ..i18n import format_number
from ..numberformat import NumberFormat
from . import theme
from .chart import Chart, Table
from .spec import ChartSpec


def numbers(cells: pd.Series, written: NumberFormat = NumberFormat()) -> list[float | None]:
    """The cells as numbers, read as report.yml says numbers are written;
    empty cells are gaps (None), never zeros."""
    values = (written.parse(cell) for cell in cells)
    return [None if v is None else (int(v) if float(v).is_integer() else float(v)) for v in values]


def show_number(value, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_number(value, lang)


def author_chart(spec: ChartSpec, lang: str, document_lang: str, csv: str) -> Chart:
    """The chart on a page in `lang`; its block was written in `document_lang`
    (they differ on a page that shows an untranslated finding)."""
    frame = spec.frame
    x_cells = frame[spec.x] if spec.type == "scatter" else spec.text_values(spec.x, lang)
    x_values = numbers(x_cells, spec.numbers) if spec.type == "scatter" else list(x_cells)
    traces = []
    if spec.type == "pie":
        traces.append({"type": "pie", "labels": x_values, "values": numbers(frame[spec.y[0]], spec.numbers),
                       "textinfo": "label+percent", "textposition": "inside", "insidetextorientation": "horizontal",
                       "hovertemplate": "%{label}: %{value} (%{percent})<extra></extra>"})
    elif spec.color:
        groups = spec.text_values(spec.color, lang)
        for group in dict.fromkeys(groups):
            chosen = groups == group
            x_group = x_cells[chosen]
            traces.append(_trace(spec.type, str(group), numbers(x_group, spec.numbers) if spec.type == "scatter" else list(x_group),
                                 numbers(frame[spec.y[0]][chosen], spec.numbers)))
    else:
        for column in spec.y:
            traces.append(_trace(spec.type, spec.label(column, lang), x_values, numbers(frame[column], spec.numbers)))

    layout = {
        "template": theme.template(),
        "separators": theme.separators(lang),
        "showlegend": len(traces) > 1 or spec.type == "pie",
        "height": theme.HEIGHT,
    }
    if spec.type != "pie":
        y_title = spec.label(spec.y[0], lang) if len(spec.y) == 1 else ""
        layout["xaxis"] = {"title": {"text": spec.label(spec.x, lang)},
                           "type": "linear" if spec.type == "scatter" else "category"}
        layout["yaxis"] = {"title": {"text": y_title}, "rangemode": "tozero" if spec.type != "scatter" else "normal"}
        if spec.type in ("bar", "stacked-bar"):
            layout["barmode"] = "stack" if spec.type == "stacked-bar" else "group"
    title = spec.text["title"]
    text_lang = document_lang if lang != document_lang and not title.is_translated(lang) else ""
    return Chart(
        name=f"{spec.data} in {spec.document}, line {spec.line}",
        lang=lang, kind=spec.type, title=title.get(lang) or ", ".join(spec.label(y, lang) for y in spec.y),
        figure={"data": traces, "layout": layout},
        width=theme.WIDTH, height=theme.HEIGHT,
        table=_table(spec, lang), csv=csv,
        caption=spec.text["caption"].get(lang), source=spec.text["source"].get(lang),
        text_lang=text_lang, provenance=spec.provenance,
    )


def _trace(chart_type: str, name: str, x, y) -> dict:
    if chart_type in ("bar", "stacked-bar"):
        return {"type": "bar", "name": name, "x": x, "y": y}
    mode = "lines+markers" if chart_type == "line" else "markers"
    return {"type": "scatter", "mode": mode, "name": name, "x": x, "y": y, "connectgaps": False}


def _table(spec: ChartSpec, lang: str) -> Table:
    columns = [spec.x] + ([spec.color] if spec.color else []) + spec.y
    numeric = [spec.type == "scatter"] + ([False] if spec.color else []) + [True] * len(spec.y)
    cells = [
        [show_number(value, lang) for value in numbers(spec.frame[column], spec.numbers)] if is_number
        else list(spec.text_values(column, lang))
        for column, is_number in zip(columns, numeric)
    ]
    rows = [list(row) for row in zip(*cells)]
    return Table([spec.label(c, lang) for c in columns], rows, numeric)
