"""Indicators of an open-data portal's catalogue: a CKAN API export
(package_search's {"result": {"results": [...]}}, or
current_package_list_with_resources' {"result": [...]}) saved as JSON
(docs/content-format.md, "Recipes"). The datasets are streamed with ijson,
a few facts kept of each."""

from __future__ import annotations

import datetime
from pathlib import Path

import ijson
import pandas as pd

from .. import limits
from ..errors import Problem
from . import rawfiles

BREAKDOWNS = ("agency", "year")
INDICATORS = ("datasets", "machine_readable_share", "updated_last_12_months_share", "median_days_since_update")
# Resource formats a program can read without a person (CKAN's `format`,
# compared in upper case, without dots or spaces). PDF, DOC(X), HTML,
# images and archives are not: docs/content-format.md lists them for authors.
MACHINE_READABLE = frozenset({"CSV", "TSV", "JSON", "JSON-LD", "JSONLD", "GEOJSON", "XML", "RDF", "XLS", "XLSX", "ODS",
                              "API", "SHP", "KML"})
_PREFIXES = ("result.results.item", "result.item")


def machine_readable(fmt) -> bool:
    return str(fmt or "").strip().upper().lstrip(".").replace(" ", "") in MACHINE_READABLE


def compute(path: Path, name: str, by: list[str], indicators: list[str], retrieved: datetime.date,
            problems: list[Problem]) -> list[dict] | None:
    """The rows of the indicators broken down `by`, or None after a Problem.
    How recently a dataset was updated is counted back from `retrieved`."""
    raw_problems = rawfiles.Problems(name, problems)
    facts = list(_datasets(path, raw_problems))
    raw_problems.finish()
    if raw_problems.count:
        return None
    frame = pd.DataFrame(facts, columns=["agency", "year", "machine_readable", "modified"])
    frame["age"] = [(retrieved - m).days if m else None for m in frame["modified"]]
    frame["year"] = frame["year"].astype("Int64")
    groups = frame.groupby(by, sort=True, dropna=False) if by else [((), frame)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**{b: ("" if pd.isna(v) else str(v)) for b, v in zip(by, key)},
                     **{name: _FUNCTIONS[name](part) for name in indicators}})
    return rows


def _datasets(path: Path, problems: rawfiles.Problems):
    """(agency, year created, machine-readable, date modified) of each dataset."""
    position = 0
    for prefix in _PREFIXES:
        stream = rawfiles.open_raw(path)
        try:
            for dataset in ijson.items(stream, prefix, use_float=True):
                if not isinstance(dataset, dict):
                    break  # package_list's names only: said below
                position += 1
                yield _facts(dataset, f"dataset {position}", problems)
        except rawfiles.RawFileTooLarge:
            problems.add("", f"unpacks to more than {limits.MAX_RAW_UNPACKED_BYTES / 1e9:g} GB")
        except ijson.JSONError as error:
            problems.add("", f"is not valid JSON{f' after dataset {position}' if position else ''}: {str(error).splitlines()[0]}")
        except (OSError, EOFError) as error:
            problems.add("", f"cannot be read to its end: {error}")
        finally:
            rawfiles.close_raw(stream)
        if position or problems.count:
            return
    problems.add("", 'is not a CKAN catalogue export: expected the JSON of package_search ({"result": {"results": [...]}}) '
                 "or of current_package_list_with_resources, with each dataset's organization and resources "
                 "(package_list gives names only)")


def _facts(dataset: dict, where: str, problems: rawfiles.Problems) -> tuple:
    organization = dataset.get("organization") if isinstance(dataset.get("organization"), dict) else {}
    agency = str(organization.get("name") or dataset.get("owner_org") or "").strip()
    created, modified = _date(dataset.get("metadata_created")), _date(dataset.get("metadata_modified"))
    shown = f'{where} ("{dataset.get("name", "")}")'
    if created is None:
        problems.add(shown, "has no metadata_created date (YYYY-MM-DD...)", str(dataset.get("metadata_created")), 'key "metadata_created"')
    resources = dataset.get("resources") if isinstance(dataset.get("resources"), list) else []
    readable = any(isinstance(r, dict) and machine_readable(r.get("format")) for r in resources)
    return agency, created.year if created else None, readable, modified or created


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


_FUNCTIONS = {
    "datasets": lambda part: len(part),
    "machine_readable_share": lambda part: round(100 * float(part["machine_readable"].mean()), 1) if len(part) else None,
    "updated_last_12_months_share": lambda part: round(100 * float((part["age"].dropna() <= 365).mean()), 1)
    if part["age"].notna().any() else None,
    "median_days_since_update": lambda part: round(float(part["age"].dropna().median()), 1) if part["age"].notna().any() else None,
}
