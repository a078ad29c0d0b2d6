"""Where one build's time goes, and what it redid: seconds per stage and a
few counts (charts drawn, PDFs rendered, pages rendered), for the benchmark (benchmarks/
runner.py) and for anyone wondering why a build was slow.

    timing.reset()                 # build() does this first
    with timing.stage("pdfs"):     # seconds add up per stage name
        ...
    timing.note("charts_drawn", [...])
    timing.last_build()            # {"seconds": ..., "stages": {...}, "counts": {...}}

A stage opened inside another is taken out of the outer one's seconds (the
build wraps Pelican's whole run in "html"; the generator's "load",
"charts" and "pdfs" inside it are not counted twice), so the stages add
up to the time they cover.

A successful build also writes the record to <project>/.cache/last-build.json
(see finish()); a failed one leaves the last good record, as it leaves
the last good output/.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

STAGES = ("load", "charts", "pdfs", "html", "search")  # in the order a build runs them


class Recorder:
    def __init__(self):
        self.started = time.perf_counter()
        self.stages: dict[str, float] = {}
        self.counts: dict[str, object] = {}
        self.seconds: float | None = None  # the whole build, once finished
        self._open: list[list] = []  # [name, start, seconds of the stages inside it]

    @contextlib.contextmanager
    def stage(self, name: str):
        frame = [name, time.perf_counter(), 0.0]
        self._open.append(frame)
        try:
            yield
        finally:
            self._open.pop()
            elapsed = time.perf_counter() - frame[1]
            self.stages[name] = self.stages.get(name, 0.0) + elapsed - frame[2]
            if self._open:
                self._open[-1][2] += elapsed

    def as_dict(self) -> dict:
        seconds = self.seconds if self.seconds is not None else time.perf_counter() - self.started
        return {"seconds": seconds, "stages": dict(self.stages), "counts": dict(self.counts)}


_current = Recorder()


def reset() -> None:
    """Start the record of a new build."""
    global _current
    _current = Recorder()


def stage(name: str):
    return _current.stage(name)


def note(name: str, value) -> None:
    """A count or a list of what was redone, e.g. note("charts_drawn", names)."""
    _current.counts[name] = value


def last_build() -> dict:
    """The record of the last (or the running) build, as plain data."""
    return _current.as_dict()


def finish(record_file: Path) -> dict:
    """End the record: the whole build's seconds, and the record written
    to record_file (JSON)."""
    _current.seconds = time.perf_counter() - _current.started
    record = last_build()
    record_file = Path(record_file)
    record_file.parent.mkdir(parents=True, exist_ok=True)
    record_file.write_text(json.dumps(_rounded(record), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def _rounded(record: dict) -> dict:
    return {"seconds": round(record["seconds"], 3),
            "stages": {name: round(seconds, 3) for name, seconds in record["stages"].items()},
            "counts": record["counts"]}
