"""The settings a build starts from, checked before anything is written:
a SITEURL that is not an absolute http(s) address (publishconf.py reads it
from the environment: `SITEURL=example.org/report/ invoke publish`) would
publish a site whose links, feeds and sitemap all lead nowhere. The
build's own settings are checked with it (config.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import config
from .errors import Problem, ReportError

EXPECTED_SITEURL = "is not an absolute http(s) address: expected the form https://example.org/report"


class SettingsError(ReportError):
    """The settings have a mistake: nothing was built, output/ untouched."""

    def message(self) -> str:
        lines = ["The settings have a mistake; nothing was built, output/ was left as it was:"]
        return "\n".join(lines + [f"  {problem}" for problem in self.problems])


def check_settings(settings: dict) -> None:
    """Raise SettingsError naming every setting with a mistake."""
    problems = [problem for problem in (siteurl_problem(settings.get("SITEURL")),) if problem]
    problems += config.problems(settings)
    if problems:
        raise SettingsError(problems)


def siteurl_problem(value) -> Problem | None:
    """SITEURL empty (links relative to the page: the default of
    pelicanconf.py) or an absolute http(s) address with a host."""
    text = "" if value is None else str(value)
    if not text:
        return None
    parts = urlsplit(text.strip())
    if text == text.strip() and parts.scheme in ("http", "https") and parts.netloc and " " not in text:
        if parts.query or parts.fragment:
            return Problem("SITEURL", value=text, expected="has a ?query or #fragment: expected the bare address, e.g. https://example.org/report")
        return None
    guess = text.strip().rstrip("/")
    host = guess.split("/")[0]
    looks_like_host = "://" not in guess and " " not in guess and ("." in host or host.startswith("localhost"))
    hint = f'did you mean "https://{guess}"?' if looks_like_host else ""
    return Problem("SITEURL", value=text, expected=EXPECTED_SITEURL, suggestion=hint)
