"""report.yml's keys and its licence, checked: a key the build does not
know (`disclamer:`, `members:`) would be ignored without a word, and a licence
that is no SPDX id (`CC BY 4.0`) would publish a broken licence link."""

from __future__ import annotations

import difflib
import re

from packaging.licenses import _spdx  # the SPDX licence list that packaging ships (pinned in pyproject.toml)

from .errors import Problem, closest, did_you_mean

# The keys of report.yml, in the order content-format.md lists them.
KEYS = ("title", "organisation", "action_plan", "country", "period", "published", "languages", "licence", "areas", "disclaimer",
        "numbers", "logo", "editions", "members")  # numbers: numberformat.py checks its own keys
REQUIRED = ("title", "organisation", "period", "licence")  # loader.py names a near-miss when one is missing
TRANSLATED = ("title", "organisation", "action_plan", "disclaimer")  # each also as key_<lang>
PERIOD_KEYS = ("start", "end")
AREA_KEYS = ("id", "title")  # and title_<lang>
# the lists of report.yml whose items have keys of their own: (keys, translated keys, what an item is called)
LISTS = {"areas": (AREA_KEYS, ("title",), "an area"),
         "editions": (("id", "date", "title"), ("title",), "an edition"),  # editions.py
         "members": (("id", "name", "url", "logo"), ("name",), "a member")}  # coalition.py
LANGUAGE_SUFFIX = re.compile(r"^(.+)_([a-z]{2})$")

SPDX_IDS = {entry["id"].lower(): entry["id"] for entry in _spdx.LICENSES.values()}


def key_problems(raw: dict, languages: list[str], usable: bool, name: str, at) -> list[Problem]:
    """A Problem for each key of report.yml (top level, period, areas) the
    build does not read. `languages` are the report's when `usable`; else
    any key_<xx> translation is taken as one."""
    others = languages[1:]
    problems = [_unknown(str(key), KEYS, TRANSLATED, languages, usable, "report.yml", name, at(str(key)))
                for key in raw if not _known(str(key), KEYS, TRANSLATED, others, usable) and not _named_as_missing(str(key), raw)]
    period = raw.get("period")
    if isinstance(period, dict):
        problems += [_unknown(f"period.{key}", PERIOD_KEYS, (), languages, usable, "period", name, at(f"period.{key}") or at("period"))
                     for key in period if str(key) not in PERIOD_KEYS]
    for list_key, (keys, translated, called) in LISTS.items():
        items = raw.get(list_key)
        for position, entry in enumerate(items if isinstance(items, list) else [], start=1):
            for key in entry if isinstance(entry, dict) else ():
                if not _known(str(key), keys, translated, others, usable):
                    # an area's mistakes name its first line, as the loader's do; an edition's or a member's, the key's
                    line = (list_key != "areas" and at(f"{list_key}[{position}].{key}")) or at(f"{list_key}[{position}]")
                    where = ", ".join(part for part in (line, f"{called.split()[1]} {position}") if part)
                    problems.append(_unknown(str(key), keys, translated, languages, usable, called, name, where))
    return [problem for problem in problems if problem]


def _known(key: str, keys, translated, others: list[str], usable: bool) -> bool:
    if key in keys:
        return True
    match = LANGUAGE_SUFFIX.match(key)
    return bool(match) and match[1] in translated and (match[2] in others or not usable)


def _named_as_missing(key: str, raw: dict) -> bool:
    """A near-miss of a required key that is missing (titel: without
    title:): the loader's "is missing" message names it already."""
    close = closest(key, REQUIRED)
    return bool(close) and close not in raw and not LANGUAGE_SUFFIX.match(key)


def _unknown(key: str, keys, translated, languages, usable, of: str, name: str, where: str) -> Problem:
    shown, others = key.split(".")[-1], languages[1:]
    match = LANGUAGE_SUFFIX.match(shown)
    if match and match[1] in translated and usable:
        if match[2] == languages[0]:
            expected = f'is not a key of {of}: {match[2]} is the default language, whose text goes in "{match[1]}"'
        else:
            expected = (f"is not a key of {of}: {match[2]} is not one of the report's languages ({', '.join(languages)}): "
                        "add it to languages, or delete the key")
        return Problem(name, where, f'key "{key}"', expected=expected)
    expected = f"is not a key of {of}: expected " + ", ".join(keys)
    if translated:
        expected += " (and " + ", ".join(f"{k}_<lang>" for k in translated) + ")"
    # a misspelt key keeps its first letter (disclamer, titel): "members" is
    # no misspelling of "numbers", and renaming it so would lose its meaning
    choices = [c for c in (*keys, *(f"{k}_{lang}" for k in translated for lang in others)) if c[:1] == shown[:1].lower()]
    return Problem(name, where, f'key "{key}"', expected=expected, suggestion=did_you_mean(shown, choices))


def licence_problems(licence: str, name: str, where: str, misspelt: str) -> list[Problem]:
    """A Problem when the licence is missing (`misspelt`: the loader's hint
    for a near-miss key) or not an SPDX id (CC-BY-4.0, CC0-1.0, ...)."""
    if not licence:
        return [Problem(name, where, 'key "licence"', expected="is missing: expected an SPDX id such as CC-BY-4.0", suggestion=misspelt)]
    if licence in SPDX_IDS.values():
        return []
    close = spdx_suggestion(licence)
    return [Problem(name, where, 'key "licence"', licence,
                    "is not an SPDX licence id (see https://spdx.org/licenses/): expected e.g. CC-BY-4.0",
                    f'did you mean "{close}"?' if close else "")]


def spdx_suggestion(licence: str) -> str:
    """The SPDX id meant: spaces and underscores read as hyphens, case
    ignored (`CC BY 4.0` is CC-BY-4.0), else the nearest id, or ''."""
    normal = re.sub(r"[\s_]+", "-", licence.strip()).lower()
    if normal in SPDX_IDS:
        return SPDX_IDS[normal]
    versions = [spdx for lower, spdx in SPDX_IDS.items() if lower.startswith(normal + "-") and lower[len(normal) + 1:][:1].isdigit()]
    if len(versions) == 1:  # cc0 -> CC0-1.0: the one version of that licence
        return versions[0]
    close = difflib.get_close_matches(normal, list(SPDX_IDS), n=1, cutoff=0.8)
    return SPDX_IDS[close[0]] if close else ""
