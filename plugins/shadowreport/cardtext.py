"""Lines of text for the preview images (socialcards.py) in the theme's own
fonts, whatever their script, in the order they are read.

The theme has one font file per script (theme/fonts.yml: fontset.py); a
line may mix them (an Arabic title with Latin digits, an Armenian title
with «» and digits, which the Armenian files do not have). Each character
is drawn in the first file of its script (the `ranges` fonts.yml gives it)
that has it; spaces, digits and punctuation (the manifest's `common`) stay
in the font of the text around them when it has them. Pillow draws one
font at a time, so a line is cut into pieces of one font and one direction,
placed in the order of the Unicode bidirectional algorithm (python-bidi's
reference implementation, bidi.algorithm, which gives each character's
level and place). Each piece is shaped by Pillow's raqm layout (HarfBuzz:
Arabic letters joined, right to left); where Pillow was built without
raqm, arabic-reshaper joins the letters and the piece is turned around.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import algorithm as bidi_algorithm
from bidi.mirror import MIRRORED

from .fontmaker import codepoints
from .fontset import FontSet

ELLIPSIS = "…"


def raqm_available() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


@dataclass(frozen=True)
class Piece:
    """A run of one font and one direction; `text` in logical order."""

    text: str
    font_file: str
    rtl: bool


class Typeface:
    """One face (regular sans, bold sans or bold serif) across the scripts:
    each script's TrueType file, the base script's first."""

    def __init__(self, scripts: list[tuple[str, set[int]]], common: set[int], raqm: bool | None = None):
        """`scripts`: (font file, the characters fonts.yml gives the script)."""
        from fontTools.ttLib import TTFont

        self.files = [file for file, _ in scripts]
        self.claims = [claimed - common for _, claimed in scripts]
        self.common = common
        self.cmaps = [set(TTFont(file, lazy=True).getBestCmap()) for file in self.files]
        self.raqm = raqm_available() if raqm is None else raqm

    @classmethod
    def of(cls, fontset: FontSet, truetype: dict[str, str], kind: str, weight: int, raqm: bool | None = None) -> Typeface:
        """The face of `kind` and `weight` in every script that has one (or
        its nearest: the script's sans of that weight, then any of its
        faces); `truetype` maps a font's stem (NotoSans-Bold) to its file."""
        scripts = []
        for script in fontset.scripts:
            faces = [f for f in script.faces if f.style == "normal"] or list(script.faces)
            face = (next((f for f in faces if (f.kind, f.weight) == (kind, weight)), None)
                    or next((f for f in faces if (f.kind, f.weight) == ("sans", weight)), None) or faces[0])
            if face.stem in truetype:
                scripts.append((truetype[face.stem], codepoints(script.ranges)))
        return cls(scripts, codepoints(fontset.scripts[0].keep) | {0x20}, raqm)

    def font_of(self, char: str, around: int | None) -> int:
        """The file (index) that draws `char`; `around`: the file of the
        text before it, kept for spaces, digits and punctuation it has."""
        point = ord(char)
        if point in self.common and around is not None and point in self.cmaps[around]:
            return around
        for index, (claimed, cmap) in enumerate(zip(self.claims, self.cmaps)):
            if point in claimed and point in cmap:
                return index
        return next((index for index, cmap in enumerate(self.cmaps) if point in cmap), 0)  # 0: the box, as anywhere

    def fonts_of(self, text: str) -> list[int]:
        """The file of each character; common characters at the start take
        the file of the first letter after them."""
        chosen: list[int | None] = []
        around = None
        for char in text:
            if ord(char) in self.common and around is None:
                chosen.append(None)
                continue
            around = self.font_of(char, around)
            chosen.append(around)
        first = next((c for c in chosen if c is not None), None)
        return [self.font_of(char, first) if c is None else c for char, c in zip(text, chosen)]

    def pieces(self, text: str, rtl: bool) -> list[Piece]:
        """`text` as one line, left to right as it is drawn, in a paragraph
        of direction `rtl`."""
        if not text:
            return []
        fonts = self.fonts_of(text)
        order = visual_order(text, rtl)
        made: list[tuple[list[int], int, int]] = []  # (logical indices, font, level)
        for index, level in order:
            if made and made[-1][1] == fonts[index] and made[-1][2] == level:
                made[-1][0].append(index)
            else:
                made.append(([index], fonts[index], level))
        return [Piece("".join(text[i] for i in sorted(indices)), self.files[font], bool(level % 2))
                for indices, font, level in made]

    def font(self, file: str, size: int):
        return _truetype(file, size, self.raqm)

    def width(self, text: str, size: int, rtl: bool) -> float:
        return sum(self.font(p.font_file, size).getlength(self._drawn(p)) for p in self.pieces(text, rtl))

    def draw(self, draw, xy: tuple[float, float], text: str, size: int, fill, rtl: bool, lang: str) -> None:
        """`text` with its left end at x and its baseline at y."""
        x, y = xy
        for piece in self.pieces(text, rtl):
            font = self.font(piece.font_file, size)
            shown = self._drawn(piece)
            options = {"direction": "rtl" if piece.rtl else "ltr", "language": lang} if self.raqm else {}
            draw.text((x, y), shown, font=font, fill=fill, anchor="ls", **options)
            x += font.getlength(shown, **({"direction": options["direction"]} if self.raqm else {}))

    def ascent_descent(self, size: int) -> tuple[int, int]:
        """The base script's: where a line of this size sits on its baseline."""
        return self.font(self.files[0], size).getmetrics()

    def _drawn(self, piece: Piece) -> str:
        """What Pillow is given: the logical text for raqm; without it, a
        right-to-left piece joined and turned around."""
        if self.raqm or not piece.rtl:
            return piece.text
        return "".join(MIRRORED.get(char, char) for char in reversed(arabic_reshaper.reshape(piece.text)))

    # lines ---------------------------------------------------------------------------------

    def wrap(self, text: str, size: int, width: float, rtl: bool) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and self.width(lines[-1] + " " + word, size, rtl) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [""]

    def fit(self, text: str, size: int, width: float, rtl: bool) -> str:
        """One line of `text`, cut with "…" where it would not fit (at its
        end as it is read: on the left in a right-to-left line)."""
        if self.width(text, size, rtl) <= width:
            return text
        while text and self.width(text + ELLIPSIS, size, rtl) > width:
            text = text[:-1]
        return text.rstrip() + ELLIPSIS


def visual_order(text: str, rtl: bool) -> list[tuple[int, int]]:
    """(logical index, bidi level) of each character of one line, left to
    right as drawn (rules X1-L2 of the Unicode bidirectional algorithm)."""
    storage = bidi_algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi_algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage, False)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    bidi_algorithm.reorder_resolved_levels(storage, False)
    return [(char["index"], char["level"]) for char in storage["chars"]]


@lru_cache(maxsize=256)
def _truetype(file: str, size: int, raqm: bool):
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(Path(file)), size, layout_engine=engine)
