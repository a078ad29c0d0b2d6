"""The commitments' preview images in every script (socialcards.py,
cardtext.py): every letter in a font that has it (no boxes), Arabic joined
and right to left, a right-to-left card mirrored. Drawn from
tests/roots/armenian-arabic (Armenian, Arabic) and from cards made here
(Georgian, a mixed Arabic line), with the theme's own fonts. That commitment
pages name their image (og:image) is pinned in test_summary_register.py.
"""

from __future__ import annotations

import io
import unicodedata

import arabic_reshaper
import numpy as np
import pytest
from bidi import get_display
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from conftest import ROOT, ROOTS
from shadowreport.cardtext import raqm_available
from shadowreport.loader import load_report
from shadowreport.pdf.fonts import decompressed_fonts
from shadowreport.socialcards import HEIGHT, MARGIN, WIDTH, Card, CardPainter, cards

STATIC = ROOT / "theme" / "static"
NO_FONT_HAS_IT = "\ue000"  # a private-use character: every font draws its box (.notdef) for it
ENGINES = [pytest.param(True, id="raqm", marks=pytest.mark.skipif(not raqm_available(), reason="Pillow without raqm")),
           pytest.param(False, id="arabic-reshaper")]
GEORGIAN = Card("ka", "9", "ჩრდილოვანი ანგარიში ღია მმართველობის პარტნიორობის ეროვნული სამოქმედო გეგმის შესახებ",
                "ვალდებულება 9 · ღია მონაცემები", "საჯარო მოხელეთა ქონებრივი დეკლარაციების ღია რეესტრი (2022–2024)",
                "limited", "ჩვენი შეფასება: შეზღუდული", "მთავრობა: სრულად შესრულებული")
MIXED_ARABIC = Card("ar", "10", "تقرير الظل (2022–2024) · OGP", "الالتزام 10 · البيانات المفتوحة",
                    "سجل مفتوح «2022–2024» على موقع data.gov.am وفق معيار OCDS 1.1", "complete", "تقييمنا: مكتمل", "")


@pytest.fixture(scope="module")
def fonts(tmp_path_factory) -> dict[str, str]:
    return decompressed_fonts(STATIC, tmp_path_factory.mktemp("print-fonts"))


@pytest.fixture(scope="module", params=ENGINES)
def painter(request, fonts, tmp_path_factory) -> CardPainter:
    return CardPainter(STATIC, fonts, tmp_path_factory.mktemp("cards"), raqm=request.param)


def every_card() -> list[Card]:
    made = cards(load_report(ROOTS / "armenian-arabic"), ROOT / "theme" / "translations")
    assert {card.lang for card in made} == {"hy", "ar"}
    return made + [GEORGIAN, MIXED_ARABIC]


def texts(painter: CardPainter, card: Card):
    """Each text of a card with the face it is drawn in."""
    yield painter.regular, card.report_title
    yield painter.bold, card.kicker
    yield painter.serif, card.title
    yield painter.bold, card.verdict
    if card.claim:
        yield painter.regular, card.claim


def is_rtl(card: Card) -> bool:
    return card.lang == "ar"


def script_of(char: str) -> str:
    return unicodedata.name(char, "?").split()[0]


_cmaps: dict[str, set[int]] = {}


def cmap(file: str) -> set[int]:
    if file not in _cmaps:
        _cmaps[file] = set(TTFont(file).getBestCmap())
    return _cmaps[file]


def boxed(text: str) -> str:
    """`text` with each letter drawn as a box, as a font without it draws it."""
    return "".join(NO_FONT_HAS_IT if unicodedata.category(c).startswith("L") else c for c in text)


def card_image(painter: CardPainter, card: Card) -> Image.Image:
    return Image.open(io.BytesIO(painter.png(card))).convert("RGB")


# no boxes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("card", every_card(), ids=lambda c: f"{c.lang}-{c.commitment_id}")
def test_every_character_of_a_card_is_in_the_font_that_draws_it(painter, card):
    """A character outside its font's cmap prints as a box (.notdef)."""
    letters = set()
    for face, text in texts(painter, card):
        for piece in face.pieces(text, is_rtl(card)):
            missing = [c for c in piece.text if ord(c) not in cmap(piece.font_file)]
            assert not missing, (text, piece.text, missing)
            letters |= {script_of(c) for c in piece.text if c.isalpha()}
    assert letters >= {{"hy": "ARMENIAN", "ar": "ARABIC", "ka": "GEORGIAN"}[card.lang]}


def test_no_font_has_the_box_character_used_below(painter):
    for face in (painter.regular, painter.bold, painter.serif):
        assert all(ord(NO_FONT_HAS_IT) not in cmap(file) for file in face.files)


@pytest.mark.parametrize("card", every_card(), ids=lambda c: f"{c.lang}-{c.commitment_id}")
def test_a_card_is_not_the_card_of_boxes(painter, card):
    """Drawn as the build draws it, a card differs from the same card with
    its letters replaced by boxes: the same image if a script had fallen
    back to a font without its letters (the Latin one, as before)."""
    as_boxes = Card(card.lang, card.commitment_id, *(boxed(t) for t in (card.report_title, card.kicker, card.title)),
                    card.status, boxed(card.verdict), boxed(card.claim))
    drawn, of_boxes = np.asarray(card_image(painter, card)), np.asarray(card_image(painter, as_boxes))
    title_band = slice(150, HEIGHT - 200)  # the title's lines
    assert (drawn[title_band] != of_boxes[title_band]).any(axis=2).mean() > 0.01


# Arabic -----------------------------------------------------------------------------------------


def ink(image: Image.Image) -> Image.Image:
    dark = np.asarray(image.convert("L")) < 128
    rows, columns = np.nonzero(dark)
    return Image.fromarray((dark[rows.min():rows.max() + 1, columns.min():columns.max() + 1] * 255).astype("uint8"))


def difference(one: Image.Image, other: Image.Image) -> float:
    """How unlike two lines of text look (0 the same, 1 opposite), at a
    resolution where spacing that differs by a pixel does not count."""
    size = (120, 8)
    return float(np.abs(np.asarray(one.resize(size, Image.BOX), float) - np.asarray(other.resize(size, Image.BOX), float)).mean() / 255)


def drawn_plainly(font_file: str, visual: str) -> Image.Image:
    """`visual` drawn glyph after glyph from left to right, without shaping."""
    image = Image.new("RGB", (1600, 120), "white")
    font = ImageFont.truetype(font_file, 48, layout_engine=ImageFont.Layout.BASIC)
    ImageDraw.Draw(image).text((10, 90), visual, font=font, fill="black", anchor="ls")
    return ink(image)


@pytest.mark.parametrize("text", ["سجل مفتوح لإقرارات الذمة المالية", "الحكومة: مكتمل"])
def test_arabic_is_joined_and_right_to_left(painter, text):
    """The line as the card draws it looks like arabic-reshaper's joined
    letters in python-bidi's visual order, and unlike the letters unjoined
    or in the wrong direction."""
    for face in (painter.regular, painter.serif):
        image = Image.new("RGB", (1600, 120), "white")
        face.draw(ImageDraw.Draw(image), (10, 90), text, 48, "black", True, "ar")
        (piece,) = face.pieces(text, True)
        assert piece.rtl and "Arabic" in TTFont(piece.font_file)["name"].getDebugName(4)
        drawn = ink(image)
        assert difference(drawn, drawn_plainly(piece.font_file, get_display(arabic_reshaper.reshape(text), base_dir="R"))) < 0.1
        for wrong in (text, get_display(text, base_dir="R"), arabic_reshaper.reshape(text)):
            assert difference(drawn, drawn_plainly(piece.font_file, wrong)) > 0.15


def test_digits_and_latin_in_an_arabic_line_are_placed_as_the_bidirectional_algorithm_says(painter):
    text = MIXED_ARABIC.title
    pieces = painter.serif.pieces(text, True)
    visual = "".join(p.text[::-1] if p.rtl else p.text for p in pieces)
    assert visual == get_display(text, base_dir="R")  # both before mirroring: raqm mirrors «» and () itself
    assert pieces[0].text == "OCDS 1.1" and not pieces[0].rtl  # the line's end, as read, on the left
    assert {p.font_file for p in pieces if "OCDS" in p.text} == {painter.serif.files[0]}  # Latin in the Latin font


# layout -----------------------------------------------------------------------------------------


def text_lines(image: Image.Image) -> list[tuple[int, int]]:
    """(left, right) ink of each line of text, the status bar left out."""
    pixels = np.asarray(image.convert("L"))[:, 24:WIDTH - 24] < 200
    rows = pixels.any(axis=1)
    lines, top = [], None
    for y, inked in enumerate(list(rows) + [False]):
        if inked and top is None:
            top = y
        elif not inked and top is not None:
            columns = np.nonzero(pixels[top:y].any(axis=0))[0]
            lines.append((int(columns.min()) + 24, int(columns.max()) + 24))
            top = None
    return lines


@pytest.mark.parametrize("card", every_card(), ids=lambda c: f"{c.lang}-{c.commitment_id}")
def test_a_right_to_left_card_is_mirrored(painter, card):
    image = card_image(painter, card)
    status = painter.colours[card.status]
    bar_side = (WIDTH - 8) if is_rtl(card) else 8
    assert "#%02x%02x%02x" % image.getpixel((bar_side, HEIGHT // 2)) == status.lower()
    assert image.getpixel((WIDTH - 8 - bar_side + 8, HEIGHT // 2)) == (255, 255, 255)
    lines = text_lines(image)
    assert len(lines) >= 4
    for left, right in lines:
        if is_rtl(card):
            assert WIDTH - MARGIN - 10 <= right <= WIDTH - MARGIN + 2, (left, right)
        else:
            assert MARGIN - 2 <= left <= MARGIN + 10, (left, right)


def test_the_built_site_has_each_language_s_cards(scripts_site):
    """The build draws them with the same fonts: the Armenian card left to
    right, the Arabic one mirrored (its status bar on the right)."""
    for lang, bar in (("hy", 8), ("ar", WIDTH - 8)):
        image = Image.open(scripts_site / "social" / lang / "1.png").convert("RGB")
        assert image.size == (WIDTH, HEIGHT)
        assert image.getpixel((bar, HEIGHT // 2)) != (255, 255, 255)
        assert image.getpixel((WIDTH - bar, HEIGHT // 2)) == (255, 255, 255)
