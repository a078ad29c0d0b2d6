"""The pages of the site, in every language: which files, which template,
which context. Rendering them is the generator's job (generator.py); the
PDFs and the sitemap list the same pages from here."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import editions, intros, views
from .config import switch
from .coverage import KINDS, coverage
from .model import Report


@dataclass
class PageSpec:
    lang: str
    path: str  # site path without the language prefix, "" or "commitments/7/"
    template: str
    context: dict = field(default_factory=dict)
    kind: str = ""  # overview, commitment, area, page

    def output_file(self, report: Report) -> str:
        return views.lang_prefix(report, self.lang) + self.path + "index.html"


def page_specs(report: Report, settings: dict | None = None) -> list[PageSpec]:
    specs: list[PageSpec] = []
    for lang in report.languages:
        specs.append(PageSpec(lang, "", "overview.html", {
            "counts": views.completion_counts(report.commitments),
            "areas": views.area_summaries(report),
            "comparison": views.comparison(report),
            "agencies": views.agencies(report, lang),
            "glance": views.at_a_glance(report),
            "summary_text": intros.version(report.summary, lang, report.default_lang),
            "changes": editions.changes(report),
        }, "overview"))
        # its "files" are filled in when opendata.py has written them
        specs.append(PageSpec(lang, "open-data/", "open-data.html", {"files": []}, "open-data"))
        for commitment in report.commitments:
            finding = commitment.finding(lang, report.default_lang)
            specs.append(PageSpec(lang, views.commitment_path(commitment), "commitment.html", {
                "commitment": commitment,
                "finding": finding,
                "fallback": finding.lang != lang,
                "history": editions.steps(commitment) if len(commitment.history) > 1 else [],
                "finding_edition": editions.finding_edition(report, commitment),
                "reply": commitment.reply(lang, report.default_lang),
            }, "commitment"))
        for summary in views.area_summaries(report):
            specs.append(PageSpec(lang, views.area_path(summary.area), "area.html", {
                "summary": summary,
                "intro": intros.version(report.area_intros.get(summary.area.id, {}), lang, report.default_lang),
            }, "area"))
        for edition in report.editions:  # every edition, the current one too: its address exists before the next comes
            rows = editions.edition_rows(report, edition)
            specs.append(PageSpec(lang, views.edition_path(edition), "edition.html", {
                "edition": edition, "rows": rows, "counts": editions.edition_counts(rows),
            }, "edition"))
        for page in report.pages:
            document = page.version(lang)
            specs.append(PageSpec(lang, f"{page.slug}/", "page.html", {
                "page": page,
                "document": document,
                "fallback": document.lang != lang,
            }, "page"))
        if settings and switch(settings.get("SHADOWREPORT_EDITOR_PAGES"), False):  # editors' to-do list, off on a published site
            specs.append(PageSpec(lang, "translations/", "translations.html", editor_context(report, settings), "editor"))
    return specs


def editor_context(report: Report, settings: dict) -> dict:
    """The editors' page: the report's texts each language lacks, and its interface strings."""
    from pathlib import Path

    from .catalogs import interface_coverage

    languages = coverage(report)
    theme = Path(settings.get("THEME") or Path(__file__).resolve().parents[2] / "theme")
    return {"coverage": languages, "kinds": KINDS,
            "interface": {language.lang: interface_coverage(language.lang, theme) for language in languages}}
