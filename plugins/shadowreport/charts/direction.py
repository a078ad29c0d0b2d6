"""A chart in a right-to-left language, mirrored: plotly has no
right-to-left layout, so its layout is turned around instead. The value
axis moves to the right, the horizontal axis runs from right to left (time
too, as it is read), the legend and the annotations' anchors change sides.
The page keeps the plot itself `direction: ltr` (charts.css), since plotly
places its text for a left-to-right page; Arabic text inside a label is
still shaped and ordered by the browser.
"""

from __future__ import annotations

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
