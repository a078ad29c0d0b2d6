"""The PDFs laid out like a published report: nothing beyond the
printable area, few half-empty pages, a running header with the commitment,
bookmarks area -> commitment, numbered figures, a cover with the logo and
the edition's date, a colophon with the address, the licence and how to
cite, and commitment PDFs that do not end on a nearly empty page.

Measured on the demonstration report's PDFs (one build for the session:
conftest's demo) with tests/support/pdf.py (pdftotext -bbox) and pikepdf."""

from __future__ import annotations

import re

import pikepdf
import pytest
from pelican.settings import read_settings

from conftest import ROOT, parse
from shadowreport.charts import builtin
from shadowreport.generator import ReportGenerator
from shadowreport.loader import load_report
from shadowreport.pdf.documents import pdf_jobs
from shadowreport.pdf.links import pdf_path
from tests.support.pdf import destinations, every_pdf, read_pages, underfilled, words

LAST_PAGE_AT_LEAST = 0.2  # a commitment PDF's last page is filled at least this far (fit.py)


@pytest.fixture(scope="module")
def report():
    return load_report(ROOT)


@pytest.fixture(scope="module")
def whole(report, demo) -> dict:
    """Each language's whole report: its path and pages."""
    return {lang: (demo / pdf_path(report, lang), read_pages(demo / pdf_path(report, lang))) for lang in report.languages}


def test_no_word_beyond_the_printable_area_of_any_pdf(report, demo):
    for _lang, _commitment, path in every_pdf(report, demo):
        for page in read_pages(path):
            assert not page.outside(), (path, page.number, [w.text for w in page.outside()][:10])


def test_the_annex_is_landscape_and_reads_in_full(report, whole):
    for lang, (path, pages) in whole.items():
        anchors = destinations(path)
        back = anchors.get("bibliography", anchors["colophon"])  # what follows the register
        register = [page for page in pages if anchors["annex"] <= page.number < back]
        assert len(register) >= 2 and all(page.landscape for page in register), (lang, [p.number for p in register if not p.landscape])
        # the sources and the colophon are upright again: no colophon alone on a page turned sideways
        assert all(not page.landscape for page in pages[back - 1:]), (lang, [p.number for p in pages[back - 1:] if p.landscape])
        assert not any(page.landscape for page in pages[:anchors["annex"] - 1]), lang
        text = words(" ".join(page.text for page in register))
        assert "…" not in text
        printed = set(text.split())  # a table's cells come out of pdftotext line by line, interleaved
        for commitment in report.commitments:  # whole words: a title is never hyphenated in the register
            assert set(commitment.title_in(lang).split()) <= printed, (lang, commitment.id, set(commitment.title_in(lang).split()) - printed)


def lines(page) -> int:
    """How many lines of text the page's content box holds (words' baselines, to the point)."""
    return len({round(word.bottom) for word in page.body_words()})


def test_at_most_a_tenth_of_the_whole_report_is_under_40_percent_filled(whole):
    for lang, (_path, pages) in whole.items():
        thin = underfilled(pages)
        assert len(thin) <= 0.1 * len(pages), (lang, [(p.number, round(p.fill, 2), p.body_text()[:60]) for p in thin])
        # no page of a few lines only: an area's last source and its "how to cite", a footnote, an orphaned line
        assert all(page.fill > 0.05 and lines(page) >= 5 for page in pages), \
            (lang, [(p.number, round(p.fill, 2), lines(p), p.body_text()[:60]) for p in pages if p.fill <= 0.05 or lines(p) < 5])


def test_commitment_pdfs_do_not_end_on_a_nearly_empty_page(report, demo):
    for _lang, commitment, path in every_pdf(report, demo):
        if commitment is None:
            continue
        pages = read_pages(path)
        assert len(pages) == 1 or pages[-1].fill >= LAST_PAGE_AT_LEAST, (path, len(pages), round(pages[-1].fill, 2))


def outline(path) -> list[tuple[str, list[str]]]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        return [(words(item.title), [words(child.title) for child in item.children]) for item in tree.root]


def test_bookmarks_nest_each_commitment_under_its_area(report, whole):
    for lang, (path, _) in whole.items():
        entries = dict(outline(path))
        for area in report.areas:
            commitments = [c for c in report.commitments if c.area is area]
            if commitments:
                assert entries[words(area.title.get(lang))] == [words(c.title_in(lang)) for c in commitments], (lang, area.id)
        top = [title for title, _ in outline(path)]
        assert not set(top) & {words(c.title_in(lang)) for c in report.commitments}
        contents = {"en": "Contents", "ru": "Содержание", "ky": "Мазмуну"}[lang]
        assert top[:2] == [words(report.title.get(lang)), contents], (lang, top[:2])
        # every area at the top, with its commitments under it and nothing else
        areas = [words(area.title.get(lang)) for area in report.areas if any(c.area is area for c in report.commitments)]
        assert [title for title in top if title in areas] == areas, lang
        assert all(not entries[title] for title in top if title not in areas), lang


def test_the_running_header_names_the_commitment(report, whole):
    for lang, (path, pages) in whole.items():
        anchors = destinations(path)
        for commitment in report.commitments:
            start = anchors[f"commitment-{commitment.id}"]
            headers = [words(page.header_text()) for page in pages[start - 1:start + 1]]
            assert any(words(commitment.title_in(lang)) in header and commitment.id in header for header in headers), \
                (lang, commitment.id, headers)


def test_figures_are_numbered_across_the_whole_report(whole):
    for lang, (_path, pages) in whole.items():
        word = {"en": "Figure", "ru": "Рисунок", "ky": "Сүрөт"}[lang]
        numbers = [int(n) for n in re.findall(rf"{word} (\d+)[:.]", " ".join(page.text for page in pages))]
        assert len(numbers) >= 5 and numbers == list(range(1, len(numbers) + 1)), (lang, numbers)


def structure_alts(pdf, page_number: int) -> list[str]:
    """The /Alt of the figures the structure tree puts on a page."""
    page = pdf.pages[page_number - 1].obj.objgen
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary):
            continue
        if element.get("/S") == "/Figure" and "/Alt" in element and "/Pg" in element and element.Pg.objgen == page:
            found.append(str(element.Alt))
        kids = element.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
    return found


def test_the_cover_has_the_organisation_its_logo_and_the_edition_date(report, whole):
    assert report.logo is not None  # the demo has one: data/report.yml's logo
    dates = {"en": "October 15, 2020", "ru": "15 октября 2020", "ky": "2020"}
    for lang, (path, pages) in whole.items():
        cover = words(pages[0].text)
        assert words(report.organisation.get(lang)).upper() in cover.upper() and dates[lang] in cover, (lang, cover)
        with pikepdf.open(path) as pdf:
            assert any(report.organisation.get(lang) in alt for alt in structure_alts(pdf, 1)), lang


def test_the_colophon_gives_the_address_the_licence_and_how_to_cite(report, whole):
    for lang, (path, pages) in whole.items():
        colophon = words(" ".join(page.text for page in pages if page.number >= destinations(path)["colophon"]))
        assert report.licence in colophon and words(report.organisation.get(lang)) in colophon
        assert {"en": "How to cite", "ru": "Как цитировать", "ky": "Кантип шилтеме берүү керек"}[lang] in colophon, lang
        # built without SITEURL: says so, and cites without an address
        assert {"en": "made without the address of its website"}.get(lang, "") in colophon


def jobs_with_siteurl():
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content"), "SITEURL": "https://example.org/report"})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    return generator.report, {job.path: job.html for job in pdf_jobs(generator.report, generator.environment(), generator.theme, settings)}


def test_with_an_address_the_pdfs_cite_it():
    report, jobs = jobs_with_siteurl()
    whole = parse_fragment(jobs["en/pdf/report.pdf"])
    colophon = words(whole.xpath("//*[@id='colophon']")[0].text_content())
    assert "Web version: https://example.org/report/en/" in colophon
    assert ("How to cite: Achyk Okmot Civic Monitoring NGO Coalition (demonstration example) (2020). "
            "Shadow report on the Open Government National Action Plan 2018–2020. "
            "https://example.org/report/en/pdf/report.pdf. Published October 15, 2020.") in colophon
    commitment = parse_fragment(jobs["en/pdf/commitment-9.pdf"])
    (line,) = commitment.xpath("//article/p[@class='cite']")
    assert words(line.text_content()).endswith(
        "“Commitment 9. Public procurement transparency”. In: Shadow report on the Open Government National Action Plan "
        "2018–2020. https://example.org/report/en/commitments/9/. Published October 15, 2020.")


def parse_fragment(html: str):
    from lxml import html as lxml_html

    return lxml_html.fromstring(html)


def test_commitment_pages_and_charts_on_the_site_say_how_to_cite(report, demo):
    page = parse(demo / "en/commitments/9/index.html")
    (line,) = page.xpath("//article/p[@class='cite']")
    assert "“Commitment 9. Public procurement transparency”" in words(line.text_content())
    charts = page.xpath("//figure[contains(@class, 'chart')]")
    assert charts and all(chart.xpath(".//p[@class='chart__cite']") for chart in charts)
    title = words(charts[0].xpath(".//figcaption")[0].text_content())
    assert f"“{title}”" in words(charts[0].xpath(".//p[@class='chart__cite']")[0].text_content())


def test_chart_labels_wrap_instead_of_being_cut():
    assert builtin.wrapped("Open data: national portal and pilot datasets", 20) == "Open data: national<br>portal and pilot<br>datasets"
    assert builtin.wrapped("Short", 20) == "Short"
    report = load_report(ROOT)
    chart = builtin.comparison(report, "en", lambda text: text)
    labels = chart.figure["data"][-1]["y"]
    assert all("…" not in label for label in labels)
    shown = [label.replace("<br>", " ") for label in labels]
    assert shown == [f"{c.id}. {c.title_in('en')}" for c in builtin.compared(report)]
