"""One language's whole report, rendered part by part (parts.py) and put
together (merge.py), redoing only the parts whose HTML or first page number
changed.

The order is forced by the page numbers: a body part can be rendered once
every part before it has a known page count. Counts come from the layout
cache (a part's layout does not depend on its first page number), or from
rendering the part. So a clean build renders the parts one after another
(first, being the longest path: the commitments' PDFs take any worker the
parts leave free), and a rebuild after
an edit renders the edited part; if that part's page count changed, the
parts after it are rendered again too, all at once (their counts are known).

1. the front (cover, contents) with placeholder page numbers, layout only:
   how many pages it has, so the body can start after it;
2. each body part, numbered from where the one before ended;
3. the front again, printing the page of every commitment;
4. merge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pikepdf

from ..codeversion import code_version
from .cache import Layout, PdfCache
from .merge import merge_parts
from .parts import body_html, front_html, split_report
from .render import Rendered

FRONT_COUNT, FRONT = "front-count", "front"


@dataclass(frozen=True)
class Task:
    """One rendering for a worker."""

    owner: object  # the ReportAssembly, or a PdfJob for a commitment's PDF
    slot: object  # a body part's index, FRONT_COUNT or FRONT; None for a commitment
    html: str
    key: str  # the cache key of its PDF, or of its layout when layout_only
    identifier: bytes
    layout_only: bool = False


class ReportAssembly:
    def __init__(self, job, cache: PdfCache, assets: str):
        self.job = job
        self.cache = cache
        self.assets = assets
        self.parts = split_report(job.html)
        self.layout_keys = {FRONT_COUNT: self._key(front_html(self.parts, None), layout=True)}
        self.layout_keys.update({i: self._key(body_html(self.parts, i, None), layout=True)
                                 for i in range(len(self.parts.bodies))})
        self.layouts: dict[object, Layout] = {}
        self.pdfs: dict[object, tuple[str, bytes]] = {}  # slot -> (key, PDF)
        self.in_flight: set[object] = set()
        self.rendered: list[object] = []  # slots rendered in this build
        self.result: bytes | None = None
        self._bodies: dict[tuple[int, int], tuple[str, str]] = {}

    def _key(self, html: str, layout: bool = False) -> str:
        return self.cache.key(html, b"layout" if layout else self.job.identifier, self.assets)

    def layout(self, slot) -> Layout | None:
        if slot not in self.layouts:
            found = self.cache.get_layout(self.layout_keys[slot])
            if found is None:
                return None
            self.layouts[slot] = found
        return self.layouts[slot]

    def _body(self, index: int, first_page: int) -> tuple[str, str]:
        """Body part `index` numbered from `first_page`, and its key (kept:
        ready() asks again after every rendering, a thousand times in a
        large report's clean build)."""
        if (index, first_page) not in self._bodies:
            html = body_html(self.parts, index, first_page)
            self._bodies[(index, first_page)] = (html, self._key(html))
        return self._bodies[(index, first_page)]

    def _pdf(self, slot, html: str, key: str | None = None) -> Task | None:
        """The part's PDF from the cache, or the task that renders it."""
        key = key or self._key(html)
        if slot in self.pdfs and self.pdfs[slot][0] == key:
            return None
        data = self.cache.get(key)
        if data is not None:
            self.pdfs[slot] = (key, data)
            return None
        return Task(self, slot, html, key, self.job.identifier)

    def ready(self) -> list[Task]:
        """What can be rendered now (and is not being rendered)."""
        if self.result is not None:
            return []
        tasks: list[Task] = []
        if not self.parts.bodies:  # a theme without part marks: one document, nothing to count
            task = self._pdf(FRONT, front_html(self.parts, {}))
            if task is None:
                self._merge()
            return [task] if task is not None and FRONT not in self.in_flight else []
        front = self.layout(FRONT_COUNT)
        if front is None:
            tasks.append(Task(self, FRONT_COUNT, front_html(self.parts, None), self.layout_keys[FRONT_COUNT],
                              self.job.identifier, layout_only=True))
            return [t for t in tasks if t.slot not in self.in_flight]
        page, pages, complete = front.pages + 1, {}, True
        for index in range(len(self.parts.bodies)):
            html, key = self._body(index, page)
            layout = self.layout(index)
            # without its layout (a new or edited part) the part is rendered
            # even if its PDF were in the cache: the rendering gives both
            task = self._pdf(index, html, key) if layout is not None else Task(self, index, html, key, self.job.identifier)
            if task is not None:
                tasks.append(task)
                complete = False
            if layout is None:
                break  # the next parts' first page numbers are not known yet
            pages.update({anchor: page + number for anchor, number in layout.anchors.items()})
            page += layout.pages
        if complete:
            task = self._pdf(FRONT, front_html(self.parts, pages))
            if task is not None:
                tasks.append(task)
            else:
                self._merge()
        return [t for t in tasks if t.slot not in self.in_flight]

    def started(self, task: Task) -> None:
        self.in_flight.add(task.slot)

    def receive(self, task: Task, rendered: Rendered) -> None:
        self.in_flight.discard(task.slot)
        self.rendered.append(task.slot)
        if task.layout_only:
            self.layouts[task.slot] = Layout(rendered.pages, rendered.anchors, tuple(rendered.outline))
            self.cache.put_layout(task.key, self.layouts[task.slot])
            return
        self.cache.put(task.key, rendered.pdf)
        self.pdfs[task.slot] = (task.key, rendered.pdf)
        if task.slot == FRONT and FRONT_COUNT in self.layouts and rendered.pages != self.layouts[FRONT_COUNT].pages:
            # the real page numbers took more room than the placeholders:
            # count again, and number the body from there
            self.layouts[FRONT_COUNT] = Layout(rendered.pages, rendered.anchors, tuple(rendered.outline))
            self.cache.put_layout(self.layout_keys[FRONT_COUNT], self.layouts[FRONT_COUNT])
            del self.pdfs[FRONT]
        elif task.slot != FRONT:
            self.layouts[task.slot] = Layout(rendered.pages, rendered.anchors, tuple(rendered.outline))
            self.cache.put_layout(self.layout_keys[task.slot], self.layouts[task.slot])

    def _merge(self) -> None:
        """The whole PDF, from the cache when its parts are the same."""
        order = [FRONT, *range(len(self.parts.bodies))]
        digest = hashlib.sha256(f"merged by {code_version()} with pikepdf {pikepdf.__version__}".encode())
        for slot in order:
            digest.update(self.pdfs[slot][0].encode())
        key = digest.hexdigest()
        self.result = self.cache.get(key)
        if self.result is None:
            levels = [self.layout(FRONT_COUNT if slot == FRONT else slot).outline if self.parts.bodies else ()
                      for slot in order]
            self.result = merge_parts([self.pdfs[slot][1] for slot in order], levels)
            self.cache.put(key, self.result)
            self.rendered.append("merge")
        self.keys = [self.pdfs[slot][0] for slot in order] + [key]

    @property
    def done(self) -> bool:
        return self.result is not None
