"""What each page shows, computed from the model: the figures of the
overview, the commitments of an area, one commitment in one language.

Templates only lay these out; the PDFs and the open data read the same views.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Commitment, Report
from .scales import COMPLETION, OPENED_GOVERNMENT, POTENTIAL_IMPACT, STRONG_COMPLETION, STRONG_OPENED


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


@dataclass
class ScaleCount:
    value: str  # a value of the scale, "" for the commitments it does not rate
    count: int


@dataclass
class AtAGlance:
    """The summary's box, as the IRM's reports have one: counts by each
    scale, the commitments with strong results and those where the
    government claims more than the monitors found. Computed from the
    register, never written by hand."""

    total: int
    completion: list[ScaleCount]
    potential_impact: list[ScaleCount]
    opened_government: list[ScaleCount]
    strong: list[Commitment]  # completion substantial or complete AND opened government major or outstanding
    government_claims_more: list[Commitment]
    government_reported: int
    strong_completion: tuple[str, ...] = STRONG_COMPLETION  # the rule of `strong`, said beside it
    strong_opened: tuple[str, ...] = STRONG_OPENED


def scale_counts(commitments: list[Commitment], field: str, scale: tuple[str, ...]) -> list[ScaleCount]:
    """Each value's count in the scale's order, then the commitments the
    field leaves empty (value ""), each only when it counts any."""
    counts = Counter(getattr(c, field) for c in commitments)
    return [ScaleCount(value, counts[value]) for value in (*scale, "") if counts[value]]


def strong_results(commitments: list[Commitment]) -> list[Commitment]:
    return [c for c in commitments if c.completion in STRONG_COMPLETION and c.opened_government in STRONG_OPENED]


def at_a_glance(report: Report) -> AtAGlance:
    commitments = report.commitments
    compared = comparison(report)
    return AtAGlance(
        total=len(commitments),
        completion=scale_counts(commitments, "completion", COMPLETION),
        potential_impact=scale_counts(commitments, "potential_impact", POTENTIAL_IMPACT),
        opened_government=scale_counts(commitments, "opened_government", OPENED_GOVERNMENT),
        strong=strong_results(commitments),
        government_claims_more=compared.government_claims_more,
        government_reported=len(compared.commitments),
    )
