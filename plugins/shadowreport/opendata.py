"""The report as open data under output/data/: the register (CSV and JSON),
the milestones, every dataset of data/, the evidence files milestones point
to, and datapackage.json, a Frictionless Data Package that describes them.

Cells are published as the author wrote them (surrounding spaces trimmed, as
the loader reads them), every column included, unknown ones too. The files
are written with fixed line endings and key order so that two builds of the
same report are byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .cachefiles import BadEntry, keyed_file, read_entry, write_entry
from .codeversion import code_version
from .model import Report
from .numberformat import NumberFormat
from .scales import COMPLETION, OGP_VALUES, OPENED_GOVERNMENT, POTENTIAL_IMPACT, SCALE_NAMES, WORDS
from .sources import Table

logger = logging.getLogger(__name__)

DATA_FOLDER = "data"  # output/data/, as docs/readers.md names it

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
# Written by the build from report.yml and the findings' headers (coalition.py);
# the loader refuses a table of data/ with one of these names when the report has members.
MEMBERS_FILE, MONITORING_FILE = "members.csv", "monitoring.csv"
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
SOURCES_TABLE = "sources.csv"
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")


@dataclass
class DataFile:
    """One published file, for the open-data page."""

    path: str  # under output/, e.g. "data/commitments.csv"
    kind: str  # register, register-json, milestones, dataset, evidence, datapackage
    size: int  # bytes

    @property
    def name(self) -> str:
        return self.path[len(DATA_FOLDER) + 1:]


def write_open_data(report: Report, output_path: Path, siteurl: str = "", cache: DatasetCache | None = None,
                    gettexts: dict | None = None) -> list[DataFile]:
    """Write output/data/ and return what was written, datapackage.json last.
    With a `cache`, a dataset whose bytes did not change is not read again;
    with `gettexts` ({lang: gettext}), the scales' words too (publish_scales)."""
    target = Path(output_path) / DATA_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    files: list[DataFile] = []
    resources: list[dict] = []

    def write(name: str, content: bytes, kind: str) -> None:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        files.append(DataFile(f"{DATA_FOLDER}/{name}", kind, len(content)))

    register_rows = [c.record for c in report.commitments]
    register_csv = csv_bytes(report.register_columns, register_rows)
    write("commitments.csv", register_csv, "register")
    register_schema = table_schema(report.register_columns, register_rows, REGISTER_FIELDS, primary_key=["id"], numbers=report.numbers)
    resources.append(resource("commitments", "commitments.csv", register_csv,
                              "The register: one row per commitment of the action plan, with the monitors' assessment."
                              + converted_from(report.tables.get("commitments.csv")), register_schema))
    register_json = (json.dumps(register_rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    write("commitments.json", register_json, "register-json")
    resources.append(json_resource(register_json))

    # the milestones right after the register, then the datasets by name:
    # the tables the loader read and checked, nothing read again from data/
    names = sorted((n for n, t in report.tables.items() if t is not None and n != "commitments.csv"),
                   key=lambda n: (n != "milestones.csv", n != SOURCES_TABLE, n))
    for name in names:
        table = report.tables[name]
        kind = {"milestones.csv": "milestones", SOURCES_TABLE: "sources"}.get(name, "dataset")
        digest = f"{table.digest}\0{table.source}\0{report.numbers!r}"  # what its description and schema say too
        published = cache.get(name, digest) if cache else None
        if published is None:
            published = publish_table(table, name, kind, report.numbers)
            if cache:
                cache.put(name, digest, published)
        content, entry = published
        write(name, content, kind)
        resources.append(entry)

    if report.members:
        for name, content, entry in coalition_tables(report):
            write(name, content, "coalition")
            resources.append(entry)

    # Milestones may point to a file under data/ as evidence; the pages link
    # to it under /data/, so it is published beside the datasets. The loader
    # gave each its name under data/, checked, with no `..` and no link left.
    # So is a source's file (a scanned reply), checked against its SHA-256.
    evidence_files = {m.evidence for c in report.commitments for m in c.milestones if m.evidence and not m.evidence_is_url}
    evidence_files |= {source.file for source in report.sources.values() if source.file}
    for evidence in sorted(name for name in evidence_files if name not in report.tables):
        source = report.data_path / evidence
        content = source.read_bytes()
        write(evidence, content, "evidence")

    if gettexts:
        resources.append(publish_scales(report, gettexts, write))

    package = datapackage(report, resources, siteurl)
    write("datapackage.json", (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), "datapackage")
    logger.info("shadowreport: wrote %d open data files", len(files))
    return files


def publish_scales(report: Report, gettexts: dict, write) -> dict:
    """Write the scales' words (scales_csv) with `write`; their resource."""
    name = scales_file_name(report)
    content = scales_csv(report, gettexts)
    write(name, content, "scales")
    return resource(resource_name(name), name, content,
                    "The words the report uses for each value of the IRM scales, in each of its languages.",
                    table_schema(*_csv_columns_rows(content), {}, primary_key=["scale", "value"]))


def scales_file_name(report: Report) -> str:
    """scales.csv, unless a table of data/ is published under that name."""
    return "scales.csv" if "scales.csv" not in report.tables else "scale-words.csv"


def scales_csv(report: Report, gettexts: dict) -> bytes:
    """scale, value, then the word in each language (`label`, `label_<lang>`:
    content-format.md's rule for translated fields)."""
    default = report.default_lang
    columns = ["scale", "value", "scale_label"] + [f"scale_label_{lang}" for lang in report.languages[1:]]
    columns += ["label"] + [f"label_{lang}" for lang in report.languages[1:]]
    rows = []
    for scale, values in WORDS.items():
        for value, msgid in values.items():
            row = {"scale": scale, "value": value}
            for lang in report.languages:
                suffix = "" if lang == default else f"_{lang}"
                row["scale_label" + suffix] = gettexts[lang](SCALE_NAMES[scale])
                row["label" + suffix] = gettexts[lang](msgid)
            rows.append(row)
    return csv_bytes(columns, rows)


def _csv_columns_rows(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
    return list(reader.fieldnames or []), list(reader)


def json_resource(register_json: bytes) -> dict:
    # Not a tabular resource: reading JSON tables needs frictionless' optional
    # extras, and a reuser's `frictionless validate` must work without them.
    return {
        "name": "commitments-json", "path": "commitments.json", "profile": "data-resource",
        "format": "json", "mediatype": "application/json", "encoding": "utf-8", "bytes": len(register_json),
        "description": "The register as JSON: an array of objects, one per commitment, "
                       "with the columns of commitments.csv as keys and its cells as strings.",
    }


def converted_from(table: Table | None) -> str:
    """" Converted from data/x.xlsx, sheet "Data"." for a table read from a workbook."""
    if table is None or not table.sheet:
        return ""
    return f' Converted to CSV from {table.source}, sheet "{table.sheet}".'


def publish_table(table: Table, name: str, kind: str, numbers: NumberFormat = NumberFormat()) -> tuple[bytes, dict]:
    """A table of data/ as the CSV published, and its resource in the data package."""
    rows = [cells for _, cells in table.rows]
    content = csv_bytes(table.columns, rows)
    if name == "assessments.csv":  # editions.TABLE, also when converted from a workbook
        schema = table_schema(table.columns, rows, ASSESSMENT_FIELDS, primary_key=["commitment", "edition"], numbers=numbers)
        schema["foreignKeys"] = [{"fields": "commitment", "reference": {"resource": "commitments", "fields": "id"}}]
        description = ("The ratings of each commitment in each edition of the report (report.yml's editions); "
                       "commitments.csv holds the current edition's.")
    elif kind == "milestones":
        schema = table_schema(table.columns, rows, MILESTONE_FIELDS, primary_key=["commitment", "milestone"], numbers=numbers)
        schema["foreignKeys"] = [{"fields": "commitment", "reference": {"resource": "commitments", "fields": "id"}}]
        description = "The milestones of every commitment, with their due dates and status."
    elif kind == "sources":
        schema = table_schema(table.columns, rows, SOURCE_FIELDS, primary_key=["id"], numbers=numbers)
        description = ("The register of sources the findings cite: publisher, date, address, the date it was accessed, "
                       "an archived copy, and a published file with its SHA-256.")
    else:
        schema = table_schema(table.columns, rows, {}, numbers=numbers)
        description = f"A dataset the report's charts draw from ({name})."
    entry = resource(resource_name(name), name, content, description + converted_from(table) + computed_from(table), schema)
    if table.provenance:
        entry["sources"] = [provenance_source(table.provenance)]
    return content, entry


def computed_from(table: Table) -> str:
    """What a recipe's dataset was computed from (rawdata/derive.py), for its description."""
    if not table.provenance:
        return ""
    about = f" {table.description.strip()}" if table.description.strip() else ""
    return f" Computed by the recipe {table.provenance['recipe']} from {table.provenance['source']}.{about}"


def provenance_source(provenance: dict) -> dict:
    """The raw file as a Data Package source: the file, its SHA-256, the day it was retrieved, the recipe."""
    return {"title": f"{provenance['source']}, retrieved {provenance['retrieved']}, SHA-256 {provenance['sha256']}",
            "retrieved": provenance["retrieved"], "sha256": provenance["sha256"],
            "recipe": provenance["recipe"]}


class DatasetCache:
    """Published datasets kept under .cache/opendata/, keyed by the table's
    name and text and the plugin's code: a rebuild serialises again only the
    CSVs that changed (a report of a thousand commitments has a thousand)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _file(self, name: str, digest: str) -> Path:
        key = hashlib.sha256(f"{code_version()}\0{name}\0{digest}".encode()).hexdigest()
        return keyed_file(self.folder, key, ".json")

    def get(self, name: str, digest: str) -> tuple[bytes, dict] | None:
        return read_entry(self._file(name, digest), self._published)

    @staticmethod
    def _published(payload: bytes) -> tuple[bytes, dict]:
        record = json.loads(payload)
        if not isinstance(record, dict) or not isinstance(record.get("content"), str) or not isinstance(record.get("resource"), dict):
            raise BadEntry("not a published dataset: no content or no resource")
        return record["content"].encode("utf-8"), record["resource"]

    def put(self, name: str, digest: str, published: tuple[bytes, dict]) -> None:
        content, entry = published
        write_entry(self._file(name, digest),
                    json.dumps({"content": content.decode("utf-8"), "resource": entry}, ensure_ascii=False))


def csv_bytes(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


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


def disclaimer(report: Report) -> list[str]:
    """The optional `disclaimer` / `disclaimer_<lang>` of report.yml, every language given."""
    text = report.disclaimer
    return [text.default, *text.translations.values()] if text.default else []


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


def coalition_tables(report: Report) -> list[tuple[str, bytes, dict]]:
    """members.csv (report.yml's members) and monitoring.csv (who monitored
    each commitment, when its finding was reviewed, for which edition, and
    when the government's reply was received), with their resources."""
    names = [f"name_{lang}" for lang in report.languages[1:]]
    members = [{"id": m.id, "name": m.name.default, **{f"name_{lang}": m.name.translations.get(lang, "") for lang in report.languages[1:]},
                "url": m.url, "logo": m.image.site_path if m.image else ""} for m in report.members]
    member_columns = ["id", "name", *names, "url", "logo"]
    monitoring = [{"commitment": c.id, "monitored_by": ";".join(m.id for m in c.monitored_by),
                   "reviewed": c.reviewed.isoformat() if c.reviewed else "",
                   "edition": c.findings[report.default_lang].metadata.get("edition", "").strip(),
                   "government_reply": min((d.metadata["date"] for d in c.replies.values()), default="")} for c in report.commitments]
    monitoring_columns = ["commitment", "monitored_by", "reviewed", "edition", "government_reply"]
    member_csv, monitoring_csv = csv_bytes(member_columns, members), csv_bytes(monitoring_columns, monitoring)
    member_schema = table_schema(member_columns, members, {"id": {"constraints": {"required": True, "unique": True}}}, primary_key=["id"])
    monitoring_schema = table_schema(monitoring_columns, monitoring, {
        "commitment": {"constraints": {"required": True}},  # text, as the register's id it refers to ("1" is no number there)
        "reviewed": {"constraints": {"pattern": PARTIAL_DATE_PATTERN}},
        "government_reply": {"constraints": {"pattern": PARTIAL_DATE_PATTERN}}}, primary_key=["commitment"])
    monitoring_schema["foreignKeys"] = [{"fields": "commitment", "reference": {"resource": "commitments", "fields": "id"}}]
    return [
        (MEMBERS_FILE, member_csv, resource("members", MEMBERS_FILE, member_csv,
                                            "The coalition's member organisations (report.yml's members).", member_schema)),
        (MONITORING_FILE, monitoring_csv, resource("monitoring", MONITORING_FILE, monitoring_csv,
                                                   "Who monitored each commitment (ids of members.csv, ;-separated), when its finding "
                                                   "was last reviewed, the edition it was written for, and when the government's "
                                                   "reply was received.", monitoring_schema)),
    ]


def package_name(report: Report) -> str:
    parts = [report.country.lower(), "shadow-report", str(report.period_start.year), str(report.period_end.year)]
    return "-".join(p for p in parts if p)


def attach_to_pages(specs, files: list[DataFile]) -> None:
    """Give the open-data page of every language the list of files."""
    for spec in specs:
        if spec.kind == "open-data":
            spec.context["files"] = files
