"""HTML to PDF with WeasyPrint, in worker processes on every core.

A worker receives strings only (the HTML, the folder its relative links
resolve against, the PDF's identifier) and returns the PDF's bytes with what
WeasyPrint complained about: the model never crosses a process boundary.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Everything that shapes the bytes besides the HTML and the theme's files;
# part of the cache key.
PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged, with language and title
    "uncompressed_pdf": False,
    "optimize_images": True,
}
RENDERER = f"weasyprint {weasyprint.__version__}; {sorted(PDF_OPTIONS.items())}"


class LocalFetcher(URLFetcher):
    """Loads files from the theme's static folder and nothing else: a PDF
    never fetches from another host."""

    def __init__(self, root: str, fonts: dict[str, str]):
        super().__init__(allowed_protocols={"file", "data"})
        self.root = Path(root).resolve()
        self.fonts = fonts  # .woff2 -> the same font as TrueType (fonts.py)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if str(path) in self.fonts:
                return URLFetcherResponse(url, Path(self.fonts[str(path)]).read_bytes(), headers={"Content-Type": "font/ttf"})
            if path.is_relative_to(self.root) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": kind})
        raise ValueError(f"not a file of the theme (PDFs load nothing from elsewhere): {url}")


class _Collect(logging.Handler):
    """WeasyPrint's complaints during one rendering, to report in the parent."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def render_pdf(html: str, base_dir: str, identifier: bytes, fonts: dict[str, str]) -> tuple[bytes, list[str]]:
    """One PDF; runs in a worker process. `base_dir` is the theme's static
    folder, `fonts` maps its .woff2 files to decompressed copies."""
    collect = _Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collect)
    propagate, weasy_logger.propagate = weasy_logger.propagate, False  # reported by the parent instead
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=Path(base_dir).resolve().as_uri() + "/",
            url_fetcher=LocalFetcher(base_dir, fonts),
        )
        pdf = document.write_pdf(pdf_identifier=identifier, **PDF_OPTIONS)
    finally:
        weasy_logger.removeHandler(collect)
        weasy_logger.propagate = propagate
    return pdf, collect.messages


def _render_task(task: tuple) -> tuple[bytes, list[str]]:
    return render_pdf(*task)


def render_many(tasks: list[tuple], workers: int | None = None) -> list[tuple[bytes, list[str]]]:
    """Render in parallel (tasks: render_pdf's arguments), results in the
    order of `tasks`. One task is
    rendered here: a pool would only add its start-up."""
    if not tasks:
        return []
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers == 1:
        return [_render_task(task) for task in tasks]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_render_task, tasks))
