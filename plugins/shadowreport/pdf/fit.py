"""A PDF that would end on a nearly empty page is set a little tighter, so
that it ends on a page worth printing, not on one that is 80 % empty
(docs/quality.md, Publication).

After the layout, the last page's fill is measured (how far down its
content box the last line reaches). Under the threshold, the document is
laid out once more, with the first of its steps expected to save the page
(each step's shrink: how much it shrank the demo's documents at most), and
kept when it does; otherwise the first layout stands. One layout more at
most: the PDFs are most of a build's time.

- A commitment's own PDF (COMMITMENT): smaller body text and spacing, then
  also smaller charts.
- A body part of the whole report (PART, parts.py): a part ends where the
  next starts a new page (an area, the back matter), so its last page is
  often a few lines: the summary's table, an area's last sources. Only the
  spacing is tightened (line height, paragraph and commitment gaps), never
  the type size: the part is read beside the others. Its page count numbers
  the parts after it, which is safe because the fit depends on the part's
  HTML alone, not on the page number it starts at (the layout cached under
  the HTML without it, assembly.py, is the same).

The result depends on the HTML alone, so the PDF cache (cache.py, keyed by
the HTML and render.RENDERER, which names FIT_VERSION) stays right.
"""

from __future__ import annotations

from dataclasses import dataclass

import weasyprint
from weasyprint.formatting_structure import boxes

FIT_VERSION = 3  # change with the steps or the thresholds: cached PDFs are made again


@dataclass(frozen=True)
class Fit:
    nearly_empty: float  # of the last page's content box
    steps: tuple[tuple[str, float], ...]  # (stylesheet, length tighter / length as set, at best)


# !important: a stylesheet given to render() comes before the document's own
# (print.css), which would win at equal specificity.
COMMITMENT = Fit(0.35, (
    ("html { font-size: 9.5pt !important; line-height: 1.42 !important; }"
     " p, ul, ol, dl, table, blockquote { margin-bottom: 5pt !important; }"
     " h2 { margin-top: 12pt !important; } h3 { margin-top: 10pt !important; }", 0.92),
    ("html { font-size: 9pt !important; line-height: 1.38 !important; }"
     " p, ul, ol, dl, table, blockquote { margin-bottom: 4pt !important; }"
     " h2 { margin-top: 10pt !important; } h3 { margin-top: 8pt !important; } .chart__plot { width: 82% !important; }", 0.80),
))
# Measured on the demo's parts (ru, ky, en): 0.944-0.98 for a run of commitments.
PART = Fit(0.4, (
    ("html { line-height: 1.44 !important; } p, ul, ol, dl, table, blockquote { margin-bottom: 5pt !important; }"
     " .pdf-report .commitment + .commitment { margin-top: 16pt !important; padding-top: 10pt !important; }", 0.95),
))
FITS = {"commitment": COMMITMENT, "part": PART}


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


def fitted(html: weasyprint.HTML, document, fit: Fit = COMMITMENT):
    """`document`, or `html` laid out tighter when that saves its nearly
    empty last page."""
    pages = len(document.pages)
    if pages < 2:
        return document
    fill = last_page_fill(document)
    if fill >= fit.nearly_empty:
        return document
    length = pages - 1 + fill  # in pages
    css = next((css for css, shrink in fit.steps if length * shrink < pages - 1), None)
    if css is None:
        return document  # not even the tightest would save the page
    tighter = html.render(stylesheets=[weasyprint.CSS(string=css)])
    return tighter if len(tighter.pages) < pages else document
