"""`invoke fonts`: the theme's font files, licences and @font-face rules,
made from theme/fonts.yml and the original fonts (fontTools).

Run by hand when a script is added or a font updated, and the results
committed: the build itself never reads the machine's fonts. Per face:

- `<stem>.woff2`, the face cut to its script's characters with every
  OpenType feature kept (Arabic joins, Armenian ligatures): what the PDFs
  embed (fonts-print.css) and, for a script without `site_parts`, what the
  site serves with the script's unicode-range (fonts.css);
- `<stem>.<part>.woff2` for each of the script's `site_parts`: the site's
  smaller files, each downloaded only by a page that shows its characters.

WeasyPrint garbles the text of a family split by unicode-range (docs/fonts.md),
so the PDFs get one file per face and script and no unicode-range.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from .fontset import FontSet, Script, load_fontset

THEME = Path(__file__).resolve().parents[2] / "theme"
OFL = THEME / "OFL-1.1.txt"
GENERATED = "Written by `invoke fonts` from theme/fonts.yml (docs/fonts.md): do not edit by hand."


class FontMakerError(Exception):
    pass


def codepoints(ranges: str) -> set[int]:
    """The characters of a unicode-range list: "U+0530-058F, U+FB13"."""
    points: set[int] = set()
    for item in filter(None, (part.strip() for part in ranges.split(","))):
        first, _, last = item.upper().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]  # shaping (init/medi/fina, liga, mark) must survive
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence
    options.hinting = False  # browsers on every system and WeasyPrint draw without it; a third smaller
    options.flavor = "woff2"
    options.notdef_outline = True
    return options


def cut(source: Path, keep: set[int]) -> tuple[bytes, set[int]]:
    """The font at `source` with only `keep`'s characters, as WOFF2, and
    the characters it really has."""
    font = TTFont(source, recalcTimestamp=False)  # the same files from the same originals
    has = set(font.getBestCmap())
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=sorted(keep & has))
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), keep & has


def _licence_lines(source: Path) -> tuple[str, str]:
    names = TTFont(source)["name"]
    licence = names.getDebugName(13) or ""
    if "Open Font License" not in licence:
        raise FontMakerError(f"{source}: its licence (name table, ID 13) is not the SIL Open Font License: "
                             f"{licence[:120]!r}; docs/fonts.md says which fonts the theme can ship")
    return names.getDebugName(4) or source.stem, f"{names.getDebugName(0)} {names.getDebugName(5) or ''}".strip()


def make_script(fontset: FontSet, script: Script, source_dir: Path, fonts_dir: Path) -> list[str]:
    """Write one script's files; return what was written, for the task's report."""
    written, credits = [], []
    wanted = codepoints(script.ranges) | codepoints(script.keep)
    for face in script.faces:
        source = source_dir / face.source
        if not source.is_file():
            raise FontMakerError(f"{source}: no such font (theme/fonts.yml, script {script.id}, file {face.source})")
        name, credit = _licence_lines(source)
        credits.append(f"{name} ({face.source}): {credit}")
        data, covered = cut(source, wanted)
        missing = codepoints(script.ranges) & set(range(0x21, 0x110000)) - covered
        (fonts_dir / f"{face.stem}.woff2").write_bytes(data)
        written.append(f"{face.stem}.woff2 ({len(data) // 1024} KB, {len(covered)} characters"
                       f"{'' if not missing else f'; the original lacks {len(missing)} of the ranges'})")
        for part, ranges in script.site_parts.items():
            part_data, _ = cut(source, codepoints(ranges))
            (fonts_dir / f"{face.stem}.{part}.woff2").write_bytes(part_data)
            written.append(f"{face.stem}.{part}.woff2 ({len(part_data) // 1024} KB)")
    licence = (f"Fonts of the theme for {script.name} (theme/fonts.yml, script \"{script.id}\"):\n"
               + "".join(f"  {line}\n" for line in credits)
               + "Cut to the script's characters with fontTools by `invoke fonts` (docs/fonts.md), as\n"
               + "".join(f"  {face.stem}.woff2\n" for face in script.faces)
               + "These files are licensed under the SIL Open Font License, Version 1.1:\n\n"
               + OFL.read_text(encoding="utf-8"))
    (fonts_dir / f"OFL-{script.id}.txt").write_text(licence, encoding="utf-8")
    written.append(f"OFL-{script.id}.txt")
    return written


def _face_rule(family: str, weight: int, style: str, url: str, ranges: str = "") -> str:
    rule = (f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'font-display: swap; src: url("../fonts/{url}") format("woff2");')
    return rule + (f" unicode-range: {ranges}; }}" if ranges else " }")


def _variables(fontset: FontSet, generic: bool) -> str:
    sans = ", ".join(f'"{name}"' for name in fontset.stack("sans"))
    serif = ", ".join(f'"{name}"' for name in fontset.stack("serif") + fontset.stack("sans"))
    if generic:
        sans, serif = sans + ", sans-serif", serif + ", serif"
    return f":root {{\n  --font-sans: {sans};\n  --font-serif: {serif};\n}}\n"


def stylesheets(fontset: FontSet) -> dict[str, str]:
    """{file name under theme/static/css: its text}: the site's rules with
    unicode-range (and the split parts), the PDFs' with one file a face."""
    site, printed = [], []
    for script in fontset.scripts:
        for face in script.faces:
            family = fontset.family(face.kind, script)
            printed.append(_face_rule(family, face.weight, face.style, f"{face.stem}.woff2"))
            parts = script.site_parts or {"": script.ranges}
            for part, ranges in parts.items():
                url = f"{face.stem}.{part}.woff2" if part else f"{face.stem}.woff2"
                site.append(_face_rule(family, face.weight, face.style, url, ranges))
    head = (f"/* {GENERATED}\n   The theme's fonts, one family per script; a page downloads only the\n"
            "   files whose unicode-range its text uses. */\n")
    head_print = (f"/* {GENERATED}\n   The PDFs' fonts: one full file per face and script, no unicode-range\n"
                  "   (WeasyPrint garbles a family split by it), no generic family: a glyph\n"
                  "   none of these has shows in pdffonts as a font of the machine. */\n")
    return {"fonts.css": head + _variables(fontset, True) + "\n".join(site) + "\n",
            "fonts-print.css": head_print + _variables(fontset, False) + "\n".join(printed) + "\n"}


def make_fonts(source_dir: Path | None = None, theme: Path = THEME) -> list[str]:
    fontset = load_fontset()
    source = Path(source_dir or fontset.source)
    fonts_dir = theme / "static" / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for script in fontset.scripts:
        written += make_script(fontset, script, source, fonts_dir)
    for name, text in stylesheets(fontset).items():
        (theme / "static" / "css" / name).write_text(text, encoding="utf-8")
        written.append(f"css/{name}")
    return written
