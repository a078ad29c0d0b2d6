"""The safe build: Pelican writes into a fresh folder beside output/, which
replaces output/ only when everything succeeded. A failed build leaves the
previous output/ as it was, and prints every mistake in the report."""

from __future__ import annotations

import logging
import shutil
import sys
import traceback
from pathlib import Path

import jinja2
from pelican import Pelican
from pelican.settings import read_settings

from . import timing
from .errors import BuildError, ReportError
from .generator import report_paths
from .search import index_site

logger = logging.getLogger(__name__)


class _ErrorCounter(logging.Handler):
    """Pelican logs a broken file and goes on; we count, and refuse."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def configure_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def pelican_settings(settings_file: str | Path, **overrides) -> dict:
    return read_settings(str(settings_file), override={k: v for k, v in overrides.items() if v is not None})


def build(settings_file: str | Path = "pelicanconf.py", output: str | Path | None = None, **overrides) -> int:
    """Build the site; 0 on success, 1 when the report has mistakes.
    timing.last_build() then says where the time went."""
    timing.reset()
    settings = pelican_settings(settings_file, **overrides)
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    settings["OUTPUT_PATH"] = str(staging)

    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        # "html": Pelican's run less the generator's own stages inside it
        # (load, charts, pdfs): pages, open data, feeds, sitemap, static files
        with timing.stage("html"):
            Pelican(settings).run()
    except (ReportError, BuildError) as error:  # the report's mistakes, or the machine's (errors.py)
        shutil.rmtree(staging, ignore_errors=True)
        print(error.message(), file=sys.stderr)
        return 1
    except jinja2.TemplateError as error:  # a fork's edited theme: a message, not a traceback
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The theme has a mistake; output/ was left as it was:\n  {template_problem(error)}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger().removeHandler(counter)
    if counter.records:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The build logged {len(counter.records)} error(s); output/ was left as it was.", file=sys.stderr)
        return 1
    try:
        with timing.stage("search"):
            index_site(staging)  # search index of the finished pages, before they go live
    except BuildError as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(error.message(), file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_into_place(staging, final)
    timing.finish(report_paths(settings)[0] / ".cache" / "last-build.json")
    return 0


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


def swap_into_place(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames (never a half-written site)."""
    retired = final.with_name(f".{final.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        final.rename(retired)
    staging.rename(final)
    shutil.rmtree(retired, ignore_errors=True)
