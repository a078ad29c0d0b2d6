"""Files of the build's caches (.cache/pdf, .cache/pages, .cache/opendata,
the decompressed fonts): where a key's file lives, and writing it so that
no reader, not even a second build at the same time, ever finds it
half-written."""

from __future__ import annotations

import os
import time
from pathlib import Path

# Files no build used for this long are deleted; until then another build
# (another SITEURL, an older branch) may want them back.
KEEP_UNUSED_DAYS = 30


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


def prune_unused(folder: Path, keep: set[str]) -> None:
    """Delete the keyed files under `folder` (keyed_file) whose key is not in
    `keep` and that no build used for KEEP_UNUSED_DAYS (a cache's get()
    touches what it serves)."""
    limit = time.time() - KEEP_UNUSED_DAYS * 86400
    for path in Path(folder).glob("*/*.*"):
        if path.name.split(".")[0] not in keep and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
