"""The safe build: Pelican writes into a fresh folder beside output/, which
replaces output/ only when everything succeeded. A failed build leaves the
previous output/ as it was, and prints every mistake in the report. One
build at a time per output folder (buildlock.py)."""

from __future__ import annotations

import contextlib
import errno
import logging
import shutil
import sys
import traceback
from pathlib import Path

import jinja2
from pelican import Pelican
from pelican.settings import get_settings_from_file, read_settings

from . import buildlock, config, preview, timing
from .errors import BuildError, ReportError
from .search import index_site
from .settings_check import SettingsError, check_settings

logger = logging.getLogger(__name__)


class _ErrorCounter(logging.Handler):
    """Pelican logs a broken file and goes on; we count, and refuse."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes, not the stream
    it was made with: a caller that swaps sys.stderr (and closes its own
    later, as pytest's capture does) never leaves logging a closed file."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def configure_logging(verbose: bool = False) -> None:
    handler = _CurrentStderr()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True)


def pelican_settings(settings_file: str | Path, **overrides) -> dict:
    return read_settings(str(settings_file), override=_given(overrides))


def _given(overrides: dict) -> dict:
    return {k: v for k, v in overrides.items() if v is not None}


def build(settings_file: str | Path = "pelicanconf.py", output: str | Path | None = None, **overrides) -> int:
    """Build the site; 0 on success, 1 when the report has mistakes or the
    site could not be written. timing.last_build() then says where the time
    went, last_failures() what the terminal was told. With
    SHADOWREPORT_PREVIEW=True, the live preview's build (preview.py)."""
    recorder = timing.start()
    _failures.clear()
    try:
        # before Pelican reads them (it strips a trailing /, warning) and before the lock: named as written
        check_settings({**get_settings_from_file(str(settings_file)), **_given(overrides)})
    except SettingsError as error:
        print(error.message(), file=sys.stderr)
        return 1
    settings = pelican_settings(settings_file, **overrides)
    config.remember(settings)
    timing.remember(settings, recorder)  # the generator and the PDFs record into it (timing.of)
    final = Path(output or preview.default_output(settings)).resolve()
    code = _build_guarded(settings, final)
    if code and preview.enabled(settings):
        preview.show_failures(final, last_failures())
    return code


def _build_guarded(settings: dict, final: Path) -> int:
    try:
        with buildlock.exclusive(final):
            return _build_locked(settings, final)
    except buildlock.BuildBusy as error:
        return _fail(error.message())
    except OSError as error:
        if error.errno not in WRITE_ERRORS:
            raise
        return _fail(f"The site could not be written ({_os_problem(error)}); output/ was left as it was.")


_failures: list[str] = []  # what the last build told the terminal when it failed


def _fail(message: str) -> int:
    """Tell the terminal why the build failed (and keep it for the preview); 1."""
    print(message, file=sys.stderr)
    _failures.append(message)
    return 1


def last_failures() -> list[str]:
    """The messages of the last build's failure, as the terminal got them."""
    return list(_failures)


# What the machine, not the report, can get wrong while the site is written:
# a full disk, a read-only or immutable output folder.
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EBUSY}


def _os_problem(error: OSError) -> str:
    names = [name for name in (error.filename, error.filename2) if name]
    return f"{error.strerror}: {', '.join(map(str, names))}" if names else str(error.strerror or error)


def _build_locked(settings: dict, final: Path) -> int:
    staging = buildlock.staging_folder(final)
    settings["OUTPUT_PATH"] = str(staging)
    try:
        code = _build_into(settings, staging)
        if code == 0:
            if preview.enabled(settings):
                preview.mark_good(staging)
            buildlock.swap_into_place(staging, final, keep_retired=preview.enabled(settings))
            if preview.enabled(settings):
                preview.remove_later(buildlock.retired_folder(final), final)
            timing.of(settings).finish(config.of(settings).cache / preview.record_name(settings))
        return code
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when the swap succeeded


def _build_into(settings: dict, staging: Path) -> int:
    """Pelican, then the search index, into `staging`; 0 when both succeeded."""
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        # "html": Pelican's run less the generator's own stages inside it
        # (load, charts, pdfs): pages, open data, feeds, sitemap, static files
        with timing.of(settings).stage("html"), _quiet_pelican():
            Pelican(settings).run()
    except (ReportError, BuildError) as error:  # the report's mistakes, or the machine's (errors.py)
        return _fail(error.message())
    except jinja2.TemplateError as error:  # a fork's edited theme: a message, not a traceback
        return _fail(f"The theme has a mistake; output/ was left as it was:\n  {template_problem(error)}")
    finally:
        logging.getLogger().removeHandler(counter)
    if counter.records:
        # the records were logged already; the preview shows them with the verdict
        _failures.extend(f"{record.levelname}: {record.getMessage()}" for record in counter.records)
        return _fail(f"The build logged {len(counter.records)} error(s); output/ was left as it was.")
    if preview.enabled(settings):
        return 0  # no search index in the preview: `invoke build` makes it
    try:
        with timing.of(settings).stage("search"):
            index_site(staging)  # search index of the finished pages, before they go live
    except BuildError as error:
        return _fail(error.message())
    return 0


@contextlib.contextmanager
def _quiet_pelican():
    """Without Pelican's "Done: Processed 0 articles, 0 drafts..." (its own
    generators have nothing to do here: an author would wonder where the
    findings went); the tasks and the preview say what was built."""
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        yield
    finally:
        console.quiet = quiet


def template_problem(error: jinja2.TemplateError) -> str:
    """"theme/templates/x.html, line 3: message", from the error or from the
    last template frame of its traceback (Jinja puts templates there)."""
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not name:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]
        if frames:
            name, line = frames[-1].filename, frames[-1].lineno
    place = ", ".join(part for part in (_project_name(name), f"line {line}" if line else "") if part)
    return f"{place}: {error.message or type(error).__name__}" if place else str(error)


def _project_name(name: str | None) -> str:
    if not name:
        return ""
    path = Path(name).resolve()
    for parent in path.parents:
        if (parent / "templates").is_dir() and parent.name == "theme":
            return path.relative_to(parent.parent).as_posix()
    return path.as_posix()
