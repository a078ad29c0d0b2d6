"""Every script from the project's own fonts, and right to left where the
language reads so: built from tests/roots/armenian-arabic (Armenian by
default, Arabic right to left) and the demonstration report, read back with
lxml and poppler (pdffonts, pdftotext -bbox). The browser's side (mirrored
layout, axe, which font files a page downloads) is in test_browser.py.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import ROOT, ROOTS, parse
from shadowreport.fontmaker import codepoints, stylesheets
from shadowreport.fontset import load_fontset
from shadowreport.loader import load_report
from shadowreport.pdf.fonts import print_font_files
from shadowreport.pdf.links import pdf_path
from tests.support.fonts import is_project_font, pdffont_names

FIXTURE = ROOTS / "armenian-arabic"
STATIC = ROOT / "theme" / "static"


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def bbox_words(path: Path, page: int) -> list[dict]:
    """pdftotext's words of one page with their boxes. Right-to-left words
    come as the glyphs are drawn, left to right: "تقرير" reads "ريرقت"."""
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    tree = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    return [{"text": w.text or "", **{k: float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")}}
            for w in tree.iter("{*}word")]


def drawn(word: str) -> str:
    """A right-to-left word as pdftotext gives it."""
    return word[::-1]


# the fonts themselves -------------------------------------------------------------


def test_the_font_stylesheets_are_as_invoke_fonts_writes_them():
    for name, text in stylesheets(load_fontset()).items():
        assert (STATIC / "css" / name).read_text(encoding="utf-8") == text, f"run `invoke fonts`: css/{name} is stale"


@pytest.mark.parametrize("script, sample", [
    ("latin-cyrillic", "Aa Яя өүң ґєії №"), ("armenian", "Հայերեն և"), ("georgian", "ქართული"),
    ("arabic", "العربية ،؟ ٠١٢ پچژگ"),
])
def test_every_script_has_its_letters_and_the_space_in_every_print_face(script, sample):
    """A print face without a letter of its script, or without the space
    WeasyPrint sets between two of its words, prints a box."""
    entry = next(s for s in load_fontset().scripts if s.id == script)
    for face in entry.faces:
        cmap = TTFont(STATIC / "fonts" / f"{face.stem}.woff2").getBestCmap()
        missing = [c for c in sample if ord(c) not in cmap]
        assert not missing, (face.stem, missing)


def test_the_site_parts_of_a_split_script_cover_what_they_claim():
    for script in load_fontset().scripts:
        for part, ranges in script.site_parts.items():
            for face in script.faces:
                cmap = set(TTFont(STATIC / "fonts" / f"{face.stem}.{part}.woff2").getBestCmap())
                whole = set(TTFont(STATIC / "fonts" / f"{face.stem}.woff2").getBestCmap())
                assert cmap == whole & codepoints(ranges), (face.stem, part)


def test_the_site_parts_of_a_split_script_share_out_its_characters():
    """Every character of the script is in exactly one part: none lost to
    the site, none downloaded twice."""
    for script in load_fontset().scripts:
        if script.site_parts:
            parts = [codepoints(ranges) for ranges in script.site_parts.values()]
            assert set().union(*parts) == codepoints(script.ranges), script.id
            assert sum(map(len, parts)) == len(codepoints(script.ranges)), f"{script.id}: parts overlap"


def test_the_pdfs_use_the_full_files_and_every_one_has_a_licence():
    files = print_font_files(STATIC)
    assert files and all(f.name.count(".") == 1 for f in files)  # NotoSans-Regular.woff2, never a site part
    licences = {p.name: p.read_text(encoding="utf-8") for p in (STATIC / "fonts").glob("OFL-*.txt")}
    for script in load_fontset().scripts:
        licence = licences[f"OFL-{script.id}.txt"]
        assert "SIL Open Font License, Version 1.1" in licence and "Copyright" in licence
        for face in script.faces:
            assert f"{face.stem}.woff2" in licence, (script.id, face.stem)


def test_the_licences_are_published_with_the_site(scripts_site):
    published = {p.name for p in (scripts_site / "theme" / "fonts").iterdir()}
    for script in load_fontset().scripts:
        assert f"OFL-{script.id}.txt" in published


# pages ------------------------------------------------------------------------------


def test_pages_carry_their_direction(scripts_site):
    report = load_report(FIXTURE)
    for lang, expected in (("hy", "ltr"), ("ar", "rtl")):
        prefix = "" if lang == report.default_lang else f"{lang}/"
        for path in ("", "commitments/1/", "areas/integrity/", "about/", "open-data/"):
            html = parse(scripts_site / prefix / path / "index.html")
            assert html.xpath("/html/@dir") == [expected], (lang, path)
        switch = parse(scripts_site / prefix / "index.html").xpath("//nav[@class='lang-switcher']//*[@lang='ar']/@dir")
        assert switch == ["rtl"], lang
    # an Armenian finding shown on an Arabic page (no Arabic translation) reads left to right
    fallback = parse(scripts_site / "ar" / "commitments" / "4" / "index.html")
    assert fallback.xpath("//section[contains(@class, 'finding')]/@dir") == ["ltr"]
    assert fallback.xpath("//section[contains(@class, 'finding')]/@lang") == ["hy"]
    # and so does its untranslated chart's title (charts/site.py renders it apart)
    assert set(fallback.xpath("//figure[contains(@class, 'chart')]/figcaption[@lang='hy']/@dir")) == {"ltr"}


def test_the_site_css_uses_no_left_or_right():
    """Logical properties mirror the layout for a right-to-left page; a
    physical side would stay where it is."""
    for name in ("site.css", "charts.css", "shared.css"):
        css = re.sub(r"/\*.*?\*/", "", (STATIC / "css" / name).read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"(margin|padding|border)-(left|right)|text-align: (left|right)|[;{ ](left|right):", css), name


# PDFs ---------------------------------------------------------------------------------


def fixture_pdfs(site: Path):
    report = load_report(FIXTURE)
    for lang in report.languages:
        yield lang, site / pdf_path(report, lang)
        for commitment in report.commitments:
            yield lang, site / pdf_path(report, lang, commitment.id)


def test_pdfs_embed_only_the_projects_fonts(scripts_site):
    seen = set()
    for _lang, path in fixture_pdfs(scripts_site):
        names = pdffont_names(path)
        foreign = [name for name in names if not is_project_font(name)]
        assert not foreign, (path, foreign)
        seen |= {name.split("+", 1)[1] for name in names}
    # the fixture's own scripts really are in them, in their own fonts
    assert {"Report-Sans-Armenian", "Report-Serif-Armenian-Bold", "Report-Sans-Arabic", "Report-Serif-Arabic-Bold"} <= seen


def test_the_demo_russian_pdf_embeds_only_the_projects_fonts(demo):
    report = load_report(ROOT)
    names = pdffont_names(demo / pdf_path(report, "ru"))
    assert names and all(is_project_font(name) for name in names), names


def lines_of(words: list[dict], first: str, second: str) -> list[tuple[dict, dict]]:
    """The boxes of two words that follow each other in the text, on one line."""
    return [(a, b) for a in words for b in words
            if a["text"] == first and b["text"] == second and abs(a["yMin"] - b["yMin"]) < 2]


def line_of(words: list[dict], first: str, second: str) -> tuple[dict, dict]:
    found = lines_of(words, first, second)
    assert found, f"no line with {first!r} and {second!r}"
    return found[0]


def test_arabic_pdf_text_runs_right_to_left(scripts_site):
    path = scripts_site / "ar" / "pdf" / "commitment-1.pdf"
    width = float(re.search(r"Page size:\s+([\d.]+)", run("pdfinfo", str(path)))[1])
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path)))[1])
    # the finding's first sentence, on whichever page the layout puts it:
    # its first word is right of the second
    lines = [line for page in range(1, pages + 1) if (line := lines_of(bbox_words(path, page), drawn("التزمت"), drawn("لجنة")))]
    assert lines, "no page has the finding's first words on one line"
    first, second = lines[0][0]
    assert first["xMin"] > second["xMax"], (first, second)
    words = bbox_words(path, 1)
    # the page furniture is mirrored: the running header (the report's title)
    # starts at the right, the page number sits at the left
    title, after = line_of(words, drawn("تقرير"), drawn("الظل"))
    assert title["xMin"] > after["xMax"] and title["xMax"] > width * 0.8, title
    height = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", run("pdfinfo", str(path)))[1])
    footer = [w for w in words if w["yMin"] > height - 20 * 72 / 25.4]  # in the bottom margin
    assert footer and max(w["xMax"] for w in footer) < width / 2, footer


def test_arabic_chart_text_in_the_pdf_reads_right_to_left(scripts_site):
    """The milestone timeline's axis, "يناير 2025 ... يوليو 2022", reads as a
    browser shows it (charts/direction.py svg_for_print): a month's letters
    drawn from right to left, joined (WeasyPrint drew them apart and
    backwards), each year at the left of its month, so the line starts, at
    the left, with a year. July ("يوليو") is a month only the axis shows."""
    words = bbox_words(scripts_site / "ar" / "pdf" / "commitment-1.pdf", 1)
    for word in words:  # joined letters are presentation forms: compare the letters
        word["text"] = unicodedata.normalize("NFKC", word["text"])
    july = [w for w in words if w["text"] == drawn("يوليو")]
    assert july, [w["text"] for w in words]
    line = sorted((w for w in words if abs(w["yMax"] - july[0]["yMax"]) < 5), key=lambda w: w["xMin"])
    texts = [w["text"] for w in line]
    assert len(texts) >= 4 and len(texts) % 2 == 0, texts
    assert all(re.fullmatch(r"20\d\d", year) for year in texts[0::2]), texts
    assert not any(re.search(r"\d", month) for month in texts[1::2]), texts
