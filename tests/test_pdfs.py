"""The PDFs: one per commitment and one whole report per language, read back
with poppler (pdfinfo, pdffonts, pdftotext) as a reader's tools would.

Fixtures: tests/roots/english-default (English default, Spanish translation,
edge cases), tests/roots/kyrgyz-pdf (Kyrgyz default, a table that breaks
across pages, a disclaimer in report.yml) and the demonstration report when
content/ is present (built once, by conftest's demo_site)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import weasyprint
from pelican.settings import read_settings

from conftest import ROOT, ROOTS, cache_of, copy_root, parse
from tests.support.fonts import is_project_font
from tests.support.pdf import (build_with_cache, catalog_language, contents_entries, destinations, every_pdf, info, pdffonts,
                               run, text, words)
from shadowreport.build import build
from shadowreport.generator import ReportGenerator
from shadowreport.loader import load_report
from shadowreport.pdf.cache import read_last_run
from shadowreport.pdf.documents import pdf_jobs
from shadowreport.pdf.fonts import decompressed_fonts
from shadowreport.pdf.links import pdf_path
from shadowreport.pdf.render import LocalFetcher, render_pdf

STATIC = ROOT / "theme" / "static"


# builds -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdf_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf-cache")


@pytest.fixture(scope="session")
def kyrgyz_site(tmp_path_factory, pdf_cache) -> Path:
    output = tmp_path_factory.mktemp("kyrgyz") / "output"
    assert build_with_cache(ROOTS / "kyrgyz-pdf", output, pdf_cache, cache_of(output)) == 0
    return output


def sites(request, names):
    for name in names:
        if name == "demo":
            yield ROOT, request.getfixturevalue("demo")
        else:
            root = ROOTS / name
            yield root, request.getfixturevalue("english_site" if name == "english-default" else "kyrgyz_site")


# what there is -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["english-default", "kyrgyz-pdf"])
def test_every_commitment_has_a_pdf_in_every_language(request, name):
    ((root, site),) = sites(request, [name])
    report = load_report(root)
    expected = {pdf_path(report, lang, c.id) for lang in report.languages for c in report.commitments}
    expected |= {pdf_path(report, lang) for lang in report.languages}
    found = {str(p.relative_to(site)) for p in site.rglob("*.pdf")}
    assert found == expected
    # the default language at the root, the others under /<lang>/
    assert f"pdf/commitment-{report.commitments[0].id}.pdf" in found
    assert f"{report.languages[1]}/pdf/report.pdf" in found


@pytest.mark.parametrize("name", ["english-default", "kyrgyz-pdf"])
def test_pdfs_are_tagged_and_say_what_and_whose(request, name):
    ((root, site),) = sites(request, [name])
    report = load_report(root)
    for lang, commitment, path in every_pdf(report, site):
        meta = info(path)
        assert meta["Tagged"] == "yes", path
        assert meta["Page size"].endswith("(A4)"), path
        assert meta["Author"] == report.organisation.get(lang), path
        title = report.title.get(lang)
        assert meta["Title"] == (title if commitment is None else f"{commitment.id}. {commitment.title_in(lang)} — {title}")
        assert meta["Subject"], path
        # the edition's date, not the build's
        day = report.published.first_day()
        assert words(meta["CreationDate"]) == f"{day:%a %b} {day.day} 00:00:00 {day.year} UTC"
        assert catalog_language(path) == lang, path


@pytest.mark.parametrize("name", ["english-default", "kyrgyz-pdf"])
def test_fonts_are_the_theme_fonts_embedded_and_subset(request, name):
    ((root, site),) = sites(request, [name])
    report = load_report(root)
    for _lang, _commitment, path in every_pdf(report, site):
        fonts = pdffonts(path)
        assert fonts, path
        for font in fonts:
            assert font["emb"] == "yes" and font["sub"] == "yes", (path, font)
            # a missing glyph would bring in a fallback font from the machine
            assert is_project_font(font["name"]), (path, font)


def test_kyrgyz_letters_are_text_in_a_real_font(kyrgyz_site):
    report_text = words(text(kyrgyz_site / "pdf/report.pdf"))
    assert "Ачык Өкмөт планынын аткарылышы боюнча көлөкө баяндама" in report_text
    assert "Мамлекеттик кызматтардын реестрин ачуу (ө ү ң)" in report_text
    commitment_text = words(text(kyrgyz_site / "pdf/commitment-S1.pdf"))
    assert "Реестр жарым-жартылай гана жарыяланган: ө, ү, ң." in commitment_text


# the whole report ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["english-default", "kyrgyz-pdf", "demo"])
def test_contents_page_numbers_are_right(request, name):
    ((root, site),) = sites(request, [name])
    report = load_report(root)
    for lang in report.languages:
        path = site / pdf_path(report, lang)
        entries = contents_entries(path)
        assert set(entries) == {c.id for c in report.commitments}, (kept(path, name), entries)
        anchors = destinations(path)
        for commitment in report.commitments:
            page = entries[commitment.id]
            where = anchors[f"commitment-{commitment.id}"]
            assert where == page, (kept(path, name), commitment.id, f"the contents say page {page}, it is on page {where}")
            printed = words(text(path, page))
            assert words(commitment.title_in(lang)) in printed, (kept(path, name), commitment.id, page)


def kept(path: Path, name: str) -> Path:
    """A copy of a PDF that failed a test, under tests/artefacts/, to look at."""
    copy = ROOT / "tests" / "artefacts" / f"{name}-{path.parent.parent.name}-{path.name}"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, copy)
    return copy


def test_whole_report_has_its_parts_and_numbers_its_pages_on_across_them(english_site):
    path = english_site / "pdf/report.pdf"
    pages = int(info(path)["Pages"])
    cover = words(text(path, 1))
    assert "Civil society report on the Open Government Action Plan" in cover
    assert "Fourth National Action Plan 2021–2023" in cover and "September 15, 2023" in cover
    assert "CC-BY-4.0" in cover
    assert "Page" not in cover  # no running header or footer on the cover
    assert words(text(path, 2)).startswith("Civil society report on the Open Government Action Plan 2021–2023 Contents")
    # rendered in parts (pdf/parts.py), numbered on from one part to the next, without a total
    for page in range(2, pages + 1):
        assert text(path, page).split()[-2:] == ["Page", str(page)], page
    everything = words(text(path))
    for part in ("Summary", "Completion by area", "The government's self-assessment and our finding",
                 "About this report", "Annex: the register of commitments", "Colophon"):
        assert part in everything, part


def test_table_breaking_across_pages_repeats_its_header(kyrgyz_site):
    path = kyrgyz_site / "pdf/commitment-S2.pdf"
    pages_with_rows = [page for page in range(1, int(info(path)["Pages"]) + 1) if "Район №" in text(path, page)]
    assert len(pages_with_rows) >= 2
    for page in pages_with_rows:
        assert "Орточо мөөнөт, күн" in text(path, page), page


def test_footnotes_ids_are_unique_and_commitments_are_bookmarked(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOTS / "kyrgyz-pdf" / "content")})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    report = generator.report
    jobs = {job.path: job for job in pdf_jobs(report, generator.environment(), generator.theme, settings)}
    whole = jobs["pdf/report.pdf"]
    tree = parse_html(whole.html)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert "cS1-fn:1" in ids and "cS2-fn:1" in ids
    for href in tree.xpath("//a/@href[starts-with(., '#')]"):
        assert href[1:] in ids, href
    document = weasyprint.HTML(string=whole.html, base_url=STATIC.as_uri() + "/",
                               url_fetcher=LocalFetcher(str(STATIC), decompressed_fonts(STATIC, tmp_path / "pdf"))).render()
    labels = [words(label) for label, *_ in flatten(document.make_bookmark_tree())]
    for commitment in report.commitments:
        assert words(commitment.title_in("ky")) in labels


def parse_html(html: str):
    from lxml import html as lxml_html

    return lxml_html.fromstring(html)


def flatten(tree):
    for label, target, children, _state in tree:
        yield label, target
        yield from flatten(children)


def test_colophon_disclaimer_comes_from_report_yml(kyrgyz_site, english_site):
    assert "Бул мисалдагы баалоолор шарттуу, чыныгы мониторингдин жыйынтыгы эмес." in words(text(kyrgyz_site / "pdf/commitment-B1.pdf"))
    assert "The assessments in this example are illustrative, not the result of real monitoring." in words(text(kyrgyz_site / "en/pdf/report.pdf"))
    # english-default says nothing of the kind: the line is the report's, not the theme's
    assert "illustrative" not in text(english_site / "pdf/report.pdf")


def test_disclaimer_must_be_a_text(tmp_path, capsys):
    root = copy_root("english-default", tmp_path)
    with (root / "data" / "report.yml").open("a") as handle:
        handle.write("disclaimer: [not, a, text]\n")
    assert build_with_cache(root, tmp_path / "output", tmp_path / "cache") == 1
    assert capsys.readouterr().err.strip() == (
        "The report has 1 mistake; nothing was built:\n"
        '  data/report.yml, line 18, key "disclaimer": "[not, a, text]" is not text: write the text after the colon')


# the pages link them --------------------------------------------------------------


def test_pages_link_their_pdf_with_its_size(english_site):
    for page, target in (("commitments/J1/index.html", "pdf/commitment-J1.pdf"),
                         ("es/commitments/J1/index.html", "es/pdf/commitment-J1.pdf"),
                         ("index.html", "pdf/report.pdf"),
                         ("es/index.html", "es/pdf/report.pdf")):
        tree = parse(english_site / page)
        (link,) = tree.xpath("//*[@class='pdf-link']/a")
        assert (english_site / page).parent.joinpath(link.get("href")).resolve() == (english_site / target).resolve()
        size = (english_site / target).stat().st_size
        shown = tree.xpath("//*[@class='pdf-link__size']")[0].text_content()
        assert re.search(rf"\b{round(size / 1000)} kB\b", shown), (shown, size)


# speed: the cache ----------------------------------------------------------------


def test_rebuild_renders_only_the_pdfs_an_edit_touches(tmp_path, english_site):
    root = copy_root("english-default", tmp_path)
    output = tmp_path / "output"
    # english_site's build left the same report's PDFs in its cache: start from a copy
    pdf_cache = tmp_path / "cache"
    shutil.copytree(cache_of(english_site) / "pdf", pdf_cache)
    assert build_with_cache(root, output, pdf_cache) == 0
    assert build_with_cache(root, output, pdf_cache) == 0
    assert read_last_run(pdf_cache)["rendered"] == []
    assert len(read_last_run(pdf_cache)["reused"]) == 8

    finding = root / "content" / "commitments" / "j1.md"
    finding.write_text(finding.read_text().replace("Some rulings are published", "Most rulings are published"))
    assert build_with_cache(root, output, pdf_cache) == 0
    assert read_last_run(pdf_cache)["rendered"] == ["pdf/commitment-J1.pdf", "pdf/report.pdf"]
    assert "Most rulings are published" in words(text(output / "pdf/commitment-J1.pdf"))

    # B1 has no Spanish finding: the Spanish PDFs show the English one
    finding = root / "content" / "commitments" / "b1.md"
    finding.write_text(finding.read_text().replace("appeared on time", "appeared late"))
    assert build_with_cache(root, output, pdf_cache) == 0
    assert read_last_run(pdf_cache)["rendered"] == [
        "es/pdf/commitment-B1.pdf", "es/pdf/report.pdf", "pdf/commitment-B1.pdf", "pdf/report.pdf"]

    # a data file: one Spanish milestone text
    milestones = root / "data" / "milestones.csv"
    milestones.write_text(milestones.read_text().replace("Adoptar un protocolo", "Adoptar el protocolo"))
    assert build_with_cache(root, output, pdf_cache) == 0
    assert read_last_run(pdf_cache)["rendered"] == ["es/pdf/commitment-J1.pdf", "es/pdf/report.pdf"]


def test_same_html_gives_the_same_bytes(kyrgyz_site, tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOTS / "kyrgyz-pdf" / "content"),
                                                                    "SHADOWREPORT_CACHE_PATH": str(cache_of(kyrgyz_site))})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    generator.charts.exporter.export(generator.charts.all())  # the build drew them: from the cache
    job = next(j for j in pdf_jobs(generator.report, generator.environment(), generator.theme, settings, generator.charts)
               if j.path == "pdf/commitment-S1.pdf")
    fonts = decompressed_fonts(STATIC, tmp_path / "pdf")
    first = render_pdf(job.html, str(STATIC), job.identifier, fonts).pdf
    second = render_pdf(job.html, str(STATIC), job.identifier, fonts).pdf
    assert first == second == (kyrgyz_site / job.path).read_bytes()


def test_pdfs_load_nothing_from_other_hosts(tmp_path):
    fetcher = LocalFetcher(str(STATIC), {})
    assert fetcher.fetch((STATIC / "css" / "print.css").as_uri()).read().startswith(b"/*")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    for url in ("https://example.org/font.woff2", "http://localhost/x.css", outside.as_uri(),
                (STATIC / ".." / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# the demonstration report ---------------------------------------------------------


def test_demo_pdfs(demo):
    report = load_report(ROOT)
    for _lang, commitment, path in every_pdf(report, demo):
        assert path.is_file(), path
        if commitment is not None:
            assert path.stat().st_size < 1_000_000, (path, path.stat().st_size)
    path = demo / pdf_path(report, report.languages[-1], report.commitments[0].id)
    meta = info(path)
    assert meta["Tagged"] == "yes" and meta["Author"] == report.organisation.get(report.languages[-1])
    for lang in report.languages:
        for font in pdffonts(demo / pdf_path(report, lang)):
            assert font["emb"] == "yes" and font["sub"] == "yes", font
            assert is_project_font(font["name"]), (lang, font)


def test_unique_ids_follow_every_kind_of_reference():
    from shadowreport.pdf.documents import unique_ids

    html = ('<p id="a"><a href="#fn:1">1</a> <a href="https://example.org/#fn:1">web</a></p>'
            '<svg><clipPath id="clip1"></clipPath><g clip-path="url(#clip1)" style="clip-path: url(&quot;#clip1&quot;)">'
            '<use xlink:href="#clip1"></use></g></svg>')
    assert unique_ids(html, "c7-") == (
        '<p id="c7-a"><a href="#c7-fn:1">1</a> <a href="https://example.org/#fn:1">web</a></p>'
        '<svg><clipPath id="c7-clip1"></clipPath><g clip-path="url(#c7-clip1)" style="clip-path: url(&quot;#c7-clip1&quot;)">'
        '<use xlink:href="#c7-clip1"></use></g></svg>')


def test_pdfs_can_be_switched_off_for_drafts(tmp_path):
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(ROOTS / "english-default" / "content"),
                 SHADOWREPORT_PDFS=False, SHADOWREPORT_PDF_CACHE=str(tmp_path / "cache")) == 0
    assert not list(output.rglob("*.pdf"))
    assert (output / "commitments/J1/index.html").is_file()
    assert not parse(output / "commitments/J1/index.html").xpath("//*[@class='pdf-link']")
    assert not parse(output / "index.html").xpath("//*[@class='pdf-link']")


def test_chart_titles_are_vector_text_in_the_pdfs(demo):
    """The charts go into the PDF as SVG: their titles and axis labels are
    text a reader can select and search, and no chart is a picture."""
    report = load_report(ROOT)
    for commitment in report.commitments:
        for lang in report.languages:
            finding = commitment.finding(lang, report.default_lang)
            if not finding.charts:
                continue
            path = demo / pdf_path(report, lang, commitment.id)
            printed = " ".join(text(path).split())
            for spec in finding.charts:
                title = " ".join(spec.text["title"].get(lang).split())
                assert title and printed.count(title) >= 2, (path, title)  # the figure's own text and its caption
            assert "image" not in run("pdfimages", "-list", str(path)).split("\n", 2)[-1], path


def test_timelines_print_with_the_commitment_not_in_the_whole_report():
    """The whole report keeps each milestones table and leaves out the
    timeline that repeats it (half its HTML; the one-edit rebuild waits for it)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOTS / "english-default" / "content")})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    generator.charts.exporter.export(generator.charts.all())
    jobs = {job.path: job.html for job in pdf_jobs(generator.report, generator.environment(), generator.theme,
                                                   settings, generator.charts)}
    assert "chart--timeline" in jobs["pdf/commitment-J1.pdf"]
    assert "chart--timeline" not in jobs["pdf/report.pdf"]
    assert jobs["pdf/report.pdf"].count('class="milestones"') == 2  # J1 and B1 have milestones
