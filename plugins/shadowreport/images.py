"""Images in findings and pages: `![Alt text](images/map.png)` takes the
file from content/images/. Checked when the report is read (`invoke check`
refuses what the build would): every image needs alt text, a path under
content/images/ (no `..`, no absolute path, no link leading out of it, no
other host: the site loads nothing from elsewhere), an image type, and an
existing file whose bytes are of that type. Each path is resolved once, here;
the build publishes the resolved file at the same place under the site
(images/map.png) and embeds it in the PDFs (imagelinks.py).

The Markdown is rendered to find the images, so that what is checked is what
the page shows: `![..](..)`, reference images and HTML <img> alike, and
nothing in a code block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from .errors import Problem
from .model import Document
from .paths import resolved

FOLDER = "images"  # under content/, and under the site
TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG", ".webp": "WebP"}
# What a file of each type starts with (an SVG: an XML text with an <svg> element).
SIGNATURES = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8\xff",), "GIF": (b"GIF87a", b"GIF89a")}
MAX_BYTES = 10 * 1024 * 1024  # each image is in every PDF that shows it: a photo for print is ~2 MB
SVG_ACTIVE = re.compile(rb"<script|<foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"']?\s*(?:https?:|//)", re.I)
EXAMPLE = "![Map of the pilot regions](images/map.png)"
CHECK_MARKDOWN = {"extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"], "output_format": "html"}


@dataclass(frozen=True)
class Image:
    """A checked image: its path on the site and the file it is made from."""

    site_path: str  # "images/maps/pilot.png", as the file is named under content/images/
    source: Path  # resolved, inside content/images/


@dataclass(frozen=True)
class Found:
    line: int
    src: str
    alt: str | None


class _ImageTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            self.found.append(((values.get("src") or "").strip(), values.get("alt")))

    handle_startendtag = handle_starttag


def image_tags(html: str) -> list[tuple[str, str | None]]:
    """(src, alt) of each <img> of the HTML; alt None when it has none."""
    parser = _ImageTags()
    parser.feed(html)
    parser.close()
    return parser.found


def find_images(document: Document, renderer: markdown.Markdown) -> list[Found]:
    """The images a document shows, each with the line it is written on."""
    body = document.body
    if "![" not in body and "<img" not in body.lower():
        return []  # most findings: nothing to render
    renderer.reset()
    lines = body.split("\n")
    found, after = [], {}
    for src, alt in image_tags(renderer.convert(body)):
        index = _line_of(lines, src, after.get(src, -1) + 1)
        after[src] = index
        found.append(Found(document.body_line + max(index, 0), src, alt))
    return found


def _line_of(lines: list[str], src: str, start: int) -> int:
    """The index of the first line from `start` that has `src` (or its file
    name, written differently), else of the first that has an image."""
    for needle in (src, src.rsplit("/", 1)[-1] or src, "![", "<img"):
        for index in range(start, len(lines)):
            if needle and needle in lines[index]:
                return index
        start = 0 if needle == src else start
    return 0


def check_documents(documents: list[Document], content: Path, root: Path, problems: list[Problem]) -> None:
    """Check every image of the documents; set `document.images` (the
    path as written -> Image) to those that are right."""
    content = Path(content).resolve()
    renderer = markdown.Markdown(**CHECK_MARKDOWN)
    for document in documents:
        document.images = {}
        for found in find_images(document, renderer):
            image, mistake = check_image(found.src, content)
            if not mistake and not (found.alt or "").strip():
                mistake = f"has no alt text: describe the image for those who cannot see it, e.g. {EXAMPLE}"
            if mistake:
                problems.append(Problem(document.name, f"line {found.line}", "image", found.src, mistake))
            else:
                document.images[found.src] = image


def check_image(src: str, content: Path) -> tuple[Image | None, str]:
    """The image a path written in content/ leads to, or what is wrong with it."""
    parts = urlsplit(src)
    if parts.scheme in ("http", "https") or src.startswith("//"):
        return None, (f"is on another host: the site loads nothing from elsewhere; save the image into "
                      f"content/{FOLDER}/ and write its path, e.g. {FOLDER}/map.png")
    if parts.scheme:  # data:, file:, C:\...
        return None, f"is not a file path: expected a path under content/{FOLDER}/, written as {FOLDER}/map.png"
    leaves = f"leaves content/{FOLDER}/: expected a path under it, written as {FOLDER}/map.png"
    if not src or src.startswith("/") or "\\" in src:
        return None, leaves
    if parts.query or parts.fragment:
        return None, f"is not a plain file path: expected {FOLDER}/<file name>, without ? or #"
    path = unquote(parts.path)
    segments = path.split("/")
    if ".." in segments:
        return None, leaves
    if segments[0] != FOLDER or len(segments) < 2:
        return None, f"is not in content/{FOLDER}/: expected a path written as {FOLDER}/<file name>, e.g. {FOLDER}/map.png"
    if Path(path).suffix.lower() not in TYPES:
        return None, "is not an image: expected a " + ", ".join(f".{t}" for t in ("png", "jpg", "jpeg", "gif", "svg")) + " or .webp file"
    return _checked_file(content, path)


def _checked_file(content: Path, path: str) -> tuple[Image | None, str]:
    """The file of a well-formed path, resolved once (links followed)."""
    folder = resolved(content, FOLDER)
    target = resolved(content, path)
    if target is None or not target.exists():
        return None, f"does not exist: expected the file content/{path}"
    if folder is None or not folder.is_relative_to(content) or not target.is_relative_to(folder):
        return None, f"is a link that leads outside content/{FOLDER}/: copy the file into content/{FOLDER}/ instead"
    if not target.is_file():
        return None, f"is not a file: expected an image file content/{path}"
    size = target.stat().st_size
    if size > MAX_BYTES:
        return None, f"is {size / 1024 / 1024:.1f} MB: an image is at most {MAX_BYTES // 1024 // 1024} MB; save it smaller"
    kind = TYPES.get(target.suffix.lower())
    mistake = _content_mistake(target, kind) if kind else f"is a link to {target.name}, which is not an image"
    if mistake:
        return None, mistake
    return Image(f"{FOLDER}/{target.relative_to(folder).as_posix()}", target), ""


def _content_mistake(target: Path, kind: str) -> str:
    """What is wrong with the file's bytes for its type, or ""."""
    data = target.read_bytes()
    if kind == "SVG":
        if b"<svg" not in data[:65536].lower():
            return "is not an SVG image (no <svg> element at its start): export the drawing again as SVG"
        if SVG_ACTIVE.search(data):
            return ("is an SVG with a script, an event handler or a link to elsewhere: the site publishes "
                    "none; export the drawing again without them, or as PNG")
        return ""
    if kind == "WebP":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(SIGNATURES[kind])
    return "" if ok else f"is not a {kind} image (its content is not): save it again as {kind}"


def document_images(report) -> list[Image]:
    """Every checked image of the report's findings and pages, once each."""
    documents = [d for c in report.commitments for d in c.findings.values()]
    documents += [d for p in report.pages for d in p.versions.values()]
    documents += [d for c in report.commitments for d in c.replies.values()]
    logos = {member.image for member in getattr(report, "members", []) if member.image}
    found = {image for d in documents for image in getattr(d, "images", {}).values()} | logos
    return sorted(found, key=lambda i: i.site_path)
