"""Translation coverage: what each language still lacks, computed from the
model, for `invoke translations` and the editors' page /translations/.

A missing translation is not a mistake (the site falls back to the default
language and says so); this is the editors' to-do list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Report

# (kind, what the table calls it), in the order an editor works through them
KINDS = (
    ("findings", "Findings"),
    ("titles", "Commitment titles"),
    ("lead_agencies", "Lead agencies"),
    ("milestones", "Milestone texts"),
    ("areas", "Area titles"),
    ("report", "report.yml texts"),
    ("pages", "Pages"),
)
NOT_TEXT = {"country", "licence", "languages", "period", "published", "areas", "logo"}  # codes, dates, lists, a path


@dataclass(frozen=True)
class Missing:
    kind: str  # one of KINDS
    item: str  # what is untranslated: "commitment J2", "milestone 2 of J1"
    where: str  # where to add it: a file, row and column, or a command


@dataclass
class LanguageCoverage:
    lang: str
    totals: dict[str, int] = field(default_factory=dict)  # kind -> how many texts there are
    missing: list[Missing] = field(default_factory=list)

    def missing_of(self, kind: str) -> list[Missing]:
        return [m for m in self.missing if m.kind == kind]

    @property
    def complete(self) -> bool:
        return not self.missing


def coverage(report: Report) -> list[LanguageCoverage]:
    """One LanguageCoverage per language other than the default."""
    return [_language(report, lang) for lang in report.languages[1:]]


def _language(report: Report, lang: str) -> LanguageCoverage:
    result = LanguageCoverage(lang, {kind: 0 for kind, _ in KINDS})

    def count(kind: str, translated: bool, item: str, where: str) -> None:
        result.totals[kind] += 1
        if not translated:
            result.missing.append(Missing(kind, item, where))

    tables = getattr(report, "tables", None) or {}
    register = tables["commitments.csv"].name if tables.get("commitments.csv") else "data/commitments.csv"
    milestones = tables["milestones.csv"].name if tables.get("milestones.csv") else "data/milestones.csv"
    for commitment in report.commitments:
        name = f"commitment {commitment.id}"
        skeleton = commitment.skeletons.get(lang)
        count("findings", lang in commitment.findings, name,
              f"fill in {skeleton} (the skeleton invoke new wrote)" if skeleton
              else f"invoke new --commitment {commitment.id} --lang {lang}")
        finding = commitment.findings.get(lang)
        count("titles", commitment.title.is_translated(lang) or bool(finding and finding.title), name,
              f'{register}, row {commitment.row}, column "title_{lang}" (or Title: in the finding)')
        count("lead_agencies", commitment.lead_agency.is_translated(lang), name,
              f'{register}, row {commitment.row}, column "lead_agency_{lang}"')
        for milestone in commitment.milestones:
            count("milestones", milestone.text.is_translated(lang), f"milestone {milestone.number} of {commitment.id}",
                  f'{milestones}, row {milestone.row}, column "text_{lang}"')
    for area in report.areas:
        count("areas", area.title.is_translated(lang), f"area {area.id}",
              f'data/report.yml, area {area.position}, key "title_{lang}"')
    for key in report_texts(report):
        translated = str(report.meta.get(f"{key}_{lang}") or "").strip()
        count("report", bool(translated), key, f'data/report.yml, key "{key}_{lang}"')
    for page in report.pages:
        count("pages", lang in page.versions, f"page {page.slug}",
              f"content/pages/: a file with Slug: {page.slug} and Lang: {lang}")
    if report.summary:  # the summary and the areas' introductions count as pages (intros.py)
        count("pages", lang in report.summary, "summary", f"content/summary/: a file with Lang: {lang}")
    for area_id, texts in report.area_intros.items():
        count("pages", lang in texts, f"introduction of area {area_id}",
              f"content/areas/: a file with Area: {area_id} and Lang: {lang}")
    return result


def report_texts(report: Report) -> list[str]:
    """The texts of report.yml (title, organisation, action_plan, and any
    text key a later format version adds), without their translations."""
    suffixes = tuple(f"_{lang}" for lang in report.languages)
    return [key for key, value in report.meta.items()
            if isinstance(key, str) and key not in NOT_TEXT and not key.endswith(suffixes)
            and isinstance(value, str) and value.strip()]


def table(report: Report) -> str:
    """The terminal's view: a count per kind and language, then each gap."""
    languages = coverage(report)
    if not languages:
        return f"The report has one language ({report.default_lang}): nothing to translate."
    first = max(len(label) for _, label in KINDS)
    cells = {c.lang: {kind: f"{len(c.missing_of(kind))} of {c.totals[kind]}" for kind, _ in KINDS} for c in languages}
    width = max(len(cell) for by_kind in cells.values() for cell in by_kind.values())
    lines = [f"Missing translations (default language: {report.default_lang}):", ""]
    lines.append(" " * first + "".join(f"  {c.lang:>{width}}" for c in languages))
    for kind, label in KINDS:
        lines.append(f"{label:<{first}}" + "".join(f"  {cells[c.lang][kind]:>{width}}" for c in languages))
    for language in languages:
        lines.append("")
        if language.complete:
            lines.append(f"{language.lang}: everything is translated.")
            continue
        lines.append(f"{language.lang}: {len(language.missing)} missing")
        for kind, label in KINDS:
            if language.missing_of(kind):
                lines.append(f"  {label}:")
                lines += [f"    {missing.item}: {missing.where}" for missing in language.missing_of(kind)]
    return "\n".join(lines)
