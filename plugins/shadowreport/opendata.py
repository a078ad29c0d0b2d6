"""The report as open data under output/data/: the register (CSV and JSON),
the milestones, every dataset of data/, the evidence files milestones point
to, and datapackage.json, a Frictionless Data Package that describes them.

Cells are published as the author wrote them (surrounding spaces trimmed, as
the loader reads them), every column included, unknown ones too. The files
are written with fixed line endings and key order so that two builds of the
same report are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from .cachefiles import BadEntry, keyed_file, read_entry, write_entry
from .codeversion import code_version
from .datapackage import REGISTER_FIELDS, datapackage, json_resource, resource, table_schema
from .model import Report
from .publishedtables import SOURCES_TABLE, coalition_tables, converted_from, csv_bytes, publish_scales, publish_table

logger = logging.getLogger(__name__)

DATA_FOLDER = "data"  # output/data/, as docs/readers.md names it


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
    folder = _DataFolder(Path(output_path) / DATA_FOLDER)
    folder.target.mkdir(parents=True, exist_ok=True)
    _write_register(report, folder)
    _write_tables(report, folder, cache)
    if report.members:
        for name, content, entry in coalition_tables(report):
            folder.write(name, content, "coalition", entry)
    for evidence in evidence_files(report):
        folder.write(evidence, (report.data_path / evidence).read_bytes(), "evidence")
    if gettexts:
        folder.resources.append(publish_scales(report, gettexts, folder.write))

    package = datapackage(report, folder.resources, siteurl)
    folder.write("datapackage.json", (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), "datapackage")
    logger.info("shadowreport: wrote %d open data files", len(folder.files))
    return folder.files


class _DataFolder:
    """output/data/ as it is written: the files, in order, and the
    resources of datapackage.json."""

    def __init__(self, target: Path):
        self.target = target
        self.files: list[DataFile] = []
        self.resources: list[dict] = []

    def write(self, name: str, content: bytes, kind: str, entry: dict | None = None) -> None:
        """Write output/data/`name`; `entry`, its resource, joins the package."""
        path = self.target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.append(DataFile(f"{DATA_FOLDER}/{name}", kind, len(content)))
        if entry is not None:
            self.resources.append(entry)


def _write_register(report: Report, folder: _DataFolder) -> None:
    """The register as CSV and as JSON, the checked rows with every column."""
    register_rows = [c.record for c in report.commitments]
    register_csv = csv_bytes(report.register_columns, register_rows)
    register_schema = table_schema(report.register_columns, register_rows, REGISTER_FIELDS, primary_key=["id"], numbers=report.numbers)
    folder.write("commitments.csv", register_csv, "register",
                 resource("commitments", "commitments.csv", register_csv,
                          "The register: one row per commitment of the action plan, with the monitors' assessment."
                          + converted_from(report.tables.get("commitments.csv")), register_schema))
    register_json = (json.dumps(register_rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    folder.write("commitments.json", register_json, "register-json", json_resource(register_json))


def _write_tables(report: Report, folder: _DataFolder, cache: DatasetCache | None) -> None:
    """The milestones right after the register, then the register of sources
    and the datasets by name: the tables the loader read and checked,
    nothing read again from data/."""
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
        folder.write(name, content, kind, entry)


def evidence_files(report: Report) -> list[str]:
    """The files of data/ that milestones cite as evidence, which the pages
    link to under /data/, and the sources' files (a scanned reply, checked
    against its SHA-256), by their names under data/; the loader checked
    each (no `..`, no link left). Tables are published as tables already."""
    named = {m.evidence for c in report.commitments for m in c.milestones if m.evidence and not m.evidence_is_url}
    named |= {source.file for source in report.sources.values() if source.file}
    return sorted(name for name in named if name not in report.tables)


def attach_to_pages(specs, files: list[DataFile]) -> None:
    """Give the open-data page of every language the list of files."""
    for spec in specs:
        if spec.kind == "open-data":
            spec.context["files"] = files


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
