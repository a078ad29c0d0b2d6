"""Whole-build benchmark, reported as ratios within one session (quality.md):

    clean       a full build with empty caches
    unchanged   the same build again, nothing changed      (bar: <= 15 % of clean)
    one edit    after editing one finding                  (bar: <= 25 % of clean)
    growth      clean build of LARGE commitments / of SMALL (bar: <= 5.5 for 1000/200)

Usage: .venv/bin/python benchmarks/bench_build.py [SMALL] [LARGE]
(default 200 and 0: the growth run is skipped unless LARGE is given).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "plugins"))
sys.path.insert(0, str(HERE))

from shadowreport.build import build, configure_logging  # noqa: E402
from synthetic import write_report  # noqa: E402

SETTINGS = HERE.parent / "pelicanconf.py"


def timed_build(root: Path) -> float:
    start = time.perf_counter()
    code = build(SETTINGS, output=root / "output", PATH=str(root / "content"))
    elapsed = time.perf_counter() - start
    if code:
        raise SystemExit(f"build of {root} failed")
    return elapsed


def clean_build(root: Path) -> float:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "output", ignore_errors=True)
    return timed_build(root)


def main(small: int, large: int) -> None:
    configure_logging()
    with tempfile.TemporaryDirectory() as folder:
        root = write_report(Path(folder) / f"report-{small}", small)
        clean = clean_build(root)
        unchanged = timed_build(root)
        finding = root / "content" / "commitments" / "7.ru.md"
        finding.write_text(finding.read_text(encoding="utf-8") + "\nОдно новое предложение.\n", encoding="utf-8")
        edited = timed_build(root)
        print(f"{small} commitments: clean {clean:.1f} s")
        print(f"  unchanged rebuild: {unchanged / clean:.1%} of clean (bar 15 %)")
        print(f"  one finding edited: {edited / clean:.1%} of clean (bar 25 %)")
        if large:
            big = write_report(Path(folder) / f"report-{large}", large)
            grown = clean_build(big)
            print(f"{large} commitments: clean {grown:.1f} s, {grown / clean:.2f}x of {small} "
                  f"(bar 5.5x for 1000/200; linear would be {large / small:.1f}x)")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(arguments[0] if arguments else 200, arguments[1] if len(arguments) > 1 else 0)
