"""The live preview's build (`invoke livereload`): SHADOWREPORT_PREVIEW=True.

It builds what an edit touches and nothing an author waits for in vain:
- no PDFs (SHADOWREPORT_PDFS=False: the pages show no PDF links) and no
  search index; a banner on every page says `invoke build` makes them
  (theme/templates/base.html, only in preview);
- the chart, page and open-data caches are the full build's (the page
  cache keys hold the settings: preview pages are kept apart);
- into its own folder, output.preview/ beside output/ (its own build lock
  and staging folder), so a preview never overwrites what `invoke build` made;
- its timing record goes to .cache/last-preview.json, not last-build.json.

A mistake shows in the browser: every preview writes ERRORS_FILE into its
folder, an empty list when the build succeeded, the terminal's messages
when it failed (the last good pages stay). The base template's
preview-only script reads it on every (re)load and shows the messages
over the page. When no good preview exists yet, an error page stands in
for the site until the report builds.
"""

from __future__ import annotations

import html
import json
import shutil
import tempfile
import threading
from pathlib import Path

import jinja2

from .cachefiles import write_atomically
from .config import switch
from .render import MarkdownRenderer

SETTING = "SHADOWREPORT_PREVIEW"
OVERRIDES = {SETTING: True, "SHADOWREPORT_PDFS": False}  # what `invoke livereload` passes to build()
SUFFIX = ".preview"
ERRORS_FILE = "_preview-errors.json"


def enabled(settings: dict) -> bool:
    return bool(switch(settings.get(SETTING), False))


def default_output(settings: dict) -> Path:
    """output/ for a build, output.preview/ beside it for a preview."""
    final = Path(settings["OUTPUT_PATH"])
    return final.with_name(final.name + SUFFIX) if enabled(settings) else final


def record_name(settings: dict) -> str:
    """The timing record's file in .cache/ (timing.Recorder.finish)."""
    return "last-preview.json" if enabled(settings) else "last-build.json"


class MemoRenderer(MarkdownRenderer):
    """Markdown rendered once per text while livereload runs: an edit renders
    the edited document again, not the others (the HTML depends only on the
    text, the heading levels and the Markdown settings, which key the memo)."""

    def __init__(self, markdown_settings: dict):
        super().__init__(markdown_settings)
        self.memo: dict[tuple, str] = {}
        self.used: dict[tuple, str] = {}

    def render(self, text: str, headings=None, lang: str = "") -> str:
        key = (text, headings, lang)
        if key not in self.memo:
            self.memo[key] = super().render(text, *([headings] if headings else []), lang=lang)
        self.used[key] = self.memo[key]
        return self.memo[key]


_renderers: dict[str, MemoRenderer] = {}


def markdown_renderer(settings: dict) -> MemoRenderer | None:
    """In preview, the renderer of the last preview build with the same
    Markdown settings, keeping only what that build used; else None."""
    if not enabled(settings):
        return None
    key = repr(settings["MARKDOWN"])
    renderer = _renderers.get(key) or MemoRenderer(settings["MARKDOWN"])
    renderer.memo, renderer.used = renderer.used or renderer.memo, {}
    _renderers.clear()
    _renderers[key] = renderer
    return renderer


_swept: set[Path] = set()  # preview folders whose leftovers this process has removed


def remove_later(folder: Path, final: Path) -> None:
    """The replaced preview `folder`, renamed aside at once and deleted in
    the background: the browser need not wait for it. The first time in a
    process, what an earlier process left behind (stopped while deleting)
    is deleted with it."""
    folder, final = Path(folder), Path(final)
    if not folder.exists():
        return
    doomed = [Path(tempfile.mkdtemp(prefix=f".{final.name}.removed-", dir=folder.parent))]
    folder.rename(doomed[0] / "site")
    if final not in _swept:
        _swept.add(final)
        doomed += [path for path in final.parent.glob(f".{final.name}.removed-*") if path != doomed[0]]
    threading.Thread(target=lambda: [shutil.rmtree(path, ignore_errors=True) for path in doomed], daemon=True).start()


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept while livereload runs (Jinja checks each
    template's source against its checksum: an edited template compiles again)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class BuildMemo:
    """Values made once per key while livereload runs: a build takes what
    the build before it made and keeps only what it used itself, so that
    the memo holds one report's worth, never every version of it. The key
    must hold everything the value is made of."""

    def __init__(self):
        self.kept: dict = {}
        self.used: dict = {}

    def next_build(self) -> "BuildMemo":
        self.kept, self.used = self.used or self.kept, {}
        return self

    def get(self, key, make):
        if key not in self.used:
            self.used[key] = self.kept[key] if key in self.kept else make()
        return self.used[key]


_memos: dict[str, BuildMemo] = {}


def build_memo(settings: dict, name: str) -> BuildMemo | None:
    """The preview's memo called `name`, ready for a new build; None for a
    full build (each is a fresh process: there is nothing to keep)."""
    return _memos.setdefault(name, BuildMemo()).next_build() if enabled(settings) else None


_pages: dict[str, dict] = {}


def page_memory(settings: dict) -> dict | None:
    """The page cache's records kept in memory between preview builds (each
    key hashes all a page is made of); None for a full build."""
    return _pages if enabled(settings) else None


_bytecode = MemoryBytecodeCache()


def bytecode_cache(settings: dict) -> MemoryBytecodeCache | None:
    """For a preview build's template environment (templating.py: one per
    build, always made with the same options); None for a full build."""
    return _bytecode if enabled(settings) else None


def mark_good(staging: Path) -> None:
    """No mistakes: the preview about to go live says so to its pages' script."""
    write_atomically(Path(staging) / ERRORS_FILE, json.dumps({"messages": []}))


def show_failures(final: Path, messages: list[str]) -> None:
    """The failed preview's messages beside the last good pages; when there
    are none yet, an error page in place of the site."""
    final = Path(final)
    final.mkdir(parents=True, exist_ok=True)
    write_atomically(final / ERRORS_FILE, json.dumps({"messages": messages}, ensure_ascii=False))
    if not (final / "index.html").exists():
        write_atomically(final / "index.html", error_page(messages))


def error_page(messages: list[str]) -> str:
    shown = html.escape("\n".join(messages))
    return ("<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Preview: mistakes</title></head>\n"
            f"<body>\n<h1>The preview could not be built</h1>\n<pre role=\"alert\">{shown}</pre>\n"
            "<p>Fix the mistakes and save: this page reloads with the report.</p>\n</body>\n</html>\n")


def summary(record: dict, code: int, folder: Path, changed: list[str] | None = None) -> str:
    """One line for the terminal: what changed, what the preview redid, how long it took."""
    what = f"{', '.join(changed)} changed: " if changed else ""
    if code:
        return f"{what}the preview kept its last good pages in {folder.name}/; the browser shows the mistakes above."
    counts = record["counts"]
    rendered = counts.get("pages_rendered", [])
    pages = ", ".join(rendered[:3]) + (f" and {len(rendered) - 3} more" if len(rendered) > 3 else "")
    drawn = len(counts.get("charts_drawn", []))
    return (f"{what}preview rebuilt in {record['seconds']:.2f} s into {folder.name}/: "
            f"{len(rendered)} page(s) rendered{f' ({pages})' if rendered else ''}, {drawn} chart(s) drawn.")
