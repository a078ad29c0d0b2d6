"""What the names an author chooses may be: commitment and area ids and free
page slugs become folder and file names of the site (commitments/<id>/,
pdf/commitment-<id>.pdf, <slug>/index.html), so they are URL-safe, at most
MAX_ID_LENGTH characters (a file name has at most 255 bytes), and a slug
does not take a name the site itself writes at its top level."""

from __future__ import annotations

import re
from types import SimpleNamespace

from pelican.settings import DEFAULT_CONFIG

from . import views
from .discovery import FEEDS_FOLDER
from .opendata import DATA_FOLDER
from .search import BUNDLE_FOLDER
from .socialcards import SOCIAL_FOLDER

URL_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_ID_LENGTH = 64

_ANY = SimpleNamespace(id="x")
# the top of output/ as the build writes it; tests/test_input_messages.py
# builds a report and checks that nothing there is missing from this set
SITE_NAMES = frozenset({
    "index.html", "sitemap.xml",  # the overview, discovery.write_sitemap
    views.commitment_path(_ANY).split("/")[0], views.area_path(_ANY).split("/")[0],
    "open-data", "translations", views.EDITIONS_FOLDER,  # site.page_specs
    FEEDS_FOLDER, DATA_FOLDER, BUNDLE_FOLDER, DEFAULT_CONFIG["THEME_STATIC_DIR"],
    "pdf", "charts",  # pdf/links.pdf_path, charts/site.py
    SOCIAL_FOLDER,  # socialcards.py: the commitments' preview images
})
# what web hosts and browsers look for at the top of a site
HOSTING_NAMES = frozenset({"404.html", "robots.txt", "favicon.ico", "search"})


def id_mistake(value: str) -> str:
    """What is wrong with an id or slug, or "" when nothing is."""
    if not URL_SAFE_ID.match(value):
        return "is not URL-safe: use letters, digits, '-', '_' or '.'"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long: ids and slugs have at most {MAX_ID_LENGTH}, as they become file names"
    return ""


def reserved_slugs(languages) -> frozenset[str]:
    """Names a free page's slug must not have (compared in lower case: a
    Mac or Windows disk does not tell Data/ from data/)."""
    return frozenset(name.lower() for name in (*SITE_NAMES, *HOSTING_NAMES, *languages))
