"""Markdown files with a Pelican `Key: value` header: findings and free pages.

The header is read here, once, for both the check and the build; the body is
rendered later by the build (render.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import CONTROL_CHARACTER, Problem, did_you_mean, quote, relative
from .model import Document
from .paths import is_editor_file, own_name, resolved
from .sources import read_text

# Python-Markdown's meta extension: "Key: value", indented continuation lines.
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(.*)$")


def read_folder(folder: Path, root: Path, languages: list[str], problems: list[Problem],
                unusable: set[str] | None = None, content: Path | None = None) -> list[Document]:
    """The folder's Markdown files; a file with a mistake adds a Problem, and
    the Commitment its header names (read as well as it can be) goes into
    `unusable`, so that the commitment is not reported again as lacking a
    finding. `content` (default: the folder's parent) is where links may lead."""
    if not folder.is_dir():
        if folder.exists():
            problems.append(Problem(relative(folder, root),
                                    expected="is not a folder: findings and pages are Markdown files in a folder of that name"))
        return []
    documents = []
    for path in markdown_files(folder, root, problems, content or folder.parent):
        document = read_document(path, root, languages, problems)
        if document is not None:
            documents.append(document)
        elif unusable is not None:
            unusable.add(_sniff_header(path).get("commitment", ""))
    return documents


def markdown_files(folder: Path, root: Path, problems: list[Problem], content: Path) -> list[Path]:
    """The *.md files under folder, each resolved once (links followed),
    without editors' files; a link to a Markdown file or a folder that leads
    out of content/ or nowhere adds a Problem naming the link and its target."""
    content = content.resolve()
    found = []
    for base, folders, files in os.walk(folder):  # a link to a folder is listed in folders, not entered
        folders[:] = [name for name in folders if not is_editor_file(name)]
        for name in [*folders, *files]:
            path = Path(base) / name
            is_link = path.is_symlink()
            if is_editor_file(name) or not (name.endswith(".md") and name in files or is_link and name in folders):
                continue
            target = resolved(path.parent, path.name)
            mistake = _link_mistake(target, content) if is_link else ""
            if mistake:
                problems.append(Problem(own_name(path, root), expected=f"is a link to {os.readlink(path)}, {mistake}"))
            elif name in files and target.is_file():
                found.append(target)
    return sorted(found)


def _link_mistake(target: Path | None, content: Path) -> str:
    if target is None or not target.exists():
        return "which does not exist: delete the link, or copy the file into content/"
    if not target.is_relative_to(content):
        return "which leads outside content/: copy the file into content/ instead"
    return ""


UNREAD_DEFAULT = "default"  # the language of files without Lang: when report.yml names none


def header_languages(folders: list[Path], root: Path) -> list[str]:
    """The languages to check content/ with when data/report.yml lists none
    that can be used: every Lang: written in a file (so none is refused),
    after a stand-in for the unknown default language."""
    found = set()
    for folder in folders:
        if folder.is_dir():
            found.update(_sniff_header(path).get("lang", "") for path in markdown_files(folder, root, [], folder.parent))
    return [UNREAD_DEFAULT, *sorted(found - {"", UNREAD_DEFAULT})]


def _sniff_header(path: Path) -> dict[str, str]:
    """The header of a file that could not be read properly (not UTF-8, a
    wrong Lang): undecodable bytes replaced, for naming its commitment only."""
    try:
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    header = {}
    for line in lines:
        match = HEADER_LINE.match(line)
        if not match:
            break
        header[match[1].lower()] = CONTROL_CHARACTER.sub("", match[2]).strip()
    return header


def read_document(path: Path, root: Path, languages: list[str], problems: list[Problem]) -> Document | None:
    """The document of a file; `path` is resolved already (markdown_files)."""
    name = relative(path, root)
    text = read_text(path, name, problems)
    if text is None:
        return None
    lines = text.split("\n")
    metadata: dict[str, str] = {}
    header_lines: dict[str, int] = {}
    index = 0
    key = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        continued = CONTINUATION.match(line)
        if match:
            key = match[1].lower()
            metadata[key] = match[2].strip()
            header_lines[key] = index + 1
        elif continued and key:
            metadata[key] = (metadata[key] + " " + continued[1].strip()).strip()
        else:
            break  # no (more) header: the body starts here
        index += 1
    body_start = index + 1 if index < len(lines) and not lines[index].strip() else index
    if _control_characters(name, metadata, header_lines, problems):
        return None
    lang = metadata.get("lang", "").strip() or languages[0]
    if lang not in languages:
        problems.append(Problem(name, f"line {header_lines.get('lang', 1)}", 'key "Lang"', lang,
                                "is not one of the report's languages in data/report.yml (" + ", ".join(languages) + ")",
                                did_you_mean(lang, languages)))
        return None
    return Document(
        source=path, name=name, lang=lang, metadata=metadata,
        body="\n".join(lines[body_start:]), body_line=body_start + 1, header_lines=header_lines,
    )


def _control_characters(name: str, metadata: dict[str, str], header_lines: dict[str, int], problems: list[Problem]) -> bool:
    """A Problem for each header value with a control character (a NUL
    byte...), which no page, feed or PDF can hold; True when there was one."""
    found = False
    for key, value in metadata.items():
        match = CONTROL_CHARACTER.search(value)
        if match:
            problems.append(Problem(name, f"line {header_lines.get(key, 1)}", f'key "{key.capitalize()}"', value,
                                    f"contains the invisible control character U+{ord(match[0]):04X}: delete it"))
            found = True
    return found


def header_line(document: Document, key: str) -> str:
    return f"line {document.header_lines.get(key, 1)}"


__all__ = ["read_folder", "read_document", "header_line", "quote"]
