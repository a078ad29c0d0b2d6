"""data/report.yml read and checked: identity, languages, period, areas,
editions (editions.py), members (coalition.py), numbers; every mistake at
once, and what of it can still be used to check the rest (loader.py)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from . import coalition, editions, meta_keys
from .dates import date_mistake
from .errors import Problem, closest
from .languages import language_problem
from .model import Area, PartialDate, Text
from .names import id_mistake
from .numberformat import read_number_format
from .sources import read_yaml_with_lines

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


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
    (report_editions, edition_ids), members = _meta_lists(raw, name, at, languages, problems)
    numbers = read_number_format(raw.get("numbers"), name, at("numbers"), problems)

    return {
        "raw": raw, "languages": languages, "languages_usable": languages_usable, "areas_usable": areas_usable,
        "title": title, "organisation": organisation,
        "action_plan": action_plan, "country": country, "period_start": period_start,
        "period_end": period_end, "published": published, "licence": licence, "areas": areas,
        "disclaimer": disclaimer, "numbers": numbers, "logo_at": at("logo"), "editions": report_editions, "edition_ids": edition_ids, "name": name,
        "members": members,
    }


def _meta_lists(raw: dict, name: str, at, languages: list[str], problems: list[Problem]):
    """The editions (and the ids written) and the members of report.yml."""
    in_languages = lambda entry, key: translated(entry, key, languages)  # noqa: E731
    return (editions.read_editions(raw.get("editions"), name, at, in_languages, problems),
            coalition.read_members(raw.get("members"), name, at, in_languages, problems))


def meta_logo(meta: dict | None, content: Path, file_name: str, problems: list[Problem]):
    """report.yml's optional `logo:` (an image of content/images/, checked
    as a finding's image is: images.check_image), or None."""
    from . import images

    value = meta["raw"].get("logo") if meta else None
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(file_name, meta["logo_at"], 'key "logo"', value=_shown(value),
                                expected="is not a path: expected an image of content/images/, e.g. images/logo.svg"))
        return None
    image, mistake = images.check_image(value.strip(), Path(content).resolve())
    if mistake:
        problems.append(Problem(file_name, meta["logo_at"], 'key "logo"', value.strip(), mistake))
    return image


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
        problems.append(Problem(name, at("period"), 'key "period"', value=_shown(period),
                                expected="is not a start and an end: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}"))
        return None, None
    period_start = _meta_date(period.get("start"), name, "period.start", problems, required=True, where=at("period.start") or at("period"))
    period_end = _meta_date(period.get("end"), name, "period.end", problems, required=True, where=at("period.end") or at("period"))
    if period_start and period_end and period_start.first_day() > period_end.last_day():
        problems.append(Problem(name, at("period.end") or at("period"), 'key "period.end"', value=str(period_end),
                                expected=f"is before period.start ({period_start})"))
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
             "editions", "members", "logo"}
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
