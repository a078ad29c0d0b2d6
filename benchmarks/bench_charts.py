"""Benchmark of the charts: a generated report with N chart blocks, built
clean (empty chart cache), then rebuilt unchanged, in one process; then the
static export of the same charts through one warm browser, chart by chart
and in one batch.

    python benchmarks/bench_charts.py [--charts 40]

Prints ratios and medians, not pass/fail: these machines are shared and
noisy. The bars (docs/quality.md): a rebuild with nothing changed at most
15 % of a clean build; a warm export median under 100 ms a chart.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(HERE / "plugins"), str(HERE)]

from shadowreport.build import build  # noqa: E402

TYPES = ["bar", "stacked-bar", "line", "pie", "scatter"]


def write_report(root: Path, charts: int) -> None:
    """A one-language report with one chart block per finding paragraph,
    every chart drawing different numbers (so none share a cache entry)."""
    data, findings = root / "data", root / "content/commitments"
    data.mkdir(parents=True)
    findings.mkdir(parents=True)
    (root / "content/pages").mkdir()
    (data / "report.yml").write_text(
        "title: Benchmark report\norganisation: Bench\ncountry: GE\nperiod: {start: 2022-01-01, end: 2024-06-30}\n"
        "published: 2024-09-01\nlanguages: [en]\nlicence: CC-BY-4.0\nareas:\n  - id: a\n    title: Area A\n  - id: b\n    title: Area B\n",
        encoding="utf-8")
    commitments = max(1, charts // 4)
    statuses = ["not-started", "limited", "substantial", "complete"]
    register = ["id,area,title,lead_agency,start,end,completion,government_completion"]
    milestones = ["commitment,milestone,text,due,status"]
    for number in range(1, commitments + 1):
        register.append(f"C{number},{'ab'[number % 2]},Commitment {number},Agency,2022-01,2024-06,"
                        f"{statuses[number % 4]},{statuses[(number + 1) % 4]}")
        for milestone in range(1, 4):
            milestones.append(f"C{number},{milestone},Milestone {milestone},2023-0{milestone + 2},{statuses[(number + milestone) % 4]}")
    (data / "commitments.csv").write_text("\n".join(register) + "\n", encoding="utf-8")
    (data / "milestones.csv").write_text("\n".join(milestones) + "\n", encoding="utf-8")
    blocks: dict[int, list[str]] = {n: [] for n in range(1, commitments + 1)}
    for index in range(charts):
        chart_type = TYPES[index % len(TYPES)]
        name = f"set-{index}.csv"
        rows = ["group,x,y1,y2"] + [f"{'gh'[k % 2]},{2016 + k},{index + (k * 13) % 50 + 1},{index + (k * 5) % 30 + 2}"
                                    for k in range(8)]
        (data / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
        y = "y1" if chart_type in ("pie", "scatter") else "[y1, y2]"
        color = "color: group\n" if chart_type == "stacked-bar" else ""
        y = "y1" if color else y
        blocks[index % commitments + 1].append(
            f"```chart\ndata: {name}\ntype: {chart_type}\nx: x\ny: {y}\n{color}title: Chart {index}\nsource: Generated\n```\n")
    for number, charts_of in blocks.items():
        (findings / f"c{number}.md").write_text(f"Commitment: C{number}\n\nFindings.\n\n" + "\n".join(charts_of), encoding="utf-8")


class Drawn(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        if record.getMessage().startswith("charts: drew"):
            self.messages.append(record.getMessage())


def timed_build(root: Path, output: Path, cache: Path, counter: Drawn) -> float:
    started = time.perf_counter()
    code = build(HERE / "pelicanconf.py", output=output, PATH=str(root / "content"), SHADOWREPORT_CACHE_PATH=str(cache))
    elapsed = time.perf_counter() - started
    if code:
        raise SystemExit(f"the build failed ({code})")
    print(f"    {counter.messages[-1]}")
    return elapsed


def warm_export(root: Path, cache: Path, stock: bool = True, limit: int | None = None) -> dict[str, object]:
    """Each distinct chart of the report (the first `limit` of them) through
    one warm browser, as the build's exporter draws them
    (charts/browser.py), chart by chart and in one batch; and, with
    `stock`, chart by chart through stock kaleido, which reloads its page
    after every figure, for comparison. benchmarks/runner.py uses the warm
    median."""
    import kaleido
    from pelican.settings import read_settings

    from shadowreport.charts.browser import ChartBrowser
    from shadowreport.charts.export import BUNDLE, find_browser
    from shadowreport.charts.site import ReportCharts
    from shadowreport.loader import load_report

    report = load_report(root)
    settings = read_settings(str(HERE / "pelicanconf.py"), override={"PATH": str(root / "content"), "SHADOWREPORT_CACHE_PATH": str(cache)})
    charts = list({c.key: c for c in ReportCharts(report, settings).all()}.values())
    sample = charts[:limit]

    def measure(make=None) -> tuple[list[float], float]:
        """Through the build's own ChartBrowser: every wait has its timeout."""
        browser = ChartBrowser(find_browser(), 2, str(BUNDLE), make)
        try:
            browser.start()
            browser.draw(sample[:1], lambda chart, svg: None)  # the browser's first page load
            each = []
            for chart in sample:
                started = time.perf_counter()
                browser.draw([chart], lambda chart, svg: None)
                each.append(time.perf_counter() - started)
            started = time.perf_counter()
            browser.draw(sample, lambda chart, svg: None)
            return each, time.perf_counter() - started
        finally:
            browser.close()

    def stock_kaleido(path, tabs, plotlyjs):
        return kaleido.Kaleido(n=tabs, timeout=None, mathjax=False, plotlyjs=plotlyjs, path=path)

    warm_each, warm_batch = measure()
    result = {"count": len(sample), "warm_each": warm_each, "warm_batch": warm_batch}
    if stock:
        result["stock_each"], result["stock_batch"] = measure(stock_kaleido)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=40, help="chart blocks in the generated report (default 40)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    counter = Drawn()
    logging.getLogger("shadowreport.charts.export").addHandler(counter)
    logging.getLogger("shadowreport.charts.export").setLevel(logging.INFO)

    with tempfile.TemporaryDirectory(prefix="bench-charts-") as folder:
        base = Path(folder)
        write_report(base / "report", args.charts)
        cache = base / "cache"
        print(f"Report with {args.charts} chart blocks (plus the report's own charts)")
        print("  clean build (empty chart cache):")
        clean = timed_build(base / "report", base / "output", cache, counter)
        print(f"    {clean:.2f} s")
        print("  rebuild, nothing changed:")
        rebuild = timed_build(base / "report", base / "output", cache, counter)
        print(f"    {rebuild:.2f} s")
        print(f"  rebuild / clean build: {rebuild / clean:.1%} (bar: at most 15 %)")
        result = warm_export(base / "report", cache)
        count = result["count"]
        for label, each, batch in (("warm page (the build's exporter)", result["warm_each"], result["warm_batch"]),
                                   ("stock kaleido (reloads after each chart)", result["stock_each"], result["stock_batch"])):
            print(f"  {label}: median {statistics.median(each) * 1000:.0f} ms a chart one at a time "
                  f"(min {min(each) * 1000:.0f}, max {max(each) * 1000:.0f}); "
                  f"{batch / count * 1000:.0f} ms a chart in one batch of {count}")
        print("  bar: median under 100 ms a chart with a warm browser")

if __name__ == "__main__":
    main()
