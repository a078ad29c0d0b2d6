"""Files of a report as tests look at them: a tree's hashes (to prove that
nothing was touched) and an edit that must find what it replaces."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a hash of its bytes; the
    build caches (.cache/, beside content/ and data/) may change."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
        if path.relative_to(folder).parts[0] != ".cache"
    }


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file by `new`; `old` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
