"""The report as one model: what report.yml, the register, the milestones,
the findings and the free pages say, checked and joined.

Every later feature (pages, charts, PDFs, open data, search) reads this model
and nothing else.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from .numberformat import NumberFormat
from .scales import PROGRESS_RANK


@dataclass(frozen=True)
class Text:
    """A text in the default language with its translations (`field_<lang>`)."""

    default: str
    translations: dict[str, str] = field(default_factory=dict)

    def get(self, lang: str) -> str:
        return self.translations.get(lang) or self.default

    def is_translated(self, lang: str) -> bool:
        return bool(self.translations.get(lang))

    def __str__(self) -> str:
        return self.default


_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """`YYYY-MM-DD` or `YYYY-MM`: a plan often only names the month."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        match = _DATE.match(value.strip())
        if not match:
            raise ValueError(value)
        year, month, day = int(match[1]), int(match[2]), match[3]
        day = int(day) if day else None
        datetime.date(year, month, day or 1)  # raises ValueError when impossible
        return cls(year, month, day)

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day:
            return self.first_day()
        if self.month == 12:  # no "following month" computation: 9999-12 has none
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month + 1, 1) - datetime.timedelta(days=1)

    def isoformat(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base

    def __str__(self) -> str:
        return self.isoformat()


@dataclass
class Area:
    id: str
    title: Text
    position: int


@dataclass
class Milestone:
    commitment: str
    number: str
    text: Text
    due: PartialDate
    status: str
    evidence: str  # an address or a file's name under data/; "" when it names a source
    row: int
    source: str = ""  # the id of data/sources.csv the evidence names, "" when none

    @property
    def evidence_is_url(self) -> bool:
        return self.evidence.startswith(("https://", "http://"))


@dataclass
class Document:
    """A Markdown file: a finding or a free page, before and after rendering."""

    source: Path  # absolute path
    name: str  # path relative to the project, for messages
    lang: str
    metadata: dict[str, str]
    body: str  # Markdown, header removed
    body_line: int  # line number of the body's first line in the file
    header_lines: dict[str, int] = field(default_factory=dict)  # key -> line number
    html: str = ""  # filled by the renderer
    charts: list = field(default_factory=list)  # checked chart blocks (charts.spec.ChartSpec)
    images: dict = field(default_factory=dict)  # checked images: the path as written -> images.Image

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def summary(self) -> str:
        return self.metadata.get("summary", "")


@dataclass
class Commitment:
    id: str
    area: Area
    title: Text
    lead_agency: Text
    start: PartialDate
    end: PartialDate
    completion: str
    government_completion: str
    irm_completion: str
    potential_impact: str
    ogp_values: list[str]
    opened_government: str
    ogp_id: str
    row: int
    record: dict[str, str]  # the register row as written, unknown columns included
    milestones: list[Milestone] = field(default_factory=list)
    findings: dict[str, Document] = field(default_factory=dict)  # by language
    skeletons: dict[str, str] = field(default_factory=dict)  # language -> a file still as `invoke new` wrote it (skeletons.py)
    history: list = field(default_factory=list)  # editions.Rating per edition, oldest first, the current one last (editions.py)
    monitored_by: list = field(default_factory=list)  # coalition.Member who monitored it (its finding's Monitored_by)
    reviewed: PartialDate | None = None  # when its finding was last reviewed (its finding's Reviewed)
    replies: dict[str, Document] = field(default_factory=dict)  # the government's reply by language (replies.py)

    def reply(self, lang: str, default_lang: str) -> Document | None:
        """The government's reply in `lang`, else the default language's,
        else the first there is; None without one."""
        return self.replies.get(lang) or self.replies.get(default_lang) or next(iter(self.replies.values()), None)

    def finding(self, lang: str, default_lang: str) -> Document:
        """The finding in `lang`, or the default language's when untranslated."""
        return self.findings.get(lang) or self.findings[default_lang]

    def title_in(self, lang: str) -> str:
        """The finding's own Title wins over the register's title."""
        finding = self.findings.get(lang)
        if finding and finding.title:
            return finding.title
        return self.title.get(lang)

    @property
    def disagrees(self) -> bool:
        """The government reports more progress than the monitors found."""
        government = PROGRESS_RANK.get(self.government_completion)
        monitors = PROGRESS_RANK.get(self.completion, -1)
        return government is not None and government > monitors


@dataclass
class Page:
    slug: str
    versions: dict[str, Document]  # by language
    default_lang: str

    def version(self, lang: str) -> Document:
        if lang in self.versions:
            return self.versions[lang]
        if self.default_lang in self.versions:
            return self.versions[self.default_lang]
        return next(iter(self.versions.values()))


@dataclass
class Report:
    root: Path  # the project folder: content/ and data/ live under it
    content_path: Path
    data_path: Path
    meta: dict  # report.yml as parsed
    title: Text
    organisation: Text
    action_plan: Text
    country: str
    period_start: PartialDate
    period_end: PartialDate
    published: PartialDate | None
    languages: list[str]
    licence: str
    disclaimer: Text  # optional: e.g. "the assessments are illustrative"; empty when not given
    areas: list[Area]
    commitments: list[Commitment]
    pages: list[Page]
    register_columns: list[str]
    milestone_columns: list[str]
    tables: dict = field(default_factory=dict)  # every table of data/ by the name of the CSV it is published as: sources.Table, None if unreadable
    numbers: NumberFormat = field(default_factory=NumberFormat)  # how the datasets write numbers (report.yml's numbers:)
    summary: dict = field(default_factory=dict)  # the executive summary by language (intros.py), {} when none
    area_intros: dict = field(default_factory=dict)  # {area id: {lang: its introduction}} (intros.py)
    logo: object = None  # images.Image of report.yml's optional `logo:`, on the PDFs' cover
    sources: dict = field(default_factory=dict)  # data/sources.csv: sourceregister.Source by id, in the register's order
    editions: list = field(default_factory=list)  # editions.Edition, oldest first: the last is the current one
    members: list = field(default_factory=list)  # coalition.Member, in report.yml's order

    @property
    def current_edition(self):
        return self.editions[-1] if self.editions else None

    @property
    def previous_edition(self):
        return self.editions[-2] if len(self.editions) > 1 else None

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def commitments_in(self, area: Area) -> list[Commitment]:
        return [c for c in self.commitments if c.area is area]

    def commitment(self, commitment_id: str) -> Commitment:
        return next(c for c in self.commitments if c.id == commitment_id)
