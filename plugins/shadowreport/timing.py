"""Where one build's time goes, and what it redid: seconds per stage and a
few counts (charts drawn, PDFs rendered, pages rendered), for the benchmark (benchmarks/
runner.py) and for anyone wondering why a build was slow.

Each build has its own Recorder: build.py starts it and keeps it with the
build's settings, where the generator and the PDFs find it:

    recorder = timing.start()          # build() does this first
    timing.remember(settings, recorder)
    with timing.of(settings).stage("pdfs"):    # seconds add up per stage name
        ...
    timing.of(settings).note("charts_drawn", [...])
    timing.last_build()                # {"seconds": ..., "stages": {...}, "counts": {...}}

A stage opened inside another is taken out of the outer one's seconds (the
build wraps Pelican's whole run in "html"; the generator's "load",
"charts" and "pdfs" inside it are not counted twice), so the stages add
up to the time they cover.

A successful build also writes the record to <project>/.cache/last-build.json
(Recorder.finish); a failed one leaves the last good record, as it leaves
the last good output/.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

STAGES = ("load", "charts", "pdfs", "html", "search")  # in the order a build runs them


class Recorder:
    """One build's stages and counts."""

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

    def note(self, name: str, value) -> None:
        """A count or a list of what was redone, e.g. note("charts_drawn", names)."""
        self.counts[name] = value

    def finish(self, record_file: Path) -> dict:
        """End the record: the whole build's seconds, and the record written
        to record_file (JSON)."""
        self.seconds = time.perf_counter() - self.started
        record = self.as_dict()
        record_file = Path(record_file)
        record_file.parent.mkdir(parents=True, exist_ok=True)
        record_file.write_text(json.dumps(_rounded(record), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return record


_KEY = "shadowreport_timing"  # where build.py keeps the build's Recorder among its settings (lower case: not a setting)

# The record of the build that started last in this process, for
# last_build() only: `invoke build`, the live preview's summary line and the
# benchmark read it after build() returned. Nothing records through it.
_last = Recorder()


def start() -> Recorder:
    """A new build's record; last_build() reads it from now on."""
    global _last
    _last = Recorder()
    return _last


def remember(settings: dict, recorder: Recorder) -> Recorder:
    """Keep the build's record with its settings (of() finds it there)."""
    settings[_KEY] = recorder
    return recorder


def of(settings: dict) -> Recorder:
    """The build's Recorder: the one build.py started, or (a generator made
    by a test without build.py) one kept with these settings from now."""
    made = settings.get(_KEY)
    return made if isinstance(made, Recorder) else remember(settings, Recorder())


def last_build() -> dict:
    """The record of the last (or the running) build, as plain data."""
    return _last.as_dict()


def _rounded(record: dict) -> dict:
    return {"seconds": round(record["seconds"], 3),
            "stages": {name: round(seconds, 3) for name, seconds in record["stages"].items()},
            "counts": record["counts"]}
