"""Pelican settings. Nothing here is about one report: a report lives in
content/ and data/ (data/report.yml says who publishes what)."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
THEME = str(HERE / "theme")
SITEURL = ""  # publishconf.py, or the SITEURL environment variable, sets the public address

PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = ["shadowreport"]  # explicit, or every installed Pelican plugin loads itself

# The shadowreport generator reads findings and pages itself (one reader for
# the check and the build); Pelican's own generators are left with nothing.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = PAGE_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
READERS = {"rst": None}  # docutils has no Kyrgyz localisation and warns
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False  # the safe build writes into a fresh folder
TIMEZONE = "UTC"
DEFAULT_LANG = "en"  # unused: report.yml's first language is the default
SHADOWREPORT_EDITOR_PAGES = False  # True adds /translations/: what each language still lacks

MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",  # tables, footnotes, abbreviations, attribute lists, def lists
        "markdown.extensions.sane_lists",
        "markdown.extensions.smarty",
    ],
    "extension_configs": {
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "↩ %d"},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html",
}

# What the build keeps between runs (drawn charts, rendered pages and PDFs,
# each under a hash of all it depends on, so nothing unchanged is made
# twice): .cache/ of the project, or the folder the environment variable
# SHADOWREPORT_CACHE_PATH names (CI's cache, each test's own folder).
# Never under content/, data/ or output/.
SHADOWREPORT_CACHE_PATH = os.environ.get("SHADOWREPORT_CACHE_PATH") or str(HERE / ".cache")
