"""The theme's interface catalogs (theme/translations/<lang>.po): how many
interface strings each report language still lacks, and a new catalog for a
language the project does not ship yet.

The interface is written in English; every other language takes its words
from its catalog, and whatever the catalog lacks shows in English. That is
never silent: the build warns per language (generator.py) and `invoke
translations` counts it (tasks.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .languages import language_problem
from .scaffold import ENGLISH_HEADINGS, HEADING_CONTEXT

THEME = Path(__file__).resolve().parents[2] / "theme"

# What every catalog's header says, above the one line naming its language.
HEADER_NOTE = """\
# Corrections from native speakers are welcome: change the text after msgstr
# (never the English msgid), build the report to see it, and send the file to
# the project. docs/authoring.md ("The interface in your language") says how.
# An empty msgstr shows in English; `invoke translations` counts them."""


@dataclass(frozen=True)
class InterfaceCoverage:
    """How far the interface of one language is translated."""

    lang: str
    total: int  # interface strings of the theme
    untranslated: tuple[str, ...]  # their English text, in the order of the templates
    catalog: Path | None  # None: the language has no catalog; everything shows in English


def is_english(lang: str) -> bool:
    """The interface's source language needs no catalog."""
    return lang.split("_")[0].lower() == "en"


def interface_messages(theme: Path = THEME) -> tuple[tuple[str | None, str], ...]:
    """(context, English text) of every interface string: the theme's
    templates and feed (as babel.cfg extracts them), the scales' words and
    the scale tables' headers (scales.py, scaletables.py) and the headings
    `invoke new` writes."""
    templates = Path(theme) / "templates"
    stamp = max((p.stat().st_mtime_ns for p in templates.rglob("*") if p.suffix in (".html", ".xml")), default=0)
    return _messages(str(templates), stamp)


_TEMPLATE_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
_PYTHON_SOURCES = ("scales.py", "scaletables.py")  # marked with N_ / gettext, listed in babel.cfg


@lru_cache(maxsize=4)
def _messages(templates: str, stamp: int) -> tuple[tuple[str | None, str], ...]:
    found = [*extract_from_dir(templates, method_map=[("**.html", "jinja2"), ("**.xml", "jinja2")],
                               options_map={"**.html": _TEMPLATE_OPTIONS, "**.xml": _TEMPLATE_OPTIONS}),
             *(item for name in _PYTHON_SOURCES
               for item in extract_from_dir(str(Path(__file__).parent), method_map=[(name, "python")]))]
    keys: dict[tuple[str | None, str], None] = {}
    for _, _, message, _, context in found:
        keys[(context, message if isinstance(message, str) else message[0])] = None
    for heading in ENGLISH_HEADINGS:
        keys[(HEADING_CONTEXT, heading)] = None
    return tuple(keys)


def interface_coverage(lang: str, theme: Path = THEME) -> InterfaceCoverage:
    """Which interface strings `lang` lacks: missing from its catalog, empty,
    or fuzzy (the build leaves fuzzy ones out, so they show in English)."""
    messages = interface_messages(theme)
    if is_english(lang):
        return InterfaceCoverage(lang, len(messages), (), None)
    po_file = Path(theme) / "translations" / f"{lang}.po"
    if not po_file.is_file():
        return InterfaceCoverage(lang, len(messages), tuple(text for _, text in messages), None)
    untranslated = _untranslated(str(po_file), lang, po_file.stat().st_mtime_ns, messages)
    return InterfaceCoverage(lang, len(messages), untranslated, po_file)


@lru_cache(maxsize=64)
def _untranslated(po_file: str, lang: str, stamp: int, messages: tuple) -> tuple[str, ...]:
    """Read once per version of the catalog: the live preview asks on every save."""
    with open(po_file, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    return tuple(text for context, text in messages if not _translated(catalog, text, context))


def _translated(catalog: Catalog, text: str, context: str | None) -> bool:
    message = catalog.get(text, context=context)
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


def build_warning(coverage: InterfaceCoverage) -> str:
    """The build's warning for one language, or '' when its interface is whole."""
    name = f"{english_name(coverage.lang)} ({coverage.lang})"
    if is_english(coverage.lang) or (coverage.catalog and not coverage.untranslated):
        return ""
    if coverage.catalog is None:
        return (f"The interface has no catalog for {name}: all {coverage.total} interface strings of its pages "
                f"and PDFs show in English. `invoke translations --add {coverage.lang}` writes "
                f"theme/translations/{coverage.lang}.po to translate.")
    return (f"{len(coverage.untranslated)} of {coverage.total} interface strings are not translated into {name} "
            f"in theme/translations/{coverage.lang}.po: they show in English. `invoke translations` lists them.")


def interface_table(languages: list[str], theme: Path = THEME) -> str:
    """`invoke translations`' part about the interface: a line per report
    language, then the English strings each still lacks."""
    lines = ["Interface strings (theme/translations/<lang>.po):"]
    details = []
    for lang in languages:
        coverage = interface_coverage(lang, theme)
        if is_english(lang):
            lines.append(f"  {lang}: the interface's own language (English), nothing to translate")
        elif coverage.catalog is None:
            lines.append(f"  {lang}: no catalog, all {coverage.total} strings show in English "
                         f"(invoke translations --add {lang})")
        else:
            lines.append(f"  {lang}: {len(coverage.untranslated)} of {coverage.total} untranslated")
            if coverage.untranslated:
                details.append(f"{lang}: untranslated in theme/translations/{lang}.po:")
                details += [f"    {text}" for text in coverage.untranslated]
    return "\n".join(lines + ([""] + details if details else []))


class CatalogError(ValueError):
    """The catalog was not written; the message says why."""


def new_catalog(lang: str, template: Path, translations: Path) -> Path:
    """Write translations/<lang>.po from the template `invoke catalogs`
    extracts (.cache/messages.pot): every msgid, every msgstr empty, the
    plural forms of the language from Babel. Never overwrites."""
    problem = language_problem(lang)
    if problem:
        raise CatalogError(f'No catalog was written: "{lang}" {problem[0]}' + (f"; {problem[1]}" if problem[1] else ""))
    if is_english(lang):
        raise CatalogError("No catalog was written: English is the interface's own language, it needs none.")
    target = Path(translations) / f"{lang}.po"
    if target.exists():
        raise CatalogError(f"No catalog was written: {target} exists already (`invoke catalogs` updates it).")
    with Path(template).open("rb") as handle:
        template_catalog = read_po(handle)
    catalog = Catalog(locale=lang, project="shadowreport", header_comment=header_comment(lang), fuzzy=False,
                      revision_date=datetime.now(timezone.utc))
    for message in template_catalog:
        if message.id:  # plural strings get as many forms as Babel says the language has
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(message.id, empty, flags=message.flags - {"fuzzy"}, auto_comments=message.auto_comments,
                        user_comments=message.user_comments, context=message.context)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    return target


def english_name(lang: str) -> str:
    """"Armenian" for hy: the build's messages and the catalogs' headers are English."""
    return Locale("en").languages.get(lang.split("_")[0], lang)


def header_comment(lang: str) -> str:
    return f"# {english_name(lang)} ({lang}) interface of shadowreport.\n{HEADER_NOTE}"
