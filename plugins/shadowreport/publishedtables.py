"""The tables published under output/data/, each as the CSV bytes written
and its resource in datapackage.json: a table of data/ (the milestones, the
register of sources, the editions' assessments, a dataset or a recipe's
result), the coalition's members and monitoring, and the scales' words.

Cells are published as the author wrote them (surrounding spaces trimmed, as
the loader reads them), every column included, unknown ones too, with fixed
line endings so that two builds of the same report are byte-identical."""

from __future__ import annotations

import csv
import io

from .datapackage import (ASSESSMENT_FIELDS, MILESTONE_FIELDS, PARTIAL_DATE_PATTERN, SOURCE_FIELDS, resource, resource_name,
                          table_schema)
from .model import Report
from .numberformat import NumberFormat
from .scales import SCALE_NAMES, WORDS
from .sources import Table

# Written by the build from report.yml and the findings' headers (coalition.py);
# the loader refuses a table of data/ with one of these names when the report has members.
MEMBERS_FILE, MONITORING_FILE = "members.csv", "monitoring.csv"
SOURCES_TABLE = "sources.csv"


def csv_bytes(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


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


def converted_from(table: Table | None) -> str:
    """" Converted from data/x.xlsx, sheet "Data"." for a table read from a workbook."""
    if table is None or not table.sheet:
        return ""
    return f' Converted to CSV from {table.source}, sheet "{table.sheet}".'


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
