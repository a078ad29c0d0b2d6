"""Procurement indicators of an OCDS file (docs/content-format.md, "Recipes").

ocdskit compiles the releases into one compiled release per procedure
(ocid), its SQLite backend holding them on disk, not in memory; ocdscardinal
counts which stages each procedure has published (coverage); pandas does
the rest. Only a few numbers per procedure are kept in memory (arrays of
some 30 bytes a procedure), never the releases.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import math
import warnings
from array import array
from pathlib import Path

import ocdscardinal
import pandas as pd
from ocdskit.combine import merge
from ocdskit.exceptions import OCDSKitWarning
from ocdsmerge.exceptions import OCDSMergeWarning

from .. import limits
from ..errors import Problem
from . import ocdsread, rawfiles

logger = logging.getLogger(__name__)

# release-schema.json of OCDS 1.1 (open-contracting/standard, branch 1.1,
# commit 715687a, Apache-2.0): its merge rules, read offline, so that
# ocdskit never fetches a schema while a report builds
SCHEMA_FILE = Path(__file__).with_name("release-schema-1.1.json")
BREAKDOWNS = ("year", "buyer", "procedure_type", "stage")
STAGES = ("planning", "tender", "award", "contract", "implementation")
COMPETITIVE_METHODS = ("open", "selective")  # tender.procurementMethod codes that are competitive
INDICATORS = ("procedures", "single_bidder_share", "competitive_share", "average_bids", "median_days_to_award", "coverage")
STAGE_ONLY = ("coverage",)  # the indicators broken down by stage, and the only ones that are


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


class _Facts:
    """What the indicators need of each procedure, as compact arrays."""

    def __init__(self):
        self.year, self.buyer, self.method = array("i"), array("i"), array("i")  # 0: unknown; codes into `names`
        self.bids, self.days = array("d"), array("d")  # NaN: unknown
        self.names: dict[str, int] = {"": 0}

    def code(self, text: str) -> int:
        return self.names.setdefault(text, len(self.names))

    def add(self, release: dict) -> tuple:
        """Keep one compiled release's facts; its breakdown key (year, buyer, procedure_type)."""
        tender = _object(release, "tender")
        start = _date(_object(tender, "tenderPeriod").get("startDate")) or _date(tender.get("datePublished")) or _date(release.get("date"))
        buyer = _object(release, "buyer")
        buyer_name = str(buyer.get("name") or buyer.get("id") or "").strip()
        method = str(tender.get("procurementMethod") or "").strip()
        awarded = [d for d in (_date(a.get("date")) for a in _list(release, "awards") if isinstance(a, dict)) if d]
        self.year.append(start.year if start else 0)
        self.buyer.append(self.code(buyer_name))
        self.method.append(self.code(method))
        self.bids.append(_bids(release, tender))
        self.days.append(float((min(awarded) - start).days) if awarded and start else math.nan)
        return (start.year if start else None, buyer_name, method)

    def frame(self) -> pd.DataFrame:
        labels = list(self.names)
        text = lambda codes: pd.Series(  # noqa: E731 - groups come in alphabetical order
            pd.Categorical.from_codes(list(codes), categories=labels).reorder_categories(sorted(labels)))
        return pd.DataFrame({
            "year": pd.array([y or None for y in self.year], dtype="Int64"), "buyer": text(self.buyer),
            "procedure_type": text(self.method), "bids": pd.Series(self.bids, dtype="float64"),
            "days": pd.Series(self.days, dtype="float64"),
        })


def _object(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _bids(release: dict, tender: dict) -> float:
    """Bids received: tender.numberOfTenderers, else the bids extension's
    bids.details, else tender.tenderers; NaN when none of them is published."""
    number = tender.get("numberOfTenderers")
    if isinstance(number, (int, float)) and not isinstance(number, bool) and number >= 0:
        return float(number)
    details = _object(release, "bids").get("details")
    if isinstance(details, list):
        return float(len(details))
    tenderers = tender.get("tenderers")
    return float(len(tenderers)) if isinstance(tenderers, list) else math.nan


def _stages(release: dict) -> dict:
    """The objects of each stage of one procedure, for ocdscardinal to count
    (a stage is published when its object holds a non-empty value)."""
    contracts = [c for c in _list(release, "contracts") if isinstance(c, dict)]
    return {"planning": release.get("planning"), "tender": release.get("tender"), "award": release.get("awards"),
            "contract": contracts, "implementation": [c.get("implementation") for c in contracts]}


def compute(path: Path, name: str, by: list[str], indicators: list[str], workdir: Path,
            problems: list[Problem]) -> list[dict] | None:
    """The rows of the indicators broken down `by`, or None after a Problem."""
    return compute_many(path, name, [(by, indicators)], workdir, problems)[0]


def compute_many(path: Path, name: str, requests: list[tuple[list[str], list[str]]], workdir: Path,
                 problems: list[Problem]) -> list[list[dict] | None]:
    """The rows of each request (by, indicators) of one file, compiled once
    for all of them (compiling is most of the cost); Nones after a Problem."""
    raw_problems = rawfiles.Problems(name, problems)
    facts = _Facts()
    coverages = [_CoverageFiles(Path(workdir) / f"request-{n}", "stage" in by) for n, (by, _) in enumerate(requests)]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            releases = (release for _, release in ocdsread.items(path, name, raw_problems))
            for compiled in merge(releases, schema=_schema(), ignore_version=True, convert_exceptions_to_warnings=True):
                key = facts.add(compiled)
                if not _write_stages(compiled, key, requests, coverages, raw_problems):
                    break
        for warning in caught:
            if issubclass(warning.category, (OCDSKitWarning, OCDSMergeWarning)):
                raw_problems.add("", f"cannot be compiled by ocdskit: {warning.message}")
            else:  # not about the file: another library's, or a file of this process closed by the garbage collector
                logger.debug("while compiling %s: %s: %s", name, warning.category.__name__, warning.message)
        raw_problems.finish()
        if raw_problems.count:
            return [None] * len(requests)
        if not len(facts.year):
            problems.append(Problem(name, expected="has no releases"))
            return [None] * len(requests)
        frame = facts.frame()
        return [_rows(frame, by, indicators, coverage.counted() if coverage.wanted else {})
                for (by, indicators), coverage in zip(requests, coverages)]
    finally:
        for coverage in coverages:
            coverage.remove()


def _write_stages(compiled: dict, key: tuple, requests, coverages, raw_problems) -> bool:
    """The procedure's stages into its group's file of each request by stage; False past the groups' limit."""
    for (by, _), coverage in zip(requests, coverages):
        if coverage.wanted and not coverage.write(_group(key, by), _stages(compiled)):
            raw_problems.add("", f'has more than {limits.MAX_COVERAGE_GROUPS} groups of {", ".join(b for b in by if b != "stage")}: '
                             "completeness by stage is counted for fewer groups")
            return False
    return True


def _group(key: tuple, by: list[str]) -> tuple:
    values = dict(zip(("year", "buyer", "procedure_type"), key))
    return tuple(values[b] for b in by if b != "stage")


class _CoverageFiles:
    """One JSON Lines file of stages per group, for ocdscardinal.coverage."""

    def __init__(self, workdir: Path, wanted: bool):
        self.workdir, self.wanted = Path(workdir), wanted
        self.files: dict[tuple, tuple] = {}  # group -> (path, open file, lines)

    def write(self, group: tuple, stages: dict) -> bool:
        if group not in self.files:
            if len(self.files) >= limits.MAX_COVERAGE_GROUPS:
                return False
            self.workdir.mkdir(parents=True, exist_ok=True)
            path = self.workdir / f"stages-{len(self.files)}.jsonl"
            self.files[group] = [path, open(path, "w", encoding="utf-8"), 0]  # noqa: SIM115 - closed in counted/remove
        entry = self.files[group]
        entry[1].write(json.dumps(stages, ensure_ascii=False) + "\n")
        entry[2] += 1
        return True

    def counted(self) -> dict[tuple, dict[str, float]]:
        """Per group, the share of its procedures that published each stage, in %."""
        shares = {}
        for group, (path, file, lines) in self.files.items():
            file.close()
            counts = ocdscardinal.coverage(str(path))
            shares[group] = {stage: 100 * counts.get(f"/{stage}", 0) / lines for stage in STAGES}
        return shares

    def remove(self) -> None:
        for path, file, _ in self.files.values():
            file.close()
            path.unlink(missing_ok=True)
        if self.workdir.is_dir() and not any(self.workdir.iterdir()):
            self.workdir.rmdir()


def _rows(frame: pd.DataFrame, by: list[str], indicators: list[str], coverage: dict) -> list[dict]:
    keys = [b for b in by if b != "stage"]
    groups = frame.groupby(keys, sort=True, dropna=False, observed=True) if keys else [((), frame)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        values = {b: ("" if pd.isna(v) else str(v)) for b, v in zip(keys, key)}
        if "stage" in by:
            shares = coverage.get(tuple(None if pd.isna(v) else (int(v) if b == "year" else v) for b, v in zip(keys, key)), {})
            rows += [{**values, "stage": stage, "coverage": round(shares.get(stage, 0.0), 1)} for stage in STAGES]
        else:
            rows.append({**values, **{name: INDICATOR_FUNCTIONS[name](part) for name in indicators}})
    return [{column: row[column] for column in by + indicators} for row in rows]


def _known_bids(part: pd.DataFrame) -> pd.Series:
    return part["bids"][part["bids"] >= 1]  # a procedure no one bid in has no winner to compare


def _share(flags: pd.Series) -> float | None:
    return round(100 * float(flags.mean()), 1) if len(flags) else None


INDICATOR_FUNCTIONS = {
    "procedures": lambda part: len(part),
    "single_bidder_share": lambda part: _share(_known_bids(part) == 1),
    "competitive_share": lambda part: _share(part["procedure_type"][part["procedure_type"] != ""].isin(COMPETITIVE_METHODS)),
    "average_bids": lambda part: round(float(_known_bids(part).mean()), 2) if len(_known_bids(part)) else None,
    "median_days_to_award": lambda part: round(float(part["days"].median()), 1) if part["days"].notna().any() else None,
}
