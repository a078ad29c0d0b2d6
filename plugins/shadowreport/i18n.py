"""Interface strings and dates in the page's language.

The theme's strings are written in English and translated by gettext catalogs
under theme/translations/<lang>.po, compiled in memory at build time (no
compiled .mo files to forget to update). Dates go through Babel, because
these machines have no system locales.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .model import PartialDate


def load_translations(translations_dir: Path, lang: str) -> NullTranslations:
    """The theme's catalog for `lang`; English (the source language) needs none.

    The pages, the charts and the PDFs each ask for it; it is compiled once
    per version of the file (livereload sees an edited catalog)."""
    po_file = Path(translations_dir) / f"{lang}.po"
    if not po_file.is_file():
        return _NO_CATALOG
    return _compiled_catalog(str(po_file), lang, po_file.stat().st_mtime_ns)


# One object for every language without a catalog, as one per catalog
# version: the live preview keys what it keeps on the catalog it used.
_NO_CATALOG = NullTranslations()


@lru_cache(maxsize=32)
def _compiled_catalog(po_file: str, lang: str, stamp: int) -> Translations:
    with open(po_file, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@lru_cache(maxsize=None)
def locale_for(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def language_name(lang: str) -> str:
    """The language's name in itself: "Русский", "Кыргызча", "English",
    "ქართული" (Georgian writes no capitals: upper() would give Mtavruli "Ქ")."""
    name = locale_for(lang).get_display_name(lang) or lang
    if name[:1] and unicodedata.name(name[0], "").startswith("GEORGIAN"):
        return name
    return name[:1].upper() + name[1:]


def text_direction(lang: str) -> str:
    """"rtl" or "ltr": Babel's character order of the language (CLDR), so
    that any right-to-left language a report lists reads right to left."""
    return "rtl" if locale_for(lang).character_order == "right-to-left" else "ltr"


def format_partial_date(value: PartialDate | datetime.date | str | None, lang: str, form: str = "long") -> str:
    """A date of the report, or an ISO date ("2020-09-30", a recipe's
    retrieved; "2020-10-05" or "2020-10", a reply's Date), in the page's language."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = PartialDate.parse(value)
    locale = locale_for(lang)
    if isinstance(value, datetime.date):
        return format_date(value, form, locale=locale)
    if value.day:
        return format_date(value.first_day(), form, locale=locale)
    return format_skeleton("yMMMM" if form == "long" else "yMM", value.first_day(), locale=locale)


def format_number(value, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale_for(lang))
