"""Files of the build's caches (.cache/pdf, .cache/pages, .cache/opendata,
the decompressed fonts): where a key's file lives, and writing it so that
no reader, not even a second build at the same time, ever finds it
half-written."""

from __future__ import annotations

import os
from pathlib import Path


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
