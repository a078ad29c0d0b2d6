"""A preview image for each commitment in each language, for links shared
on social networks (og:image): 1200 x 630 PNG with the report's name, the
commitment's number, area, title and the monitors' finding, drawn with
Pillow (already installed with WeasyPrint, now pinned) in the theme's own
fonts, each script in its own (theme/fonts.yml; the full TrueType copies
pdf/fonts.py makes for the PDFs; cardtext.py sets the lines, right to left
where the language reads so), and status colours (read from
theme/static/css/shared.css, so a fork's palette is the cards' too).

Written to output/social/<lang>/<id>.png. Each card is kept in
.cache/social/ under a hash of everything drawn on it (texts, colours,
fonts' bytes, this module's CARD_FORMAT and Pillow's version), so a
rebuild draws only the cards whose commitment changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .cachefiles import keyed_file, read_entry, write_entry
from .model import Commitment, Report
from .cardtext import ELLIPSIS, Typeface
from .fontset import load_fontset
from .scales import WORDS

logger = logging.getLogger(__name__)

SOCIAL_FOLDER = "social"
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
CARD_FORMAT = 2  # raise when the drawing changes: every cached card is drawn again
_COLOUR = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b")


def card_path(lang: str, commitment_id: str) -> str:
    """The card's path under output/ (the same for every page depth)."""
    return f"{SOCIAL_FOLDER}/{lang}/{commitment_id}.png"


@dataclass(frozen=True)
class Card:
    lang: str
    commitment_id: str
    report_title: str
    kicker: str  # "Commitment 7 · Open data"
    title: str
    status: str  # a completion value
    verdict: str  # "Our finding: Substantial"
    claim: str  # "Government: Complete", or ""


def cards(report: Report, translations: Path) -> list[Card]:
    made = []
    for lang in report.languages:
        _ = i18n.load_translations(translations, lang).gettext
        for commitment in report.commitments:
            made.append(_card(report, commitment, lang, _))
    return made


def _card(report: Report, commitment: Commitment, lang: str, _) -> Card:
    words = {value: _(msgid) for value, msgid in WORDS["completion"].items()}
    claim = ""
    if commitment.government_completion and commitment.government_completion != commitment.completion:
        claim = f"{_('Government')}: {words[commitment.government_completion]}"
    return Card(lang, commitment.id, report.title.get(lang),
                f"{_('Commitment %(id)s') % {'id': commitment.id}} · {commitment.area.title.get(lang)}",
                commitment.title_in(lang), commitment.completion,
                f"{_('Our finding')}: {words[commitment.completion]}", claim)


class CardPainter:
    """Draws cards with the theme's fonts and colours; keeps them in `cache`.
    A card of a right-to-left language is mirrored: its text set from the
    right margin, the status's bar on the right, the verdict on the right.
    `raqm`: whether Pillow shapes the text (None: if it can; cardtext.py)."""

    def __init__(self, static_dir: Path, fonts: dict[str, str], cache: Path, raqm: bool | None = None):
        from PIL import __version__ as pillow_version

        self.static_dir = Path(static_dir)
        self.cache = Path(cache)
        fontset = load_fontset()
        truetype = {Path(woff2).stem: ttf for woff2, ttf in fonts.items()}
        self.regular = Typeface.of(fontset, truetype, "sans", 400, raqm)
        self.bold = Typeface.of(fontset, truetype, "sans", 700, raqm)
        self.serif = Typeface.of(fontset, truetype, "serif", 700, raqm)
        css = (self.static_dir / "css" / "shared.css").read_text(encoding="utf-8")
        self.colours = dict(_COLOUR.findall(css))
        files = [Path(f).name for face in (self.regular, self.bold, self.serif) for f in face.files]
        self.version = json.dumps([CARD_FORMAT, pillow_version, self.regular.raqm, self.colours, files])
        self.drawn = 0

    def png(self, card: Card) -> bytes:
        key = hashlib.sha256(json.dumps([self.version, card.__dict__], ensure_ascii=False).encode()).hexdigest()
        path = keyed_file(self.cache, key, ".png")
        cached = read_entry(path, bytes)
        if cached is not None:
            return cached
        data = self._draw(card)
        write_entry(path, data)
        self.drawn += 1
        return data

    def _draw(self, card: Card) -> bytes:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
        draw = ImageDraw.Draw(image)
        page = _Page(draw, i18n.text_direction(card.lang) == "rtl", card.lang)
        status_colour = self.colours.get(card.status, self.colours.get("accent", "#1f4e8c"))
        ink, muted, accent = (self.colours.get(k, "#000000") for k in ("ink", "muted", "accent"))
        draw.rectangle(page.box(0, 0, 20, HEIGHT), fill=status_colour)  # the status's colour, as the badges have it
        text_width = WIDTH - 2 * MARGIN
        y = 56
        for line in self.regular.wrap(card.report_title, 28, text_width, page.rtl)[:2]:
            page.line(self.regular, MARGIN, y, line, 28, muted)
            y += 38
        y += 18
        page.line(self.bold, MARGIN, y, self.bold.fit(card.kicker, 30, text_width, page.rtl), 30, accent)
        y += 56
        beside = self._claim_beside(card, page.rtl)
        room = HEIGHT - y - 170 - (0 if beside or not card.claim else 48)
        size, lines = _title_lines(self.serif, card.title, text_width, room, page.rtl)
        for line in lines:
            page.line(self.serif, MARGIN, y, line, size, ink)
            y += int(size * 1.22)
        self._verdict(page, card, status_colour, muted, beside)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    def _verdict_text(self, card: Card, rtl: bool) -> str:
        return self.bold.fit(card.verdict, 40, WIDTH - 2 * MARGIN - 48, rtl)

    def _pill_width(self, card: Card, rtl: bool) -> float:
        return self.bold.width(self._verdict_text(card, rtl), 40, rtl) + 48

    def _claim_beside(self, card: Card, rtl: bool) -> bool:
        """Whether the government's claim fits whole beside the verdict
        (else it gets a line of its own above it: never cut)."""
        room = WIDTH - MARGIN - (MARGIN + self._pill_width(card, rtl) + 32)
        return bool(card.claim) and self.regular.width(card.claim, 30, rtl) <= room

    def _verdict(self, page: _Page, card: Card, colour: str, muted: str, beside: bool) -> None:
        width = self._pill_width(card, page.rtl)
        top = HEIGHT - 64 - 76
        page.draw.rounded_rectangle(page.box(MARGIN, top, MARGIN + width, top + 76), radius=14, fill=colour)
        page.line(self.bold, MARGIN + 24, page.middle(self.bold, 40, top + 38), self._verdict_text(card, page.rtl), 40,
                  "#ffffff")
        if card.claim:
            if beside:
                page.line(self.regular, MARGIN + width + 32, page.middle(self.regular, 30, top + 38), card.claim, 30, muted)
            else:
                claim = self.regular.fit(card.claim, 30, WIDTH - 2 * MARGIN, page.rtl)
                ascent, descent = self.regular.ascent_descent(30)
                page.line(self.regular, MARGIN, top - 16 - descent - ascent, claim, 30, muted)  # above the pill


@dataclass(frozen=True)
class _Page:
    """Places text and boxes on a card, mirrored for a right-to-left
    language: `start` is the distance from the edge where lines begin."""

    draw: object
    rtl: bool
    lang: str

    def box(self, start: float, top: float, end: float, bottom: float) -> tuple[float, float, float, float]:
        if self.rtl:
            return WIDTH - end, top, WIDTH - start, bottom
        return start, top, end, bottom

    def line(self, face: Typeface, start: float, top: float, text: str, size: int, fill) -> None:
        """One line whose ascender (the base script's) is at `top`."""
        width = face.width(text, size, self.rtl)
        left = WIDTH - start - width if self.rtl else start
        face.draw(self.draw, (left, top + face.ascent_descent(size)[0]), text, size, fill, self.rtl, self.lang)

    @staticmethod
    def middle(face: Typeface, size: int, centre: float) -> float:
        """The `top` that centres a line of `size` on `centre`."""
        ascent, descent = face.ascent_descent(size)
        return centre - (ascent + descent) / 2


def _title_lines(face: Typeface, title: str, width: float, height: float, rtl: bool) -> tuple[int, list[str]]:
    """The largest size from 60 to 36 px at which the title fits; at the
    smallest, the lines that fit, the last cut with "…"."""
    for size in range(60, 35, -4):
        lines = face.wrap(title, size, width, rtl)
        if len(lines) * size * 1.22 <= height:
            return size, lines
    size = 36
    lines = face.wrap(title, size, width, rtl)
    keep = max(1, int(height // (size * 1.22)))
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = face.fit(lines[-1] + " " + ELLIPSIS, size, width, rtl)
    return size, lines


def write_cards(report: Report, theme: Path, output_path: Path, cache: Path, font_cache: Path) -> list[str]:
    """Every card into output/social/; their paths. The fonts are the
    TrueType copies the PDFs use (kept in `font_cache`, the PDF cache)."""
    from .pdf.fonts import decompressed_fonts

    static = Path(theme) / "static"
    painter = CardPainter(static, decompressed_fonts(static, font_cache), cache)
    written = []
    for card in cards(report, Path(theme) / "translations"):
        target = Path(output_path) / card_path(card.lang, card.commitment_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(painter.png(card))
        written.append(card_path(card.lang, card.commitment_id))
    logger.info("shadowreport: %d preview images, %d drawn", len(written), painter.drawn)
    return written
