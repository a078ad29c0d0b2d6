"""The register of commitments (data/commitments.csv) and their
milestones (data/milestones.csv), row by row against the rules of
docs/content-format.md: the commitments the report is about, each with its
milestones in their natural order."""

from __future__ import annotations

import re

from . import datafolder
from .errors import Problem, did_you_mean, one_of
from .model import Area, Commitment, Milestone
from .names import id_mistake
from .paths import resolved
from .reportyml import translated
from .scales import COMPLETION, OGP_VALUES, OPENED_GOVERNMENT, POTENTIAL_IMPACT
from .sources import Table
from .tablerows import _missing_columns, _RowChecker

REGISTER_REQUIRED = ("id", "area", "title", "lead_agency", "start", "end", "completion")
MILESTONES_REQUIRED = ("commitment", "milestone", "text", "due", "status")


def load(register: Table | None, milestones: Table | None, areas: dict[str, Area] | None, languages,
         data_files: datafolder.DataFiles, sources: tuple[set[str], str], problems) -> tuple[list[Commitment], set[str] | None]:
    """The commitments of the register, each with its milestones, and the ids
    written in the register, also on rows with mistakes (None without a
    readable register): a milestone or finding of such a row is not reported
    again as "unknown commitment". `sources`: the ids of the register of
    sources and its file name, which a milestone's evidence may cite."""
    commitments = _load_register(register, areas, languages, problems) if register else []
    by_id = {c.id: c for c in commitments}
    written_ids = {cells.get("id", "") for _, cells in register.rows} if register and register.rows and "id" in register.columns else None
    register_file = register.source if register else "data/commitments.csv"  # or the workbook kept instead
    if milestones:
        for milestone in _load_milestones(milestones, by_id, written_ids, languages, data_files, problems, register_file, sources):
            by_id[milestone.commitment].milestones.append(milestone)
    for commitment in commitments:
        commitment.milestones.sort(key=lambda m: _natural_key(m.number))
    return commitments, written_ids


# commitments.csv ------------------------------------------------------------


def _load_register(table: Table, areas: dict[str, Area] | None, languages, problems) -> list[Commitment]:
    if _missing_columns(table, REGISTER_REQUIRED, problems):
        return []
    commitments: list[Commitment] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        check = _RowChecker(table, number, cells, problems)
        commitment_id = check.required("id")
        if commitment_id and id_mistake(commitment_id):
            check.problem("id", commitment_id, id_mistake(commitment_id))
            commitment_id = ""  # no commitment of that id (its findings are not "unknown" either: written_ids)
        elif commitment_id in first_row:
            check.problem("id", commitment_id, f"is already the id of row {first_row[commitment_id]}: ids must be unique")
        area_id = check.required("area")
        if area_id and areas is not None and area_id not in areas:
            check.problem("area", area_id, "is not an area of data/report.yml (" + ", ".join(areas) + ")", did_you_mean(area_id, areas))
        title = translated(cells, "title", languages)
        check.required("title")
        lead_agency = translated(cells, "lead_agency", languages)
        check.required("lead_agency")
        start, end = check.date("start"), check.date("end")
        if start and end and start.first_day() > end.last_day():
            check.problem("end", str(end), f"is before the start ({start}): start must not be after end")
        completion = check.scale("completion", COMPLETION, required=True)
        government = check.scale("government_completion", COMPLETION)
        irm = check.scale("irm_completion", COMPLETION)
        impact = check.scale("potential_impact", POTENTIAL_IMPACT)
        opened = check.scale("opened_government", OPENED_GOVERNMENT)
        values = [v.strip() for v in cells.get("ogp_values", "").split(";") if v.strip()]
        for value in values:
            if value not in OGP_VALUES:
                check.problem("ogp_values", value, one_of(OGP_VALUES) + " (separate several with ;)", did_you_mean(value, OGP_VALUES))
        if commitment_id and commitment_id not in first_row:
            first_row[commitment_id] = number
        if commitment_id and area_id in (areas or {}) and start and end and completion:
            commitments.append(Commitment(
                id=commitment_id, area=areas[area_id], title=title, lead_agency=lead_agency,
                start=start, end=end, completion=completion, government_completion=government,
                irm_completion=irm, potential_impact=impact,
                ogp_values=[v for v in values if v in OGP_VALUES], opened_government=opened,
                ogp_id=cells.get("ogp_id", ""), row=number, record=dict(cells),
            ))
    if not table.rows:
        problems.append(Problem(table.name, expected="has no commitments: expected one row per commitment"))
    # a duplicate id keeps its first row only
    unique: dict[str, Commitment] = {}
    for commitment in commitments:
        unique.setdefault(commitment.id, commitment)
    return list(unique.values())


# milestones.csv -------------------------------------------------------------


def _load_milestones(table: Table, commitments: dict[str, Commitment], written_ids, languages, data_files: datafolder.DataFiles,
                     problems, register_file: str = "data/commitments.csv", sources=(set(), "")) -> list[Milestone]:
    if _missing_columns(table, MILESTONES_REQUIRED, problems):
        return []
    milestones = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        check = _RowChecker(table, number, cells, problems)
        commitment_id = check.required("commitment")
        known = commitment_id in commitments
        if commitment_id and not known and written_ids is not None and commitment_id not in written_ids:
            check.problem("commitment", commitment_id, f"is not an id of {register_file}", did_you_mean(commitment_id, commitments))
        milestone_number = check.required("milestone")
        key = (commitment_id, milestone_number)
        if milestone_number and key in seen:
            check.problem("milestone", milestone_number,
                          f"is already milestone {milestone_number} of commitment {commitment_id} in row {seen[key]}: "
                          "numbers are unique per commitment")
        text = translated(cells, "text", languages)
        check.required("text")
        due = check.date("due")
        status = check.scale("status", COMPLETION, required=True)
        written = cells.get("evidence", "")
        source = written if written in sources[0] else ""  # a source id wins over a file of that name
        evidence = "" if source else _evidence(written, data_files, check, sources)
        if milestone_number and key not in seen:
            seen[key] = number
        if known and milestone_number and due and status and text.default:
            milestones.append(Milestone(commitment_id, milestone_number, text, due, status, evidence, number, source))
    return milestones


def _evidence(evidence: str, data_files: datafolder.DataFiles, check: _RowChecker, sources=(set(), "")) -> str:
    """A milestone's evidence: a URL as written, or a file of data/ by its
    name under data/ as found there (never `..` or a link as written: the
    build publishes it under that name); "" after a Problem."""
    if not evidence or evidence.startswith(("https://", "http://")):
        return evidence
    target = resolved(data_files.folder, evidence)
    if target is None:
        check.problem("evidence", evidence, "is not a usable file name: expected an https:// URL or a path under data/")
    elif not target.is_relative_to(data_files.folder):
        check.problem("evidence", evidence, "leaves data/: expected an https:// URL or a path under data/")
    elif data_files.name_of(target) is None and target.relative_to(data_files.folder).as_posix() in data_files.derived:
        return target.relative_to(data_files.folder).as_posix()  # a recipe's dataset, published like a CSV of data/
    elif data_files.name_of(target) is None and sources[1]:
        check.problem("evidence", evidence, f"is neither an https:// or http:// URL, nor an id of {sources[1]}, nor a file under data/",
                      did_you_mean(evidence, sources[0]))
    elif data_files.name_of(target) is None:
        check.problem("evidence", evidence, "is neither an https:// or http:// URL nor a file under data/")
    else:
        return data_files.name_of(target)
    return ""


def _natural_key(number: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", number)]
