"""Paths an author writes (in content/ and data/), resolved once.

content/ and data/ are untrusted input: every path they give is resolved
here, links and `..` followed, and only the resolved form is used after a
check that it lies inside its folder (datafolder.py, documents.py,
images.py). Files that editors leave beside the author's own are skipped
by all of them, and by the live server.
"""

from __future__ import annotations

from pathlib import Path

# Files that editors and spreadsheet programs leave beside the author's own:
# lock files (Emacs `.#name`, LibreOffice `.~lock.name#`, Excel `~$name`),
# backups (`name~`, `#name#`), Vim's `.name.swp` and every hidden file.
_EDITOR_PREFIXES = (".", "~$", "#")


def is_editor_file(name: str) -> bool:
    return name.startswith(_EDITOR_PREFIXES) or name.endswith(("~", "#"))


def resolved(folder: Path, written: str | Path) -> Path | None:
    """folder/written with links and `..` resolved; None for a name no file
    can have (a NUL byte, a name too long) or a loop of links."""
    try:
        return (Path(folder) / written).resolve()
    except (ValueError, OSError, RuntimeError):
        return None


def own_name(path: Path, root: Path) -> str:
    """A link's own name relative to the project (errors.relative would
    follow it and name its target)."""
    try:
        return Path(path).relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
