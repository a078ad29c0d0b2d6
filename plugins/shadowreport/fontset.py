"""The theme's fonts as theme/fonts.yml lists them: which families, faces and
scripts there are, and the font-family stacks built from them.

The build reads only this list and the files `invoke fonts` made from it
(theme/static/fonts/, theme/static/css/fonts.css and fonts-print.css); the
font files themselves are made by fontmaker.py. docs/fonts.md says how to
add a script.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "theme" / "fonts.yml"
KINDS = ("sans", "serif")


@dataclass(frozen=True)
class Face:
    kind: str  # sans or serif
    weight: int
    style: str  # normal or italic
    source: str  # the original's file name under the manifest's `source`

    @property
    def stem(self) -> str:
        return Path(self.source).stem


@dataclass(frozen=True)
class Script:
    id: str
    name: str
    suffix: str
    ranges: str  # unicode-range syntax: what the files keep and the site's unicode-range
    keep: str  # characters the files also keep (the manifest's `common`), not in unicode-range
    site_parts: dict  # {part: ranges}: the site's files of a split script
    machine: dict  # {kind: family name of the machine's copy}
    faces: tuple[Face, ...]


@dataclass(frozen=True)
class FontSet:
    source: str
    families: dict  # {kind: base family name}
    scripts: tuple[Script, ...]

    def family(self, kind: str, script: Script) -> str:
        return " ".join(part for part in (self.families[kind], script.suffix) if part)

    def stack(self, kind: str) -> list[str]:
        """The CSS families of one kind, the base script first."""
        return [self.family(kind, script) for script in self.scripts if any(f.kind == kind for f in script.faces)]

    def chart_stack(self) -> str:
        """plotly's font family: the project's sans families, then the
        machine's copies of the same fonts, which are what kaleido's
        Chromium lays the text out with (it cannot see the theme's
        files); the site and the PDFs draw it in the project's fonts."""
        names = self.stack("sans") + [s.machine["sans"] for s in self.scripts if s.machine.get("sans")]
        # no space after the commas: WeasyPrint (70) reads an SVG font-family
        # list by splitting at commas and stripping quotes, not spaces
        return ",".join(f'"{name}"' for name in names) + ",sans-serif"


def _script(entry: dict, common: str) -> Script:
    faces = tuple(Face(face["family"], int(face["weight"]), face.get("style", "normal"), face["file"])
                  for face in entry["faces"])
    return Script(entry["id"], entry["name"], entry.get("suffix", ""), " ".join(entry["ranges"].split()),
                  " ".join(common.split()),
                  {part: " ".join(ranges.split()) for part, ranges in (entry.get("site_parts") or {}).items()},
                  dict(entry.get("machine") or {}), faces)


@lru_cache(maxsize=4)
def load_fontset(path: Path = MANIFEST) -> FontSet:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return FontSet(data["source"], {kind: data[kind] for kind in KINDS}, tuple(_script(e, data.get("common", "")) for e in data["scripts"]))
