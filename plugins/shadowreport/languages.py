"""Which language codes a report may list in data/report.yml `languages:`.

The site writes dates, numbers and language names through Babel
(i18n.locale_for), so a language needs Babel's locale data: "xx", or "ay"
(Aymara) and "fj" (Fijian), which Babel has no data for, are refused here
rather than failing in the build. A code that is the report's country code
but no language of that country ("am" in Armenia is Amharic, "ua" is no
language at all) gets the country's official language as a suggestion.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError, localedata
from babel.languages import get_official_languages, get_territory_language_info

ENGLISH = Locale("en")


def language_problem(code: str, country: str = "") -> tuple[str, str] | None:
    """(what is wrong, a suggestion) for a two-letter language code of a
    report in `country` (ISO 3166-1 alpha-2, or ""), or None when it is fine.
    The only function that reads Babel's language and territory data."""
    try:
        parsed = Locale.parse(code).language
    except (UnknownLocaleError, ValueError, TypeError):
        parsed = ""
    known = bool(parsed) and localedata.exists(code)
    name = ENGLISH.languages.get(code)
    country = country.upper()
    spoken = get_territory_language_info(country) if country else {}
    confused = bool(spoken) and code == country.lower() and code not in spoken
    if known and not confused:
        return None
    official = [lang for lang in get_official_languages(country) if localedata.exists(lang)] if country else []
    named = " or ".join(f'"{lang}" ({ENGLISH.languages.get(lang, lang)})' for lang in official)
    plural = "languages" if len(official) > 1 else "language"
    if confused:
        territory = ENGLISH.territories.get(country, country)
        expected = (f"is the code of {name}, not a language of {territory}: {country} is the country code, not a language code"
                    if name else f"is not a language code: {country} is the country code of {territory}")
        return expected, f"did you mean {named}, the official {plural} of {country}?" if named else ""
    if parsed and parsed != code:  # an old code Babel maps to another: iw -> he
        return "is an old code Babel has no locale data under", f'write "{parsed}"'
    if name:
        expected = f"is {name}, which Babel has no locale data for: the site could not write its dates and numbers"
    else:
        expected = "is not a language code Babel knows (ISO 639-1: en, ru, ky, ...)"
    return expected, f"choose a language Babel knows, e.g. {named}, the official {plural} of {country}" if named else ""
