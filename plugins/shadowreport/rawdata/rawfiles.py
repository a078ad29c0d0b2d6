"""A raw file of data/raw/ opened as untrusted input: never read whole,
gzip unpacked under a bound (a gzip "bomb" stops at limits.MAX_RAW_UNPACKED_BYTES),
one line at a time under limits.MAX_RAW_LINE_BYTES, so that a 1 GB JSON
Lines file streams in a few tens of MB."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

from .. import limits
from ..errors import Problem

GZIP_MAGIC = b"\x1f\x8b"


class RawFileTooLarge(Exception):
    """What the file unpacks to went over limits.MAX_RAW_UNPACKED_BYTES."""


class _Bounded(io.RawIOBase):
    """A binary stream that stops with RawFileTooLarge after `limit` bytes."""

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self.read_bytes = stream, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._stream.readinto(buffer)
        self.read_bytes += count or 0
        if self.read_bytes > self._limit:
            raise RawFileTooLarge()
        return count


def size_problem(path: Path, name: str) -> Problem | None:
    size = path.stat().st_size
    if size <= limits.MAX_RAW_BYTES:
        return None
    return Problem(name, expected=f"is {size / 1e9:.1f} GB: a raw file may be at most {limits.MAX_RAW_BYTES / 1e9:g} GB",
                   suggestion="split it by year, one recipe each")


def sha256(path: Path) -> str:
    """The file's SHA-256 as published (the gzip file, not what it unpacks to)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(2) == GZIP_MAGIC


def open_raw(path: Path) -> io.BufferedReader:
    """The file's bytes, unpacked when it is gzip (by its first bytes, not its
    name), bounded by limits.MAX_RAW_UNPACKED_BYTES."""
    file = open(path, "rb")  # noqa: SIM115 - closed with the stream returned
    stream = gzip.GzipFile(fileobj=file, mode="rb") if is_gzip(path) else file
    bounded = io.BufferedReader(_Bounded(stream, limits.MAX_RAW_UNPACKED_BYTES), buffer_size=1 << 20)
    bounded.close_also = (stream, file)  # type: ignore[attr-defined]
    return bounded


def close_raw(stream) -> None:
    stream.close()
    for inner in getattr(stream, "close_also", ()):
        inner.close()


def lines(stream):
    """(line number, bytes) of each line; a line longer than
    limits.MAX_RAW_LINE_BYTES comes as None (the caller names it) and the
    rest of it is skipped, never held."""
    number = 0
    while True:
        line = stream.readline(limits.MAX_RAW_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > limits.MAX_RAW_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


class Problems:
    """The mistakes of one raw file, at most limits.MAX_RAW_PROBLEMS of them
    listed (a file of a million bad lines says so in one more line)."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name, self._problems, self.count = name, problems, 0

    def add(self, where: str, expected: str, value: str | None = None, field: str = "") -> None:
        self.count += 1
        if self.count <= limits.MAX_RAW_PROBLEMS:
            self._problems.append(Problem(self.name, where, field, value, expected))

    def finish(self) -> None:
        if self.count > limits.MAX_RAW_PROBLEMS:
            self._problems.append(Problem(self.name, expected=f"has {self.count:,} mistakes in all; the first "
                                          f"{limits.MAX_RAW_PROBLEMS} are listed"))
