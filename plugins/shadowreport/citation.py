"""What a "how to cite" line says (theme/templates/partials/cite.html
writes it in the reader's language): who, which year, the report, the
address, the edition's date. Used on the commitment pages, under every
chart, and in the PDFs."""

from __future__ import annotations

from . import i18n
from .model import Report, Text


def facts(report: Report, lang: str, address: str = "") -> dict[str, str]:
    """The parts of a citation of something at `address` ("" when the site
    has no public address: the line then names none)."""

    def tr(text: Text) -> str:
        return text.get(lang)

    edition = report.published or report.period_end
    return {
        "organisation": tr(report.organisation),
        "year": str(edition.year) if edition else "",
        "report": tr(report.title),
        "address": address,
        "date": i18n.format_partial_date(report.published, lang) if report.published else "",
    }
