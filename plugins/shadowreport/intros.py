"""The authors' texts that belong to the report or to an area rather than
to one commitment (docs/content-format.md, "Summary" and "Area
introductions"):

    content/summary/*.md   the executive summary: one file per language
                           (Lang:), shown at the top of the overview and
                           as the whole-report PDF's opening pages
    content/areas/*.md     an area's introduction: one file per area per
                           language (Area: <id of report.yml>, Lang:),
                           shown at the top of the area's page

Both are optional. When one exists in any language it must exist in the
default language, as a finding must: the other languages fall back to it.
"""

from __future__ import annotations

from pathlib import Path

from . import documents
from .errors import Problem, did_you_mean, quote
from .model import Document

SUMMARY_FOLDER = "summary"
AREAS_FOLDER = "areas"


def version(texts: dict[str, Document], lang: str, default_lang: str) -> Document | None:
    """The text in `lang`, else the default language's, else none."""
    return texts.get(lang) or texts.get(default_lang)


def load(content: Path, root: Path, languages: list[str], areas: dict | None, problems: list[Problem]):
    """The summary, the areas' introductions and all their documents in one
    list (for the checks every text gets: charts, images, scale blocks)."""
    summary = load_summary(content, root, languages, problems)
    area_intros = load_area_intros(content, root, languages, areas, problems)
    return summary, area_intros, [*summary.values(), *(d for by_lang in area_intros.values() for d in by_lang.values())]


def load_summary(content: Path, root: Path, languages: list[str], problems: list[Problem]) -> dict[str, Document]:
    folder = content / SUMMARY_FOLDER
    by_lang: dict[str, Document] = {}
    for document in documents.read_folder(folder, root, languages, problems, content=content):
        other = by_lang.get(document.lang)
        if other is not None:
            problems.append(Problem(document.name, documents.header_line(document, "lang"), 'key "Lang"', document.lang,
                                    f"already has a summary in {quote(document.lang)}: {other.name} (one summary per language)"))
            continue
        by_lang[document.lang] = document
    if by_lang and languages[0] not in by_lang and languages[0] != documents.UNREAD_DEFAULT:
        problems.append(Problem(f"content/{SUMMARY_FOLDER}", expected=(
            f"has no summary in the default language {quote(languages[0])}: add a Markdown file with Lang: {languages[0]} "
            "(the other languages show it where they have none)")))
    return by_lang


def load_area_intros(content: Path, root: Path, languages: list[str], areas: dict | None,
                     problems: list[Problem]) -> dict[str, dict[str, Document]]:
    """{area id: {lang: its introduction}}. `areas` None: report.yml's areas
    have a mistake, and the Area: keys go unchecked."""
    intros: dict[str, dict[str, Document]] = {}
    for document in documents.read_folder(content / AREAS_FOLDER, root, languages, problems, content=content):
        area_id = document.metadata.get("area", "").strip()
        line = documents.header_line(document, "area")
        if not area_id:
            problems.append(Problem(document.name, "line 1", 'key "Area"',
                                    expected="is missing: an area introduction names the id of its area in data/report.yml"))
            continue
        if areas is not None and area_id not in areas:
            problems.append(Problem(document.name, line, 'key "Area"', area_id, "is not an id of the areas in data/report.yml",
                                    did_you_mean(area_id, areas)))
            continue
        texts = intros.setdefault(area_id, {})
        if document.lang in texts:
            problems.append(Problem(document.name, line, 'key "Area"', area_id,
                                    f"already has an introduction in {quote(document.lang)}: {texts[document.lang].name} "
                                    "(one file per area per language)"))
            continue
        texts[document.lang] = document
    for area_id, texts in intros.items():
        if languages[0] not in texts and languages[0] != documents.UNREAD_DEFAULT:
            problems.append(Problem(f"content/{AREAS_FOLDER}", "", "", area_id,
                                    f"has no introduction in the default language {quote(languages[0])}: add a Markdown file "
                                    f"with Area: {area_id} and Lang: {languages[0]}"))
    return intros
