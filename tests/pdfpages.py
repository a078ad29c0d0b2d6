"""Where the words of a PDF sit on its pages, for the tests that pin the
print layout (tests/test_pdf_layout.py) and for looking at a PDF by hand:

    python tests/pdfpages.py output/pdf/report.pdf

prints each page's fill and the words outside its printable area.

The words and their boxes come from poppler's `pdftotext -bbox` (the same
text a reader copies), in PDF points, with the origin at the top left.

The printable area is where text may stand: the content box of the print
stylesheet's @page rule (theme/static/css/print.css: `margin: 22mm 18mm
20mm 20mm`) across, and the page less a band of BAND at the top and the
bottom, where the running header and the page number stand. A word beyond
it has run off into the margin (or off the paper). The page's size is read
from each page, so a landscape page is measured as one.

A page's fill is how far down its content box the text reaches: the bottom
of its lowest word in the content box, from the content box's top, over
the content box's height (the running header and the page number are not
counted). A page of one line is ~2 % filled, a full page ~100 %.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MM = 72 / 25.4  # PDF points per millimetre
# print.css's @page margin: top, right, bottom, left
MARGINS = (22 * MM, 18 * MM, 20 * MM, 20 * MM)
BAND = 8 * MM  # where the running header and the page number may stand, from the page's edge
SLACK = 1.0  # points: a glyph's box may overhang its line by a hair
TIMEOUT = 120  # seconds for pdftotext on a long report on a busy machine


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def content_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the @page content box."""
        top, right, bottom, left = MARGINS
        return left, top, self.width - right, self.height - bottom

    @property
    def printable(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) where text may stand: the content box
        across, the page less BAND down."""
        left, _, right, _ = self.content_box
        return left, BAND, right, self.height - BAND

    def outside(self) -> list[Word]:
        """Words beyond the printable area, wholly or in part."""
        left, top, right, bottom = self.printable
        return [w for w in self.words
                if w.left < left - SLACK or w.right > right + SLACK or w.top < top - SLACK or w.bottom > bottom + SLACK]

    def body_words(self) -> list[Word]:
        """The words inside the content box (not the header nor the footer)."""
        _, top, _, bottom = self.content_box
        return [w for w in self.words if w.top >= top - SLACK and w.bottom <= bottom + SLACK]

    @property
    def fill(self) -> float:
        """How far down the content box the text reaches, 0 to 1."""
        words = self.body_words()
        if not words:
            return 0.0
        _, top, _, bottom = self.content_box
        return min(1.0, (max(w.bottom for w in words) - top) / (bottom - top))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def body_text(self) -> str:
        return " ".join(w.text for w in self.body_words())

    def header_text(self) -> str:
        """The words above the content box: the running header."""
        _, top, _, _ = self.content_box
        return " ".join(w.text for w in self.words if w.bottom <= top + SLACK)


def read_pages(pdf: Path) -> list[Page]:
    """Every page of `pdf` with its words."""
    result = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=TIMEOUT)
    root = etree.fromstring(result.stdout, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        words = tuple(Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                      for w in page.iter("{*}word"))
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), words))
    return pages


def underfilled(pages: list[Page], below: float = 0.4) -> list[Page]:
    return [page for page in pages if page.fill < below]


def main(paths: list[str]) -> None:
    for path in paths:
        pages = read_pages(Path(path))
        print(f"{path}: {len(pages)} pages, {len(underfilled(pages))} under 40 % filled")
        for page in pages:
            outside = page.outside()
            mark = " <40%" if page.fill < 0.4 else ""
            orientation = "landscape" if page.width > page.height else ""
            print(f"  page {page.number:3}: {page.fill:4.0%}{mark} {orientation} {page.body_text()[:70]!r}")
            for word in outside[:5]:
                print(f"      outside: {word.text!r} at ({word.left:.0f}, {word.top:.0f})-({word.right:.0f}, {word.bottom:.0f})")


if __name__ == "__main__":
    main(sys.argv[1:])
