"""Problems found in a report, and the one exception that carries them.

Logging policy: a mistake in the author's content/ or data/ is a Problem;
all problems are collected and raised together as a ReportError, which the
build turns into a message and exit status 1. A warning is something the
site can be built with but an editor should know (an untranslated text is
not even that: the site shows it). A problem of the machine rather than the
report (a missing Chromium, a browser or worker that stopped answering) is
a BuildError: a message too, and exit status 1. Anything else that fails is
a bug in shadowreport and may show a traceback.
"""

from __future__ import annotations

import functools

import difflib
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake: where it is, what was found, what was expected."""

    file: str  # path relative to the project, e.g. "data/milestones.csv"
    where: str = ""  # "row 14", "line 3", or "" for the whole file
    field: str = ""  # column or key, e.g. 'column "status"'
    value: str | None = None  # the value found, None when nothing was found
    expected: str = ""  # what would have been right
    suggestion: str = ""  # an obvious fix, where there is one

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.where, self.field) if part)
        if self.value is None:
            message = f"{place}: {self.expected}"
        else:
            message = f"{place}: {quote(self.value)} {self.expected}"
        if self.suggestion:
            message += f" ({self.suggestion})"
        return message


class ReportError(Exception):
    """The report has mistakes; the build must stop without touching output/."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_reading_order)
        super().__init__(self.message())

    def message(self) -> str:
        count = len(self.problems)
        noun = "mistake" if count == 1 else "mistakes"
        lines = [f"The report has {count} {noun}; nothing was built:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def _reading_order(problem: Problem):
    """By file, then row or line as numbers (row 9 before row 10)."""
    numbers = lambda text: [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]  # noqa: E731
    return (numbers(problem.file), numbers(problem.where), problem.field, numbers(problem.value or ""), problem.expected)


def quote(value: str) -> str:
    shown = value if len(value) <= 80 else value[:77] + "..."
    shown = CONTROL_CHARACTER.sub(lambda match: f"\\x{ord(match[0]):02x}", shown.replace("\n", "\\n"))
    return '"' + shown + '"'


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def did_you_mean(value: str, choices) -> str:
    """A suggestion for a near-miss ("complet" -> "complete"), or ''."""
    close = closest(value, choices)
    return f'did you mean "{close}"?' if close else ""


def closest(value: str, choices) -> str:
    """The choice nearest to value, ignoring case (ids may be B1 or b1), or ''."""
    by_lower = {str(choice).lower(): str(choice) for choice in choices}
    close = difflib.get_close_matches(value.strip().lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else ""


def one_of(choices) -> str:
    return "is not one of " + ", ".join(choices)


def relative(path: Path, root: Path) -> str:
    """The path as an author sees it: relative to the project folder."""
    try:
        return path.resolve().relative_to(_resolved_root(str(root))).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=16)
def _resolved_root(root: str) -> Path:
    """The project folder, resolved once: every file of a report is named
    relative to it (at 200 commitments, 800 names a build)."""
    return Path(root).resolve()


class BuildError(Exception):
    """Not the author's mistake but the machine's: a missing Chromium, a
    browser, PDF worker or Pagefind that died or stopped answering. The
    build stops with this message and exit status 1, output/ untouched, and
    never with a traceback or a hang. The text says what failed and, where
    there is something to do, what."""

    exitcode = 1

    def message(self) -> str:
        return f"The site could not be built; output/ was left as it was:\n  {self}"
