"""The benchmark's figures as text (runner.py prints it; the JSON holds the same)."""

from __future__ import annotations

STAGES = ("load", "charts", "pdfs", "html", "search")
LABELS = {"clean": "clean full build", "unchanged": "rebuild, unchanged",
          "one_finding": "rebuild, one finding", "one_csv": "rebuild, one CSV"}
SHOWN = 3  # items of a list named in full; longer lists are counted


def met(flag: bool) -> str:
    return "met" if flag else "NOT met"


def listed(items: list[str]) -> str:
    if not items:
        return "none"
    if len(items) <= SHOWN:
        return ", ".join(items)
    return f"{len(items)} ({', '.join(items[:SHOWN])}, ...)"


def redid(build: dict) -> str:
    pdfs = f"PDFs rendered {build['pdfs_rendered']}, reused {build['pdfs_reused']}"
    charts = f"charts drawn {build['charts_drawn']}; pages rendered {build['pages_rendered']}"
    pages = "" if build["pages_changed"] is None else f", changed {build['pages_changed']}"
    return f"{pdfs}; {charts}{pages}"


def size_block(size: dict) -> str:
    n, builds = size["commitments"], size["builds"]
    clean = builds["clean"]["seconds"]
    lines = [f"\n{n} commitments (edits to commitment {size['edited_commitment']})",
             f"  {'':22}{'seconds':>8}{'% clean':>9}  " + "".join(f"{s:>7}" for s in STAGES) + f"{'start':>7}{'other':>7}  redid"]
    for name, build in builds.items():
        stages = "".join(f"{build['stages'].get(s, 0.0):7.2f}" for s in STAGES)
        lines.append(f"  {LABELS[name]:22}{build['seconds']:8.2f}{100 * build['seconds'] / clean:8.1f}%  "
                     f"{stages}{build['start_seconds']:7.2f}{build['other_seconds']:7.2f}  {redid(build)}")
    bare = size["bare_pelican"]
    lines.append(f"  {'bare Pelican, no plugin':22}{bare['seconds']:8.2f}   ({bare['articles']} articles; "
                 f"clean / bare = {size['clean_over_bare']:.1f}x)")
    split = ", ".join(f"{s} {100 * builds['clean']['stages'].get(s, 0.0) / clean:.0f} %" for s in STAGES)
    start, other = (100 * builds["clean"][f"{part}_seconds"] / clean for part in ("start", "other"))
    lines.append(f"  clean build by stage: {split}; start {start:.0f} % (interpreter, imports), "
                 f"other {other:.0f} % (settings, staging, swap)")
    percent = size["percent_of_clean"]
    finding_bar = met(percent["one_finding"] <= 25) if n == 200 else "bar applies at 200"
    lines.append(f"  unchanged {percent['unchanged']:.1f} % of clean (bar <= 15 %: {met(percent['unchanged'] <= 15)}); "
                 f"one finding {percent['one_finding']:.1f} % (bar <= 25 %: {finding_bar}); "
                 f"one CSV {percent['one_csv']:.1f} %")
    lines.append(preview_line(size))
    lines.append("  what the rebuilds redid:")
    for check in size["checks"]:
        label = "ok " if check["ok"] else "NOT"
        what = {"pdfs_rendered": "PDFs rendered", "charts_drawn": "charts drawn", "pages_rendered": "pages rendered"}[check["what"]]
        text = f"    {label} {LABELS[check['build']]}: {what} {listed(check['got'])}"
        if not check["ok"]:
            text += f"; expected {listed(check['expected'])}"
        lines.append(text)
    for name in ("one_finding", "one_csv"):
        lines.append(f"        {LABELS[name]}: pages changed {listed(builds[name]['redone']['pages_changed'])}")
    return "\n".join(lines)


def preview_line(size: dict) -> str:
    """The live preview after one edited finding, beside the clean build."""
    figures, clean = size["preview_one_finding"], size["builds"]["clean"]["seconds"]
    stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in figures["stages"].items() if seconds >= 0.005)
    bar = f" (bar <= 0.5 % at 200: {met(figures['percent_of_clean'] <= 0.5)})" if size["commitments"] == 200 else ""
    return (f"  {size['commitments']} commitments: preview after one edited finding {figures['seconds']:.2f} s = "
            f"{figures['percent_of_clean']:.2f} % of the clean build's {clean:.2f} s{bar}; {stages}; "
            f"pages rendered {figures['pages_rendered']} ({listed(figures['pages'])})")


def summary(results: dict) -> str:
    export = results["chart_export"]
    lines = [(f"\nstatic chart export, one warm browser: median {export['median_ms']:.0f} ms a chart "
              f"over {export['charts']} charts (max {export['max_ms']:.0f}; {export['batch_ms_per_chart']:.0f} ms "
              "a chart in one batch)")]
    if results["growth"]:
        lines.append(f"growth: clean build of 1000 commitments = {results['growth']['clean_1000_over_200']:.2f}x "
                     "of 200 (linear: 5x)")
    lines.append("\nbars (docs/quality.md):")
    for bar in results["bars"]:
        lines.append(f"  {met(bar['met']):8} {bar['what']}: {bar['value']} (bar {bar['bar']})")
    lines.append(f"\n{results['method']}; {results['cores']} cores; load average "
                 f"{results['load_average_at_start']} at the start, {results['load_average_at_end']} at the end")
    return "\n".join(lines)
