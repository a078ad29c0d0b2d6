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

import contextlib
import html
import json
from pathlib import Path

from .cachefiles import write_atomically

SETTING = "SHADOWREPORT_PREVIEW"
OVERRIDES = {SETTING: True, "SHADOWREPORT_PDFS": False}  # what `invoke livereload` passes to build()
SUFFIX = ".preview"
ERRORS_FILE = "_preview-errors.json"


def enabled(settings: dict) -> bool:
    return bool(settings.get(SETTING))


def default_output(settings: dict) -> Path:
    """output/ for a build, output.preview/ beside it for a preview."""
    final = Path(settings["OUTPUT_PATH"])
    return final.with_name(final.name + SUFFIX) if enabled(settings) else final


def record_name(settings: dict) -> str:
    """The timing record's file in .cache/ (timing.finish)."""
    return "last-preview.json" if enabled(settings) else "last-build.json"


@contextlib.contextmanager
def quiet_pelican(settings: dict):
    """In preview, without Pelican's "Done: Processed 0 articles..." (its
    own generators have nothing to do here; the preview says what it did)."""
    if not enabled(settings):
        yield
        return
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        yield
    finally:
        console.quiet = quiet


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
