"""This plugin's code as one hash, part of the cache keys of what it makes
(pages, published datasets): a new version of the code never serves what
an older one made."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def hash_files(digest, folder: Path, pattern: str) -> None:
    """Feed `digest` the names and bytes of the files under `folder`
    matching `pattern`, in a fixed order."""
    for path in sorted(Path(folder).rglob(pattern)):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    hash_files(digest, PACKAGE, "*.py")
    return digest.hexdigest()
