"""The build's caches are trusted only when whole (cachefiles.read_entry):
a cache file cut short or holding what its cache never writes is deleted
with a warning and made again, and what the build publishes is whole.
And two clean builds draw the same charts as the same bytes.

The corruption tests start each from a copy of one clean build's caches
(tests/roots/every-chart, PDFs included) and rebuild into their own
output; the published files are compared with the clean build's.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from conftest import ROOT, ROOTS
from shadowreport.build import build
from shadowreport.cachefiles import read_entry, unseal, write_entry
from shadowreport.charts.export import stable_svg, whole_svg
from shadowreport.pagecache import page_record
from shadowreport.pdf.cache import layout_record, whole_pdf

REPORT = ROOTS / "every-chart"


def build_with_cache(report: Path, output: Path, cache: Path, **settings) -> int:
    """Build with every cache (charts, PDFs, pages, datasets) under `cache`."""
    return build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache), SHADOWREPORT_PDF_CACHE=str(cache / "pdf"), **settings)


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def cache_warnings():
    """The warnings of cachefiles (each names a bad cache file)."""
    logger = logging.getLogger("shadowreport.cachefiles")
    handler = Warnings()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path, Path]:
    """One clean build: a copy of its output and of its caches, and the
    folder it was built in (work/output, work/cache)."""
    base = tmp_path_factory.mktemp("clean")
    work = base / "work"
    assert build_with_cache(REPORT, work / "output", work / "cache") == 0
    shutil.copytree(work / "output", base / "output")
    shutil.copytree(work / "cache", base / "cache")
    return base / "output", base / "cache", work


@pytest.fixture
def rebuild(clean):
    """The clean build's caches, back in the folder they were made in (the
    page cache's keys hold the output and cache paths), to break; and a
    rebuild from them, that returns its exit code and the cache's warnings."""
    _, pristine, work = clean
    cache, output = work / "cache", work / "output"
    shutil.rmtree(cache)
    shutil.copytree(pristine, cache)

    def run() -> tuple[int, list[str]]:
        with cache_warnings() as messages:
            code = build_with_cache(REPORT, output, cache)
        return code, messages

    return cache, output, run


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def entry_of(cache: Path, pattern: str, published: bytes) -> Path:
    """The cache file under `cache` whose payload is `published`."""
    for path in sorted(cache.rglob(pattern)):
        if unseal(path.read_bytes()) == published:
            return path
    raise AssertionError(f"no {pattern} in {cache} holds it")


def same_files(first: Path, second: Path, pattern: str) -> None:
    names = sorted(p.relative_to(first) for p in first.rglob(pattern))
    assert names and names == sorted(p.relative_to(second) for p in second.rglob(pattern))
    assert [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()] == []


def named(messages: list[str], path: Path) -> bool:
    return any(str(path) in message for message in messages)


# the helper ----------------------------------------------------------------------


def test_an_entry_is_read_back_only_while_whole(tmp_path):
    path = tmp_path / "ab" / "abcd.json"
    assert read_entry(path, bytes) is None  # nothing there: no warning either
    write_entry(path, "payload")
    assert read_entry(path, bytes) == b"payload"
    data = path.read_bytes()
    for number, broken in enumerate((data[:-2], data.replace(b"payload", b"paYload"), b"payload")):
        path = tmp_path / f"broken-{number}"  # Pelican's log filter drops a warning said twice
        path.write_bytes(broken)
        with cache_warnings() as messages:
            assert read_entry(path, bytes) is None
        assert not path.exists() and len(messages) == 1 and named(messages, path), messages


def test_an_entry_of_the_wrong_shape_is_dropped(tmp_path):
    """Whole files its cache could not have written: no traceback."""
    cases = [(layout_record, "{}"), (layout_record, '{"pages": "3", "anchors": {}}'), (layout_record, "[]"),
             (page_record, '{"html": "<p>"}'), (whole_pdf, "%PDF-1.7 cut"), (whole_svg, '<svg width="3"><g>'),
             (whole_svg, "<html/>")]
    for number, (decode, payload) in enumerate(cases):
        path = tmp_path / f"entry-{number}"  # Pelican's log filter drops a warning said twice
        write_entry(path, payload)
        with cache_warnings() as messages:
            assert read_entry(path, decode) is None, payload
        assert not path.exists() and named(messages, path), (payload, messages)


# a real build with a broken cache ---------------------------------------------------


def test_truncated_chart_svg_is_drawn_again(clean, rebuild):
    cache, output, run = rebuild
    entry = sorted((cache / "charts").glob("*.svg"))[0]
    truncate(entry)
    code, messages = run()
    assert code == 0
    assert named(messages, entry), messages
    published = output / "charts" / entry.name
    assert ElementTree.fromstring(published.read_bytes()).tag.endswith("svg")
    assert read_entry(entry, whole_svg) is not None  # replaced by a whole one
    # the chart drawn again is the same: nothing published differs, no PDF
    # was rendered with half a chart inside
    same_files(clean[0], output, "charts/*.svg")
    same_files(clean[0], output, "*.pdf")


@pytest.mark.parametrize("published", ["pdf/commitment-S1.pdf", "pdf/report.pdf"])
def test_truncated_pdf_is_made_again(clean, rebuild, published):
    cache, output, run = rebuild
    entry = entry_of(cache / "pdf", "*.pdf", (clean[0] / published).read_bytes())
    truncate(entry)
    code, messages = run()
    assert code == 0
    assert named(messages, entry), messages
    with pikepdf.open(output / published) as pdf:
        assert len(pdf.pages) > 0
    assert read_entry(entry, whole_pdf) == (output / published).read_bytes()


@pytest.mark.parametrize("written", ["as a hand edit", "by the cache"])
def test_layout_holding_an_empty_object_is_redone(clean, rebuild, written):
    """`{}` in a layout file failed every build until .cache/ was deleted."""
    cache, output, run = rebuild
    entries = sorted((cache / "pdf").rglob("*.layout.json"))
    assert entries
    for entry in entries:
        if written == "by the cache":
            write_entry(entry, "{}")  # a whole entry, of the wrong shape
        else:
            entry.write_text("{}", encoding="utf-8")
    code, messages = run()
    assert code == 0
    assert all(named(messages, entry) for entry in entries), messages
    for published in ("pdf/report.pdf", "ru/pdf/report.pdf"):
        with pikepdf.open(output / published) as pdf:
            with pikepdf.open(clean[0] / published) as before:
                assert len(pdf.pages) == len(before.pages)
    assert all(read_entry(entry, layout_record) is not None for entry in entries)


def test_corrupt_page_entry_is_rendered_again(clean, rebuild):
    cache, output, run = rebuild
    entries = sorted((cache / "pages").rglob("*.json"))
    broken, garbled = entries[0], entries[1]
    truncate(broken)
    garbled.write_bytes(garbled.read_bytes().replace(b"<", b">", 1))
    code, messages = run()
    assert code == 0
    assert named(messages, broken) and named(messages, garbled), messages
    same_files(clean[0], output, "*.html")
    assert read_entry(broken, page_record) is not None and read_entry(garbled, page_record) is not None


def test_corrupt_dataset_entry_is_published_again(clean, rebuild):
    cache, output, run = rebuild
    entry = sorted((cache / "opendata").rglob("*.json"))[0]
    truncate(entry)
    code, messages = run()
    assert code == 0
    assert named(messages, entry), messages
    same_files(clean[0], output, "data/**/*.csv")
    same_files(clean[0], output, "data/datapackage.json")


def test_truncated_font_is_decompressed_again(tmp_path):
    """The TrueType copies of the theme's fonts are read by WeasyPrint by
    their path: their checksum is kept beside them."""
    from shadowreport.pdf.fonts import decompressed_fonts

    static = ROOT / "theme" / "static"
    fonts = decompressed_fonts(static, tmp_path)
    font = Path(sorted(fonts.values())[0])
    whole = font.read_bytes()
    truncate(font)
    with cache_warnings() as messages:
        assert decompressed_fonts(static, tmp_path) == fonts
    assert named(messages, font), messages
    assert font.read_bytes() == whole


# byte-identical builds ---------------------------------------------------------------


def test_attribute_order_does_not_change_the_bytes():
    """What differed between two clean builds of the demo: a legend's rect
    with its attributes in another order."""
    first = ('<svg xmlns="http://www.w3.org/2000/svg"><defs id="defs-1a2b3c"/><rect class="bg" width="448" x="0" '
             'style="fill: rgb(255, 255, 255);"/><text data-unformatted="a > b" x="1">a &gt; b</text></svg>')
    second = ('<svg xmlns="http://www.w3.org/2000/svg"><defs id="defs-9f8e7d"/><rect class="bg" '
              'style="fill: rgb(255, 255, 255);" width="448" x="0"/><text x="1" data-unformatted="a > b">a &gt; b</text></svg>')
    key = "0123456789abcdef" * 2
    assert stable_svg(first, key) == stable_svg(second, key)
    assert ElementTree.fromstring(stable_svg(first, key)).tag.endswith("svg")  # still XML, text untouched
    assert '<text data-unformatted="a > b" x="1">a &gt; b</text>' in stable_svg(first, key)


def test_two_clean_builds_draw_the_same_bytes(tmp_path):
    """The demonstration report's charts (some 80, with legends) drawn twice
    from nothing: before stable_svg sorted attributes, 8 to 15 differed."""
    if not (ROOT / "content" / "commitments").is_dir():
        pytest.skip("the demonstration report (content/, data/) is not in this checkout")
    for run in ("first", "second"):
        assert build_with_cache(ROOT, tmp_path / run / "output", tmp_path / run / "cache", SHADOWREPORT_PDFS=False) == 0
    same_files(tmp_path / "first" / "output", tmp_path / "second" / "output", "charts/*.svg")
