"""The interface catalogs themselves (theme/translations/*.po): each shipped
one whole, with its language's plural forms; `invoke translations` counts
what a catalog lacks; `invoke translations --add xx` writes a new one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from invoke import Config, Context

import tasks
from shadowreport.catalogs import CatalogError, interface_coverage, interface_messages, interface_table, new_catalog
from tests.support.catalogs import SHIPPED, THEME, report_in, theme_project

def theme_copy(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(THEME / "templates", theme / "templates")
    shutil.copytree(THEME / "translations", theme / "translations")
    return theme


def untranslate(po_file: Path, *msgids: str) -> None:
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    for msgid in msgids:
        message = catalog.get(msgid)
        message.string = ("",) * len(message.string) if isinstance(message.string, tuple) else ""
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_catalogs_are_whole(lang):
    coverage = interface_coverage(lang, THEME)
    assert coverage.catalog is not None and coverage.untranslated == ()


def test_invoke_translations_counts_what_a_catalog_lacks(tmp_path):
    theme = theme_copy(tmp_path)
    total = len(interface_messages(theme))
    untranslate(theme / "translations" / "hy.po", "Overview", "%(num)s byte")
    assert interface_coverage("hy", theme).untranslated == ("Overview", "%(num)s byte")
    assert interface_table(["hy", "ka", "en", "sw"], theme).splitlines() == [
        "Interface strings (theme/translations/<lang>.po):",
        f"  hy: 2 of {total} untranslated",
        f"  ka: 0 of {total} untranslated",
        "  en: the interface's own language (English), nothing to translate",
        f"  sw: no catalog, all {total} strings show in English (invoke translations --add sw)",
        "",
        "hy: untranslated in theme/translations/hy.po:",
        "    Overview",
        "    %(num)s byte",
    ]


def test_invoke_translations_prints_the_interface_counts(tmp_path, monkeypatch, capsys):
    report = report_in(tmp_path, ["en", "es", "hy"])
    shutil.copytree(theme_copy(tmp_path), report / "theme")
    untranslate(report / "theme" / "translations" / "hy.po", "Skip to content")
    monkeypatch.setattr(tasks, "HERE", report)
    tasks.translations(Context())
    out = capsys.readouterr().out
    assert f"  hy: 1 of {len(interface_messages(THEME))} untranslated" in out
    assert "hy: untranslated in theme/translations/hy.po:\n    Skip to content" in out


def test_add_writes_a_catalog_from_the_template(tmp_path, monkeypatch, capsys):
    project = theme_project(tmp_path)
    monkeypatch.setattr(tasks, "HERE", project)
    tasks.translations(Context(Config(overrides={"run": {"in_stream": False}})), add="sw")
    assert capsys.readouterr().out.startswith("Wrote theme/translations/sw.po: translate each msgstr")
    path = project / "theme" / "translations" / "sw.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="sw")
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert len([m for m in catalog if m.id]) == len(interface_messages(THEME))
    assert all(not (any(m.string) if isinstance(m.string, tuple) else m.string) for m in catalog if m.id)
    assert "Corrections from native speakers are welcome" in path.read_text(encoding="utf-8")
    coverage = interface_coverage("sw", project / "theme")
    assert coverage.catalog == path and len(coverage.untranslated) == len(interface_messages(THEME))


@pytest.mark.parametrize("lang, problem", [
    ("en", "English is the interface's own language"),
    ("xx", "is not a language code Babel knows"),
    ("ru", "exists already"),
])
def test_add_refuses(tmp_path, lang, problem):
    with pytest.raises(CatalogError, match=problem):
        new_catalog(lang, tmp_path / "messages.pot", THEME / "translations")


def test_language_names_keep_their_letters():
    """The language menu: a capital where the script has one, never Mtavruli for Georgian."""
    from shadowreport.i18n import language_name

    assert [language_name(lang) for lang in ("hy", "ka", "uk", "ar")] == ["Հայերեն", "ქართული", "Українська", "العربية"]


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_has_the_plural_forms_babel_gives(lang):
    """Arabic has six forms, Ukrainian three, Armenian and Georgian one: each
    catalog's header and each plural string have as many as Babel says."""
    from babel.messages.plurals import get_plural

    with (THEME / "translations" / f"{lang}.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    plural = get_plural(lang)
    assert catalog.plural_forms == f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals and all(len(m.string) == plural.num_plurals and all(m.string) for m in plurals)
