"""What each page shows, computed from the model: the figures of the
overview, the commitments of an area, one commitment in one language.

Templates only lay these out; the PDFs and the open data read the same views.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Commitment, Report
from .scales import COMPLETION


def lang_prefix(report: Report, lang: str) -> str:
    """Default language at the root, the others under /<lang>/."""
    return "" if lang == report.default_lang else f"{lang}/"


def commitment_path(commitment: Commitment) -> str:
    return f"commitments/{commitment.id}/"


def area_path(area) -> str:
    return f"areas/{area.id}/"


EDITIONS_FOLDER = "editions"


def edition_path(edition) -> str:
    """An edition's own page: its address never changes once published."""
    return f"{EDITIONS_FOLDER}/{edition.id}/"


@dataclass
class StatusCount:
    status: str
    count: int
    share: float  # of all commitments, 0..1


def completion_counts(commitments: list[Commitment]) -> list[StatusCount]:
    counts = Counter(c.completion for c in commitments)
    total = len(commitments) or 1
    return [StatusCount(s, counts[s], counts[s] / total) for s in COMPLETION]


@dataclass
class AreaSummary:
    area: object
    commitments: list[Commitment]
    counts: list[StatusCount]


def area_summaries(report: Report) -> list[AreaSummary]:
    return [
        AreaSummary(area, report.commitments_in(area), completion_counts(report.commitments_in(area)))
        for area in report.areas
    ]


@dataclass
class Comparison:
    """The government's self-assessment beside the monitors' finding."""

    commitments: list[Commitment]  # those where the government reported
    agree: int
    government_claims_more: list[Commitment]
    government_claims_less: int
    not_reported: int


def comparison(report: Report) -> Comparison:
    reported = [c for c in report.commitments if c.government_completion]
    agree = sum(1 for c in reported if c.government_completion == c.completion)
    more = [c for c in reported if c.disagrees]
    less = len(reported) - agree - len(more)
    return Comparison(reported, agree, more, less, len(report.commitments) - len(reported))


def agencies(report: Report, lang: str) -> list[str]:
    return sorted({c.lead_agency.get(lang) for c in report.commitments})
