"""A chart in a right-to-left language, mirrored: plotly has no
right-to-left layout, so its layout is turned around instead. The value
axis moves to the right, the horizontal axis runs from right to left (time
too, as it is read), the legend and the annotations' anchors change sides.
The page keeps the plot itself `direction: ltr` (charts.css), since plotly
places its text for a left-to-right page; Arabic text inside a label is
still shaped and ordered by the browser.
"""

from __future__ import annotations

import re

import arabic_reshaper
from bidi import get_display

from ..i18n import text_direction

_SIDE = {"left": "right", "right": "left"}


def _mirror_axis_x(axis: dict) -> dict:
    axis = dict(axis)
    if isinstance(axis.get("range"), (list, tuple)) and len(axis["range"]) == 2:
        axis["range"] = list(reversed(axis["range"]))
    elif axis.get("autorange") == "reversed":
        axis["autorange"] = True
    else:
        axis["autorange"] = "reversed"
    return axis


def mirrored(figure: dict, lang: str) -> dict:
    """`figure` as a reader of `lang` reads it: unchanged for a left-to-right
    language, mirrored for a right-to-left one (Babel's character order)."""
    if text_direction(lang) != "rtl":
        return figure
    layout = dict(figure.get("layout", {}))
    cartesian = any(trace.get("type", "scatter") in ("bar", "scatter") for trace in figure.get("data", []))
    if cartesian:
        layout["xaxis"] = _mirror_axis_x(layout.get("xaxis", {}))
        layout["yaxis"] = dict(layout.get("yaxis", {}), side="right")
    legend = dict(layout.get("legend", {}))
    legend.update(x=1, xanchor="right")
    layout["legend"] = legend
    margin = dict(layout.get("margin") or {"l": 10, "r": 20})
    margin["l"], margin["r"] = margin.get("r", 20), margin.get("l", 10)
    layout["margin"] = margin
    if layout.get("annotations"):
        layout["annotations"] = [dict(a, xanchor=_SIDE.get(a.get("xanchor"), a.get("xanchor"))) for a in layout["annotations"]]
    if isinstance(layout.get("title"), dict):
        layout["title"] = dict(layout["title"], x=1, xanchor="right")
    return dict(figure, layout=layout)


# WeasyPrint (70) draws an SVG's text letter by letter, from left to
# right, each letter on its own: Arabic letters come out unjoined and in
# their logical order, that is backwards ("الفساد" as "ا ل ف س ا د"), and
# wider than the browser that laid the chart out measured them. For the
# PDFs, a text with right-to-left letters is given as it must be drawn:
# Arabic letters as their joined forms (arabic-reshaper: the presentation
# forms the theme's Arabic fonts have), in visual order (python-bidi, the
# Unicode bidirectional algorithm, the line left to right as plotly set it).
# Letter by letter, that is the shaped text, at the browser's width.
# tests/test_scripts.py reads the result back from the Arabic PDF.
_TEXT_NODE = re.compile(r">([^<>]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff][^<>]*)<")


def drawn_as_weasyprint_draws(text: str) -> str:
    return get_display(arabic_reshaper.reshape(text), base_dir="L")


def svg_for_print(svg: str) -> str:
    """The chart's SVG as WeasyPrint must get it to show right-to-left text
    (see above); unchanged without such text."""
    return _TEXT_NODE.sub(lambda match: ">" + drawn_as_weasyprint_draws(match[1]) + "<", svg)
