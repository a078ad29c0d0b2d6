"""The files of data/, found once and each resolved once.

data/ is untrusted input (a report is built by CI from contributors' pull
requests), so every file the build reads or publishes from it comes from
here: a regular file whose real path, links resolved, lies inside data/.
A link that leads outside data/ (to /proc/self/environ, to content/, to a
file in the parent folder) is a mistake with a message, never a file that
gets read or published. Later code uses the resolved paths only: a name as
an author wrote it (`../data/x.pdf`) never reaches the file system again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .paths import is_editor_file, own_name, resolved
from .spreadsheets import is_table

RECIPE_FOLDERS = ("raw/", "recipes/")  # data/raw/: official files as published; data/recipes/: what is made of them


@dataclass
class DataFiles:
    """Every usable file of data/: its name under data/ (as found, with `/`)
    and its resolved path, which lies inside data/."""

    folder: Path  # data/, resolved
    files: dict[str, Path] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # names that have a Problem: never to be read
    links: dict[str, str] = field(default_factory=dict)  # a link inside data/ -> the name it points to
    derived: dict[str, Path] = field(default_factory=dict)  # a dataset a recipe makes (x.csv) -> the recipe's path

    def canonical(self, name: str) -> str | None:
        """The name of the file that `name` (as found under data/) is, links followed."""
        return name if name in self.files else self.links.get(name)

    def name_of(self, path: Path) -> str | None:
        """The name under data/ of a resolved path, None when it is not one of
        data/'s usable files."""
        if not path.is_relative_to(self.folder):
            return None
        name = path.relative_to(self.folder).as_posix()
        return name if self.files.get(name) == path else None

    def tables(self) -> dict[str, Path]:
        """The tables' files, by name: CSV, .xlsx and .ods (the suffix in any
        case: Excel writes `.CSV`); not those of data/raw/ and data/recipes/,
        which are read by recipes (rawdata/), never drawn or published as they are."""
        return {name: path for name, path in sorted(self.files.items())
                if is_table(path.name) and not name.startswith(RECIPE_FOLDERS)}


def scan(data_path: Path, root: Path, problems: list[Problem]) -> DataFiles:
    """data/'s files; a link leading outside data/, a dangling link or a file
    that is not a regular file (a FIFO would hang the build) adds a Problem."""
    folder = Path(data_path).resolve()
    found = DataFiles(folder)
    if not folder.is_dir():
        return found
    for directory, subfolders, names in os.walk(folder, followlinks=False):
        here = Path(directory)
        subfolders[:] = sorted(s for s in subfolders if not is_editor_file(s) and _linked_folder_ok(here / s, found, root, problems))
        for name in sorted(names):
            if is_editor_file(name):
                continue
            path = here / name
            target = _checked_file(path, folder, root, problems)
            if target is None:
                found.refused.add(path.relative_to(folder).as_posix())
            elif target == path:
                found.files[path.relative_to(folder).as_posix()] = target
            else:  # a link inside data/: its file is found again where it points
                found.links[path.relative_to(folder).as_posix()] = target.relative_to(folder).as_posix()
    return found


def _linked_folder_ok(path: Path, found: DataFiles, root: Path, problems: list[Problem]) -> bool:
    """Whether to walk into a subfolder: yes for a real folder; a link to a
    folder is not walked (what it points to inside data/ is walked anyway),
    and one that leads outside data/ is a mistake."""
    if not path.is_symlink():
        return True
    target = resolved(path.parent, path.name)
    if target is None or not target.is_relative_to(found.folder):
        problems.append(_outside(path, target, root))
        found.refused.add(path.relative_to(found.folder).as_posix())
    return False


def _checked_file(path: Path, folder: Path, root: Path, problems: list[Problem]) -> Path | None:
    target = resolved(path.parent, path.name)
    if target is None or not target.is_relative_to(folder):
        problems.append(_outside(path, target, root))
        return None
    try:
        mode = target.stat().st_mode
    except OSError:
        problems.append(Problem(own_name(path, root), expected="is a link to a file that does not exist: remove it or copy the file into data/"))
        return None
    if not stat.S_ISREG(mode):
        problems.append(Problem(own_name(path, root), expected="is not a regular file (a pipe, socket or device): data/ holds files only"))
        return None
    return target


def _outside(path: Path, target: Path | None, root: Path) -> Problem:
    where = f" (to {own_name(target, root)})" if target is not None else ""
    return Problem(own_name(path, root),
                   expected=f"is a link that leads outside data/{where}: copy the file into data/ instead")
