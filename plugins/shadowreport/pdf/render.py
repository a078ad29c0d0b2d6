"""HTML to PDF with WeasyPrint, in worker processes on every core.

A worker receives strings only (the HTML, the folder its relative links
resolve against, the PDF's identifier) and returns the PDF's bytes with what
WeasyPrint complained about: the model never crosses a process boundary.

No wait on a worker is without a bound: a rendering that takes longer than
TIMEOUT, or whose worker dies, is retried once on fresh workers; a second
time, the build stops with a message naming the PDF.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import BuildError
from .fit import FIT_VERSION, FITS, fitted
from .fonts import decompressed_fonts

logger = logging.getLogger(__name__)

# Everything that shapes the bytes besides the HTML and the theme's files;
# part of the cache key.
PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged, with language and title
    "uncompressed_pdf": False,
    "optimize_images": True,
}
RENDERER = f"weasyprint {weasyprint.__version__}; {sorted(PDF_OPTIONS.items())}; fit {FIT_VERSION}"
# One rendering: a commitment's PDF takes about a second (the demo's 57
# PDFs, whole reports included: 41 s on 2 workers), a part of the whole
# report (10 commitments, parts.py) ~3 s; five minutes is 100 times a part,
# for a busy 2-core machine and the contents of a very long report, and
# still ends a worker that will never answer.
TIMEOUT = 300.0


class PdfRenderError(BuildError):
    """A PDF could not be rendered: its worker hung or died twice."""


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
    pages, the 0-based page of each anchor, and the bookmark level of each
    top-level entry of its outline (merge.py nests them across parts)."""

    pdf: bytes | None
    messages: list[str]
    pages: int
    anchors: dict[str, int]
    outline: list[int]


def outline_levels(document) -> list[int]:
    """The bookmark-level of each entry WeasyPrint puts at the top of the
    outline: one no deeper than every entry before it (a part that opens
    with commitments, level 2, has them at its top: merge.py puts them under
    the area of the part before)."""
    levels, lowest = [], None
    for page in document.pages:
        for level, *_ in page.bookmarks:
            if lowest is None or level <= lowest:
                levels.append(level)
                lowest = level
    return levels


def render_pdf(html: str, base_dir: str, identifier: bytes, fonts: dict[str, str], layout_only: bool = False,
               fit: str | None = None) -> Rendered:
    """One PDF; runs in a worker process. `base_dir` is the theme's static
    folder, `fonts` maps its .woff2 files to decompressed copies; `fit`
    ("commitment", "part" or None, fit.FITS): set tighter rather than end
    on a nearly empty page (fit.py)."""
    collect = _Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collect)
    propagate, weasy_logger.propagate = weasy_logger.propagate, False  # reported by the parent instead
    try:
        source = weasyprint.HTML(
            string=html,
            base_url=Path(base_dir).resolve().as_uri() + "/",
            url_fetcher=LocalFetcher(base_dir, fonts),
        )
        document = source.render()
        if fit:
            document = fitted(source, document, FITS[fit])
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, number)  # the first wins, as in WeasyPrint's links
        pdf = None if layout_only else document.write_pdf(pdf_identifier=identifier, **PDF_OPTIONS)
    finally:
        weasy_logger.removeHandler(collect)
        weasy_logger.propagate = propagate
    return Rendered(pdf, collect.messages, len(document.pages), anchors, outline_levels(document))


def fit_for(task) -> str | None:
    """How a task's PDF may be fitted (fit.py): a commitment's own (no slot)
    and a body part of the whole report (an index); the front never (its
    page count is counted with placeholders first, assembly.py)."""
    if task.slot is None:
        return "commitment"
    return "part" if isinstance(task.slot, int) else None


def _render_task(task: tuple) -> Rendered:
    return render_pdf(*task)


def _announce(pids) -> None:
    """A worker's first act: tell the parent its pid, to be killed if it hangs."""
    pids.put(os.getpid())


def _label(task) -> str:
    """The PDF a task is for, as messages name it."""
    if task.slot is None:
        return task.owner.path
    return f"{task.owner.job.path} (part {task.slot + 1})" if isinstance(task.slot, int) else f"{task.owner.job.path} ({task.slot})"


class Renderer:
    """Renders tasks (assembly.Task) on `workers` processes, keeping each
    busy: the whole reports' parts first (they wait for one another, see
    assembly.py, and are the longest path), the commitments' PDFs in between.
    The pool starts with the first task: a build with nothing to render
    starts none. Even one worker is a process of its own: a rendering in
    this process could not be stopped if it hung."""

    def __init__(self, static: Path, cache_folder: Path, workers: int):
        self.static = Path(static)
        self.cache_folder = Path(cache_folder)
        self.workers = max(1, workers)
        self.pool: ProcessPoolExecutor | None = None
        self._pids = None  # where the pool's workers announce themselves
        self.fonts: dict[str, str] | None = None
        self.used = 0  # most renderings at once
        self.errors: list[str] = []  # WeasyPrint's errors, each naming its PDF
        self.tainted: list[str] = []  # cache keys of the renderings they came from

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, kind, *error) -> None:
        if kind is not None:
            self._kill_pool()  # a worker may be hung: never wait for it
        elif self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _submit(self, task) -> Future:
        if self.fonts is None:
            self.fonts = decompressed_fonts(self.static, self.cache_folder)
        if self.pool is None:
            self._pids = multiprocessing.SimpleQueue()
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_announce, initargs=(self._pids,))
        arguments = (task.html, str(self.static), task.identifier, self.fonts, task.layout_only, fit_for(task))
        try:
            return self.pool.submit(_render_task, arguments)
        except BrokenProcessPool as error:  # a worker died since the last look: run() retries
            future: Future = Future()
            future.set_exception(error)
            return future

    def _kill_pool(self) -> None:
        """Kill every worker (the pool then fails what they had) and forget
        the pool; the next task starts a fresh one."""
        if self.pool is None:
            return
        children = {child.pid for child in multiprocessing.active_children()}  # never a stranger's reused pid
        while not self._pids.empty():
            pid = self._pids.get()
            if pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None

    def run(self, assemblies: list, singles: list, received: Callable) -> None:
        """Render until every assembly is done and every single task was
        handed to `received(task, rendered)`."""
        queue = deque(singles)
        pending: dict[Future, tuple[object, float]] = {}  # -> (task, deadline)
        failures: dict[int, int] = {}  # id(task) -> its worker hung or died this often
        while True:
            ready = [task for assembly in assemblies for task in assembly.ready()]
            while len(pending) < self.workers and (ready or queue):
                task = ready.pop(0) if ready else queue.popleft()
                if task.slot is not None:
                    task.owner.started(task)
                pending[self._submit(task)] = (task, time.monotonic() + TIMEOUT)
                self.used = max(self.used, len(pending))
            if not pending:
                break
            first_deadline = min(deadline for _, deadline in pending.values())
            done, _ = wait(pending, timeout=max(0.0, first_deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            died = False
            for future in done:
                if isinstance(future.exception(), BrokenProcessPool):
                    died = True
                    continue
                task, _ = pending.pop(future)
                failures.pop(id(task), None)  # the id may be another task's later
                self._deliver(task, future.result(), received)
            hung = [task for task, deadline in pending.values() if deadline <= time.monotonic()]
            if died or hung:
                # on a death every task of the pool is a suspect (the pool
                # does not say whose worker died); on a hang, the late ones
                suspects = [task for task, _ in pending.values()] if died else hung
                self._retry(pending, suspects, failures, "died" if died else f"did not finish in {TIMEOUT:.0f} s")
        unfinished = [assembly.job.path for assembly in assemblies if not assembly.done]
        if unfinished:
            raise RuntimeError(f"whole report not put together: {unfinished}")

    def _deliver(self, task, rendered: Rendered, received: Callable) -> None:
        errors = log_messages(_label(task), rendered.messages)
        if errors:
            self.errors += errors
            self.tainted.append(task.key)  # make_pdfs forgets it and stops the build after the run
        if task.slot is None:
            received(task, rendered)
        else:
            task.owner.receive(task, rendered)

    def _retry(self, pending: dict, suspects: list, failures: dict, what: str) -> None:
        """Everything pending again on fresh workers, once more for a suspect."""
        for task in suspects:
            failures[id(task)] = failures.get(id(task), 0) + 1
        twice = [_label(task) for task in suspects if failures[id(task)] > 1]
        self._kill_pool()
        if twice:
            pending.clear()
            raise PdfRenderError(f"{' or '.join(twice)} could not be rendered: the WeasyPrint worker rendering it {what}, "
                                 "twice. On a busy machine, build again when it is quieter; if it happens again, "
                                 "build without PDFs (SHADOWREPORT_PDFS = False) and report the problem.")
        logger.warning("PDFs: the worker rendering %s %s; rendering it again", " or ".join(map(_label, suspects)), what)
        tasks = [task for task, _ in pending.values()]
        pending.clear()
        for task in tasks:
            pending[self._submit(task)] = (task, time.monotonic() + TIMEOUT)


def log_messages(label: str, messages: list[str]) -> list[str]:
    """WeasyPrint's errors for the PDF `label` ("pdf/report.pdf, part 2: WeasyPrint:
    ..."), to stop the build with; its other messages go to the debug log."""
    errors = []
    for message in messages:
        if message.startswith(("ERROR", "CRITICAL")):
            errors.append(f"{label}: WeasyPrint: {message.split(':', 1)[-1].strip()}")
        else:
            logger.debug("%s: WeasyPrint: %s", label, message)
    return errors


def errors_message(errors: list[str]) -> str:
    """What the author reads when WeasyPrint could not render part of a PDF
    (an image or stylesheet it could not load, a font it could not read):
    a PDF with a hole in it is not published."""
    shown = "\n  ".join(errors[:20]) + (f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else "")
    return ("The PDFs could not be rendered in full (WeasyPrint reported errors); nothing was published:\n  " + shown +
            "\nA file the theme or a finding refers to may be missing or unreadable: fix it and build again, "
            "or build without PDFs (SHADOWREPORT_PDFS = False) meanwhile.")
