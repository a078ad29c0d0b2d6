"""The recipes' benchmark: a generated JSON Lines file of N OCDS
releases (raw_samples.write_releases: two releases a procedure, some 1 KB
each), written to a temporary folder (never committed), then in a fresh
Python process: its SHA-256, and the procurement indicators that recipes
compute (plugins/shadowreport/rawdata/procurement.py) by year and the
completeness by stage (ocdscardinal), in one pass, timed, with the process's peak
memory (resource.getrusage ru_maxrss). The issue's bar: a 1 GB JSON Lines
file streams within 1 GB of memory.

    python benchmarks/bench_ocds.py [--releases 1000000] [--json PATH]
    invoke bench --ocds 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
DEFAULT_JSON = BENCHMARKS / "last-ocds-run.json"
TIMEOUT = 3 * 3600  # a stuck computation must not hang the benchmark
INDICATORS = ["procedures", "single_bidder_share", "competitive_share", "average_bids", "median_days_to_award"]


def child(path: Path, workdir: Path) -> dict:
    """In the measured process: what a clean build's recipes would do."""
    sys.path.insert(0, str(PROJECT / "plugins"))
    from shadowreport.rawdata import procurement, rawfiles

    figures, problems = {}, []
    started = time.perf_counter()
    rawfiles.sha256(path)
    figures["sha256_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    # one pass, as two recipes of one raw file are computed (rawdata/derive.py)
    rows, stages = procurement.compute_many(path, path.name, [(["year"], INDICATORS), (["stage"], ["coverage"])],
                                            workdir, problems)
    figures["indicators_seconds"] = time.perf_counter() - started
    figures["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["rows"], figures["stages"], figures["problems"] = rows, stages, [str(p) for p in problems]
    return figures


def run(releases: int, json_path: Path) -> dict:
    sys.path.insert(0, str(BENCHMARKS))
    from raw_samples import write_releases

    with tempfile.TemporaryDirectory(prefix="bench-ocds-") as folder:
        path = Path(folder) / "releases.jsonl"
        started = time.perf_counter()
        write_releases(path, releases)
        generated = time.perf_counter() - started
        size = path.stat().st_size
        started = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--child", str(path), str(Path(folder) / "work")],
                              capture_output=True, text=True, timeout=TIMEOUT, check=True)
        wall = time.perf_counter() - started
    figures = json.loads(done.stdout.splitlines()[-1])
    figures |= {"releases": releases, "file_mb": size / 1e6, "generate_seconds": generated, "wall_seconds": wall,
                "method": "a fresh Python process (benchmarks/bench_ocds.py --child), timed inside; peak = its ru_maxrss"}
    json_path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(f"{releases:,} releases, {size / 1e6:,.0f} MB of JSON Lines: SHA-256 {figures['sha256_seconds']:.1f} s, "
          f"indicators by year and completeness by stage (one pass) {figures['indicators_seconds']:.1f} s, "
          f"peak memory {figures['peak_memory_mb']:.0f} MB (process wall {wall:.1f} s)")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--json", default=str(DEFAULT_JSON))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return
    run(args.releases, Path(args.json).resolve())


if __name__ == "__main__":
    main()
