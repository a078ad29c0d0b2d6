"""The build's own settings (SHADOWREPORT_*), read and checked once.

pelicanconf.py, publishconf.py, `invoke` tasks and tests set them; each may
come as Python values or as text (an environment variable passed through):
`SHADOWREPORT_PDF_WORKERS="4"` is 4, `SHADOWREPORT_PDFS="false"` is False.
A value that is neither, or a misspelt name (`SHADOWREPORT_PDF=False`),
is a message before anything is built (settings_check.py), never a crash
half-way through the PDFs.

Every module takes its paths and switches from `of(settings)`:

    root, content, data   the project folder, content/ and data/
    cache                 the one cache root (.cache/ of the project unless
                          SHADOWREPORT_CACHE_PATH): charts/, pages/, pdf/,
                          the timing records
    pdf_cache             cache/pdf unless SHADOWREPORT_PDF_CACHE
    pdfs                  make PDFs (SHADOWREPORT_PDFS, default True)
    pdf_workers           processes rendering PDFs (default: the cores)
    preview               the live preview's build (preview.py)
    editor_pages          the editors' /translations/ page
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, did_you_mean

MAX_WORKERS = 64
_BOOLEANS = {"SHADOWREPORT_PDFS": True, "SHADOWREPORT_PREVIEW": False, "SHADOWREPORT_EDITOR_PAGES": False}
_PATHS = ("SHADOWREPORT_CACHE_PATH", "SHADOWREPORT_PDF_CACHE", "SHADOWREPORT_DATA_PATH", "SHADOWREPORT_ROOT")
_WORKERS = "SHADOWREPORT_PDF_WORKERS"
KNOWN = (*_BOOLEANS, *_PATHS, _WORKERS)
_KEY = "shadowreport_config"  # where build.py keeps the one Config among the settings (lower case: not a setting)
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0", ""}


@dataclass(frozen=True)
class Config:
    root: Path
    content: Path
    data: Path
    cache: Path
    pdf_cache: Path
    pdfs: bool
    pdf_workers: int
    preview: bool
    editor_pages: bool


def problems(settings: dict) -> list[Problem]:
    """Every SHADOWREPORT_* setting with a mistake, at once."""
    found = []
    for name in (k for k in settings if k.startswith("SHADOWREPORT_") and k not in KNOWN):
        found.append(Problem(name, expected="is not a setting of shadowreport", suggestion=did_you_mean(name, KNOWN)))
    for name in _BOOLEANS:
        if switch(settings.get(name), None) is None and settings.get(name) is not None:
            found.append(Problem(name, value=repr(settings[name]), expected="must be True or False"))
    if _workers(settings.get(_WORKERS)) is None:
        found.append(Problem(_WORKERS, value=repr(settings[_WORKERS]),
                             expected=f"must be a whole number of processes from 1 to {MAX_WORKERS} (or unset: one per core)"))
    for name in _PATHS:
        value = settings.get(name)
        if value is not None and not isinstance(value, (str, os.PathLike)):
            found.append(Problem(name, value=repr(value), expected="must be a folder's path"))
    return found


def from_settings(settings: dict) -> Config:
    """The Config of Pelican's settings (after read_settings: PATH is absolute).
    Raises settings_check.SettingsError when a value has a mistake."""
    found = problems(settings)
    if found:
        from .settings_check import SettingsError

        raise SettingsError(found)
    content = Path(settings["PATH"]).resolve()
    data = Path(settings.get("SHADOWREPORT_DATA_PATH") or content.parent / "data").resolve()
    root = Path(settings.get("SHADOWREPORT_ROOT") or content.parent).resolve()
    cache = Path(settings.get("SHADOWREPORT_CACHE_PATH") or root / ".cache").resolve()
    return Config(
        root=root, content=content, data=data, cache=cache,
        pdf_cache=Path(settings.get("SHADOWREPORT_PDF_CACHE") or cache / "pdf").resolve(),
        pdfs=switch(settings.get("SHADOWREPORT_PDFS"), True),
        pdf_workers=_workers(settings.get(_WORKERS)),
        preview=switch(settings.get("SHADOWREPORT_PREVIEW"), False),
        editor_pages=switch(settings.get("SHADOWREPORT_EDITOR_PAGES"), False),
    )


def remember(settings: dict) -> Config:
    """Make the build's Config once and keep it with its settings."""
    settings[_KEY] = from_settings(settings)
    return settings[_KEY]


def of(settings: dict) -> Config:
    """The build's Config: the one build.py made, or (a generator made by a
    test without build.py) one made now from the same settings."""
    made = settings.get(_KEY)
    return made if isinstance(made, Config) else from_settings(settings)


def switch(value, default):
    """A switch as a setting gives it (True, "false", 1); None when it is none."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return None


def _workers(value) -> int | None:
    if value is None or value == 0 or value == "":
        return max(1, min(MAX_WORKERS, os.cpu_count() or 1))
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_WORKERS:
        return value
    return None
