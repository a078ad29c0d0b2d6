"""Load and check a report: data/report.yml, the register, the milestones,
the findings and the free pages, every rule of content-format.md, every
mistake at once."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from . import documents, limits
from .charts import spec as chart_spec
from .errors import Problem, ReportError, closest, did_you_mean, one_of, quote, relative
from .model import Area, Commitment, Milestone, Page, PartialDate, Report, Text
from .scales import COMPLETION, OGP_VALUES, OPENED_GOVERNMENT, POTENTIAL_IMPACT
from .sources import Table, read_table, read_yaml_with_lines

URL_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
DATE_EXPECTED = "is not a date: expected YYYY-MM-DD or YYYY-MM"
IMPOSSIBLE_DATE = "is not a real date: check the month and the day"
DATE_SHAPE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def date_mistake(value: str) -> str:
    """What is wrong with a date that PartialDate refused."""
    return IMPOSSIBLE_DATE if DATE_SHAPE.match(value.strip()) else DATE_EXPECTED

REGISTER_REQUIRED = ("id", "area", "title", "lead_agency", "start", "end", "completion")
MILESTONES_REQUIRED = ("commitment", "milestone", "text", "due", "status")


def load_report(root: Path, content_path: Path | None = None, data_path: Path | None = None) -> Report:
    """The checked report model; raises ReportError with every mistake found."""
    root = Path(root).resolve()
    content_path = Path(content_path or root / "content").resolve()
    data_path = Path(data_path or root / "data").resolve()
    problems: list[Problem] = []
    name = lambda path: relative(path, root)  # noqa: E731 - the name an author sees
    problems += limits.oversized_csvs(data_path, root)
    if problems:  # nothing reads a file too large to read
        raise ReportError(problems)

    meta = _load_meta(data_path / "report.yml", name(data_path / "report.yml"), problems)
    if meta is None:
        raise ReportError(problems)
    languages = meta["languages"]
    areas = meta["areas"]

    register = read_table(data_path / "commitments.csv", name(data_path / "commitments.csv"), problems)
    commitments = _load_register(register, areas, languages, problems) if register else []
    by_id = {c.id: c for c in commitments}
    # ids written in the register, also on rows with mistakes: a milestone or
    # finding of such a row is not reported again as "unknown commitment"
    written_ids = {cells.get("id", "") for _, cells in register.rows} if register and register.rows and "id" in register.columns else None

    milestones_table = read_table(data_path / "milestones.csv", name(data_path / "milestones.csv"), problems)
    if milestones_table:
        for milestone in _load_milestones(milestones_table, by_id, written_ids, languages, data_path, problems):
            by_id[milestone.commitment].milestones.append(milestone)
    for commitment in commitments:
        commitment.milestones.sort(key=lambda m: _natural_key(m.number))

    unusable: set[str] = set()  # commitments of findings that have a mistake of their own
    findings = documents.read_folder(content_path / "commitments", root, languages, problems, unusable)
    _attach_findings(findings, by_id, written_ids, languages, problems, unusable)
    pages = _load_pages(documents.read_folder(content_path / "pages", root, languages, problems), languages, problems)
    chart_spec.check_documents([*findings, *(d for p in pages for d in p.versions.values())], root, data_path, languages, problems)

    if problems:
        raise ReportError(problems)
    return Report(
        root=root,
        content_path=content_path,
        data_path=data_path,
        meta=meta["raw"],
        title=meta["title"],
        organisation=meta["organisation"],
        action_plan=meta["action_plan"],
        country=meta["country"],
        period_start=meta["period_start"],
        period_end=meta["period_end"],
        published=meta["published"],
        languages=languages,
        licence=meta["licence"],
        disclaimer=meta["disclaimer"],
        areas=list(areas.values()),
        commitments=commitments,
        pages=pages,
        register_columns=register.columns if register else [],
        milestone_columns=milestones_table.columns if milestones_table else [],
    )


def translated(record: dict, key: str, languages: list[str]) -> Text:
    """`key` in the default language with its `key_<lang>` translations."""
    translations = {}
    for lang in languages[1:]:
        value = record.get(f"{key}_{lang}")
        if value is not None and str(value).strip():
            translations[lang] = str(value).strip()
    return Text(str(record.get(key) or "").strip(), translations)


# report.yml -----------------------------------------------------------------


def _load_meta(path: Path, name: str, problems: list[Problem]) -> dict | None:
    raw, lines = read_yaml_with_lines(path, name, problems)
    if raw is None and not any(p.file == name for p in problems):
        problems.append(Problem(name, expected="is empty: it must say the report's title, organisation, languages, period and areas"))
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(name, expected="must be a mapping of keys (title:, organisation:, ...)"))
        return None
    before = len(problems)

    def at(key: str) -> str:
        """"line N" of a key of report.yml, or "" when the key is not there."""
        return f"line {lines[key]}" if key in lines else ""

    languages = raw.get("languages")
    if isinstance(languages, str) and languages.strip():
        problems.append(Problem(name, at("languages"), 'key "languages"', value=languages,
                                expected=f"is not a list: write it in brackets, default first, e.g. languages: [{languages.strip()}]"))
        languages = ["en"]
    elif not isinstance(languages, list) or not languages:
        problems.append(Problem(name, at("languages"), 'key "languages"', value=None if languages is None else _shown(languages),
                                expected="must list the report's languages, default first, e.g. [ru, ky, en]"))
        languages = ["en"]
    else:
        for lang in languages:
            if isinstance(lang, bool):  # YAML reads a bare no (Norwegian) as false
                problems.append(Problem(name, at("languages"), 'key "languages"', value=_shown(lang),
                                        expected='is read by YAML as yes/no: put the code in quotes, e.g. "no"'))
            elif not LANGUAGE_CODE.match(str(lang).strip()):
                problems.append(Problem(name, at("languages"), 'key "languages"', value=_shown(lang), expected="is not a two-letter ISO 639-1 code (ru, ky, en, ...)"))
        languages = [str(lang).strip() for lang in languages]
        for lang in sorted({lang for lang in languages if languages.count(lang) > 1}):
            problems.append(Problem(name, at("languages"), 'key "languages"', value=lang, expected="is listed twice"))

    def misspelt(key: str) -> str:
        """A suggestion when the file has a near-miss of a missing key (titel:)."""
        close = closest(key, [str(k) for k in raw if str(k).split("_")[0] not in META_KEYS])
        return f'the file has "{close}": rename it to "{key}"' if close else ""

    for key, value in raw.items():
        if isinstance(value, (dict, list)) and str(key).split("_")[0] in TEXT_KEYS:
            problems.append(Problem(name, at(str(key)), f'key "{key}"', value=_shown(value), expected="is not text: write the text after the colon"))

    def required_text(key: str) -> Text:
        text = translated(raw, key, languages)
        if not text.default:
            problems.append(Problem(name, at(key), f'key "{key}"', expected="is missing: it is required", suggestion=misspelt(key)))
        return text

    title = required_text("title")
    organisation = required_text("organisation")
    action_plan = translated(raw, "action_plan", languages)

    country = str(raw.get("country") or "").strip()
    if country and not COUNTRY_CODE.match(country):
        problems.append(Problem(name, at("country"), 'key "country"', value=country, expected="is not an ISO 3166-1 alpha-2 code (KG, GE, ...)"))

    period = raw.get("period")
    period_start = period_end = None
    if period is None:
        problems.append(Problem(name, at("period"), 'key "period"', expected="is missing: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}",
                                suggestion=misspelt("period")))
    elif not isinstance(period, dict):
        problems.append(Problem(name, at("period"), 'key "period"', value=_shown(period), expected="is not a start and an end: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}"))
    else:
        period_start = _meta_date(period.get("start"), name, "period.start", problems, required=True, where=at("period.start") or at("period"))
        period_end = _meta_date(period.get("end"), name, "period.end", problems, required=True, where=at("period.end") or at("period"))
        if period_start and period_end and period_start.first_day() > period_end.last_day():
            problems.append(Problem(name, at("period.end") or at("period"), 'key "period.end"', value=str(period_end), expected=f"is before period.start ({period_start})"))
    published = _meta_date(raw.get("published"), name, "published", problems, required=False, where=at("published"))

    licence = str(raw.get("licence") or "").strip()
    if not licence:
        problems.append(Problem(name, at("licence"), 'key "licence"', expected="is missing: expected an SPDX id such as CC-BY-4.0",
                                suggestion=misspelt("licence")))

    areas: dict[str, Area] = {}
    raw_areas = raw.get("areas")
    if not isinstance(raw_areas, list) or not raw_areas:
        problems.append(Problem(name, at("areas"), 'key "areas"', value=None if raw_areas is None else _shown(raw_areas),
                                expected="must list the plan's areas, each with an id and a title (- id: ...)"))
    else:
        for position, entry in enumerate(raw_areas, start=1):
            where = ", ".join(part for part in (at(f"areas[{position}]"), f"area {position}") if part)
            if not isinstance(entry, dict):
                problems.append(Problem(name, where, value=str(entry), expected="must have an id and a title"))
                continue
            area_id = str(entry.get("id") or "").strip()
            if not area_id:
                problems.append(Problem(name, where, 'key "id"', expected="is missing"))
                continue
            if not URL_SAFE_ID.match(area_id):
                problems.append(Problem(name, where, 'key "id"', area_id, "is not URL-safe: use letters, digits, '-', '_' or '.'"))
            if area_id in areas:
                problems.append(Problem(name, where, 'key "id"', area_id, "is used by two areas"))
            for key, value in entry.items():
                if isinstance(value, (dict, list)):
                    problems.append(Problem(name, where, f'key "{key}"', _shown(value), "is not text: write the text after the colon"))
            area_title = translated(entry, "title", languages)
            if not area_title.default:
                problems.append(Problem(name, where, 'key "title"', expected="is missing"))
            areas[area_id] = Area(area_id, area_title, position)

    disclaimer = translated(raw, "disclaimer", languages)

    if len(problems) > before:
        return None
    return {
        "raw": raw, "languages": languages, "title": title, "organisation": organisation,
        "action_plan": action_plan, "country": country, "period_start": period_start,
        "period_end": period_end, "published": published, "licence": licence, "areas": areas,
        "disclaimer": disclaimer,
    }


META_KEYS = {"title", "organisation", "action", "country", "period", "published", "languages", "licence", "areas"}
TEXT_KEYS = {"title", "organisation", "action", "country", "licence", "disclaimer"}  # "action" for action_plan(_<lang>)


def _shown(value, depth: int = 0) -> str:
    """A YAML value as the author wrote it (roughly): lists in brackets.
    Depth-limited: YAML anchors can make a list that contains itself."""
    if depth > 3:
        return "..."
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v, depth + 1)}" for k, v in value.items()) + "}"
    return str(value)


def _meta_date(value, name, key, problems, required, where=""):
    if value is None or value == "":
        if required:
            problems.append(Problem(name, where, f'key "{key}"', expected="is missing: expected YYYY-MM-DD"))
        return None
    if isinstance(value, datetime.date):  # YAML reads 2018-09-01 as a date already
        return PartialDate(value.year, value.month, value.day)
    try:
        return PartialDate.parse(str(value))
    except ValueError:
        problems.append(Problem(name, where, f'key "{key}"', value=str(value), expected=date_mistake(str(value))))
        return None


# commitments.csv ------------------------------------------------------------


def _missing_columns(table: Table, required, problems) -> bool:
    missing = [c for c in required if c not in table.columns]
    for column in missing:
        close = closest(column, [c for c in table.columns if c not in required])
        hint = f'the header has "{close}": rename it to "{column}"' if close else ""
        problems.append(Problem(table.name, "row 1", f'column "{column}"', expected="is missing from the header: it is required", suggestion=hint))
    return bool(missing)


class _RowChecker:
    """Checks the cells of one row, adding a Problem for each bad one."""

    def __init__(self, table: Table, number: int, cells: dict[str, str], problems: list[Problem]):
        self.table, self.where, self.cells, self.problems = table, f"row {number}", cells, problems

    def problem(self, column, value, expected, suggestion=""):
        self.problems.append(Problem(self.table.name, self.where, f'column "{column}"', value, expected, suggestion))

    def required(self, column) -> str:
        value = self.cells.get(column, "")
        if not value:
            self.problem(column, None, "is empty: it is required")
        return value

    def scale(self, column, scale, required=False) -> str:
        value = self.required(column) if required else self.cells.get(column, "")
        if value and value not in scale:
            self.problem(column, value, one_of(scale), did_you_mean(value, scale))
            return ""
        return value

    def date(self, column) -> PartialDate | None:
        value = self.required(column)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            self.problem(column, value, date_mistake(value))
            return None


def _load_register(table: Table, areas: dict[str, Area], languages, problems) -> list[Commitment]:
    if _missing_columns(table, REGISTER_REQUIRED, problems):
        return []
    commitments: list[Commitment] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        check = _RowChecker(table, number, cells, problems)
        commitment_id = check.required("id")
        if commitment_id and not URL_SAFE_ID.match(commitment_id):
            check.problem("id", commitment_id, "is not URL-safe: use letters, digits, '-', '_' or '.'")
        elif commitment_id in first_row:
            check.problem("id", commitment_id, f"is already the id of row {first_row[commitment_id]}: ids must be unique")
        area_id = check.required("area")
        if area_id and area_id not in areas:
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
        if commitment_id and area_id in areas and start and end and completion:
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


def _load_milestones(table: Table, commitments: dict[str, Commitment], written_ids, languages, data_path: Path, problems) -> list[Milestone]:
    if _missing_columns(table, MILESTONES_REQUIRED, problems):
        return []
    milestones = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        check = _RowChecker(table, number, cells, problems)
        commitment_id = check.required("commitment")
        known = commitment_id in commitments
        if commitment_id and not known and written_ids is not None and commitment_id not in written_ids:
            check.problem("commitment", commitment_id, "is not an id of data/commitments.csv", did_you_mean(commitment_id, commitments))
        milestone_number = check.required("milestone")
        key = (commitment_id, milestone_number)
        if milestone_number and key in seen:
            check.problem("milestone", milestone_number, f"is already milestone {milestone_number} of commitment {commitment_id} in row {seen[key]}: numbers are unique per commitment")
        text = translated(cells, "text", languages)
        check.required("text")
        due = check.date("due")
        status = check.scale("status", COMPLETION, required=True)
        evidence = cells.get("evidence", "")
        if evidence and not evidence.startswith(("https://", "http://")):
            target = _resolved(data_path, evidence)
            if target is None:
                check.problem("evidence", evidence, "is not a usable file name: expected an https:// URL or a path under data/")
            elif not target.is_relative_to(data_path):
                check.problem("evidence", evidence, "leaves data/: expected an https:// URL or a path under data/")
            elif not _is_file(target):
                check.problem("evidence", evidence, "is neither an https:// or http:// URL nor a file under data/")
        if milestone_number and key not in seen:
            seen[key] = number
        if known and milestone_number and due and status and text.default:
            milestones.append(Milestone(commitment_id, milestone_number, text, due, status, evidence, number))
    return milestones


def _resolved(folder: Path, relative_path: str) -> Path | None:
    """folder/relative_path with links and .. resolved; None for a name no
    file can have (a NUL byte, a name too long)."""
    try:
        return (folder / relative_path).resolve()
    except (ValueError, OSError):
        return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system is no file either
        return False


def _natural_key(number: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", number)]


# findings and pages ---------------------------------------------------------


def _attach_findings(findings, commitments: dict[str, Commitment], written_ids, languages, problems, unusable=frozenset()) -> None:
    default = languages[0]
    for document in findings:
        commitment_id = document.metadata.get("commitment", "").strip()
        if not commitment_id:
            problems.append(Problem(document.name, "line 1", 'key "Commitment"', expected="is missing: every finding names the id of its commitment in data/commitments.csv"))
            continue
        commitment = commitments.get(commitment_id)
        if commitment is None:
            # without a readable register every id would be "unknown"
            if written_ids is not None and commitment_id not in written_ids:
                problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                        "is not an id of data/commitments.csv", did_you_mean(commitment_id, commitments)))
            continue
        other = commitment.findings.get(document.lang)
        if other is not None:
            problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                    f"already has a finding in {quote(document.lang)}: {other.name} (one file per commitment per language)"))
            continue
        commitment.findings[document.lang] = document
    for commitment in commitments.values():
        if default not in commitment.findings and commitment.id not in unusable:
            problems.append(Problem("content/commitments", "", "", commitment.id,
                                    f"has no finding in the default language {quote(default)}: add a Markdown file with Commitment: {commitment.id} and Lang: {default}"))


def _load_pages(pages, languages, problems) -> list[Page]:
    reserved = {"commitments", "areas", "pdf", "data", "theme", "feeds", "pagefind", "open-data", *languages}
    by_slug: dict[str, Page] = {}
    for document in pages:
        slug = document.metadata.get("slug") or document.source.stem.split(".")[0]
        if not document.title:
            problems.append(Problem(document.name, "line 1", 'key "Title"', expected="is missing: every page needs a title"))
        if not URL_SAFE_ID.match(slug):
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug, "is not URL-safe: use letters, digits, '-', '_' or '.'"))
            continue
        if slug in reserved:
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug,
                                    "is reserved for the site's own pages: choose another slug"))
            continue
        page = by_slug.setdefault(slug, Page(slug, {}, languages[0]))
        if document.lang in page.versions:
            problems.append(Problem(document.name, "", 'key "Slug"', slug,
                                    f"already has a page in {quote(document.lang)}: {page.versions[document.lang].name}"))
            continue
        page.versions[document.lang] = document
    return list(by_slug.values())
