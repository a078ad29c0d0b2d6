"""Load and check a report: data/report.yml, the register, the milestones,
the findings and the free pages, every rule of content-format.md, every
mistake at once."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from . import coalition, datafolder, documents, editions, images, meta_keys, replies, skeletons, spreadsheets
from .charts import spec as chart_spec
from .dates import DATE_EXPECTED, IMPOSSIBLE_DATE, date_mistake  # noqa: F401 - named here before dates.py
from .errors import Problem, ReportError, closest, did_you_mean, one_of, quote, relative
from .languages import language_problem
from .model import Area, Commitment, Milestone, Page, PartialDate, Report, Text
from .numberformat import NumberFormat, read_number_format
from .paths import resolved
from .names import URL_SAFE_ID, id_mistake, reserved_slugs  # noqa: F401 - scaffold.py imports URL_SAFE_ID from here
from .scales import COMPLETION, OGP_VALUES, OPENED_GOVERNMENT, POTENTIAL_IMPACT
from .sources import Table, read_data_tables, read_table, read_yaml_with_lines

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")

REGISTER_REQUIRED = ("id", "area", "title", "lead_agency", "start", "end", "completion")
MILESTONES_REQUIRED = ("commitment", "milestone", "text", "due", "status")


def load_report(root: Path, content_path: Path | None = None, data_path: Path | None = None) -> Report:
    """The checked report model; raises ReportError with every mistake found.
    A mistake in report.yml does not hide the others: the register, the
    milestones, the findings and the pages are checked with what of
    report.yml can be used (_usable_meta)."""
    root = Path(root).resolve()
    content_path = Path(content_path or root / "content").resolve()
    data_path = Path(data_path or root / "data").resolve()
    problems: list[Problem] = []
    name = lambda path: relative(path, root)  # noqa: E731 - the name an author sees

    data_files = datafolder.scan(data_path, root, problems)
    # every table of data/ is read here, once, for the check and the build alike
    tables = read_data_tables(data_files.tables(), name, problems)

    def table(file_name: str) -> Table | None:
        """The register or the milestones: file_name's CSV, or a workbook of its base name."""
        for candidate in (file_name, *(file_name[:-4] + suffix for suffix in spreadsheets.SUFFIXES)):
            if data_files.canonical(candidate):
                return tables.get(spreadsheets.published_name(data_files.canonical(candidate)))
        if file_name in data_files.refused:
            return None
        return read_table(data_path / file_name, name(data_path / file_name), problems)  # says why it is missing

    def optional_table(file_name: str) -> Table | None:
        """A table the format does not require (assessments.csv): None when there is none."""
        present = any(data_files.canonical(file_name[:-4] + suffix) for suffix in (".csv", *spreadsheets.SUFFIXES))
        return table(file_name) if present else None

    meta = None if "report.yml" in data_files.refused else _read_meta(data_path / "report.yml", name(data_path / "report.yml"), problems)
    folders = [content_path / "commitments", content_path / "pages"]
    languages, areas = _usable_meta(meta, folders, root)

    register = table("commitments.csv")
    commitments = _load_register(register, areas, languages, problems) if register else []
    by_id = {c.id: c for c in commitments}
    # ids written in the register, also on rows with mistakes: a milestone or
    # finding of such a row is not reported again as "unknown commitment"
    written_ids = {cells.get("id", "") for _, cells in register.rows} if register and register.rows and "id" in register.columns else None
    register_file = register.source if register else "data/commitments.csv"  # or the workbook kept instead

    milestones_table = table("milestones.csv")
    if milestones_table:
        for milestone in _load_milestones(milestones_table, by_id, written_ids, languages, data_files, problems, register_file):
            by_id[milestone.commitment].milestones.append(milestone)
    for commitment in commitments:
        commitment.milestones.sort(key=lambda m: _natural_key(m.number))
    report_editions, edition_ids = (meta["editions"], meta["edition_ids"]) if meta else ([], [])
    editions.load_assessments(optional_table(editions.TABLE), report_editions, edition_ids, by_id, written_ids, register_file, problems)

    unusable: set[str] = set()  # commitments of findings that have a mistake of their own
    findings = documents.read_folder(folders[0], root, languages, problems, unusable, content_path)
    _attach_findings(findings, by_id, written_ids, languages, problems, unusable, register_file)
    members = coalition.check_logos(meta["members"], content_path, name(data_path / "report.yml"), problems) if meta else []
    coalition.attach_monitoring(commitments, members, languages[0], problems)
    coalition.table_clashes(members, tables, problems)
    editions.check_finding_editions(commitments, edition_ids, problems)
    pages = _load_pages(documents.read_folder(folders[1], root, languages, problems, content=content_path), languages, problems)
    replies_read = replies.load_replies(content_path, root, languages, by_id, written_ids, register_file, problems)
    if languages[0] != documents.UNREAD_DEFAULT:  # a chart block's title_<lang> needs the languages
        numbers = meta["numbers"] if meta else NumberFormat()  # None: report.yml's numbers: has a mistake
        chart_spec.check_documents([*findings, *(d for p in pages for d in p.versions.values())], data_files, tables, languages,
                                   problems, numbers)
    images.check_documents([*findings, *(d for p in pages for d in p.versions.values()), *replies_read], content_path, root, problems)

    if problems:
        raise ReportError(problems)
    return Report(
        root=root, content_path=content_path, data_path=data_path, meta=meta["raw"],
        **{key: meta[key] for key in ("title", "organisation", "action_plan", "country", "period_start", "period_end",
                                      "published", "languages", "licence", "disclaimer", "numbers")},
        areas=list(areas.values()), commitments=commitments, pages=pages,
        register_columns=register.columns if register else [],
        milestone_columns=milestones_table.columns if milestones_table else [],
        tables=tables, editions=report_editions, members=members,
    )


def _usable_meta(meta: dict | None, folders: list[Path], root: Path) -> tuple[list[str], dict[str, Area] | None]:
    """The languages and areas to check the rest of the report with, also
    when report.yml has mistakes: its languages when its list is usable, else
    those the files' Lang: headers name (documents.header_languages); its
    areas when they have no mistake, else None (the register's area column
    goes unchecked)."""
    languages = meta["languages"] if meta and meta["languages_usable"] else documents.header_languages(folders, root)
    return languages, (meta["areas"] if meta and meta["areas_usable"] else None)


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
    """report.yml checked, or None when it has a mistake (added to problems)."""
    before = len(problems)
    meta = _read_meta(path, name, problems)
    return meta if len(problems) == before else None


def _read_meta(path: Path, name: str, problems: list[Problem]) -> dict | None:
    """What report.yml says, also where it has mistakes (each one added to
    problems), or None when it is no YAML mapping at all."""
    raw, lines = read_yaml_with_lines(path, name, problems)
    if raw is None and not any(p.file == name for p in problems):
        problems.append(Problem(name, expected="is empty: it must say the report's title, organisation, languages, period and areas"))
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(name, expected="must be a mapping of keys (title:, organisation:, ...)"))
        return None

    def at(key: str) -> str:
        """"line N" of a key of report.yml, or "" when the key is not there."""
        return f"line {lines[key]}" if key in lines else ""

    languages, languages_usable = _meta_languages(raw.get("languages"), name, at("languages"), problems)
    problems += meta_keys.key_problems(raw, languages, languages_usable, name, at)

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

    country = _meta_country(str(raw.get("country") or "").strip(), languages if languages_usable else [], name, at, problems)

    period_start, period_end = _meta_period(raw.get("period"), name, at, misspelt("period"), problems)
    published = _meta_date(raw.get("published"), name, "published", problems, required=False, where=at("published"))

    licence = str(raw.get("licence") or "").strip()
    problems += meta_keys.licence_problems(licence, name, at("licence"), misspelt("licence"))

    areas, areas_usable = _meta_areas(raw.get("areas"), name, at, languages, problems)
    disclaimer = translated(raw, "disclaimer", languages)
    in_languages = lambda entry, key: translated(entry, key, languages)  # noqa: E731
    report_editions, edition_ids = editions.read_editions(raw.get("editions"), name, at, in_languages, problems)
    members = coalition.read_members(raw.get("members"), name, at, in_languages, problems)
    numbers = read_number_format(raw.get("numbers"), name, at("numbers"), problems)

    return {
        "raw": raw, "languages": languages, "languages_usable": languages_usable, "areas_usable": areas_usable,
        "title": title, "organisation": organisation,
        "action_plan": action_plan, "country": country, "period_start": period_start,
        "period_end": period_end, "published": published, "licence": licence, "areas": areas,
        "disclaimer": disclaimer, "numbers": numbers, "editions": report_editions, "edition_ids": edition_ids,
        "members": members,
    }


def _meta_country(country: str, languages: list[str], name: str, at, problems: list[Problem]) -> str:
    """report.yml's country, checked; and its languages against Babel's data
    (languages.language_problem), which knows the country's languages."""
    if country and not COUNTRY_CODE.match(country):
        problems.append(Problem(name, at("country"), 'key "country"', value=country, expected="is not an ISO 3166-1 alpha-2 code (KG, GE, ...)"))
    for lang in languages:
        mistake = language_problem(lang, country if COUNTRY_CODE.match(country) else "")
        if mistake:
            problems.append(Problem(name, at("languages"), 'key "languages"', lang, *mistake))
    return country


def _meta_period(period, name: str, at, misspelt: str, problems: list[Problem]) -> tuple[PartialDate | None, PartialDate | None]:
    """report.yml's period: its start and end, or None where they have a mistake."""
    if period is None:
        problems.append(Problem(name, at("period"), 'key "period"', expected="is missing: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}",
                                suggestion=misspelt))
        return None, None
    if not isinstance(period, dict):
        problems.append(Problem(name, at("period"), 'key "period"', value=_shown(period), expected="is not a start and an end: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}"))
        return None, None
    period_start = _meta_date(period.get("start"), name, "period.start", problems, required=True, where=at("period.start") or at("period"))
    period_end = _meta_date(period.get("end"), name, "period.end", problems, required=True, where=at("period.end") or at("period"))
    if period_start and period_end and period_start.first_day() > period_end.last_day():
        problems.append(Problem(name, at("period.end") or at("period"), 'key "period.end"', value=str(period_end), expected=f"is before period.start ({period_start})"))
    return period_start, period_end


def _meta_areas(raw_areas, name: str, at, languages: list[str], problems: list[Problem]) -> tuple[dict[str, Area], bool]:
    """report.yml's areas by id, and whether they can check the register's
    area column (not when any has a mistake: each row would be reported)."""
    areas: dict[str, Area] = {}
    before = len(problems)
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
            if id_mistake(area_id):
                problems.append(Problem(name, where, 'key "id"', area_id, id_mistake(area_id)))
            if area_id in areas:
                problems.append(Problem(name, where, 'key "id"', area_id, "is used by two areas"))
            for key, value in entry.items():
                if isinstance(value, (dict, list)):
                    problems.append(Problem(name, where, f'key "{key}"', _shown(value), "is not text: write the text after the colon"))
            area_title = translated(entry, "title", languages)
            if not area_title.default:
                problems.append(Problem(name, where, 'key "title"', expected="is missing"))
            areas[area_id] = Area(area_id, area_title, position)
    return areas, bool(areas) and len(problems) == before


def _meta_languages(languages, name: str, where: str, problems: list[Problem]) -> tuple[list[str], bool]:
    """report.yml's languages, and whether they can be used to check the
    findings and pages: a list whose first item, the default, is a code."""
    field = 'key "languages"'
    if isinstance(languages, str) and languages.strip():
        problems.append(Problem(name, where, field, value=languages,
                                expected=f"is not a list: write it in brackets, default first, e.g. languages: [{languages.strip()}]"))
        return ["en"], False
    if not isinstance(languages, list) or not languages:
        problems.append(Problem(name, where, field, value=None if languages is None else _shown(languages),
                                expected="must list the report's languages, default first, e.g. [ru, ky, en]"))
        return ["en"], False
    codes = []
    for lang in languages:
        if isinstance(lang, bool):  # YAML reads a bare no (Norwegian) as false
            problems.append(Problem(name, where, field, value=_shown(lang), expected='is read by YAML as yes/no: put the code in quotes, e.g. "no"'))
        elif not LANGUAGE_CODE.match(str(lang).strip()):
            problems.append(Problem(name, where, field, value=_shown(lang), expected="is not a two-letter ISO 639-1 code (ru, ky, en, ...)"))
        else:
            codes.append(str(lang).strip())
    written = [str(lang).strip() for lang in languages]
    for lang in sorted({lang for lang in written if written.count(lang) > 1}):
        problems.append(Problem(name, where, field, value=lang, expected="is listed twice"))
    usable = bool(codes) and codes[0] == written[0] and not isinstance(languages[0], bool)
    return list(dict.fromkeys(codes)) or ["en"], usable


META_KEYS = {"title", "organisation", "action", "country", "period", "published", "languages", "licence", "areas", "numbers",
             "editions", "members"}
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
                     problems, register_file: str = "data/commitments.csv") -> list[Milestone]:
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
            check.problem("milestone", milestone_number, f"is already milestone {milestone_number} of commitment {commitment_id} in row {seen[key]}: numbers are unique per commitment")
        text = translated(cells, "text", languages)
        check.required("text")
        due = check.date("due")
        status = check.scale("status", COMPLETION, required=True)
        evidence = _evidence(cells.get("evidence", ""), data_files, check)
        if milestone_number and key not in seen:
            seen[key] = number
        if known and milestone_number and due and status and text.default:
            milestones.append(Milestone(commitment_id, milestone_number, text, due, status, evidence, number))
    return milestones


def _evidence(evidence: str, data_files: datafolder.DataFiles, check: _RowChecker) -> str:
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
    elif data_files.name_of(target) is None:
        check.problem("evidence", evidence, "is neither an https:// or http:// URL nor a file under data/")
    else:
        return data_files.name_of(target)
    return ""


def _natural_key(number: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", number)]


# findings and pages ---------------------------------------------------------


def _attach_findings(findings, commitments: dict[str, Commitment], written_ids, languages, problems, unusable: set[str],
                     register_file: str = "data/commitments.csv") -> None:
    default = languages[0]
    for document in findings:
        commitment_id = document.metadata.get("commitment", "").strip()
        if not commitment_id:
            problems.append(Problem(document.name, "line 1", 'key "Commitment"', expected=f"is missing: every finding names the id of its commitment in {register_file}"))
            continue
        commitment = commitments.get(commitment_id)
        if commitment is None:
            # without a readable register every id would be "unknown"
            if written_ids is not None and commitment_id not in written_ids:
                problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                        f"is not an id of {register_file}", did_you_mean(commitment_id, commitments)))
            continue
        if skeletons.is_skeleton(document):  # not written yet: a mistake in the default language, else untranslated
            if document.lang == default:
                problems.append(Problem(document.name, expected=skeletons.NOT_WRITTEN))
                unusable.add(commitment_id)
            commitment.skeletons[document.lang] = document.name
            continue
        other = commitment.findings.get(document.lang)
        if other is not None:
            problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                    f"already has a finding in {quote(document.lang)}: {other.name} (one file per commitment per language)"))
            continue
        commitment.findings[document.lang] = document
    for commitment in commitments.values() if default != documents.UNREAD_DEFAULT else ():
        if default not in commitment.findings and commitment.id not in unusable:
            problems.append(Problem("content/commitments", "", "", commitment.id,
                                    f"has no finding in the default language {quote(default)}: add a Markdown file with Commitment: {commitment.id} and Lang: {default}"))


def _load_pages(pages, languages, problems) -> list[Page]:
    reserved = reserved_slugs(lang for lang in languages if LANGUAGE_CODE.match(lang))
    by_slug: dict[str, Page] = {}
    for document in pages:
        slug = document.metadata.get("slug") or document.source.stem.split(".")[0]
        if not document.title:
            problems.append(Problem(document.name, "line 1", 'key "Title"', expected="is missing: every page needs a title"))
        if id_mistake(slug):
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug, id_mistake(slug)))
            continue
        if slug.lower() in reserved:
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug,
                                    f"is a name the site itself uses at its top level (output/{slug})",
                                    f'choose another slug, e.g. "{slug.split(".")[0]}-page"'))
            continue
        page = by_slug.setdefault(slug, Page(slug, {}, languages[0]))
        if document.lang in page.versions:
            problems.append(Problem(document.name, "", 'key "Slug"', slug,
                                    f"already has a page in {quote(document.lang)}: {page.versions[document.lang].name}"))
            continue
        page.versions[document.lang] = document
    return list(by_slug.values())
