"""Reading the PDFs back as a reader's tools would, for the PDF tests
(tests/test_pdfs.py, tests/test_pdf_layout.py, tests/test_pdf_parts.py)
and for looking at a PDF by hand:

    python -m tests.support.pdf output/pdf/report.pdf

prints each page's fill and the words outside its printable area.

poppler's pdfinfo, pdffonts and pdftotext give the metadata, fonts, text
and named destinations. `pdftotext -bbox` gives the words and their boxes
(the same text a reader copies), in PDF points, with the origin at the top
left.

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

import re
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
MM = 72 / 25.4  # PDF points per millimetre
# print.css's @page margin: top, right, bottom, left
MARGINS = (22 * MM, 18 * MM, 20 * MM, 20 * MM)
BAND = 8 * MM  # where the running header and the page number may stand, from the page's edge
SLACK = 1.0  # points: a glyph's box may overhang its line by a hair
TIMEOUT = 120  # seconds for a poppler tool on a long report on a busy machine


# poppler ----------------------------------------------------------------------


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=TIMEOUT).stdout


def info(path: Path) -> dict[str, str]:
    """pdfinfo's fields."""
    lines = run("pdfinfo", str(path)).splitlines()
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines if ":" in line)}


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table, its columns cut where its dashed rule says."""
    lines = run("pdffonts", str(path)).splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    names = [lines[0][a:b].strip() for a, b in spans]
    names[-1] = lines[0][spans[-1][0]:].strip()
    return [{name: row[a:b].strip() for name, (a, b) in zip(names, spans)} for row in lines[2:]]


def text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, str(path), "-")


def words(value: str) -> str:
    return " ".join(value.split())


def destinations(path: Path) -> dict[str, int]:
    """Named destinations (ids of the HTML) and their page."""
    found = {}
    for line in run("pdfinfo", "-dests", str(path)).splitlines()[1:]:
        match = re.match(r'\s*(\d+) \[.*\] "(.*)"$', line)
        if match:
            found[match[2]] = int(match[1])
    return found


def catalog_language(path: Path) -> str | None:
    """/Lang of the document (the catalog sits in a compressed object stream)."""
    data = path.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream[1]))
        except zlib.error:
            pass
    for chunk in chunks:
        match = re.search(rb"/Lang \(([^)]*)\)", chunk)
        if match:
            return match[1].decode()
    return None


def contents_entries(path: Path) -> dict[str, int]:
    """Commitment id -> page number, as the contents pages print them."""
    toc = "".join(text(path, page) for page in range(2, destinations(path)["summary"]))
    entries = {}
    # "J1. Title . . . . 5": the id, the title (maybe over lines), a leader (or,
    # when the title fills the line, only the gap) and the number at the right
    for match in re.finditer(r"^\s*(\S+)\. (?!\.)(.*?)(?:(?:\. ?){3,}|\s{3,})\s*(\d+)\s*$", toc, re.M | re.S):
        entries[match[1]] = int(match[3])
    return entries


# builds -------------------------------------------------------------------------


def build_with_cache(report_dir: Path, output: Path, cache: Path, caches: Path | None = None) -> int:
    """A build whose PDF cache is `cache`; its other caches are the test's
    (tests/conftest.py), or `caches` for a build that outlives the test."""
    from shadowreport.build import build

    return build(ROOT / "pelicanconf.py", output=output, PATH=str(report_dir / "content"),
                 SHADOWREPORT_PDF_CACHE=str(cache), SHADOWREPORT_CACHE_PATH=str(caches) if caches else None)


def every_pdf(report, site: Path):
    """(language, commitment or None for the whole report, path) of every PDF of `site`."""
    from shadowreport.pdf.links import pdf_path

    for lang in report.languages:
        yield lang, None, site / pdf_path(report, lang)
        for commitment in report.commitments:
            yield lang, commitment, site / pdf_path(report, lang, commitment.id)


# where the words sit ---------------------------------------------------------------


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

    @property
    def landscape(self) -> bool:
        return self.width > self.height

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
        body = self.body_words()
        if not body:
            return 0.0
        _, top, _, bottom = self.content_box
        return min(1.0, (max(w.bottom for w in body) - top) / (bottom - top))

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
        found = tuple(Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                      for w in page.iter("{*}word"))
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), found))
    return pages


def underfilled(pages: list[Page], below: float = 0.4) -> list[Page]:
    return [page for page in pages if page.fill < below]


def main(paths: list[str]) -> None:
    for path in paths:
        pages = read_pages(Path(path))
        print(f"{path}: {len(pages)} pages, {len(underfilled(pages))} under 40 % filled")
        for page in pages:
            mark = " <40%" if page.fill < 0.4 else ""
            orientation = "landscape" if page.landscape else ""
            print(f"  page {page.number:3}: {page.fill:4.0%}{mark} {orientation} {page.body_text()[:70]!r}")
            for word in page.outside()[:5]:
                print(f"      outside: {word.text!r} at ({word.left:.0f}, {word.top:.0f})-({word.right:.0f}, {word.bottom:.0f})")


if __name__ == "__main__":
    main(sys.argv[1:])
