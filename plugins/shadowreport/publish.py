"""`invoke publish`: the site built with publishconf.py for its public
address, into its own folder (public/), never output/. A missing or relative
SITEURL is refused before anything is built: the sitemap, the feeds and the
PDFs' links are made from it."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from .build import build, pelican_settings

EXAMPLE = "https://ngo.github.io/shadow-report"


def siteurl_mistake(siteurl: str) -> str:
    """What is wrong with SITEURL for publishing, or "" when it is usable."""
    if not siteurl.strip():
        return f"SITEURL is not set: give the site's public address, e.g. SITEURL={EXAMPLE} invoke publish"
    parts = urlsplit(siteurl.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in siteurl.strip():
        return (f'SITEURL "{siteurl}" is not an absolute http:// or https:// address: '
                f"expected e.g. {EXAMPLE} (a subfolder is fine, all links are relative)")
    if parts.query or parts.fragment:
        return f'SITEURL "{siteurl}" has a ?query or #fragment: expected the bare address, e.g. {EXAMPLE}'
    return ""


def publish(settings_file: str | Path, output: str | Path | None = None, **overrides) -> int:
    """Build for publishing; 1 with a message when SITEURL is unusable."""
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
