"""The benchmark (`invoke bench`): for each size, a synthetic
report (synthetic.py) in a temporary folder, built

    clean        empty .cache/ and output/
    unchanged    again, nothing changed
    one_finding  after a sentence is appended to one finding (commitment 7, ru)
    one_csv      after one number of that commitment's own dataset changed
    bare         Pelican alone on the same Markdown, no plugin (the baseline)
    preview      the live preview (`invoke livereload`) after one more edited
                 finding: the second preview build in one process (one_preview.py)

and the project's own report scored by Lighthouse (bench_lighthouse.py:
performance and layout shift of the overview and a commitment page with
charts, on a simulated phone), each build in a fresh Python process timed from outside (one_build.py,
bare_pelican.py): wall seconds, what an author waits for; the preview
from inside its process, as livereload's rebuild after a save. The stages of
each build and what it redid come from its .cache/last-build.json
(plugins/shadowreport/timing.py); the HTML pages it changed from hashing
output/ before and after. Then the static chart export median through one
warm browser (bench_charts.py). Figures are compared as ratios within this
run only (docs/quality.md: the machines are shared and noisy); the checks of
what each rebuild redid are reported, not asserted.

    python benchmarks/runner.py [--sizes 20,200,1000] [--json PATH] [--keep] [--preview-only]

--preview-only measures the clean build and the preview only (minutes, not
an hour), into benchmarks/last-preview-run.json unless --json says otherwise.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
sys.path[:0] = [str(PROJECT / "plugins"), str(BENCHMARKS)]

import bare_pelican  # noqa: E402
import bench_lighthouse  # noqa: E402
import results_table  # noqa: E402
from synthetic import LANGUAGES, finding_path, series_path, write_report  # noqa: E402

DEFAULT_SIZES = (20, 200, 1000)
DEFAULT_JSON = BENCHMARKS / "last-run.json"
PREVIEW_JSON = BENCHMARKS / "last-preview-run.json"
PREVIEW_BAR = 0.5  # % of the clean build at 200 commitments (docs/quality.md, live preview)
EDITED = 7  # the commitment the rebuilds edit (the last one on a report smaller than 7)
REBUILDS = ("unchanged", "one_finding", "one_csv")
CHART_SAMPLE = 40  # charts timed one by one for the export median
METHOD = ("each build in a fresh Python process (benchmarks/one_build.py, bare_pelican.py), "
          "timed from outside: interpreter start and imports included, as for an author running `invoke build`")


# one build ---------------------------------------------------------------

def run_timed(command: list[str]) -> float:
    """Wall seconds of one build process; its output shown only when it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, check=False)
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"benchmark: {' '.join(command[1:])} failed (exit {result.returncode})")
    return seconds


def page_hashes(output: Path) -> dict[str, str]:
    return {path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(output.rglob("*.html"))}


def changed_pages(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def full_build(root: Path) -> dict:
    """One build of the report at root: seconds, stages, how much it redid;
    for a rebuild also which PDFs, charts and pages (a clean build redoes
    everything: thousands of names at 1000 commitments, counted only)."""
    before = page_hashes(root / "output") if (root / "output").is_dir() else None
    record_file = root / ".cache" / "last-build.json"
    record_file.unlink(missing_ok=True)  # never read an older build's record
    seconds = run_timed([sys.executable, str(BENCHMARKS / "one_build.py"), str(root)])
    record = json.loads(record_file.read_text(encoding="utf-8"))
    counts = record["counts"]
    stages = record["stages"]
    redone = None if before is None else {
        "pdfs_rendered": counts.get("pdfs_rendered", []),
        "charts_drawn": counts.get("charts_drawn", []),
        "pages_changed": changed_pages(before, page_hashes(root / "output")),
        "pages_rendered": sorted(counts.get("pages_rendered", [])),
    }
    return {
        "seconds": round(seconds, 3),
        "build_seconds": record["seconds"],  # inside the process, from build()'s start to its end
        "stages": stages,
        "start_seconds": round(seconds - record["seconds"], 3),  # interpreter start and imports, before build()
        "other_seconds": round(record["seconds"] - sum(stages.values()), 3),  # settings, staging folder, swap
        "pdfs_rendered": len(counts.get("pdfs_rendered", [])),
        "pdfs_reused": counts.get("pdfs_reused", 0),
        "charts_drawn": len(counts.get("charts_drawn", [])),
        "pages_rendered": len(counts.get("pages_rendered", [])),
        "pages_changed": None if redone is None else len(redone["pages_changed"]),
        "redone": redone,
    }


def preview_build(root: Path, number: int, clean_seconds: float) -> dict:
    """The preview after one edited finding (one_preview.py), and its share of the clean build."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(BENCHMARKS / "one_preview.py"), str(root), str(number)],
                            capture_output=True, text=True, cwd=PROJECT, check=False)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"benchmark: the preview of {root} failed (exit {result.returncode})")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {**figures, "process_seconds": round(time.perf_counter() - started, 3),
            "pages_rendered": len(figures["pages_rendered"]), "pages": figures["pages_rendered"][:10],
            "percent_of_clean": round(100 * figures["seconds"] / clean_seconds, 2)}


def bare_build(root: Path, work: Path) -> dict:
    bare_pelican.prepare(root, work)
    seconds = run_timed([sys.executable, str(BENCHMARKS / "bare_pelican.py"), "--build-only", str(work)])
    return {"seconds": round(seconds, 3), "articles": len(list((work / "content").glob("*.md")))}


# the edits ---------------------------------------------------------------

def edit_finding(root: Path, number: int) -> None:
    """A realistic small edit: one sentence more at the end of the finding."""
    path = finding_path(root, number, LANGUAGES[0])
    path.write_text(path.read_text(encoding="utf-8") + "\nВедомство опубликовало отчёт с опозданием.\n", encoding="utf-8")


def edit_dataset(root: Path, number: int) -> None:
    """One number of the commitment's own dataset changed (its first value)."""
    path = root / "data" / series_path(number)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = rows[0].index("value")
    rows[1][column] = str(int(rows[1][column]) + 1)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# what each rebuild should redo -------------------------------------------

def pdf_site_path(lang: str, commitment: int | None = None) -> str:
    """As pdf/links.py names them: the default (first) language at the root."""
    prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
    return f"{prefix}pdf/" + (f"commitment-{commitment}.pdf" if commitment is not None else "report.pdf")


def chart_sources(drawn: list[str]) -> list[str]:
    """"series/commitment-7.csv (en)" from "series/commitment-7.csv in content/..., line 9 (en)"."""
    return sorted(f"{name.split(' in ')[0]} ({name.rsplit('(', 1)[-1]}" for name in drawn)


def expected_work(number: int) -> dict[str, dict[str, list[str]]]:
    """docs/quality.md: unchanged redoes nothing; one finding redoes its PDF and
    the whole-report PDF of its language; a CSV redoes exactly the charts and
    PDFs that draw from it (here the commitment's own line chart in each
    language, drawn wide and narrow for phones (charts/narrow.py), its PDFs
    and the whole-report PDFs)."""
    edited_lang = LANGUAGES[0]
    return {
        "unchanged": {"pdfs_rendered": [], "charts_drawn": []},
        "one_finding": {"pdfs_rendered": sorted([pdf_site_path(edited_lang, number), pdf_site_path(edited_lang)]),
                        "charts_drawn": []},
        "one_csv": {"pdfs_rendered": sorted([path for lang in LANGUAGES
                                             for path in (pdf_site_path(lang, number), pdf_site_path(lang))]),
                    "charts_drawn": sorted(f"{series_path(number)} ({lang})" for lang in LANGUAGES for _ in ("wide", "narrow"))},
    }


def page_prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def expected_pages(number: int) -> dict[str, tuple[set[str], set[str]]]:
    """Pages each rebuild must render, and those it may render besides (the
    overview, whose link shows the whole report's size, when that changed)."""
    page = f"commitments/{number}/index.html"
    return {
        "unchanged": (set(), set()),
        "one_finding": ({page_prefix(LANGUAGES[0]) + page}, {page_prefix(LANGUAGES[0]) + "index.html"}),
        "one_csv": ({page_prefix(lang) + page for lang in LANGUAGES}, {page_prefix(lang) + "index.html" for lang in LANGUAGES}),
    }


def checks(builds: dict, number: int) -> list[dict]:
    found = []
    for name, expected in expected_work(number).items():
        redone = builds[name]["redone"]
        got = {"pdfs_rendered": sorted(redone["pdfs_rendered"]), "charts_drawn": chart_sources(redone["charts_drawn"])}
        for what in ("pdfs_rendered", "charts_drawn"):
            found.append({"build": name, "what": what, "expected": expected[what], "got": got[what],
                          "ok": got[what] == expected[what]})
        must, may = expected_pages(number)[name]
        rendered = set(redone["pages_rendered"])
        found.append({"build": name, "what": "pages_rendered", "expected": sorted(must) + [f"(maybe {p})" for p in sorted(may)],
                      "got": sorted(rendered), "ok": must <= rendered <= must | may})
    return found


# one size ----------------------------------------------------------------

def measure_size(folder: Path, commitments: int) -> dict:
    root = write_report(folder / f"report-{commitments}", commitments)
    number = min(EDITED, commitments)
    for cache in (root / ".cache", root / "output"):
        shutil.rmtree(cache, ignore_errors=True)
    builds = {"clean": full_build(root), "unchanged": full_build(root)}
    edit_finding(root, number)
    builds["one_finding"] = full_build(root)
    edit_dataset(root, number)
    builds["one_csv"] = full_build(root)
    bare = bare_build(root, folder / f"bare-{commitments}")
    clean = builds["clean"]["seconds"]
    return {
        "preview_one_finding": preview_build(root, number, clean),
        "commitments": commitments,
        "edited_commitment": number,
        "report": str(root),
        "builds": builds,
        "bare_pelican": bare,
        "clean_over_bare": round(clean / bare["seconds"], 2),
        "percent_of_clean": {name: round(100 * builds[name]["seconds"] / clean, 1) for name in REBUILDS},
        "checks": checks(builds, number),
    }


def chart_export(root: Path) -> dict:
    """Median seconds a chart through one warm browser (bench_charts.py),
    over the first CHART_SAMPLE distinct charts of the report at root."""
    from bench_charts import warm_export

    result = warm_export(root, root / ".cache", stock=False, limit=CHART_SAMPLE)
    return {"charts": result["count"], "median_ms": round(statistics.median(result["warm_each"]) * 1000, 1),
            "max_ms": round(max(result["warm_each"]) * 1000, 1),
            "batch_ms_per_chart": round(result["warm_batch"] / result["count"] * 1000, 1)}


def growth(sizes: dict) -> dict | None:
    if "200" not in sizes or "1000" not in sizes:
        return None
    ratio = sizes["1000"]["builds"]["clean"]["seconds"] / sizes["200"]["builds"]["clean"]["seconds"]
    return {"clean_1000_over_200": round(ratio, 2)}


def bars(sizes: dict, export: dict, grown: dict | None) -> list[dict]:
    """docs/quality.md's speed bars this run measured, each met or not."""
    found = []
    for size in sizes.values():
        n, percent = size["commitments"], size["percent_of_clean"]
        found.append({"what": f"{n}: unchanged rebuild, % of clean", "value": percent["unchanged"], "bar": "<= 15",
                      "met": percent["unchanged"] <= 15})
        if n == 200:
            found.append({"what": "200: one finding edited, % of clean", "value": percent["one_finding"],
                          "bar": "<= 25", "met": percent["one_finding"] <= 25})
            found.append(preview_bar(size))
            found.append({"what": "200: clean build over a bare Pelican build", "value": size["clean_over_bare"],
                          "bar": "<= 15", "met": size["clean_over_bare"] <= 15})
        redone = all(check["ok"] for check in size["checks"])
        found.append({"what": f"{n}: rebuilds redo exactly what changed", "value": redone, "bar": "all checks ok",
                      "met": redone})
    found.append({"what": "static chart export, warm median ms", "value": export["median_ms"], "bar": "< 100",
                  "met": export["median_ms"] < 100})
    if grown:
        found.append({"what": "growth, clean 1000 / 200", "value": grown["clean_1000_over_200"], "bar": "<= 5.5",
                      "met": grown["clean_1000_over_200"] <= 5.5})
    return found


def preview_bar(size: dict) -> dict:
    percent = size["preview_one_finding"]["percent_of_clean"]
    return {"what": f"{size['commitments']}: preview after one finding, % of clean", "value": percent,
            "bar": f"<= {PREVIEW_BAR}", "met": percent <= PREVIEW_BAR}


def measure_preview(folder: Path, commitments: int) -> dict:
    """--preview-only: the clean build (the caches and the figure to compare
    with), then the preview after one edited finding."""
    root = write_report(folder / f"report-{commitments}", commitments)
    number = min(EDITED, commitments)
    clean = full_build(root)
    return {"commitments": commitments, "edited_commitment": number, "report": str(root), "builds": {"clean": clean},
            "preview_one_finding": preview_build(root, number, clean["seconds"])}


def run_preview_only(sizes: list[int], json_path: Path, keep: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="shadowreport-bench-"))
    try:
        results = {"method": METHOD, "cores": os.cpu_count(), "load_average_at_start": round(os.getloadavg()[0], 2),
                   "sizes": {}}
        for n in sizes:
            results["sizes"][str(n)] = size = measure_preview(folder, n)
            print(results_table.preview_line(size), flush=True)
        results["bars"] = [preview_bar(size) for size in results["sizes"].values() if size["commitments"] == 200]
        results["load_average_at_end"] = round(os.getloadavg()[0], 2)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Figures written to {json_path}")
    return results


def run(sizes: list[int], json_path: Path, keep: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="shadowreport-bench-"))
    try:
        results = {"method": METHOD, "cores": os.cpu_count(), "load_average_at_start": round(os.getloadavg()[0], 2),
                   "sizes": {}}
        for n in sizes:
            results["sizes"][str(n)] = size = measure_size(folder, n)
            print(results_table.size_block(size), flush=True)  # a long run shows each size as it ends
        results["chart_export"] = chart_export(Path(results["sizes"][str(sizes[0])]["report"]))
        results["growth"] = growth(results["sizes"])
        results["bars"] = bars(results["sizes"], results["chart_export"], results["growth"])
        results["load_average_at_end"] = round(os.getloadavg()[0], 2)
        results["kept"] = str(folder) if keep else None
        print(results_table.summary(results))
        results["lighthouse"] = bench_lighthouse.project_scores()  # the site as a phone on a slow link meets it
        if results["lighthouse"]:
            print(bench_lighthouse.lines(results["lighthouse"]))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Figures written to {json_path}" + (f"; reports kept in {folder}" if keep else ""))
    return results


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise SystemExit("--sizes takes commitment counts, e.g. 20,200,1000")
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="commitment counts (default 20,200,1000)")
    parser.add_argument("--json", default=str(DEFAULT_JSON), help=f"where to write the figures (default {DEFAULT_JSON.relative_to(PROJECT)})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary reports for inspection")
    parser.add_argument("--preview-only", action="store_true", help="only the clean build and the live preview after one edited finding")
    args = parser.parse_args(argv)
    if args.preview_only:
        json_path = PREVIEW_JSON if args.json == str(DEFAULT_JSON) else Path(args.json)
        run_preview_only(parse_sizes(args.sizes), json_path.resolve(), args.keep)
    else:
        run(parse_sizes(args.sizes), Path(args.json).resolve(), args.keep)


if __name__ == "__main__":
    main()
