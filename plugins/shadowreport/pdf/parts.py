"""The whole report, cut into parts that are rendered (and cached) one by
one, then put back together (merge.py).

Why: a one-finding edit must not lay out the whole report again (docs/quality.md:
a rebuild after one edit costs at most a quarter of a clean build, and the
whole report of a 200-commitment report is a minute of WeasyPrint on one
core). Cut into parts, an edit lays out only the part holding that
commitment.

Where: the template pdf/report.html marks with PART_MARK each place where
the report is cut. Every mark sits before a block that starts a new page
(`break-before: page` in print.css), so a cut changes no page. What comes
before the first mark (cover, contents) is the front; each block after a
mark is a body part. Commitments follow one another on the page (a new page
for each would leave many half empty), so the template starts a new page,
and a part, at each area and after every COMMITMENTS_PER_PART commitments
of an area (documents.py groups them). A theme without marks gives a front
only: the report is one document, as before.

Page numbers: a body part starts counting where the one before it ended
(`@page :first { counter-reset: page N }`), so its layout (how many pages,
which anchor on which page) does not depend on N: the layout is cached by
the part's HTML without N, and the PDF by the HTML with it. The footer says
"Page N" without "of M": a total would change every part's pages whenever
one part grows by a page. The contents, in the front, print the page numbers
that the body parts' layouts give (data-page), instead of WeasyPrint's
target-counter, which sees only its own document.

Links: a link from one part to an anchor in another (the contents, the
register annex) would be dropped by WeasyPrint, which sees only its part. It
is written as CROSS_PART_SCHEME + anchor and made a PDF link to the named
destination when the parts are merged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

PART_MARK = "<!-- pdf-part -->"
COMMITMENTS_PER_PART = 10  # at most, in a body part: ~3 s of layout each
CROSS_PART_SCHEME = "shadowreport-part:"
PLACEHOLDER_PAGE = "0000"  # as wide as a real page number, while the front is only counted

_BODY_OPEN = re.compile(r"<body\b[^>]*>")
_BODY_CLOSE = "</body>"
_ID = re.compile(r'\sid="([^"]*)"')
_LOCAL_LINK = re.compile(r'(<a\b[^>]*?\shref=")#([^"]+)(")')


@dataclass(frozen=True)
class ReportParts:
    """A whole report's HTML cut up: `head` (up to and including <body>),
    `front` and `bodies` (each a string of blocks), `tail` (</body> on)."""

    head: str
    front: str
    bodies: tuple[str, ...]
    tail: str

    @functools.cached_property
    def anchors(self) -> list[set[str]]:
        """The ids each part defines: the front's, then each body's (once:
        each part asks, and a large report has a hundred parts)."""
        return [set(_ID.findall(chunk)) for chunk in (self.front, *self.bodies)]


def split_report(html: str, units_per_part: int = 1) -> ReportParts:
    """`html` cut at its marks, `units_per_part` blocks a part."""
    opening = _BODY_OPEN.search(html)
    closing = html.rfind(_BODY_CLOSE)
    if opening is None or closing < opening.end():
        return ReportParts(html, "", (), "")
    head, body, tail = html[:opening.end()], html[opening.end():closing], html[closing:]
    front, *units = body.split(PART_MARK)
    bodies = tuple("".join(units[i:i + units_per_part]) for i in range(0, len(units), units_per_part))
    return ReportParts(head, front, bodies, tail)


def _with_style(head: str, css: str) -> str:
    """`head` with a <style> at the end of its <head> (after the theme's)."""
    position = head.rfind("</head>")
    return head[:position] + f"<style>{css}</style>\n" + head[position:]


def _cross_part_links(chunk: str, own: set[str], pages: dict[str, int] | None = None, numbered: bool = False) -> str:
    """Links to anchors outside `own` as CROSS_PART_SCHEME links; `numbered`
    adds the anchor's page number from `pages` (or the placeholder) as
    data-page, for the contents to print."""

    def rewrite(match: re.Match) -> str:
        anchor = match[2]
        if anchor in own:
            return match[0]
        link = f"{match[1]}{CROSS_PART_SCHEME}{anchor}{match[3]}"
        if not numbered:
            return link
        page = str((pages or {}).get(anchor, PLACEHOLDER_PAGE))
        return f'{link} data-page="{page}"'

    return _LOCAL_LINK.sub(rewrite, chunk)


FIGURE = '<figure class="chart '  # a numbered figure (theme/templates/partials/chart.html)


def body_html(parts: ReportParts, index: int, first_page: int | None) -> str:
    """Body part `index` as a document of its own, numbered from
    `first_page` (None gives the form its layout is cached under), its
    figures counted on from those of the parts before it."""
    own = parts.anchors[index + 1]
    counter = "" if first_page is None else f"@page :first {{ counter-reset: page {first_page} }}"
    figures = sum(chunk.count(FIGURE) for chunk in (parts.front, *parts.bodies[:index]))
    counter += f" body {{ counter-reset: figure {figures} }}" if figures else ""
    head = _with_style(parts.head, counter) if counter else parts.head
    return head + _cross_part_links(parts.bodies[index], own) + parts.tail


def front_html(parts: ReportParts, pages: dict[str, int] | None) -> str:
    """The front (cover, contents) as a document of its own, with the page
    number of each anchor it links to; None prints placeholders, to count
    its pages before the body is numbered."""
    return parts.head + _cross_part_links(parts.front, parts.anchors[0], pages, numbered=True) + parts.tail


def whole_html(parts: ReportParts) -> str:
    """The report as one document again (a theme without marks)."""
    return parts.head + parts.front + "".join(parts.bodies) + parts.tail
