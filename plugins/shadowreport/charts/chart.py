"""A chart ready to draw: its plotly figure, its text in one language, its
numbers as a table, where its CSV is; the static SVG once exported."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field

from .direction import mirrored, svg_for_print


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: right-aligned numbers


@dataclass
class Chart:
    name: str  # what it is, for messages and ids: "procurement-competition.csv in content/...", "completion-by-area"
    lang: str  # the language of its text
    kind: str  # bar, stacked-bar, line, pie, scatter, timeline, comparison
    title: str
    figure: dict  # plotly figure: {"data": [...], "layout": {...}}
    width: int
    height: int
    table: Table
    csv: str  # site path of its CSV, e.g. "data/budget.csv"
    interactive: bool = True
    caption: str = ""
    source: str = ""
    text_lang: str = ""  # language of title/caption/source when it is not `lang` (an untranslated finding)
    provenance: dict | None = None  # a recipe's dataset: recipe, source, sha256, retrieved (rawdata/derive.py)
    key: str = field(default="", init=False)
    svg: str = field(default="", init=False, repr=False)  # filled by the exporter
    png: bytes = field(default=b"", init=False, repr=False)  # the same drawing as PNG, for download (export.py)
    narrow: "Chart | None" = field(default=None, init=False, repr=False)  # its phone drawing (narrow.py)

    def __post_init__(self):
        self.figure = mirrored(self.figure, self.lang)  # a right-to-left language's chart reads from the right
        # plotly names each trace's SVG group by a random uid unless given one;
        # fixed uids keep two builds of the same chart byte-identical
        for number, trace in enumerate(self.figure.get("data", [])):
            trace.setdefault("uid", f"trace-{number}")
        self.key = chart_key(self.figure, self.width, self.height)

    @property
    def dom_id(self) -> str:
        return "chart-" + self.key[:12]

    def print_svg(self) -> str:
        """The static SVG as the PDFs inline it (direction.svg_for_print)."""
        return svg_for_print(self.svg)

    def figure_json(self) -> str:
        """The interactive figure for the page's loader script; safe inside <script>."""
        return script_json(self.figure)


# Inside <script>, "</script" ends the element and "<!--" followed by "<script"
# keeps it open past its own end tag (HTML's "double escaped" state): the rest
# of the page would vanish. JSON may write any character as \uXXXX, so no
# angle bracket or ampersand reaches the HTML parser and the data is unchanged.
# U+2028/U+2029 are line ends to older JavaScript parsers.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value) -> str:
    """JSON that can sit inside a <script> element whatever its strings hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match[0]], text)


@functools.cache  # a constant of the installation: computed once per process
def versions() -> str:
    """The drawing tools' versions: a new plotly or kaleido, a new
    stable_svg or cache file format redraws every chart."""
    from importlib.metadata import version

    from ..cachefiles import ENTRY_FORMAT
    from .export import SVG_FORMAT, plotly_bundle

    bundle = plotly_bundle()
    return (f"plotly {version('plotly')}; kaleido {version('kaleido')}; {bundle.name} {bundle.stat().st_size}; "
            f"svg {SVG_FORMAT}; {ENTRY_FORMAT}")


def chart_key(figure: dict, width: int, height: int) -> str:
    """A hash of everything the SVG depends on: the figure (spec, data,
    language, theme all end up in it), its size and the tools' versions."""
    payload = json.dumps({"figure": figure, "width": width, "height": height, "tools": versions()},
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
