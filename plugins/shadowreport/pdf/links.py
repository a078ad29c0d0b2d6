"""Where each PDF was written and how big it is, for the pages linking to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.units import format_unit

from .. import views
from ..i18n import locale_for
from ..model import Report


def pdf_path(report: Report, lang: str, commitment_id: str | None = None) -> str:
    """Site path of a PDF: `pdf/report.pdf`, `es/pdf/commitment-J1.pdf`."""
    name = f"commitment-{commitment_id}.pdf" if commitment_id is not None else "report.pdf"
    return f"{views.lang_prefix(report, lang)}pdf/{name}"


EDITION_LINK = "edition:"  # an edition's PDF is linked as pdf_link("edition:<id>"): no commitment id has a colon


def edition_pdf_path(report: Report, lang: str, edition) -> str:
    """Site path of an edition's PDF: `pdf/edition-mid-term.pdf`; it never changes."""
    return f"{views.lang_prefix(report, lang)}pdf/edition-{edition.id}.pdf"


@dataclass(frozen=True)
class PdfLink:
    path: str  # site path, e.g. "ky/pdf/commitment-7.pdf"
    size: int  # bytes

    def size_text(self, lang: str) -> str:
        """"245 kB", "1,2 МБ": the size in the reader's language."""
        locale = locale_for(lang)
        if self.size >= 1_000_000:
            return format_unit(round(self.size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale)
        return format_unit(max(1, round(self.size / 1000)), "digital-kilobyte", length="short", locale=locale)


@dataclass
class PdfLinks:
    """Every PDF of this build by (language, commitment id or None)."""

    links: dict[tuple[str, str | None], PdfLink] = field(default_factory=dict)

    def link(self, lang: str, commitment_id: str | None = None, shown: set | None = None) -> PdfLink | None:
        """The PDF of a commitment (or of the whole report, without an id) in
        `lang`; None when PDFs are switched off for this build. `shown`
        collects what a page asked for (its cache keeps their sizes)."""
        if shown is not None:
            shown.add((lang, commitment_id))
        return self.links.get((lang, commitment_id))
