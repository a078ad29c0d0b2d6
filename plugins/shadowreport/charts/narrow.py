"""The phone's drawing of a chart: the same figure laid out for a screen
about 360 px wide, exported as a second static SVG that the page chooses
below 40rem (theme/templates/partials/chart.html, a <picture> source).

Drawn 720 px wide and shrunk to a phone's 328 px, a chart's text would be
6 px; drawn at this width it keeps the template's 14 px (13 px on the
screen). Where the categories are rows (horizontal bars, the comparison
dumbbells, milestone timelines), their labels leave the left margin, where
they would take half the width, and go above their row, over the whole
width, wrapped instead of cut.
"""

from __future__ import annotations

import copy
import textwrap

from . import theme
from .chart import Chart

WIDTH = 360  # CSS px of the drawing; the page shows it 328-360 px wide
LABEL_CHARACTERS = 40  # per line of a row's label at 14 px in 340 px
LINE = 18  # px a label line takes
MARK = 22  # px a row's bar or marker takes under its label
ROW_GAP = 12


def wrap(text: str, width: int = LABEL_CHARACTERS) -> list[str]:
    return textwrap.wrap(str(text), width=width, break_long_words=True) or [""]


def _row_labels(figure: dict) -> list[str] | None:
    """The labels of the rows of a chart whose categories run down the y
    axis, in their order; None for any other chart."""
    yaxis = figure["layout"].get("yaxis", {})
    horizontal = any(trace.get("orientation") == "h" for trace in figure["data"])
    if yaxis.get("type") != "category" and not horizontal:
        return None
    if yaxis.get("categoryarray"):
        return [str(label) for label in yaxis["categoryarray"]]
    labels = [str(y) for trace in figure["data"] for y in trace.get("y", []) if y is not None]
    return list(dict.fromkeys(labels))


def _rows_above(figure: dict, labels: list[str], left: float) -> int:
    """Move the row labels above their rows, whole (the report's own charts
    give them uncut in layout.meta.rows) and wrapped; the plot's height in px."""
    layout = figure["layout"]
    whole = (layout.get("meta") or {}).get("rows") or []
    texts = whole if len(whole) == len(labels) else labels
    lines = max(len(wrap(text)) for text in texts)
    row = lines * LINE + MARK + ROW_GAP
    layout["yaxis"] = {**layout.get("yaxis", {}), "showticklabels": False, "ticks": "", "automargin": False}
    layout["xaxis"] = {**layout.get("xaxis", {}), "zeroline": False}  # no line through the labels
    notes = [{"xref": "paper", "x": left, "xanchor": "left", "yref": "y", "y": label, "yanchor": "bottom",
              "yshift": MARK / 2 + 2, "align": "left", "showarrow": False, "text": "<br>".join(wrap(text)),
              "font": {"size": 14, "color": theme.INK}, "bgcolor": "#ffffff"}
             for label, text in zip(labels, texts)]
    layout["annotations"] = [*layout.get("annotations", []), *notes]
    if any(trace.get("type") == "bar" for trace in figure["data"]):
        layout["bargap"] = 1 - MARK / row
    # the labels are drawn above the first row too
    layout["yaxis"]["range"] = [len(labels) - 0.5, -0.5 - (lines * LINE) / row]
    layout["yaxis"].pop("autorange", None)
    return row * (len(labels) + 1)


def narrow(chart: Chart) -> Chart:
    """`chart` drawn for a phone: a Chart of its own (own key and SVG),
    never interactive (the page's interactive figure re-lays itself out)."""
    figure = copy.deepcopy(chart.figure)
    layout = figure["layout"]
    layout["width"] = WIDTH
    margin = {**layout.get("margin", {})}
    # ticks named on top (the comparison's statuses) are slanted: the first
    # one needs room on the left, where the row labels then reach too
    named_on_top = layout.get("xaxis", {}).get("side") == "top" and "ticktext" in layout.get("xaxis", {})
    margin.update({"l": 56 if named_on_top else 6, "r": 12})
    layout["margin"] = margin
    left = -(margin["l"] - 6) / (WIDTH - margin["l"] - margin["r"])  # the labels start 6 px from the edge
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis] = {**layout[axis], "tickfont": {"size": 13}}
    for note in layout.get("annotations", []):
        note.setdefault("font", {})["size"] = max(note.get("font", {}).get("size", 14), 13)
    labels = _row_labels(figure)
    if labels:
        legend_and_axis = 190 if chart.kind in ("comparison", "timeline") else 130
        height = _rows_above(figure, labels, left) + legend_and_axis
    else:
        height = max(300, min(chart.height, 420))
    layout["height"] = height
    return Chart(name=chart.name + " (narrow)", lang=chart.lang, kind=chart.kind, title=chart.title,
                 figure=figure, width=WIDTH, height=height, table=chart.table, csv=chart.csv,
                 interactive=False, caption=chart.caption, source=chart.source, text_lang=chart.text_lang)
