"""A preview image for each commitment in each language, for links shared
on social networks (og:image): 1200 x 630 PNG with the report's name, the
commitment's number, area, title and the monitors' finding, drawn with
Pillow (already installed with WeasyPrint, now pinned) in the theme's own
fonts (the TrueType copies pdf/fonts.py makes) and status colours (read from
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
from .scales import WORDS

logger = logging.getLogger(__name__)

SOCIAL_FOLDER = "social"
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
CARD_FORMAT = 1  # raise when the drawing changes: every cached card is drawn again
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
    """Draws cards with the theme's fonts and colours; keeps them in `cache`."""

    def __init__(self, static_dir: Path, fonts: dict[str, str], cache: Path):
        from PIL import __version__ as pillow_version

        self.static_dir = Path(static_dir)
        self.cache = Path(cache)
        by_name = {Path(woff2).name: ttf for woff2, ttf in fonts.items()}
        self.regular = by_name.get("NotoSans-Regular.woff2")
        self.bold = by_name.get("NotoSans-Bold.woff2")
        self.serif = by_name.get("NotoSerif-Bold.woff2") or self.bold
        css = (self.static_dir / "css" / "shared.css").read_text(encoding="utf-8")
        self.colours = dict(_COLOUR.findall(css))
        self.version = json.dumps([CARD_FORMAT, pillow_version, self.colours,
                                   [Path(f).name for f in (self.regular, self.bold, self.serif) if f]])
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
        status_colour = self.colours.get(card.status, self.colours.get("accent", "#1f4e8c"))
        ink, muted, accent = (self.colours.get(k, "#000000") for k in ("ink", "muted", "accent"))
        draw.rectangle((0, 0, 20, HEIGHT), fill=status_colour)  # the status's colour, as the badges have it
        text_width = WIDTH - 2 * MARGIN
        y = 56
        for line in _wrap(draw, card.report_title, self._font(self.regular, 28), text_width)[:2]:
            draw.text((MARGIN, y), line, font=self._font(self.regular, 28), fill=muted)
            y += 38
        y += 18
        draw.text((MARGIN, y), _fit(draw, card.kicker, self._font(self.bold, 30), text_width), font=self._font(self.bold, 30), fill=accent)
        y += 56
        beside = self._claim_beside(draw, card)
        room = HEIGHT - y - 170 - (0 if beside or not card.claim else 48)
        size, lines = _title_lines(draw, card.title, self.serif, text_width, room, self._font)
        for line in lines:
            draw.text((MARGIN, y), line, font=self._font(self.serif, size), fill=ink)
            y += int(size * 1.22)
        self._verdict(draw, card, status_colour, muted, beside)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    def _pill_width(self, draw, card: Card) -> float:
        font = self._font(self.bold, 40)
        return draw.textlength(_fit(draw, card.verdict, font, WIDTH - 2 * MARGIN - 48), font=font) + 48

    def _claim_beside(self, draw, card: Card) -> bool:
        """Whether the government's claim fits whole beside the verdict
        (else it gets a line of its own above it: never cut)."""
        room = WIDTH - MARGIN - (MARGIN + self._pill_width(draw, card) + 32)
        return bool(card.claim) and draw.textlength(card.claim, font=self._font(self.regular, 30)) <= room

    def _verdict(self, draw, card: Card, colour: str, muted: str, beside: bool) -> None:
        font = self._font(self.bold, 40)
        text = _fit(draw, card.verdict, font, WIDTH - 2 * MARGIN - 48)
        width = self._pill_width(draw, card)
        top = HEIGHT - 64 - 76
        draw.rounded_rectangle((MARGIN, top, MARGIN + width, top + 76), radius=14, fill=colour)
        draw.text((MARGIN + 24, top + 38), text, font=font, fill="#ffffff", anchor="lm")
        if card.claim:
            claim_font = self._font(self.regular, 30)
            if beside:
                draw.text((MARGIN + width + 32, top + 38), card.claim, font=claim_font, fill=muted, anchor="lm")
            else:
                draw.text((MARGIN, top - 16), _fit(draw, card.claim, claim_font, WIDTH - 2 * MARGIN), font=claim_font,
                          fill=muted, anchor="lb")

    @staticmethod
    def _font(path, size: int):
        from PIL import ImageFont

        return _cached_font(path, size) if path else ImageFont.load_default(size)


_fonts: dict = {}


def _cached_font(path: str, size: int):
    from PIL import ImageFont

    if (path, size) not in _fonts:
        _fonts[(path, size)] = ImageFont.truetype(path, size)
    return _fonts[(path, size)]


def _wrap(draw, text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(lines[-1] + " " + word, font=font) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _fit(draw, text: str, font, width: float) -> str:
    """One line of `text`, cut with "…" where it would not fit."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _title_lines(draw, title: str, font_path, width: float, height: float, font) -> tuple[int, list[str]]:
    """The largest size from 60 to 36 px at which the title fits; at the
    smallest, the lines that fit, the last cut with "…"."""
    for size in range(60, 35, -4):
        lines = _wrap(draw, title, font(font_path, size), width)
        if len(lines) * size * 1.22 <= height:
            return size, lines
    size = 36
    lines = _wrap(draw, title, font(font_path, size), width)
    keep = max(1, int(height // (size * 1.22)))
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = _fit(draw, lines[-1] + " …", font(font_path, size), width)
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
