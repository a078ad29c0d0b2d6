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


# WeasyPrint (70) shapes each word of an SVG text right to left but sets
# the words of a line in their logical order, left to right: "اعتماد نموذج"
# would read backwards in the PDFs (the site is drawn by the browser, which
# orders them itself). For print, the words of each right-to-left run are
# given in visual order. A run starts at a word with a right-to-left letter
# and goes on over right-to-left words and the numbers and signs after
# them ("يناير 2022" -> "2022 يناير", as a browser shows it), until a word
# with a left-to-right letter. tests/test_scripts.py checks the result in
# the Arabic PDF with pdftotext, so a WeasyPrint that orders words itself
# shows there.
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_LETTER = re.compile(r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_TEXT_NODE = re.compile(r">([^<>]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff][^<>]*)<")


def _visual_words(text: str) -> str:
    out: list[str] = []
    run: list[str] = []
    for word in text.split(" "):
        if _RTL_LETTER.search(word) or (run and not _LTR_LETTER.search(word)):
            run.append(word)
            continue
        out.extend(reversed(run))
        run = []
        out.append(word)
    out.extend(reversed(run))
    return " ".join(out)


def svg_for_print(svg: str) -> str:
    """The chart's SVG as WeasyPrint must get it to show right-to-left text
    in the right order (see above); unchanged without such text."""
    return _TEXT_NODE.sub(lambda match: ">" + _visual_words(match[1]) + "<", svg)
