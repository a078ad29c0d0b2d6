"""What counts as one of the project's fonts in a PDF: pdffonts names a font
after the CSS family it was asked for (theme/fonts.yml's own names, "Report
Sans Armenian"), plus its style; a font of the machine shows under its own
name (DejaVu-Sans, Noto-Sans-Armenian)."""

from __future__ import annotations

import re

from shadowreport.fontset import KINDS, load_fontset

STYLES = ("", "-Bold", "-Italic", "-Oblique", "-Bold-Italic", "-Bold-Oblique")


def project_font_names() -> set[str]:
    fontset = load_fontset()
    families = {fontset.family(kind, script) for kind in KINDS for script in fontset.scripts}
    return {family.replace(" ", "-") + style for family in families for style in STYLES}


def is_project_font(pdffonts_name: str) -> bool:
    """A pdffonts name ("ABCDEF+Report-Sans-Armenian-Bold") of the project's fonts."""
    match = re.match(r"^[A-Z]{6}\+(.+)$", pdffonts_name)
    return bool(match) and match[1] in project_font_names()


def pdffont_names(path) -> list[str]:
    """The fonts a PDF embeds, as pdffonts names them."""
    import subprocess

    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True, timeout=120).stdout
    return [line.split()[0] for line in listing.splitlines()[2:]]
