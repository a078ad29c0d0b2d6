"""Every interface string of the theme is translated in every catalog it ships."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "theme" / "translations").glob("*.po"))


def template_strings() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "theme" / "templates"),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
    )
    return {message[2] if isinstance(message[2], str) else message[2][0] for message in found}


@pytest.mark.parametrize("po_file", CATALOGS, ids=lambda p: p.stem)
def test_catalog_translates_every_template_string(po_file):
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(template_strings() - translated)
    assert not missing, f"{po_file.name} lacks translations (run `invoke catalogs`): {missing}"


@pytest.mark.parametrize("po_file", CATALOGS, ids=lambda p: p.stem)
def test_catalog_compiles_and_is_used(po_file):
    """The build's own loader compiles each catalog and gets its language's
    words from it, not the English source."""
    from shadowreport.i18n import load_translations

    catalog = load_translations(po_file.parent, po_file.stem)
    assert catalog.gettext("Skip to content") not in ("", "Skip to content")
