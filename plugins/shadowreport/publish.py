"""`invoke publish`: the site built with publishconf.py for its public
address, into its own folder (public/), never output/. A missing or relative
SITEURL is refused before anything is built: the sitemap, the feeds and the
PDFs' links are made from it."""

from __future__ import annotations

import sys
from pathlib import Path
from .build import build, pelican_settings
from .settings_check import siteurl_problem

EXAMPLE = "https://ngo.github.io/shadow-report"


def siteurl_mistake(siteurl: str) -> str:
    """What is wrong with SITEURL for publishing, or "" when it is usable:
    it must be set, and be what every build accepts (settings_check.py)."""
    if not siteurl.strip():
        return f"SITEURL is not set: give the site's public address, e.g. SITEURL={EXAMPLE} invoke publish"
    problem = siteurl_problem(siteurl)
    return str(problem) if problem else ""


def publish(settings_file: str | Path, output: str | Path | None = None, **overrides) -> int:
    """Build for publishing; 1 with a message when SITEURL is unusable."""
    given = overrides.get("SITEURL")
    if given is not None:  # checked as typed: Pelican would trim "https://" to "https:/" first
        mistake = siteurl_mistake(str(given))
        if mistake:
            print(f"Nothing was published: {mistake}", file=sys.stderr)
            return 1
    settings = pelican_settings(settings_file, **overrides)
    mistake = siteurl_mistake(str(settings.get("SITEURL") or ""))
    if mistake:
        print(f"Nothing was published: {mistake}", file=sys.stderr)
        return 1
    folder = Path(output or settings["OUTPUT_PATH"]).resolve()
    code = build(settings_file, output=folder, **overrides)
    if code == 0:
        print(f"Built the site for {settings['SITEURL']} into {folder}: upload that folder.")
    return code
