"""The search index: Pagefind reads the built pages and writes a static index
under pagefind/, one per language (it goes by each page's `<html lang>`).

It runs on the staging folder after Pelican wrote every page and before the
site replaces output/, so a failed index fails the build like any other step.
Only each page's <main> is indexed (`--root-selector main`: the same as
`data-pagefind-body` on it, without touching the base template); leave
something out with `data-pagefind-ignore`.
"""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from .errors import BuildError

logger = logging.getLogger(__name__)

ROOT_SELECTOR = "main"  # the page's own content: not the navigation, header or footer
BUNDLE_FOLDER = "pagefind"  # served as /pagefind/: search.js loads pagefind.js from there
# Pagefind indexes the demonstration report's site in 0.3 s; ten minutes is
# for a busy 2-core machine and far larger reports, while still ending a
# Pagefind that will never answer.
TIMEOUT = 600


class SearchIndexError(BuildError):
    """Pagefind could not index the site (a bug or a broken install, not the author's mistake)."""


def index_site(site: Path) -> None:
    """Write <site>/pagefind/ from the HTML pages under site."""
    site = Path(site)
    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_FOLDER,
               "--root-selector", ROOT_SELECTOR, "--quiet"]
    logger.info("shadowreport: indexing %s for search", site)
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:  # run() has killed it
        raise SearchIndexError(f"pagefind did not finish indexing the site in {TIMEOUT} s and was stopped; "
                               "try the build again on a less busy machine") from None
    except OSError as error:  # a broken install of pagefind_bin
        raise SearchIndexError(f"pagefind could not be started ({error}); reinstall the Python packages: .venv/bin/pip install -e .") from None
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed with status {result.returncode}: {result.stderr.strip() or result.stdout.strip()}")
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        if line.strip():
            logger.info("pagefind: %s", line.strip())
    sort_entry_languages(site / BUNDLE_FOLDER / "pagefind-entry.json")


def sort_entry_languages(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which
    changes from run to run; sorted, two builds of one report are identical."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
