"""Static SVG through plotly's own exporter (kaleido 1.x and the system's
Chromium): one browser for the whole build, started only when a chart is
not in the cache, its pages kept warm and every wait on it bounded by a
timeout (browser.py), and a cache under .cache/charts/ keyed by a hash of all
that the drawing depends on (chart.chart_key), so that an unchanged chart
is never drawn twice.

The browser loads the same plotly.js bundle the site serves, from the
theme; kaleido is told not to fetch MathJax, so nothing leaves the machine.
That bundle is npm's plotly.js-basic-dist-min (bar, scatter/line, pie; 1.2
MB against 4.8 MB for the full plotly.min.js), vendored at the version of
the plotly.js inside the pinned plotly package. To update it with plotly:

    npm pack plotly.js-basic-dist-min@<plotly.js version>
    tar xzf plotly.js-basic-dist-min-*.tgz
    cp package/plotly-basic.min.js theme/static/js/
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ..cachefiles import BadEntry, read_entry, write_entry
from ..errors import BuildError
from .browser import BrowserFailed, FigureRefused, draw_charts
from .chart import Chart

logger = logging.getLogger(__name__)

BUNDLE = Path(__file__).resolve().parents[3] / "theme" / "static" / "js" / "plotly-basic.min.js"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("Drawing the charts needs Chromium, and none was found. Install it "
                "(Debian/Ubuntu: apt-get install chromium; `make site` does this when run as root), "
                "or set BROWSER_PATH to a Chromium or Chrome executable.")


class ChartExportError(BuildError):
    """The static export failed: no browser, a browser that failed twice, or
    plotly refused a figure."""


def plotly_bundle() -> Path:
    return BUNDLE


def find_browser() -> str | None:
    if os.environ.get("BROWSER_PATH"):
        path = os.environ["BROWSER_PATH"]
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise ChartExportError(f"BROWSER_PATH is set to {path}, which is not an executable file. " + INSTALL_HINT)
        return path
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


_UID = re.compile(r'id="defs-([0-9a-f]+)"')
# A start tag as the browser's XMLSerializer writes it: every attribute
# value in double quotes (a quote inside is &quot;, a ">" may stay bare).
_START_TAG = re.compile(r'<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")+)(\s*/?)>')
_ATTRIBUTE = re.compile(r'([\w:.-]+)="([^"]*)"')

# What stable_svg makes of a drawing, in the charts' keys (chart.versions):
# when it changes, every chart is drawn again, or a cache of older SVGs
# would give other bytes than a clean build.
SVG_FORMAT = 3


def stable_svg(svg: str, key: str) -> str:
    """The same chart as the same bytes, in every build.

    plotly names clip paths with a random id: it becomes the chart's key
    (two charts on a page never share an id). And plotly sets some
    attributes in an order that depends on the browser's timing (a legend
    drawn once or twice: "style" before or after "x"), so a tenth of the
    charts differed between two clean builds; attribute order means
    nothing in XML, each tag's attributes are sorted by name."""
    match = _UID.search(svg)
    if match:
        svg = svg.replace(match[1], key[:12])
    svg = _FONT_FAMILY.sub(_tight_font_list, svg)
    return _START_TAG.sub(_sorted_attributes, svg)


# The browser writes a font-family list as "'A', 'B'"; WeasyPrint (70)
# splits an SVG's list at the commas and strips quotes but not spaces, so
# it would find only the first family and draw every other script (the
# project's Armenian, Arabic... fonts, theme/fonts.yml) in a font of the
# machine. Without the spaces each family is found.
_FONT_FAMILY = re.compile(r"font-family: ?([^;\"]+)")


def _tight_font_list(match: re.Match) -> str:
    return "font-family: " + ",".join(name.strip() for name in match[1].split(","))


def _sorted_attributes(tag: re.Match) -> str:
    attributes = sorted(_ATTRIBUTE.findall(tag[2]))
    return "<" + tag[1] + "".join(f' {name}="{value}"' for name, value in attributes) + tag[3] + ">"


def whole_svg(payload: bytes) -> str:
    """A cached drawing, if it is one: from <svg to </svg>. Its checksum
    (cachefiles.read_entry) already says the bytes are those written;
    parsing the XML again would cost a warm rebuild of a thousand
    commitments' charts half a second for nothing."""
    text = payload.decode("utf-8")
    if not text.lstrip().startswith("<svg") or not text.rstrip().endswith("</svg>"):
        raise BadEntry("not an SVG: no <svg> at its start or no </svg> at its end")
    return text


def _failure(error: BrowserFailed | FigureRefused) -> str:
    """What the author reads when a chart could not be drawn."""
    if isinstance(error, FigureRefused):
        return f"The chart {error.chart.name} ({error.chart.lang}) could not be drawn: {error}."
    during = f" while drawing the chart {error.chart.name} ({error.chart.lang})" if error.chart else ""
    return (f"The charts could not be drawn: {error}{during}, twice (Chromium was started again once). "
            "On a busy machine, build again when it is quieter; otherwise check that Chromium runs "
            "(chromium --headless --dump-dom about:blank), or set BROWSER_PATH to another Chromium or Chrome.")


class _Relay(logging.Handler):
    """Passes the browser tools' complaints on as warnings of this module."""

    def emit(self, record):
        logger.warning("charts: %s says: %s", record.name, record.getMessage())


@contextlib.contextmanager
def _browser_logs_as_warnings():
    """kaleido and choreographer log a browser's hiccups (a tab closing
    late, a missing D-Bus) as errors, and the safe build refuses to publish
    after any logged error. Whether the drawing worked is decided by its
    result instead (an exception, or a missing SVG); their messages stay
    visible as warnings."""
    relay = _Relay(level=logging.WARNING)
    tools = [logging.getLogger(name) for name in ("kaleido", "choreographer", "logistro")]
    saved = [tool.propagate for tool in tools]
    for tool in tools:
        tool.propagate = False
        tool.addHandler(relay)
    try:
        yield
    finally:
        for tool, propagate in zip(tools, saved):
            tool.removeHandler(relay)
            tool.propagate = propagate


class Exporter:
    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.drawn = 0  # charts drawn by this exporter (a warm rebuild draws none)
        self.drawn_charts: list[str] = []  # which, "name (lang)", for the build's timing record

    def path(self, chart: Chart) -> Path:
        return self.cache_dir / f"{chart.key}.svg"

    def export(self, charts: list[Chart]) -> None:
        """Give every chart its SVG, drawing only those not in the cache."""
        unique = {chart.key: chart for chart in charts}
        svgs = {key: read_entry(self.path(chart), whole_svg) for key, chart in unique.items()}
        missing = [chart for key, chart in unique.items() if svgs[key] is None]
        if missing:
            svgs.update(self._draw(missing))
        for chart in charts:
            chart.svg = svgs[chart.key]
        logger.info("charts: drew %d static charts, %d were in the cache", len(missing), len(unique) - len(missing))

    def _draw(self, charts: list[Chart]) -> dict[str, str]:
        """Draw `charts` into the cache; their SVGs by key."""
        browser = find_browser()
        if browser is None:
            raise ChartExportError(INSTALL_HINT)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        svgs: dict[str, str] = {}
        with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix=".drawing-") as folder:
            started = time.perf_counter()
            try:
                with _browser_logs_as_warnings():  # every wait has a timeout there (browser.py)
                    draw_charts(charts, browser, min(2, os.cpu_count() or 1), str(BUNDLE),
                                lambda chart, svg: (Path(folder) / f"{chart.key}.svg").write_bytes(svg))
            except (BrowserFailed, FigureRefused) as error:
                raise ChartExportError(_failure(error)) from None
            elapsed = time.perf_counter() - started
            for chart in charts:
                drawn = Path(folder) / f"{chart.key}.svg"
                if not drawn.is_file() or not drawn.stat().st_size:
                    raise ChartExportError(f"plotly drew nothing for the chart {chart.name}")
                svgs[chart.key] = stable_svg(drawn.read_text(encoding="utf-8"), chart.key)
                write_entry(self.path(chart), svgs[chart.key])
        self.drawn += len(charts)
        self.drawn_charts.extend(f"{chart.name} ({chart.lang})" for chart in charts)
        logger.info("charts: drawing %d charts took %.1f s", len(charts), elapsed)
        return svgs
