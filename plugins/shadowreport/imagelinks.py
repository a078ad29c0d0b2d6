"""Checked images (images.py) in what the build writes: each file copied to
the same path under the site (output/images/...), each <img> of a rendered
finding or page pointing at it from wherever the page is, and each embedded
in the PDFs (as a data: URL: WeasyPrint then loads nothing, and a PDF's cache
key, its HTML, changes with the image's bytes)."""

from __future__ import annotations

import base64
import functools
import html as html_lib
import logging
import re
import shutil
from pathlib import Path

from jinja2 import pass_context

from .images import Image, document_images
from .model import Document

logger = logging.getLogger(__name__)

IMG = re.compile(r"<img\b[^>]*>", re.I)
SRC = re.compile(r'(\ssrc=")([^"]*)(")')
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}


def _each_src(html: str, change) -> str:
    """`html` with the src of each <img> replaced by change(src) (unescaped
    in, escaped out); an image whose change is None is left out."""

    def tag(match) -> str:
        found = SRC.search(match[0])
        new = change(html_lib.unescape(found[2]) if found else "")
        if new is None:
            return ""
        return SRC.sub(lambda m: m[1] + html_lib.escape(new) + m[3], match[0], count=1)

    return IMG.sub(tag, html)


def site_paths(html: str, document: Document) -> str:
    """A rendered document with each image at its path under the site
    (images/...). One the check did not see (a Markdown extension of a fork
    that the check does not use) is left out, and the build fails."""

    def change(src: str) -> str | None:
        image = document.images.get(src)
        if image is None:
            logger.error("%s: the image %s was not checked: it is left out", document.name, src or "without src")
            return None
        return image.site_path

    return _each_src(html, change)


def relink(html: str, url) -> str:
    """A document's images linked relative to the page, by its url()."""
    return _each_src(html, lambda src: url(src, plain=True))


def with_images(fill_charts):
    """The templates' fill_charts(html), which first links the images of
    the document's HTML from the page being rendered."""

    @pass_context
    def fill(context, html: str):
        return fill_charts(context, relink(html, context["url"]))

    return fill


def embed(html: str, document: Document) -> str:
    """A document's HTML for print: each image as a data: URL."""
    by_site_path = {image.site_path: image for image in document.images.values()}
    return _each_src(html, lambda src: data_url(by_site_path[src]) if src in by_site_path else None)


def data_url(image: Image) -> str:
    stat = image.source.stat()
    return _data_url(image.source, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _data_url(source: Path, mtime_ns: int, size: int) -> str:
    kind = MEDIA_TYPES[source.suffix.lower()]
    return f"data:{kind};base64," + base64.b64encode(source.read_bytes()).decode("ascii")


def publish(report, output_path: Path) -> int:
    """Copy every checked image into the site; never outside output_path."""
    output_path = Path(output_path).resolve()
    images = document_images(report)
    for image in images:
        target = (output_path / image.site_path).resolve()
        if not target.is_relative_to(output_path):  # cannot be: site_path is relative to content/images/
            raise ValueError(f"refusing to write {target} outside {output_path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image.source, target)
    return len(images)
