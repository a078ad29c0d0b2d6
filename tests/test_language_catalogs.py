"""Every shipped interface language, on real pages and PDFs: no English
interface string is left, an untranslated string is counted (the build warns,
`invoke translations` counts), and no CSS upper-casing changes letters.

One build holds every shipped language at once (without PDFs), plus "de",
which the theme does not ship; a second, small one makes Armenian and
Ukrainian PDFs.
"""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, parse
from shadowreport.build import build
from shadowreport.catalogs import interface_messages
from tests.support.catalogs import SHIPPED, THEME, report_in
from tests.support.files import edit

NOT_SHIPPED = "de"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
# attributes a reader sees or hears (labels, tooltips, the search's messages)
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-label")


def retarget(report: Path, default: str, second: str) -> Path:
    """english-default's English texts become the `default` language's (Armenian:
    the finding's words that are interface strings too are translated), its Spanish
    ones the `second`'s (other texts stay as they are: the interface is tested)."""
    edit(report / "data" / "report.yml", "languages: [en, es]", f"languages: [{default}, {second}]")
    edit(report / "content" / "commitments" / "j2.md", "Lang: en\n", "")
    # the finding's own words that are also interface strings, in the default language
    edit(report / "content" / "commitments" / "j1.md", "## What was promised", "## Ինչ էր խոստացվել")
    edit(report / "content" / "commitments" / "j1.md", "| Year | Published |", "| Տարի | Հրապարակված |")
    for path in [report / "data" / "report.yml", *(report / "data").glob("*.csv")]:
        path.write_text(path.read_text(encoding="utf-8").replace("_es", f"_{second}"), encoding="utf-8")
    for path in report.rglob("*.es.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("Lang: es", f"Lang: {second}"), encoding="utf-8")
        path.rename(path.with_name(path.name.replace(".es.md", f".{second}.md")))
    return report


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build_logged(report: Path, output: Path, **overrides) -> list[str]:
    handler = Collect()
    logging.getLogger().addHandler(handler)
    try:
        assert build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"), **overrides) == 0
    finally:
        logging.getLogger().removeHandler(handler)
    return handler.messages


@pytest.fixture(scope="module")
def every_language(tmp_path_factory):
    """(site, build warnings): en, every shipped language and de, one build, no PDFs."""
    tmp = tmp_path_factory.mktemp("languages")
    report = report_in(tmp, ["en", *[lang for lang in SHIPPED if lang != "en"], NOT_SHIPPED])
    warnings = build_logged(report, tmp / "output", SHADOWREPORT_PDFS=False)
    return tmp / "output", warnings


ARMENIAN_ORGANISATION = "Թափանցիկություն և հաշվետվողականություն"  # "և", which upper-casing would turn into "ԵՒ"


@pytest.fixture(scope="module")
def armenian_pdfs(tmp_path_factory):
    """An Armenian and Ukrainian report with its PDFs."""
    tmp = tmp_path_factory.mktemp("pdfs")
    report = retarget(report_in(tmp, ["en", "es"]), "hy", "uk")
    edit(report / "data" / "report.yml", "organisation: Transparency Watch <Coalition> & Friends",
         f"organisation: {ARMENIAN_ORGANISATION}")
    build_logged(report, tmp / "output")
    return tmp / "output"


def english_strings(lang: str) -> list[tuple[str, re.Pattern]]:
    """(English text, how to find it) of every interface string whose
    translation into `lang` differs from the English ("PDF, %(size)s" does not)."""
    po_file = THEME / "translations" / f"{lang}.po"
    catalog = None
    if po_file.is_file():
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    found = []
    for context, text in interface_messages(THEME):
        if catalog is not None:
            message = catalog.get(text, context=context)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            # the same words, spaced as the language spaces them ("Figure 1 :" in French)
            if any("".join(str(string).split()) == "".join(text.split()) for string in strings):
                continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(text)]
        found.append((text, re.compile(r"(?<!\w)" + r".{1,200}?".join(parts).replace(r"\ ", r"\s+") + r"(?!\w)")))
    return found


def whole_or_part(text: str) -> bool:
    """A string of one word without placeholders ("Status") is looked for as a
    whole label or line, since English content may use the word; longer ones anywhere."""
    return len(PLACEHOLDER.sub("", text).split()) > 1 or bool(PLACEHOLDER.search(text))


def english_in(lang: str, text: str, labels: list[str]) -> list[str]:
    flat = " ".join(text.split())
    labels = [" ".join(label.split()) for label in labels]
    return [english for english, pattern in english_strings(lang)
            if (pattern.search(flat) if whole_or_part(english) else english in labels)]


def page_text(path: Path) -> tuple[str, list[str]]:
    """What a reader of the page sees in its language: its text (no scripts,
    styles, hidden chart words; no content shown in another language, which
    the page marks with lang) and each element's own text and shown attributes."""
    page = parse(path)
    for element in page.xpath("//script|//style|//template"):
        element.drop_tree()
    lang = page.get("lang")
    labels = []
    for element in page.iter():
        if not isinstance(element.tag, str) or in_language(element) != lang:
            continue
        labels += [text_in(element, lang), element.text or ""] + [child.tail or "" for child in element]
        labels += [element.get(name) for name in SHOWN_ATTRIBUTES if element.get(name)]
        labels += [value for name, value in element.attrib.items() if name.startswith("data-text-")]
    return text_in(page, lang) + " " + " ".join(labels), labels


def text_in(element, lang: str) -> str:
    """The element's text without what its descendants show in another language."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.get("lang") not in (None, lang):
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.append(text_in(child, lang))
        parts.append(child.tail or "")
    return "".join(parts)


def in_language(element) -> str | None:
    """The language of an element's text: its own lang, or its nearest ancestor's."""
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


def pages_of(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if parse(p).get("lang") == lang)


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED if lang != "en"])
def test_no_english_interface_string_on_the_pages(every_language, lang):
    site, _ = every_language
    pages = pages_of(site, lang)
    assert len(pages) >= 8, f"{lang}: {len(pages)} pages"
    left = {}
    for path in pages:
        text, labels = page_text(path)
        english = english_in(lang, text, labels)
        if english:
            left[str(path.relative_to(site))] = english
    assert not left, f"English interface strings on the {lang} pages: {left}"


def test_dates_sit_in_sentences_of_their_language(every_language):
    """A date that ends in an abbreviation ("2023 թ.", "2023 г.") never meets
    the sentence's own full stop ("… 2023 թ.."): each language's sentence is
    built around it. And its month names are the page's language's."""
    site, _ = every_language
    doubled = {}
    for lang in SHIPPED:
        for path in pages_of(site, lang):
            text, _ = page_text(path)
            found = re.findall(r"\w\.\.(?!\.)", text)
            if found:
                doubled[str(path.relative_to(site))] = found
    assert not doubled
    overview = " ".join(page_text(site / "hy" / "index.html")[0].split())
    assert "15 սեպտեմբերի, 2023 թ." in overview and "September" not in overview


def test_the_check_finds_english_where_there_is_no_catalog(every_language):
    """The test above can fail: a language without a catalog shows the English interface, and it is found."""
    site, _ = every_language
    overview = pages_of(site, NOT_SHIPPED)[0]
    found = english_in(NOT_SHIPPED, *page_text(overview))
    assert {"Skip to content", "Language"} <= set(found), found


def test_the_build_warns_about_a_language_without_a_catalog(every_language):
    _, warnings = every_language
    interface = [w for w in warnings if "interface" in w]
    total = len(interface_messages(THEME))
    assert interface == [
        f"shadowreport: The interface has no catalog for German (de): all {total} interface strings of its pages "
        "and PDFs show in English. `invoke translations --add de` writes theme/translations/de.po to translate."
    ]


# Pagefind 1.5 has stemmers for these (the Snowball ones); docs/content-format.md lists the others
STEMMED = {"en", "es", "fr", "pt", "ar", "hy", "ru", "de"}


def test_search_index_stems_each_language_pagefind_can(every_language):
    """Each page language gets its own index from the page's <html lang>,
    stemmed where Pagefind has a stemmer ("wasm" names it), whole words elsewhere."""
    import json

    site, _ = every_language
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert sorted(entry) == sorted(["en", *[lang for lang in SHIPPED if lang != "en"], NOT_SHIPPED])
    assert {lang for lang, index in entry.items() if index["wasm"] == lang} == STEMMED
    assert {lang for lang, index in entry.items() if index["wasm"] is None} == {"uk", "ka", "mn", "ky"}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def pdfs_of(site: Path, lang: str) -> list[Path]:
    """The PDFs of `lang` in the Armenian (default) and Ukrainian report."""
    return sorted((site / "pdf" if lang == "hy" else site / lang / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("lang", ["hy", "uk"])
def test_no_english_interface_string_in_the_pdfs(armenian_pdfs, lang):
    pdfs = pdfs_of(armenian_pdfs, lang)
    assert len(pdfs) >= 3, f"{lang}: {pdfs}"
    left = {}
    for path in pdfs:
        text = pdf_text(path)
        english = english_in(lang, text, [line.strip() for line in text.splitlines()])
        if english:
            left[path.name] = english
    assert not left, f"English interface strings in the {lang} PDFs: {left}"


# every shipped language's PDFs: hy and uk above; ar in test_scripts.py; ru, ky
# and en in the demo's and the fixtures' PDF tests; these five here
OTHER_PDF_LANGUAGES = ["ka", "es", "fr", "pt", "mn"]


@pytest.fixture(scope="module")
def other_pdfs(tmp_path_factory):
    """A Georgian report (default) with Spanish, French, Portuguese and
    Mongolian versions, and its PDFs."""
    tmp = tmp_path_factory.mktemp("other-pdfs")
    report = retarget(report_in(tmp, ["en", "es"]), "ka", "es")
    edit(report / "data" / "report.yml", "languages: [ka, es]", f"languages: [{', '.join(OTHER_PDF_LANGUAGES)}]")
    build_logged(report, tmp / "output")
    return tmp / "output"


@pytest.mark.parametrize("lang", OTHER_PDF_LANGUAGES)
def test_every_shipped_language_s_pdfs_have_its_interface_and_only_the_project_s_fonts(other_pdfs, lang):
    from tests.support.fonts import is_project_font, pdffont_names

    pdfs = sorted((other_pdfs / "pdf" if lang == "ka" else other_pdfs / lang / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 3, f"{lang}: {pdfs}"
    for path in pdfs:
        text = pdf_text(path)
        english = english_in(lang, text, [line.strip() for line in text.splitlines()])
        assert not english, f"English interface strings in {lang}'s {path.name}: {english}"
        fonts = pdffont_names(path)
        assert fonts and all(is_project_font(name) for name in fonts), (path.name, fonts)


def test_armenian_letters_are_not_upper_cased_in_the_pdf(armenian_pdfs):
    text = " ".join(pdf_text(armenian_pdfs / "pdf" / "report.pdf").split())
    assert ARMENIAN_ORGANISATION in text and "ԵՒ" not in text


def test_no_css_changes_the_case_of_letters():
    """Upper-casing turns Armenian "և" into "ԵՒ" and Georgian into Mtavruli."""
    found = {css.name: re.findall(r"text-transform\s*:\s*(uppercase|capitalize|full-width)", css.read_text(encoding="utf-8"))
             for css in (THEME / "static" / "css").glob("*.css")}
    assert not any(found.values()), found


def test_armenian_page_shows_its_letters_as_written(every_language, chromium):
    site, _ = every_language
    page = chromium.new_page()
    try:
        page.goto((site / "hy" / "index.html").as_uri())
        transformed = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => getComputedStyle(e).textTransform !== 'none'
                      || getComputedStyle(e, '::before').textTransform !== 'none')
            .map(e => e.tagName + '.' + e.className)""")
        assert transformed == []
        shown = page.evaluate("() => document.body.innerText")
        assert "Տեխնոլոգիաներ և նորարարություն" in shown or "և" in shown
        assert "ԵՒ" not in shown
    finally:
        page.close()
