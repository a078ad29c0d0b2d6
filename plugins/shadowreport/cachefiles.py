"""Files of the build's caches (.cache/charts, .cache/pdf, .cache/pages,
.cache/opendata, the decompressed fonts): where a key's file lives, writing
it so that no reader, not even a second build at the same time, ever finds
it half-written, and trusting it only when it is whole.

A cache entry (write_entry) is its payload behind one header line that
holds the payload's length and sha256. Atomic writes alone do not make a
file whole: a full disk, a crash before the data reached the disk, a CI
cache restored half-way or a hand edit all leave files that used to be
served as they were (a truncated SVG inlined into a PDF, an unreadable
PDF published). read_entry checks the header, then the payload's own
format; a bad entry is deleted with a warning and the build makes it
again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Callable, TypeVar

logger = logging.getLogger(__name__)

# Files no build used for this long are deleted; until then another build
# (another SITEURL, an older branch) may want them back.
KEEP_UNUSED_DAYS = 30

# Part of the keys of the caches whose keys do not already hold the code's
# version (PDFs, charts): files of an older format are then never looked
# up (no warning about each one after an upgrade), and pruned in time.
ENTRY_FORMAT = "sealed entries 1"
_HEADER = b"shadowreport-cache sha256="

T = TypeVar("T")


class BadEntry(ValueError):
    """A cache file that is not whole or not what its cache writes."""


def keyed_file(folder: Path, key: str, suffix: str) -> Path:
    """`folder/ab/abcdef….suffix`: a level of folders keeps each one small."""
    return Path(folder) / key[:2] / f"{key}{suffix}"


def write_atomically(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    if isinstance(data, str):
        partial.write_text(data, encoding="utf-8")
    else:
        partial.write_bytes(data)
    os.replace(partial, path)


def seal(payload: bytes) -> bytes:
    """`payload` behind the header line that read_entry checks."""
    return b"%s%s %d\n" % (_HEADER, hashlib.sha256(payload).hexdigest().encode(), len(payload)) + payload


def unseal(data: bytes) -> bytes:
    """The payload of a sealed file; BadEntry when it is not whole."""
    header, newline, payload = data.partition(b"\n")
    if not header.startswith(_HEADER) or not newline:
        raise BadEntry("no checksum header")
    digest, _, length = header[len(_HEADER):].partition(b" ")
    if not length.isdigit() or int(length) != len(payload):
        raise BadEntry(f"{len(payload)} bytes where {length.decode(errors='replace')} were written")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise BadEntry("its bytes do not match their checksum")
    return payload


def write_entry(path: Path, payload: bytes | str) -> None:
    """Keep `payload` (text as UTF-8) for read_entry."""
    write_atomically(path, seal(payload.encode("utf-8") if isinstance(payload, str) else payload))


def read_entry(path: Path, decode: Callable[[bytes], T]) -> T | None:
    """The entry at `path`, as `decode` makes it of the payload; None when
    there is none, or when it is not whole: then it is deleted, with a
    warning, for the caller to make again. `decode` raises ValueError,
    KeyError or TypeError on a payload its cache could not have written."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        value = decode(unseal(data))
    except (ValueError, KeyError, TypeError) as error:
        drop(path, str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}")
        return None
    os.utime(path)  # used: not pruned
    return value


def drop(path: Path, problem: str) -> None:
    """Delete a bad cache file, saying which and why: a warning, not an
    error (the build makes it again and succeeds), but one that a cache
    going bad again and again cannot hide behind."""
    logger.warning("cache: %s is not whole (%s); deleted, it will be made again", path, problem)
    Path(path).unlink(missing_ok=True)


def prune_unused(folder: Path, keep: set[str]) -> None:
    """Delete the keyed files under `folder` (keyed_file) whose key is not in
    `keep` and that no build used for KEEP_UNUSED_DAYS (read_entry touches
    what it serves)."""
    limit = time.time() - KEEP_UNUSED_DAYS * 86400
    for path in Path(folder).glob("*/*.*"):
        if path.name.split(".")[0] not in keep and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
