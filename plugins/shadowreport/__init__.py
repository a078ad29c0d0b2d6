"""shadowreport: a shadow report on an OGP action plan, from content/ and data/ to a site."""

from .plugin import register  # noqa: F401
