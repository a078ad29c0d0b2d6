"""A commitment's PDF that would end on a nearly empty page is set a little
tighter, so that it ends on a page worth printing (issue 14: "a commitment
PDF ends with a page that is 80 % empty").

After the layout, the last page's fill is measured (how far down its
content box the last line reaches). Under NEARLY_EMPTY, the document is laid
out again with each of TIGHTER in turn (smaller body text and spacing, then
also smaller charts) and the first that saves a page is kept; when none
does, the first layout stands. The result depends on the HTML alone, so the
PDF cache (cache.py, keyed by the HTML and render.RENDERER, which names
FIT_VERSION) stays right. The whole report's parts are never refitted: their
page counts number the parts after them (parts.py).
"""

from __future__ import annotations

import weasyprint
from weasyprint.formatting_structure import boxes

FIT_VERSION = 1  # change with TIGHTER or NEARLY_EMPTY: cached PDFs are made again
NEARLY_EMPTY = 0.35  # of the last page's content box
TIGHTER = (
    "html { font-size: 9.5pt; line-height: 1.42; } p, ul, ol, dl, table, blockquote { margin-bottom: 5pt; }"
    " h2 { margin-top: 12pt; } h3 { margin-top: 10pt; }",
    "html { font-size: 9pt; line-height: 1.38; } p, ul, ol, dl, table, blockquote { margin-bottom: 4pt; }"
    " h2 { margin-top: 10pt; } h3 { margin-top: 8pt; } .chart__plot { width: 82%; }",
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
    if len(document.pages) < 2 or last_page_fill(document) >= NEARLY_EMPTY:
        return document
    for css in TIGHTER:
        tighter = html.render(stylesheets=[weasyprint.CSS(string=css)])
        if len(tighter.pages) < len(document.pages):
            return tighter
    return document
