"""What a chart dataset at the row limit (limits.MAX_CHART_ROWS) costs: a
copy of tests/roots/every-chart whose water-tests.csv has ROWS rows (drawn
by two charts, in two languages, on the site and in the PDFs), built clean
with the PDFs in a fresh Python process.

    python benchmarks/bench_limits.py [--rows N (default MAX_CHART_ROWS)] [--workers 1] [--label 0]

Prints the build's wall time, the peak memory (resident set) of the build
process and of the largest process it started (PDF workers, the browser
that draws the static charts), the peak of the whole process tree's
memory added up (proportional set sizes, so that pages two processes share
count once; sampled from /proc every 0.2 s, Linux), and the
size of the largest PDF.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from shadowreport.limits import MAX_CHART_ROWS  # noqa: E402


def write_report(root: Path, rows: int, label: int = 0) -> None:
    shutil.copytree(PROJECT / "tests/roots/every-chart", root)
    lines = ["year,tests_published,tests_planned"]
    words = (" lorem ipsum dolor sit amet" * (label // 27 + 1))[:label]  # wraps in the table, as text does
    lines += [f"{1000 + n}{words},{n % 397},{400 + n % 13}" for n in range(rows)]
    (root / "data/water-tests.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def child(root: Path, workers: int) -> None:
    """The build itself, in the process the parent measures."""
    from shadowreport.build import build, configure_logging

    configure_logging()
    code = build(PROJECT / "pelicanconf.py", output=root / "output", PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(root / ".cache"), SHADOWREPORT_PDF_WORKERS=workers)
    print(json.dumps({"code": code, "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))


def tree_pss_kb(root_pid: int) -> int:
    """The proportional set sizes (shared pages divided among the processes
    that share them, so that they add up) of root_pid and its descendants."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
    tree, grown = {root_pid}, True
    while grown:
        added = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= added
        grown = bool(added)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=MAX_CHART_ROWS)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--label", type=int, default=0, help="lengthen each x value by this many characters")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workers)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as folder:
        root = Path(folder) / "report"
        write_report(root, args.rows, args.label)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--child", str(root), "--workers", str(args.workers)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = [0]

        def sample():
            while process.poll() is None:
                peak[0] = max(peak[0], tree_pss_kb(process.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = process.communicate()
        sampler.join()
        seconds = time.perf_counter() - started
        run = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        if run.returncode:
            print(run.stderr, file=sys.stderr)
            return 1
        result = json.loads(run.stdout.strip().splitlines()[-1])
        if result["code"]:
            print(run.stderr, file=sys.stderr)  # the report's mistakes, e.g. a limit passed
            return 1
        pdfs = sorted((root / "output").rglob("*.pdf"), key=lambda p: p.stat().st_size)
        largest = pdfs[-1] if pdfs else None
        print(f"rows {args.rows}, x values {args.label + 4} characters, PDF workers {args.workers}: exit {result['code']}, {seconds:.1f} s; "
              f"peak RSS: build process {result['self_kb'] / 1024:.0f} MB, "
              f"largest process it started {result['children_kb'] / 1024:.0f} MB, "
              f"all processes at once (PSS) {peak[0] / 1024:.0f} MB; "
              f"{len(pdfs)} PDFs, largest {largest.relative_to(root / 'output') if largest else '-'} "
              f"{largest.stat().st_size / 1e6 if largest else 0:.1f} MB")
        record = json.loads((root / ".cache/last-build.json").read_text(encoding="utf-8"))
        print("stages (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in record["stages"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
