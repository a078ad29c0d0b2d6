"""Markdown files with a Pelican `Key: value` header: findings and free pages.

The header is read here, once, for both the check and the build; the body is
rendered later by the build (render.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem, did_you_mean, quote, relative
from .model import Document
from .sources import read_text

# Python-Markdown's meta extension: "Key: value", indented continuation lines.
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(.*)$")


def read_folder(folder: Path, root: Path, languages: list[str], problems: list[Problem],
                unusable: set[str] | None = None) -> list[Document]:
    """The folder's Markdown files; a file with a mistake adds a Problem, and
    the Commitment its header names (read as well as it can be) goes into
    `unusable`, so that the commitment is not reported again as lacking a
    finding."""
    if not folder.is_dir():
        if folder.exists():
            problems.append(Problem(relative(folder, root), expected="is not a folder: findings and pages are Markdown files in a folder of that name"))
        return []
    documents = []
    for path in sorted(folder.rglob("*.md")):
        document = read_document(path, root, languages, problems)
        if document is not None:
            documents.append(document)
        elif unusable is not None:
            unusable.add(_sniff_header(path).get("commitment", ""))
    return documents


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
        header[match[1].lower()] = match[2].strip()
    return header


def read_document(path: Path, root: Path, languages: list[str], problems: list[Problem]) -> Document | None:
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
    lang = metadata.get("lang", "").strip() or languages[0]
    if lang not in languages:
        problems.append(Problem(name, f"line {header_lines.get('lang', 1)}", 'key "Lang"', lang,
                                "is not one of the report's languages in data/report.yml (" + ", ".join(languages) + ")",
                                did_you_mean(lang, languages)))
        return None
    return Document(
        source=path.resolve(), name=name, lang=lang, metadata=metadata,
        body="\n".join(lines[body_start:]), body_line=body_start + 1, header_lines=header_lines,
    )


def header_line(document: Document, key: str) -> str:
    return f"line {document.header_lines.get(key, 1)}"


__all__ = ["read_folder", "read_document", "header_line", "quote"]
