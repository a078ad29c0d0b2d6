"""A commitment's PDF that would end on a nearly empty page is set a little
tighter, so that it ends on a page worth printing, not on one that is 80 %
empty (docs/quality.md, Publication).

After the layout, the last page's fill is measured (how far down its
content box the last line reaches). Under NEARLY_EMPTY, the document is laid
out once more, with the first of TIGHTER (smaller body text and spacing,
then also smaller charts) expected to save the page (SHRINKS: how much each
shrank the demo's commitments at best), and kept when it does; otherwise
the first layout stands. One layout more at most: the PDFs are most of a
build's time. The result depends on the HTML alone, so the
PDF cache (cache.py, keyed by the HTML and render.RENDERER, which names
FIT_VERSION) stays right. The whole report's parts are never refitted: their
page counts number the parts after them (parts.py).
"""

from __future__ import annotations

import weasyprint
from weasyprint.formatting_structure import boxes

FIT_VERSION = 2  # change with TIGHTER or NEARLY_EMPTY: cached PDFs are made again
NEARLY_EMPTY = 0.35  # of the last page's content box
# Measured on the demo's commitments (length tighter / length as set):
# 0.91-1.0 with the first, 0.73-0.90 with the second.
SHRINKS = (0.92, 0.80)
# !important: a stylesheet given to render() comes before the document's own
# (print.css), which would win at equal specificity.
TIGHTER = (
    "html { font-size: 9.5pt !important; line-height: 1.42 !important; }"
    " p, ul, ol, dl, table, blockquote { margin-bottom: 5pt !important; }"
    " h2 { margin-top: 12pt !important; } h3 { margin-top: 10pt !important; }",
    "html { font-size: 9pt !important; line-height: 1.38 !important; }"
    " p, ul, ol, dl, table, blockquote { margin-bottom: 4pt !important; }"
    " h2 { margin-top: 10pt !important; } h3 { margin-top: 8pt !important; } .chart__plot { width: 82% !important; }",
)


def _content_bottom(box, bottom: float = 0.0) -> float:
    """The lowest edge of a line or a replaced element (an image, a chart)
    under `box`, margin boxes (running header, page number) left out."""
    for child in box.children if isinstance(box, boxes.ParentBox) else ():
        if isinstance(child, boxes.MarginBox):
            continue
        if isinstance(child, (boxes.LineBox, boxes.ReplacedBox)):
            bottom = max(bottom, child.position_y + child.margin_height())
        else:
            bottom = _content_bottom(child, bottom)
    return bottom


def last_page_fill(document) -> float:
    """How far down its content box the last page's text reaches, 0 to 1."""
    page = document.pages[-1]._page_box
    top, height = page.content_box_y(), page.height
    if height <= 0:
        return 1.0
    return max(0.0, min(1.0, (_content_bottom(page, top) - top) / height))


def fitted(html: weasyprint.HTML, document):
    """`document`, or `html` laid out tighter when that saves its nearly
    empty last page."""
    pages = len(document.pages)
    if pages < 2:
        return document
    fill = last_page_fill(document)
    if fill >= NEARLY_EMPTY:
        return document
    length = pages - 1 + fill  # in pages
    css = next((css for css, shrink in zip(TIGHTER, SHRINKS) if length * shrink < pages - 1), None)
    if css is None:
        return document  # not even the tightest would save the page
    tighter = html.render(stylesheets=[weasyprint.CSS(string=css)])
    return tighter if len(tighter.pages) < pages else document
