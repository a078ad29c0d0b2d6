"""Editions of a report and each commitment's ratings in each of them.

report.yml's `editions:` lists the assessments a report published (a
mid-term and a final one), oldest first; the last is the current edition.
data/commitments.csv holds the current edition's ratings, as it always did;
data/assessments.csv (or .xlsx, .ods) holds the ratings of the earlier
editions, one row per commitment and edition, on the register's scales. A
row of the current edition may be there too (a coalition keeping every
edition in one table), but must then say what the register says.
docs/content-format.md ("Editions and rating history") is the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import read_date
from .errors import Problem, did_you_mean
from .model import PartialDate, Text
from .names import id_mistake
from .scales import COMPLETION, OPENED_GOVERNMENT, POTENTIAL_IMPACT, PROGRESS_RANK
from .tablerows import _missing_columns, _RowChecker  # the register's own checks and messages

TABLE = "assessments.csv"  # under data/, or a workbook of its base name
REQUIRED = ("commitment", "edition", "completion")
# the register's scales an edition rates a commitment on
SCALES = {"completion": COMPLETION, "government_completion": COMPLETION, "irm_completion": COMPLETION,
          "potential_impact": POTENTIAL_IMPACT, "opened_government": OPENED_GOVERNMENT}
KEYS = ("id", "date", "title")  # and title_<lang>


@dataclass(frozen=True)
class Edition:
    id: str
    date: PartialDate
    title: Text
    position: int  # 1 for the oldest


@dataclass(frozen=True)
class Rating:
    """A commitment's ratings in one edition."""

    edition: Edition
    completion: str
    government_completion: str = ""
    irm_completion: str = ""
    potential_impact: str = ""
    opened_government: str = ""


@dataclass(frozen=True)
class Step:
    """A rating beside the one of the edition before it, for the history table."""

    rating: Rating
    before: Rating | None
    move: str  # up, down, same, changed (off the progress scale), or "" for the first


def read_editions(raw, name: str, at, translated, problems: list[Problem]) -> tuple[list[Edition], list[str]]:
    """report.yml's editions, oldest first, and the ids written there; each
    mistake added to problems. With a mistake in any edition there are none
    (which would be the current one is not known), but a reference to an id
    written is not reported again. `translated(entry, key)` reads a key with
    its translations (loader.py)."""
    written = list(dict.fromkeys(str(e.get("id")).strip() for e in raw if isinstance(e, dict) and e.get("id"))) if isinstance(raw, list) else []
    if raw is None:
        return [], written
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(name, at("editions"), 'key "editions"', expected="must list the report's editions, oldest first, "
                                "each with an id, a date and a title (- id: mid-term)"))
        return [], written
    editions: list[Edition] = []
    for position, entry in enumerate(raw, start=1):
        where = lambda key="", position=position: ", ".join(  # noqa: E731
            p for p in (at(f"editions[{position}].{key}") or at(f"editions[{position}]"), f"edition {position}") if p)
        if not isinstance(entry, dict):
            problems.append(Problem(name, where(), value=str(entry), expected="must have an id, a date and a title"))
            continue
        edition_id = str(entry.get("id") or "").strip()
        date, mistake = read_date(entry.get("date")) if entry.get("date") not in (None, "") else (None, "is missing: expected YYYY-MM-DD")
        title = translated(entry, "title")
        before = len(problems)
        if not edition_id:
            problems.append(Problem(name, where(), 'key "id"', expected="is missing"))
        elif id_mistake(edition_id):
            problems.append(Problem(name, where("id"), 'key "id"', edition_id, id_mistake(edition_id)))
        elif edition_id in {e.id for e in editions}:
            problems.append(Problem(name, where("id"), 'key "id"', edition_id, "is used by two editions"))
        if mistake:
            shown = None if entry.get("date") in (None, "") else str(entry.get("date"))
            problems.append(Problem(name, where("date"), 'key "date"', shown, mistake))
        elif editions and date.first_day() < editions[-1].date.first_day():
            problems.append(Problem(name, where("date"), 'key "date"', str(date),
                                    f"is before the date of the edition above it ({editions[-1].id}, {editions[-1].date}): "
                                    "list the editions oldest first, the current one last"))
        if not title.default:
            problems.append(Problem(name, where("title"), 'key "title"', expected="is missing"))
        if len(problems) == before:
            editions.append(Edition(edition_id, date, title, len(editions) + 1))
    return (editions if len(editions) == len(raw) else []), written


def load_assessments(table, editions: list[Edition], written_editions: list[str], commitments: dict, written_ids,
                     register_file: str, problems: list[Problem]) -> None:
    """Each commitment's history (Commitment.history): its rating in every
    edition that rated it, oldest first, the current one from the register.
    `written_editions`: the ids report.yml has, also where it has mistakes."""
    by_edition: dict[tuple[str, str], Rating] = {}
    rows: dict[tuple[str, str], int] = {}  # (commitment, edition) -> its row
    if table is not None and not written_editions and not any(p.file.endswith("report.yml") for p in problems):
        problems.append(Problem(table.name, expected="gives ratings per edition, but data/report.yml lists no editions: "
                                "add editions: with the id, date and title of each, the current one last"))
    elif table is not None and not _missing_columns(table, REQUIRED, problems):
        by_edition, rows = _rows(table, {e.id: e for e in editions}, written_editions, commitments, written_ids, register_file,
                                 problems, _RowChecker)
    if not editions:
        return
    current = editions[-1]
    for commitment in commitments.values():
        history = [by_edition[(commitment.id, e.id)] for e in editions[:-1] if (commitment.id, e.id) in by_edition]
        commitment.history = [*history, Rating(current, **{scale: getattr(commitment, scale) for scale in SCALES})]
    for (commitment_id, edition_id), rating in by_edition.items():
        if edition_id == current.id:
            _agrees(rating, commitments[commitment_id], f"row {rows[(commitment_id, edition_id)]}", table, register_file, problems)


def _rows(table, editions: dict[str, Edition], written_editions: list[str], commitments: dict, written_ids, register_file, problems,
          checker) -> tuple[dict, dict]:
    """The table's ratings by (commitment, edition), and the row of each."""
    found: dict[tuple[str, str], Rating] = {}
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        check = checker(table, number, cells, problems)
        commitment_id = check.required("commitment")
        if commitment_id and commitment_id not in commitments and (written_ids is None or commitment_id not in written_ids):
            check.problem("commitment", commitment_id, f"is not an id of {register_file}", did_you_mean(commitment_id, commitments))
        edition_id = check.required("edition")
        if edition_id and edition_id not in written_editions:
            check.problem("edition", edition_id, "is not an edition of data/report.yml (" + ", ".join(written_editions) + ")",
                          did_you_mean(edition_id, written_editions))
        ratings = {scale: check.scale(scale, values, required=scale == "completion") for scale, values in SCALES.items()}
        key = (commitment_id, edition_id)
        if key in first_row:
            check.problem("edition", edition_id, f"already rates commitment {commitment_id} in row {first_row[key]}: "
                          "one row per commitment and edition")
            continue
        first_row[key] = number
        if commitment_id in commitments and edition_id in editions and ratings["completion"]:
            found[key] = Rating(editions[edition_id], **ratings) if _all_good(cells, ratings) else None
    return {key: rating for key, rating in found.items() if rating is not None}, first_row


def _all_good(cells: dict, ratings: dict) -> bool:
    """Every scale written is valid (a bad one was reported and left empty)."""
    return all(ratings[scale] or not cells.get(scale, "") for scale in SCALES)


def _agrees(rating: Rating, commitment, row: str, table, register_file: str, problems: list[Problem]) -> None:
    """A row of the current edition says what the register says, on every scale it gives."""
    for scale in SCALES:
        written, register = getattr(rating, scale), getattr(commitment, scale)
        if written and written != register:
            problems.append(Problem(table.name, row, f'column "{scale}"', written,
                                    f"differs from {register_file}, row {commitment.row} ({register or 'empty'}), which holds the "
                                    f"current edition's ratings ({rating.edition.id}): write the same, or leave this row out"))


def move(before: str, after: str) -> str:
    """up, down or same on the progress scale; changed when one of the two
    is off it (no-evidence, withdrawn) and they differ."""
    if before in PROGRESS_RANK and after in PROGRESS_RANK:
        return "up" if PROGRESS_RANK[after] > PROGRESS_RANK[before] else "down" if PROGRESS_RANK[after] < PROGRESS_RANK[before] else "same"
    return "same" if before == after else "changed"


def steps(commitment) -> list[Step]:
    """The commitment's history with each rating's move from the one before."""
    found, before = [], None
    for rating in commitment.history:
        found.append(Step(rating, before, move(before.completion, rating.completion) if before else ""))
        before = rating
    return found


def rating_in(commitment, edition: Edition) -> Rating | None:
    return next((r for r in commitment.history if r.edition.id == edition.id), None)


def changes(report) -> list[Step]:
    """What the current edition changed since the one before: one Step for
    each commitment rated in both whose completion differs, upward moves first."""
    current, previous = report.current_edition, report.previous_edition
    if previous is None:
        return []
    found = []
    for commitment in report.commitments:
        before, after = rating_in(commitment, previous), rating_in(commitment, current)
        if before and after and before.completion != after.completion:
            found.append((commitment, Step(after, before, move(before.completion, after.completion))))
    order = {"up": 0, "down": 1, "changed": 2}
    return [Change(c, s) for c, s in sorted(found, key=lambda pair: order[pair[1].move])]


@dataclass(frozen=True)
class Change:
    commitment: object
    step: Step


def edition_rows(report, edition: Edition) -> list[tuple[object, Step | None]]:
    """Each commitment with its rating in `edition` (and the move from the
    edition before it), None where that edition did not rate it."""
    rows = []
    for commitment in report.commitments:
        found = next((s for s in steps(commitment) if s.rating.edition.id == edition.id), None)
        rows.append((commitment, found))
    return rows


EDITION_KEY = "edition"  # a finding's header key: the edition its text was written for


def check_finding_editions(commitments, written_editions: list[str], problems: list[Problem]) -> None:
    """A finding's `Edition:` names an edition of report.yml (one written there, also with a mistake)."""
    from .documents import header_line

    known = list(written_editions)
    for commitment in commitments:
        for document in commitment.findings.values():
            edition_id = document.metadata.get(EDITION_KEY, "").strip()
            if EDITION_KEY in document.metadata and edition_id not in known:
                listed = ", ".join(known) if known else "none: data/report.yml lists no editions"
                problems.append(Problem(document.name, header_line(document, EDITION_KEY), 'key "Edition"', edition_id or None,
                                        f"is not an edition of data/report.yml ({listed})", did_you_mean(edition_id, known)))


def finding_edition(report, commitment) -> Edition | None:
    """The edition the commitment's finding (in the default language, as
    its monitors and review date) says its text was written for, or None."""
    edition_id = commitment.findings[report.default_lang].metadata.get(EDITION_KEY, "").strip()
    return next((e for e in report.editions if e.id == edition_id), None)


def edition_counts(rows) -> list:
    """How many commitments an edition rated at each completion (views.StatusCount)."""
    from .views import StatusCount

    rated = [step.rating.completion for _, step in rows if step]
    total = len(rated) or 1
    return [StatusCount(status, rated.count(status), rated.count(status) / total) for status in COMPLETION]
