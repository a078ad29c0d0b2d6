"""Lighthouse on the built site, as a reader on a phone meets it:
mobile preset, simulated slow 4G, the system Chromium, the site served on
loopback. Scores the overview and the commitment page with the most
charts, in the default language: performance (0-100), layout shift (CLS),
largest contentful paint, total blocking time, bytes, accessibility.

    python benchmarks/bench_lighthouse.py [SITE]   (a built site; default: the project's report, built first)
    invoke bench --lighthouse                     (only this: the project's report, built into a temporary folder)
    invoke bench                                  (the build benchmark, then this)

Lighthouse is npm's (package.json, `npm ci`); it never downloads a
browser: CHROME_PATH points at Chromium. Figures are printed, and
written to benchmarks/last-lighthouse.json; they are a measurement, not a
test (quality.md: speed is measured in benchmarks, never asserted in a
timed test). Each page is run RUNS times and the median kept: a shared
machine's load moves single runs by several points.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
JSON_PATH = BENCHMARKS / "last-lighthouse.json"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
RUNS = 3
TIMEOUT = 240  # seconds for one Lighthouse run: a stuck browser must not hang the benchmark
AUDITS = {  # figure -> (audit id, what is kept)
    "cls": ("cumulative-layout-shift", "numericValue"),
    "lcp_ms": ("largest-contentful-paint", "numericValue"),
    "tbt_ms": ("total-blocking-time", "numericValue"),
    "bytes": ("total-byte-weight", "numericValue"),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def chart_count(page: Path) -> int:
    return len(re.findall(r'class="chart__plot', page.read_text(encoding="utf-8")))


def pages(site: Path) -> dict[str, str]:
    """The overview and the commitment page (default language) with the most charts."""
    commitments = sorted((site / "commitments").glob("*/index.html"))
    if not commitments:
        raise SystemExit(f"benchmark: no commitment pages under {site}: build the site first (invoke build)")
    busiest = max(commitments, key=chart_count)
    return {"overview": "", "commitment with charts": busiest.parent.relative_to(site).as_posix() + "/"}


def browser() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("benchmark: Lighthouse needs Chromium (apt-get install chromium, or set CHROME_PATH)")
    return path


def one_run(url: str, chrome: str) -> dict:
    """One Lighthouse run's figures."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"benchmark: no {LIGHTHOUSE.relative_to(PROJECT)}: run `npm ci`")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                   "--form-factor=mobile", "--throttling-method=simulate",
                   "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"]
        environment = {**os.environ, "CHROME_PATH": chrome, "TMPDIR": folder}
        result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=TIMEOUT, check=False)
        if result.returncode or not report.is_file():
            raise SystemExit(f"benchmark: lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    figures = {"performance": round(100 * data["categories"]["performance"]["score"]),
               "accessibility": round(100 * data["categories"]["accessibility"]["score"])}
    for name, (audit, key) in AUDITS.items():
        figures[name] = data["audits"][audit][key]
    return figures


def median_figures(runs: list[dict]) -> dict:
    """The run of median performance, with every run's score beside it."""
    ordered = sorted(runs, key=lambda r: r["performance"])
    middle = dict(ordered[len(ordered) // 2])
    middle["performance_runs"] = [r["performance"] for r in runs]
    middle["cls_max"] = max(r["cls"] for r in runs)
    return middle


def measure(site: Path, runs: int = RUNS) -> dict:
    """Figures of each page, from `runs` Lighthouse runs each."""
    site = Path(site).resolve()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chrome = browser()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        return {name: {"path": "/" + path, **median_figures([one_run(base + path, chrome) for _ in range(runs)])}
                for name, path in pages(site).items()}
    finally:
        server.shutdown()
        server.server_close()


def lines(results: dict) -> str:
    rows = [f"Lighthouse, mobile, simulated slow 4G (median of {RUNS} runs; bars: performance >= 95, CLS < 0.1)"]
    for name, r in results.items():
        rows.append(f"  {name:24} {r['path']:22} performance {r['performance']:3} {r['performance_runs']}  "
                    f"CLS {r['cls']:.3f}  LCP {r['lcp_ms'] / 1000:.1f} s  TBT {r['tbt_ms']:.0f} ms  "
                    f"{r['bytes'] / 1024:.0f} KiB  accessibility {r['accessibility']}")
    return "\n".join(rows)


def project_scores() -> dict:
    """The project's own report (content/, data/: the demonstration report,
    or a fork's), built into a temporary folder with the project's caches,
    then scored; {} when the project has no report."""
    if not (PROJECT / "content").is_dir() or not (PROJECT / "data").is_dir():
        print("Lighthouse: no content/ and data/ in this project: nothing to score")
        return {}
    sys.path.insert(0, str(PROJECT / "plugins"))
    from shadowreport.build import build, configure_logging

    configure_logging()
    with tempfile.TemporaryDirectory(prefix="shadowreport-lighthouse-") as folder:
        site = Path(folder) / "output"
        if build(PROJECT / "pelicanconf.py", output=site):
            raise SystemExit("benchmark: the project's report did not build; `invoke build` says why")
        return measure(site)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    results = measure(Path(argv[0])) if argv else project_scores()
    if results:
        print(lines(results))
        JSON_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"Figures written to {JSON_PATH}")


if __name__ == "__main__":
    main()
