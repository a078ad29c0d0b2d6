"""How output/data/ is described: a Frictionless Data Package
(datapackage.json) whose resources each carry a Table Schema, with the IRM
scales as `enum`, dates as a pattern and other columns typed by their cells
(docs/readers.md)."""

from __future__ import annotations

import json
import re

from .model import Report
from .numberformat import NumberFormat
from .scales import COMPLETION, OGP_VALUES, OPENED_GOVERNMENT, POTENTIAL_IMPACT

# A commitment's dates are `YYYY-MM-DD` or `YYYY-MM`, so they are strings
# with a pattern for the Table Schema, not its `date` type.
PARTIAL_DATE_PATTERN = r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?"
_VALUE = "(" + "|".join(re.escape(v) for v in OGP_VALUES) + ")"
OGP_VALUES_PATTERN = f"{_VALUE}(;{_VALUE})*"

# Types of the register's and milestones' known columns; every other column
# (translations, unknown ones) is a string.
REGISTER_FIELDS = {
    "id": {"constraints": {"required": True, "unique": True}},
    "area": {"constraints": {"required": True}},
    "title": {"constraints": {"required": True}},
    "lead_agency": {"constraints": {"required": True}},
    "start": {"constraints": {"required": True, "pattern": PARTIAL_DATE_PATTERN}},
    "end": {"constraints": {"required": True, "pattern": PARTIAL_DATE_PATTERN}},
    "completion": {"constraints": {"required": True, "enum": list(COMPLETION)}},
    "government_completion": {"constraints": {"enum": list(COMPLETION)}},
    "irm_completion": {"constraints": {"enum": list(COMPLETION)}},
    "potential_impact": {"constraints": {"enum": list(POTENTIAL_IMPACT)}},
    "ogp_values": {"constraints": {"pattern": OGP_VALUES_PATTERN}},
    "opened_government": {"constraints": {"enum": list(OPENED_GOVERNMENT)}},
}
MILESTONE_FIELDS = {
    "commitment": {"constraints": {"required": True}},
    "milestone": {"constraints": {"required": True}},
    "text": {"constraints": {"required": True}},
    "due": {"constraints": {"required": True, "pattern": PARTIAL_DATE_PATTERN}},
    "status": {"constraints": {"required": True, "enum": list(COMPLETION)}},
}
ASSESSMENT_FIELDS = {  # data/assessments.csv (editions.py): the register's scales, per edition
    "commitment": {"constraints": {"required": True}},
    "edition": {"constraints": {"required": True}},
    **{column: field for column, field in REGISTER_FIELDS.items()
       if column in ("completion", "government_completion", "irm_completion", "potential_impact", "opened_government")},
}
SOURCE_FIELDS = {  # data/sources.csv, the register of sources (sourceregister.py)
    "id": {"constraints": {"required": True, "unique": True}},
    "title": {"constraints": {"required": True}},
    "publisher": {"constraints": {"required": True}},
    "date": {"constraints": {"required": True, "pattern": PARTIAL_DATE_PATTERN}},
    "url": {"format": "uri"},
    "accessed": {"type": "date"},
    "archived": {"format": "uri"},
    "sha256": {"constraints": {"pattern": "[0-9a-fA-F]{64}"}},
}
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")


def table_schema(columns, rows, known: dict, primary_key: list[str] | None = None, numbers: NumberFormat = NumberFormat()) -> dict:
    fields = []
    for column in columns:
        if column in known:
            field = {"name": column, "type": "string", **json.loads(json.dumps(known[column]))}
        else:
            field = {"name": column, "type": infer_type([row.get(column, "") for row in rows], numbers)}
            if field["type"] == "number" and not numbers.is_default:  # the cells as written: say how to read them
                field["decimalChar"] = numbers.decimal
                if numbers.thousands:
                    field["groupChar"] = numbers.thousands
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = primary_key
    return schema


def infer_type(values: list[str], numbers: NumberFormat = NumberFormat()) -> str:
    """integer, number or string: what every non-empty cell of a column is,
    numbers read as report.yml says they are written."""
    present = [v for v in values if v != ""]
    if present and all(_INTEGER.match(v) for v in present):
        return "integer"
    if present and numbers.is_default and all(_NUMBER.match(v) for v in present):
        return "number"
    if present and not numbers.is_default and all(numbers.parse(v) is not None and "e" not in v.lower() for v in present):
        return "number"
    return "string"


def resource_name(path: str) -> str:
    """A Data Package resource name: lower case, digits, '-', '_', '.'."""
    stem = path.rsplit(".", 1)[0].lower()
    return re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-") or "dataset"


def resource(name: str, path: str, content: bytes, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "description": description,
        "schema": schema,
    }


def json_resource(register_json: bytes) -> dict:
    # Not a tabular resource: reading JSON tables needs frictionless' optional
    # extras, and a reuser's `frictionless validate` must work without them.
    return {
        "name": "commitments-json", "path": "commitments.json", "profile": "data-resource",
        "format": "json", "mediatype": "application/json", "encoding": "utf-8", "bytes": len(register_json),
        "description": "The register as JSON: an array of objects, one per commitment, "
                       "with the columns of commitments.csv as keys and its cells as strings.",
    }


def datapackage(report: Report, resources: list[dict], siteurl: str = "") -> dict:
    lang = report.default_lang
    period = f"{report.period_start.isoformat()} – {report.period_end.isoformat()}"
    description = [
        f"{report.title.get(lang)}. {report.organisation.get(lang)}: "
        f"{report.action_plan.get(lang) or report.title.get(lang)}, {period}.",
        *disclaimer(report),
    ]
    package = {
        "profile": "data-package",  # one resource (the JSON) is not a table
        "name": package_name(report),
        "title": report.title.get(lang),
        "description": "\n\n".join(description),
        "licenses": [{"name": report.licence, "path": f"https://spdx.org/licenses/{report.licence}.html"}],
        "sources": [{"title": f"{report.organisation.get(lang)} — {report.action_plan.get(lang) or report.title.get(lang)}"}],
        "contributors": [{"title": report.organisation.get(lang), "role": "author"},
                         *({"title": m.name.get(lang), "role": "contributor", **({"path": m.url} if m.url else {})}
                           for m in report.members)],
        "keywords": ["Open Government Partnership", "action plan", "shadow report"],
    }
    if report.published:
        package["created"] = f"{report.published.first_day().isoformat()}T00:00:00Z"
    if siteurl:
        package["homepage"] = siteurl.rstrip("/") + "/"
        package["sources"][0]["path"] = siteurl.rstrip("/") + "/"
    package["resources"] = resources
    return package


def disclaimer(report: Report) -> list[str]:
    """The optional `disclaimer` / `disclaimer_<lang>` of report.yml, every language given."""
    text = report.disclaimer
    return [text.default, *text.translations.values()] if text.default else []


def package_name(report: Report) -> str:
    parts = [report.country.lower(), "shadow-report", str(report.period_start.year), str(report.period_end.year)]
    return "-".join(p for p in parts if p)
