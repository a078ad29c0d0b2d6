"""How the report is found: sitemap.xml with every page in every language and
its hreflang alternates, an Atom feed of findings per language, absolute
URLs for hreflang links and link previews.

Everything is derived from the report and SITEURL, nothing from the clock:
two builds of the same report write the same bytes.
"""

from __future__ import annotations

import logging
import posixpath
import uuid
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import views
from .model import Report
from .datapackage import package_name

logger = logging.getLogger(__name__)

FEEDS_FOLDER = "feeds"


def absolute_url(siteurl: str, report: Report, lang: str, path: str) -> str:
    """The public address of a page, or "" when SITEURL is not set."""
    if not siteurl:
        return ""
    return siteurl.rstrip("/") + "/" + views.lang_prefix(report, lang) + path


def feed_path(lang: str) -> str:
    return f"{FEEDS_FOLDER}/{lang}.atom.xml"


def write_sitemap(report: Report, specs, output_path: Path, siteurl: str) -> None:
    """sitemap.xml; a sitemap must list absolute URLs, so none without SITEURL."""
    if not siteurl:
        logger.info("shadowreport: no sitemap.xml, because SITEURL is not set (a sitemap needs absolute URLs)")
        return
    by_path: dict[str, list[str]] = {}
    for spec in specs:
        by_path.setdefault(spec.path, []).append(spec.lang)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    lastmod = report.published.first_day().isoformat() if report.published else ""
    for spec in specs:
        lines.append("<url>")
        lines.append(f"  <loc>{escape(absolute_url(siteurl, report, spec.lang, spec.path))}</loc>")
        if lastmod:
            lines.append(f"  <lastmod>{lastmod}</lastmod>")
        for other in by_path[spec.path]:
            href = quoteattr(absolute_url(siteurl, report, other, spec.path))
            lines.append(f'  <xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
        default_href = quoteattr(absolute_url(siteurl, report, report.default_lang, spec.path))
        lines.append(f'  <xhtml:link rel="alternate" hreflang="x-default" href={default_href}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    (Path(output_path) / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def entry_id(report: Report, lang: str, path: str) -> str:
    """A permanent Atom id that does not change when the site moves."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"shadowreport:{package_name(report)}:{lang}:{path}"))


def write_feed(env, context: dict, output_path: Path) -> None:
    """feeds/<lang>.atom.xml: one entry per commitment, its status and finding
    summary; `env` has the language's interface translations installed."""
    report: Report = context["report"]
    lang = context["lang"]
    siteurl = context["settings"].get("SITEURL", "")
    name = feed_path(lang)

    def link(path: str) -> str:
        if siteurl:
            return absolute_url(siteurl, report, lang, path)
        relative = posixpath.relpath(views.lang_prefix(report, lang) + (path or "."), FEEDS_FOLDER)
        return relative + "/" if not relative.endswith("/") else relative

    dates = [(report.published or report.period_end).last_day(), *(e.date.last_day() for e in report.editions[-1:])]
    updated = max(dates).isoformat() + "T00:00:00Z"  # no entry is newer than its feed
    xml = env.get_template("feed.xml").render({
        **context,
        "feed_id": entry_id(report, lang, name),
        "feed_self": absolute_url(siteurl, report, lang, "") and siteurl.rstrip("/") + "/" + name,
        "feed_updated": updated,
        "link": link,
        "entry_id": lambda path: entry_id(report, lang, path),
    })
    target = Path(output_path) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(xml, encoding="utf-8")
