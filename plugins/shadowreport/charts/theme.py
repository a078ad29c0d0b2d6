"""The plotly template of the site: its font, its ink, and colours that stay
apart in greyscale print and for colour-blind readers.

Series colours are the Okabe-Ito palette, ordered so that neighbours differ
in lightness; lines also differ in dash and marker shape, so that a series
never depends on colour alone. The completion statuses use the hues of the
site's badges (theme/static/css/shared.css) on a lightness ramp: the more
done, the darker, and the two statuses off the progress scale are hatched.
"""

from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_group_symbol

from ..fontset import load_fontset
from ..i18n import locale_for

# The site's sans families for every script (theme/fonts.yml), then the
# machine's copies that kaleido lays the text out with (fontset.py).
FONT = load_fontset().chart_stack()
INK = "#1d2330"
MUTED = "#4a5263"
RULE = "#d5d9e0"
ACCENT = "#1f4e8c"

SERIES = ["#1f4e8c", "#e69f00", "#009e73", INK, "#56b4e9", "#d55e00", "#cc79a7", "#f0e442"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]

# status -> (fill, pattern shape, colour of text drawn on the fill)
STATUS_STYLE = {
    "complete": ("#0b6e4f", "", "#ffffff"),
    "substantial": ("#2f7fa8", "", "#ffffff"),
    "limited": ("#e3a33b", "", INK),
    "not-started": ("#ddd0ec", "", INK),
    "no-evidence": ("#ffffff", ".", INK),
    "withdrawn": ("#ffffff", "x", INK),
}
STATUS_LINE = {  # the badge colours of shared.css, for markers and outlines
    "complete": "#0b6e4f", "substantial": "#276f94", "limited": "#a4610a",
    "not-started": "#6b4a8a", "no-evidence": "#5d6470", "withdrawn": "#8c2f39",
}
DISAGREE = "#8c2f39"  # shared.css --withdrawn: the colour of "claims more"

WIDTH = 720
HEIGHT = 400


def template() -> dict:
    axis = {
        "gridcolor": RULE, "linecolor": MUTED, "zerolinecolor": MUTED, "ticks": "outside",
        "tickcolor": MUTED, "automargin": True, "title": {"standoff": 8},
    }
    return {
        "layout": {
            "font": {"family": FONT, "size": 14, "color": INK},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "colorway": SERIES,
            "xaxis": {**axis, "showgrid": False},
            "yaxis": {**axis, "showline": False},
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": {"text": ""}},
            "margin": {"l": 10, "r": 20, "t": 40, "b": 10},
            "hoverlabel": {"font": {"family": FONT}},
            "bargap": 0.25,
        },
        "data": {
            "scatter": [{"line": {"dash": dash, "width": 2.5}, "marker": {"symbol": symbol, "size": 8}}
                        for dash, symbol in zip(DASHES, SYMBOLS)],
            "bar": [{"marker": {"line": {"width": 0}}}],
            "pie": [{"marker": {"colors": SERIES, "line": {"color": "#ffffff", "width": 1.5}}, "sort": False,
                     "direction": "clockwise", "textfont": {"family": FONT}}],
        },
    }


def separators(lang: str) -> str:
    """plotly's `separators` (decimal point, then thousands) for a language."""
    locale = locale_for(lang)
    group = get_group_symbol(locale)
    return get_decimal_symbol(locale) + (" " if group in ("\u00a0", "\u202f") else group)
