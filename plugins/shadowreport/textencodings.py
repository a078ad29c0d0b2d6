"""What encoding a CSV that is not UTF-8 is in, when that is certain.

Spreadsheet programs save "CSV" in the computer's legacy code page (Excel
on a Russian Windows writes Windows-1251, on a Western one Windows-1252)
and "Unicode text" as UTF-16 with a byte order mark, separated by tabs. A
file is read in such an encoding only when it is certain, with a warning
that says what was assumed; otherwise it is refused with a message that
names the file, the encoding found and how to save it as "CSV UTF-8".

Windows-1251 and Windows-1252 give every byte a letter, so the bytes alone
cannot tell them apart; how the letters sit in words can. Cyrillic words
are written wholly in bytes above 0x7F (Windows-1251's Cyrillic letters
are 0xC0-0xFF), while Western words carry one accented letter between
plain ASCII ones (Café, très, Müller). A file is taken for Windows-1251
when nearly all its non-ASCII letters stand in words of two or more such
letters with no ASCII letter, for Windows-1252 when nearly all stand beside
ASCII letters; anything in between is refused as uncertain.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SAVE_AS = 'save the file with the UTF-8 encoding (in Excel: Save As, "CSV UTF-8")'
NAMES = {"utf-16": "UTF-16 (Excel's \"Unicode text\")", "cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western European)"}
_WORD = re.compile(rb"[A-Za-z\x80-\xff]+")
_HIGH = re.compile(rb"[\x80-\xff]")
CERTAIN = 0.9  # the share of non-ASCII letters that must point one way


@dataclass
class Decoded:
    text: str | None  # None: refused
    encoding: str  # "utf-8", "utf-16", "cp1251", "cp1252", or "" when not known
    error: str = ""  # why it was refused


def decode(raw: bytes) -> Decoded:
    """The file's text and the encoding it was read in, or why not."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return Decoded(None, "utf-16", "starts like UTF-16 text but is not")
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    guess = legacy_encoding(raw)
    if guess:
        try:
            return Decoded(raw.decode(guess), guess)
        except UnicodeDecodeError:
            pass
    line = raw[:first_bad].count(b"\n") + 1
    byte = raw[first_bad:first_bad + 1].hex()
    return Decoded(None, "", f"line {line}\0is not UTF-8 text (byte 0x{byte} cannot be read), and whether it is "
                   f"{NAMES['cp1251']} or {NAMES['cp1252']} cannot be told for sure")


def legacy_encoding(raw: bytes) -> str:
    """"cp1251" or "cp1252" when the words say so for certain, else ""."""
    apart = beside = 0  # non-ASCII letters in words without / with ASCII letters
    for word in _WORD.findall(raw):
        high = len(_HIGH.findall(word))
        if not high:
            continue
        if high == len(word) and high >= 2:
            apart += high
        elif high < len(word):
            beside += high
    total = apart + beside
    if total and apart / total >= CERTAIN:
        return "cp1251"
    if total and beside / total >= CERTAIN:
        return "cp1252"
    return ""


def warning(name: str, encoding: str) -> str:
    """What an author is told about a file read in an encoding other than UTF-8."""
    tab = ", its columns separated by tabs" if encoding == "utf-16" else ""
    return (f"{name} is not UTF-8: it was read as {NAMES[encoding]}{tab}; check its text on the site, "
            f"and {SAVE_AS} to be sure")


DESTROYED = re.compile(r"\?{3,}")


def destroyed(cell: str) -> bool:
    """Text whose letters a legacy save replaced by "?" ("??????? ?????"):
    a run of three or more, and "?" at least half of what is not a space."""
    if not DESTROYED.search(cell):
        return False
    visible = [c for c in cell if not c.isspace()]
    return visible.count("?") * 2 >= len(visible)
