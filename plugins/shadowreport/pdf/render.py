"""HTML to PDF with WeasyPrint, in worker processes on every core.

A worker receives strings only (the HTML, the folder its relative links
resolve against, the PDF's identifier) and returns the PDF's bytes with what
WeasyPrint complained about: the model never crosses a process boundary.
"""

from __future__ import annotations

import logging
import mimetypes
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import decompressed_fonts

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


@dataclass
class Rendered:
    """What one rendering gives back to the parent: the PDF (None when only
    the layout was asked for), WeasyPrint's complaints, and the layout's
    facts the whole report is put together with (parts.py): how many
    pages, and the 0-based page of each anchor."""

    pdf: bytes | None
    messages: list[str]
    pages: int
    anchors: dict[str, int]


def render_pdf(html: str, base_dir: str, identifier: bytes, fonts: dict[str, str], layout_only: bool = False) -> Rendered:
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
        ).render()
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, number)  # the first wins, as in WeasyPrint's links
        pdf = None if layout_only else document.write_pdf(pdf_identifier=identifier, **PDF_OPTIONS)
    finally:
        weasy_logger.removeHandler(collect)
        weasy_logger.propagate = propagate
    return Rendered(pdf, collect.messages, len(document.pages), anchors)


def _render_task(task: tuple) -> Rendered:
    return render_pdf(*task)


class Renderer:
    """Renders tasks (assembly.Task) on `workers` processes, keeping each
    busy: the whole reports' parts first (they wait for one another, see
    assembly.py, and are the longest path), the commitments' PDFs in between.
    The pool starts with the first task: a build with nothing to render
    starts none."""

    def __init__(self, static: Path, cache_folder: Path, workers: int):
        self.static = Path(static)
        self.cache_folder = Path(cache_folder)
        self.workers = max(1, workers)
        self.pool: ProcessPoolExecutor | None = None
        self.fonts: dict[str, str] | None = None
        self.used = 0  # most renderings at once

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *error) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _submit(self, task) -> Future:
        if self.fonts is None:
            self.fonts = decompressed_fonts(self.static, self.cache_folder)
        arguments = (task.html, str(self.static), task.identifier, self.fonts, task.layout_only)
        if self.workers == 1:  # here: a pool would only add its start-up
            future: Future = Future()
            future.set_result(_render_task(arguments))
            return future
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        return self.pool.submit(_render_task, arguments)

    def run(self, assemblies: list, singles: list, received: Callable) -> None:
        """Render until every assembly is done and every single task was
        handed to `received(task, rendered)`."""
        queue = deque(singles)
        pending: dict[Future, object] = {}
        while True:
            ready = [task for assembly in assemblies for task in assembly.ready()]
            while len(pending) < self.workers and (ready or queue):
                task = ready.pop(0) if ready else queue.popleft()
                if task.slot is not None:
                    task.owner.started(task)
                pending[self._submit(task)] = task
                self.used = max(self.used, len(pending))
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                rendered = future.result()
                if task.slot is None:
                    received(task, rendered)
                else:
                    log_messages(f"{task.owner.job.path} ({task.slot})", rendered.messages)
                    task.owner.receive(task, rendered)
        unfinished = [assembly.job.path for assembly in assemblies if not assembly.done]
        if unfinished:
            raise RuntimeError(f"whole report not put together: {unfinished}")


def log_messages(label: str, messages: list[str]) -> None:
    for message in messages:
        if message.startswith(("ERROR", "CRITICAL")):
            logger.warning("%s: WeasyPrint: %s", label, message)
        else:
            logger.debug("%s: WeasyPrint: %s", label, message)
