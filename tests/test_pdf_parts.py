"""The whole report rendered in parts (pdf/parts.py, pdf/assembly.py) and
merged (pdf/merge.py): one tagged PDF with the contents' page numbers, the
links, bookmarks and structure of one document, and a rebuild after an edit
that lays out only the part holding the edited commitment."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from pelican.settings import read_settings

from conftest import ROOT, cache_of
from shadowreport.generator import ReportGenerator
from shadowreport.loader import load_report
from shadowreport.pdf.cache import read_last_run
from shadowreport.pdf.documents import pdf_jobs
from shadowreport.pdf.links import pdf_path
from shadowreport.pdf.parts import CROSS_PART_SCHEME, PART_MARK, split_report, whole_html
from tests.support.pdf import build_with_cache, contents_entries, destinations, text, words


def demo_report_html(lang: str = "ru") -> str:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    jobs = pdf_jobs(generator.report, generator.environment(), generator.theme, settings)
    return next(job.html for job in jobs if job.commitment_id is None and job.lang == lang)


def test_the_report_is_cut_only_where_a_page_starts_and_nothing_is_lost():
    html = demo_report_html()
    parts = split_report(html)
    assert whole_html(parts).replace(PART_MARK, "") == html.replace(PART_MARK, "")
    assert 'class="cover"' in parts.front and 'class="toc"' in parts.front
    assert 'id="summary"' not in parts.front
    # summary and overview; three areas of at most ten commitments each; free pages, annex and colophon
    assert len(parts.bodies) == 5
    for body in parts.bodies:  # every part opens with a block that starts a page
        first = body.lstrip()
        assert first.startswith(('<section class="part', '<section class="area-part"', '<div class="commitment-run')), first[:80]
    assert sum(body.count('<article class="commitment"') for body in parts.bodies) == 18
    ids = [anchor for own in parts.anchors for anchor in own]
    assert len(ids) == len(set(ids)), sorted(anchor for anchor in set(ids) if ids.count(anchor) > 1)
    # within a part too: a commitment's rating history is a section of its own in each commitment
    every_id = re.findall(r'\sid="([^"]*)"', html)
    assert len(every_id) == len(set(every_id)), sorted(anchor for anchor in set(every_id) if every_id.count(anchor) > 1)
    assert 'id="commitment-9-history"' in html


def test_a_theme_without_part_marks_gives_one_document():
    html = demo_report_html().replace(PART_MARK, "")
    parts = split_report(html)
    assert parts.bodies == () and whole_html(parts) == html


def walk(element, seen):
    """Every structure element under `element`."""
    if isinstance(element, pikepdf.Dictionary) and element.get("/Type") != "/OBJR":
        seen.append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid, seen)
    return seen


def test_merged_report_is_one_tagged_document(demo):
    report = load_report(ROOT)
    path = demo / pdf_path(report, report.default_lang)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen for page in pdf.pages}
        tree = pdf.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        keys = {int(nums[i]) for i in range(0, len(nums), 2)}
        assert len(keys) == len(nums) // 2 == int(tree.ParentTreeNextKey)
        elements = walk(tree.K[0], [])
        assert len(elements) > 1000
        assert all(e.Pg.objgen in pages for e in elements if "/Pg" in e)  # on this document's pages
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.StructParent) in keys
                action = annotation.get("/A")
                assert action is None or not str(action.URI).startswith(CROSS_PART_SCHEME)
        assert str(pdf.Root.Lang) == report.default_lang
        with pdf.open_outline() as outline:
            top = [words(item.title) for item in outline.root]
            titles = [words(child.title) for item in outline.root for child in item.children]
        xmp = pdf.open_metadata()
        assert xmp.get("pdfuaid:part") == "1"
    for commitment in report.commitments:
        assert words(commitment.title_in(report.default_lang)) in titles
    assert top[:2] == [words(report.title.get(report.default_lang)), "Содержание"]


def test_contents_link_to_the_commitments_in_other_parts(demo):
    report = load_report(ROOT)
    path = demo / pdf_path(report, "en")
    anchors = destinations(path)
    contents_pages = range(2, anchors["summary"])
    with pikepdf.open(path) as pdf:
        targets = [str(a.Dest) for n in contents_pages for a in pdf.pages[n - 1].obj.get("/Annots", [])]
    assert {f"commitment-{c.id}" for c in report.commitments} <= set(targets)
    assert set(targets) <= set(anchors)


@pytest.fixture
def demo_copy(tmp_path, demo) -> tuple[Path, Path, Path]:
    """A copy of the demo with the caches its build left: a warm rebuild."""
    root = tmp_path / "report"
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(cache_of(demo) / "charts", tmp_path / ".cache" / "charts")  # the test's own cache (conftest)
    cache = tmp_path / "pdf-cache"
    shutil.copytree(cache_of(demo) / "pdf", cache)
    output = tmp_path / "output"
    assert build_with_cache(root, output, cache) == 0
    return root, output, cache


def part_of(root: Path, lang: str, anchor: str) -> str:
    html = next(job.html for job in pdf_jobs(*generator_for(root)) if job.commitment_id is None and job.lang == lang)
    parts = split_report(html)
    return str(next(i for i, own in enumerate(parts.anchors[1:]) if anchor in own))


def generator_for(root: Path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(root / "content")})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], "unused")
    generator.generate_context()
    return generator.report, generator.environment(), generator.theme, settings


def test_an_edit_lays_out_only_its_part_and_a_longer_one_renumbers_the_rest(demo_copy):
    root, output, cache = demo_copy
    assert all(not run["rendered"] for run in read_last_run(cache)["report_parts"].values())

    finding = root / "content" / "commitments" / "09-procurement.en.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence the monitors added.\n\n", 1),
                       encoding="utf-8")
    assert build_with_cache(root, output, cache) == 0
    parts = read_last_run(cache)["report_parts"]
    edited = part_of(root, "en", "commitment-9")
    assert parts["en/pdf/report.pdf"]["rendered"] == [edited, "merge"]
    assert parts["pdf/report.pdf"]["rendered"] == parts["ky/pdf/report.pdf"]["rendered"] == []
    assert "A sentence the monitors added." in words(text(output / "en/pdf/report.pdf"))

    # four pages more: the parts after it are numbered again, the contents too
    before = destinations(output / "en/pdf/report.pdf")
    extra = "\n\n".join(["A long paragraph the monitors added. " * 40] * 8)
    finding.write_text(finding.read_text(encoding="utf-8") + "\n\n" + extra + "\n", encoding="utf-8")
    assert build_with_cache(root, output, cache) == 0
    rendered = read_last_run(cache)["report_parts"]["en/pdf/report.pdf"]["rendered"]
    later = [str(i) for i in range(int(edited) + 1, read_last_run(cache)["report_parts"]["en/pdf/report.pdf"]["parts"] - 1)]
    assert rendered[0] == edited and rendered[-2:] == ["front", "merge"]
    assert sorted(rendered[1:-2]) == sorted(later)  # all at once, in any order
    path = output / "en/pdf/report.pdf"
    after = destinations(path)
    assert after["colophon"] > before["colophon"]
    report = load_report(root)
    entries = contents_entries(path)
    for commitment in report.commitments:
        assert entries[commitment.id] == after[f"commitment-{commitment.id}"]
        assert words(commitment.title_in("en")) in words(text(path, entries[commitment.id]))
    pages = int(len(pikepdf.open(path).pages))
    for page in range(2, pages + 1):
        assert text(path, page).split()[-2:] == ["Page", str(page)], page


# the assembly on a small document of its own, without a build ----------------

def small_report(sections: int, marks: bool = True) -> str:
    css = ("@page { size: A6; @bottom-right { content: 'Page ' counter(page); } } section, nav { break-before: page }"
           " h2 { bookmark-level: 1 } .toc a::after { content: ' ' target-counter(attr(href url), page) }"
           " .toc a[data-page]::after { content: ' ' attr(data-page) }")
    body = "".join(f'{PART_MARK if marks and i % 10 == 0 else ""}<section id="s{i}"><h2>Section {i}</h2>'
                   f'<p>Text {i}, see <a href="#s{(i + 3) % sections}">section {(i + 3) % sections}</a>.</p></section>'
                   for i in range(sections))
    toc = '<nav class="toc"><h2>Contents</h2>' + "".join(f'<p><a href="#s{i}">Section {i}</a></p>' for i in range(sections)) + "</nav>"
    return (f'<!doctype html><html lang="en"><head><title>Small</title><style>{css}</style></head>'
            f'<body><section><h1>Cover</h1></section>{toc}{body}</body></html>')


def assemble(html: str, cache_folder: Path):
    from shadowreport.pdf.assembly import ReportAssembly
    from shadowreport.pdf.cache import PdfCache
    from shadowreport.pdf.documents import PdfJob
    from shadowreport.pdf.render import Renderer

    assembly = ReportAssembly(PdfJob("pdf/report.pdf", "en", None, html), PdfCache(cache_folder), "assets")
    with Renderer(ROOT / "theme" / "static", cache_folder, workers=1) as renderer:
        renderer.run([assembly], [], None)
    return assembly


@pytest.mark.parametrize("marks", [True, False])
def test_assembly_numbers_links_and_caches_its_parts(tmp_path, marks):
    html = small_report(25, marks)
    first = assemble(html, tmp_path / "cache")
    parts = 3 if marks else 0  # 25 sections, 10 a part
    assert [str(slot) for slot in first.rendered] == (["front-count", "0", "1", "2", "front", "merge"] if marks else ["front", "merge"])
    path = tmp_path / "report.pdf"
    path.write_bytes(first.result)
    assert len(split_report(html).bodies) == parts
    anchors = destinations(path)
    start = anchors["s0"]  # after the cover and the contents
    assert len(pikepdf.open(path).pages) == start + 24
    for i in range(25):
        assert anchors[f"s{i}"] == start + i
        assert text(path, start + i).split()[-2:] == ["Page", str(start + i)]
    contents = words(" ".join(text(path, page) for page in range(2, start)))
    assert all(f"Section {i} {start + i}" in contents for i in range(25)), contents
    with pikepdf.open(path) as pdf:  # every "see section" link lands, across parts too
        targets = [str(a.Dest) for page in pdf.pages[start - 1:] for a in page.obj.get("/Annots", [])]
    assert sorted(targets) == sorted(f"s{(i + 3) % 25}" for i in range(25))

    again = assemble(html, tmp_path / "cache")
    assert again.rendered == [] and again.result == first.result


def test_a_part_ending_in_a_line_or_two_is_set_tighter_and_the_next_numbered_from_it(tmp_path):
    """fit.PART: a part whose last page would hold a line or two is laid out
    with tighter spacing (never smaller type); the parts after it are
    numbered from the length it was given."""
    import weasyprint

    from shadowreport.pdf.fit import last_page_fill

    css = ("@page { size: A6; margin: 10mm; @bottom-right { content: 'Page ' counter(page); } }"
           " html { font: 10pt/1.5 serif } section { break-before: page } p { margin: 0 0 7pt }")

    def document(lines: int) -> str:
        text = "".join(f"<p>Line {i}.</p>" for i in range(lines))
        return (f'<!doctype html><html lang="en"><head><title>Fit</title><style>{css}</style></head><body>'
                f'<section><h1>Cover</h1></section>{PART_MARK}<section id="long">{text}</section>'
                f'{PART_MARK}<section id="next"><p>After.</p></section></body></html>')

    def as_set(lines: int):
        return weasyprint.HTML(string=f"<style>{css}</style>" + "".join(f"<p>Line {i}.</p>" for i in range(lines))).render()

    # the fewest lines that run over onto a second page
    lines = next(n for n in range(5, 60) if len(as_set(n).pages) == 2)
    assert last_page_fill(as_set(lines)) < 0.1
    assembly = assemble(document(lines), tmp_path / "cache")
    path = tmp_path / "report.pdf"
    path.write_bytes(assembly.result)
    anchors = destinations(path)
    assert anchors["long"] == 2 and anchors["next"] == 3  # the long part fits on one page
    assert len(pikepdf.open(path).pages) == 3
    assert text(path, 3).split()[-2:] == ["Page", "3"]
    assert f"Line {lines - 1}." in text(path, 2)
