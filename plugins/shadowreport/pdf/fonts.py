"""The theme's WOFF2 fonts, decompressed once for print.

WeasyPrint reads WOFF2 by rebuilding every glyph in pure Python (fontTools):
about a second per font file, in every PDF, for every weight it uses. The
fonts are those css/fonts-print.css names (theme/static/fonts/, one full
file per face and script, written by `invoke fonts`: docs/fonts.md); we
decompress each once into the cache (keyed by its bytes' hash) and the
renderer's URL fetcher answers a request for the .woff2 with the same font
as TrueType. WeasyPrint tells the formats apart by their bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

from fontTools.ttLib import woff2

from ..cachefiles import drop, read_entry, write_atomically, write_entry

logger = logging.getLogger(__name__)

PRINT_FONTS_CSS = Path("css") / "fonts-print.css"
_FONT_URL = re.compile(r'url\("\.\./fonts/([^"/]+\.woff2)"\)')


def print_font_files(static_dir: Path) -> list[Path]:
    """The font files the PDFs' stylesheet names (not the site's smaller parts)."""
    static_dir = Path(static_dir).resolve()
    names = sorted(set(_FONT_URL.findall((static_dir / PRINT_FONTS_CSS).read_text(encoding="utf-8"))))
    return [static_dir / "fonts" / name for name in names]


def decompressed_fonts(static_dir: Path, cache_folder: Path) -> dict[str, str]:
    """{path of a theme .woff2: path of the same font as TrueType}."""
    fonts: dict[str, str] = {}
    folder = Path(cache_folder) / "fonts"
    for source in print_font_files(static_dir):
        data = source.read_bytes()
        target = folder / f"{hashlib.sha256(data).hexdigest()}.ttf"
        if not _whole(target):
            out = io.BytesIO()
            woff2.decompress(io.BytesIO(data), out)
            write_atomically(target, out.getvalue())
            write_entry(_digest_file(target), hashlib.sha256(out.getvalue()).hexdigest())  # after the font: see _whole
            logger.info("shadowreport: decompressed %s for print", source.name)
        fonts[str(source)] = str(target)
    return fonts


def _digest_file(font: Path) -> Path:
    return font.with_name(f"{font.name}.sha256")


def _whole(font: Path) -> bool:
    """Whether the TrueType copy is as it was written. WeasyPrint opens it
    by its path, so it cannot carry the cache's header (cachefiles): its
    sha256 is a cache entry beside it, written after it. No digest: not
    made yet, or by an older build (made again, no warning)."""
    expected = read_entry(_digest_file(font), bytes.decode)
    if expected is None:
        return False
    try:
        actual = hashlib.sha256(font.read_bytes()).hexdigest()
    except FileNotFoundError:
        actual = "missing"
    if actual != expected:
        drop(font, "missing" if actual == "missing" else "its bytes do not match their checksum")
        return False
    return True
