"""What the pages and the PDFs show of the register of sources: each
finding's numbered references, and the whole report's bibliography.

The entry of a source (publisher, year, title) is written by citeproc-py
with the Harvard style it ships (harvard-cite-them-right.csl), so that no
network is needed; the addresses, the archived copy, the file and the date
of access are added by the templates (theme/templates/partials/reference.html)
with the site's own words and Babel's dates, as citeproc-py has no Kyrgyz
locale and writes Russian months in the nominative ("1 сентябрь").
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

from markupsafe import Markup

from .citations import ANCHOR, cited_ids
from .model import Commitment, Document, Report
from .sourceregister import Source

STYLE = "harvard-cite-them-right"  # bundled with citeproc-py: no download
# CSL locales citeproc-py ships, by the site's language; Kyrgyz has none, and
# takes the Russian one for its punctuation (quotes «»): an entry has no terms
CSL_LOCALES = {"ru": "ru-RU", "ky": "ru-RU", "en": "en-GB", "uk": "uk-UA", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}


@dataclass(frozen=True)
class Reference:
    number: int
    source: Source
    anchor: str  # the id of its entry in the list: source-<id>
    entry: Markup  # publisher (year) title, formatted


@functools.lru_cache(maxsize=8)
def _style(lang: str):
    from citeproc import CitationStylesStyle

    # a language without a CSL locale: the style's terms in English; the
    # entry has none of them (its date is required, its links are ours)
    return CitationStylesStyle(STYLE, locale=CSL_LOCALES.get(lang, "en-GB"), validate=False)


def _csl_item(key: str, source: Source, lang: str) -> dict:
    """The source as CSL-JSON, escaped: citeproc-py's HTML does not escape."""
    date = [source.date.year, source.date.month] + ([source.date.day] if source.date.day else [])
    return {"id": key, "type": "webpage" if source.url else "document",
            "title": html.escape(source.title.get(lang)), "author": [{"literal": html.escape(source.publisher.get(lang))}],
            "issued": {"date-parts": [date]}}


def format_entries(sources: list[Source], lang: str) -> dict[str, Markup]:
    """Each source's entry in `lang`, by id."""
    if not sources:
        return {}
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    keys = {f"s{index}": source for index, source in enumerate(sources)}
    bibliography = CitationStylesBibliography(_style(lang), CiteProcJSON([_csl_item(k, s, lang) for k, s in keys.items()]),
                                              formatter.html)
    for key in keys:
        bibliography.register(Citation([CitationItem(key)]))
    return {keys[key].id: Markup(str(entry)) for key, entry in zip(bibliography.keys, bibliography.bibliography())}


class References:
    """The report's sources, formatted once per language."""

    def __init__(self, report: Report):
        self.report = report
        self._entries: dict[str, dict[str, Markup]] = {}

    def entries(self, lang: str) -> dict[str, Markup]:
        if lang not in self._entries:
            self._entries[lang] = format_entries(list(self.report.sources.values()), lang)
        return self._entries[lang]

    def of(self, document: Document | None, lang: str, commitment: Commitment | None = None) -> list[Reference]:
        """A document's references, numbered as its citations are; then the
        sources its commitment's milestones name as evidence."""
        ids = cited_ids(document.html) if document is not None else []
        for milestone in commitment.milestones if commitment else []:
            if milestone.source and milestone.source not in ids:
                ids.append(milestone.source)
        entries = self.entries(lang)
        return [Reference(number, self.report.sources[source_id], ANCHOR + source_id, entries[source_id])
                for number, source_id in enumerate(ids, start=1) if source_id in self.report.sources]

    def bibliography(self, lang: str) -> list[tuple[Source, Markup, list[Commitment]]]:
        """Every source of the register, by publisher and date, with the
        commitments whose finding or milestones cite it."""
        entries = self.entries(lang)
        cited_by: dict[str, list[Commitment]] = {}
        for commitment in self.report.commitments:
            finding = commitment.finding(lang, self.report.default_lang)
            for reference in self.of(finding, lang, commitment):
                cited_by.setdefault(reference.source.id, []).append(commitment)
        ordered = sorted(self.report.sources.values(),
                         key=lambda s: (s.publisher.get(lang).casefold(), s.date, s.title.get(lang).casefold()))
        return [(source, entries[source.id], cited_by.get(source.id, [])) for source in ordered]
