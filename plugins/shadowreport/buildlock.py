"""One build at a time per output folder, and a staging folder of its own.

Two builds into one output/ (an author's `invoke build` while livereload
rebuilds, two terminals, two CI jobs in one checkout) would otherwise write
into each other's staging folder and swap a half-written site into place.
The lock is an advisory `flock` on `.<output>.lock` beside output/: the
kernel releases it when the process dies, so a killed build never leaves a
stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# A clean build of the demo takes about a minute on 2 cores, one of a
# thousand commitments about fifteen: a waiting build gives up after that.
WAIT_SECONDS = 30 * 60
POLL_SECONDS = 0.2


class BuildBusy(Exception):
    """Another build of the same output folder did not finish in time."""

    def __init__(self, final: Path, waited: float):
        self.final, self.waited = final, waited
        super().__init__(self.message())

    def message(self) -> str:
        return (f"Another build of {self.final} has been running for over {self.waited / 60:.0f} minutes; "
                "this one gave up and left output/ as it was. Wait for it to finish, or stop it, and build again.")


def lock_file(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


@contextlib.contextmanager
def exclusive(final: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the build lock of `final`; wait for another build's, saying so once."""
    wait = WAIT_SECONDS if wait is None else wait
    final.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file(final), "a+b") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    print(f"Another build of {final} is running: waiting for it to finish...", file=sys.stderr, flush=True)
                    told = True
                if time.monotonic() > deadline:
                    raise BuildBusy(final, wait) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_folder(final: Path) -> Path:
    """A fresh folder beside `final` for this build alone. Called with the
    lock held: what earlier, killed builds left behind is removed first."""
    for leftover in final.parent.glob(f".{final.name}.building*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(retired_folder(final), ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))


def retired_folder(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def swap_into_place(staging: Path, final: Path, keep_retired: bool = False) -> None:
    """Replace `final` by `staging` with two renames (never a half-written
    site); if the second fails, the previous site is put back. The previous
    site is removed, or with `keep_retired` left in retired_folder(final)."""
    retired = retired_folder(final)
    shutil.rmtree(retired, ignore_errors=True)
    had_previous = final.exists()
    if had_previous:
        final.rename(retired)
    try:
        staging.rename(final)
    except OSError:
        if had_previous:
            retired.rename(final)
        raise
    if not keep_retired:
        shutil.rmtree(retired, ignore_errors=True)
