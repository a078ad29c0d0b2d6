"""The baseline of the benchmark: Pelican alone, no plugin, its default
theme and no feeds, building the same Markdown findings as articles. What
shadowreport costs on top of a static site generator is the clean build's
ratio to this one.

    python benchmarks/bare_pelican.py REPORT_DIR WORK_DIR

copies REPORT_DIR/content/commitments/*.md to WORK_DIR/content (adding the
Title and Date Pelican requires where a finding has none) and builds it
into WORK_DIR/output. The runner times the build alone (prepare() first,
then this script with --build-only).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

DATE = "2031-02-01"  # the synthetic report's publication date; any date serves
_HEADER = re.compile(r"^([A-Za-z_][\w-]*):")


def with_required_headers(text: str, title: str) -> str:
    """The finding with Title and Date headers added when it lacks them
    (Pelican skips an article without a title, and one without a date)."""
    header, blank, body = text.partition("\n\n")
    names = {m[1].lower() for m in map(_HEADER.match, header.splitlines()) if m}
    added = [f"{name}: {value}" for name, value in (("Title", title), ("Date", DATE)) if name.lower() not in names]
    return "\n".join(added + [header]) + blank + body


def prepare(report: Path, work: Path) -> Path:
    """WORK_DIR/content with the findings as Pelican articles; returns it."""
    content = work / "content"
    shutil.rmtree(work, ignore_errors=True)
    content.mkdir(parents=True)
    for finding in sorted((report / "content" / "commitments").glob("*.md")):
        number = finding.name.split(".")[0]
        text = finding.read_text(encoding="utf-8")
        (content / finding.name).write_text(with_required_headers(text, f"Commitment {number}"), encoding="utf-8")
    return content


def build(work: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    no_feeds = dict.fromkeys(("FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "TRANSLATION_FEED_ATOM",
                              "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"))
    settings = read_settings(None, override={
        "PATH": str(work / "content"), "OUTPUT_PATH": str(work / "output"), "PLUGINS": [],
        "SITEURL": "", "TIMEZONE": "UTC", "DEFAULT_LANG": "ru", "LOAD_CONTENT_CACHE": False, **no_feeds})
    Pelican(settings).run()


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    arguments = sys.argv[1:]
    if arguments[0] == "--build-only":
        build(Path(arguments[1]).resolve())
    else:
        prepare(Path(arguments[0]).resolve(), Path(arguments[1]).resolve())
        build(Path(arguments[1]).resolve())
