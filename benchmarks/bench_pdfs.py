"""PDF build times in one session: a clean build, a rebuild with nothing
changed, a rebuild after editing one finding; as ratios (these machines are
shared and noisy, ratios in one run are what compares) and as throughput.

    .venv/bin/python benchmarks/bench_pdfs.py [REPORT_DIR]

REPORT_DIR holds content/ and data/; default: the demonstration report when
present, else tests/roots/kyrgyz-pdf. It is copied to a temporary folder,
with its own empty PDF cache: nothing of the project is touched.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from shadowreport.build import build  # noqa: E402
from shadowreport.pdf.cache import read_last_run  # noqa: E402


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(report: Path, output: Path, cache: Path) -> tuple[float, dict]:
    started, cpu = time.perf_counter(), cpu_seconds()
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_PDF_CACHE=str(cache)) == 0
    run = read_last_run(cache)
    run["cpu"] = cpu_seconds() - cpu  # a shared machine's load shows in wall time, less in CPU time
    return time.perf_counter() - started, run


def first_finding(report: Path) -> Path:
    return sorted((report / "content" / "commitments").glob("*.md"))[0]


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    default = ROOT if (ROOT / "content" / "commitments").is_dir() else ROOT / "tests" / "roots" / "kyrgyz-pdf"
    source = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else default
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report"
        shutil.copytree(source / "content", report / "content")
        shutil.copytree(source / "data", report / "data")
        output, cache = Path(tmp) / "output", Path(tmp) / "cache"

        clean, clean_run = timed_build(report, output, cache)
        pdfs = sorted(output.rglob("*.pdf"))
        page_count = sum(pages(p) for p in pdfs)
        unchanged, unchanged_run = timed_build(report, output, cache)
        finding = first_finding(report)
        finding.write_text(finding.read_text(encoding="utf-8") + "\nEdited for the benchmark.\n", encoding="utf-8")
        edited, edited_run = timed_build(report, output, cache)

    result = {
        "report": str(source),
        "cores": os.cpu_count(),
        "workers": clean_run["workers"],
        "pdfs": len(pdfs),
        "pages": page_count,
        "clean_build_s": round(clean, 2),
        "clean_pdf_phase_s": clean_run["seconds"],
        "unchanged_build_s": round(unchanged, 2),
        "unchanged_pdf_phase_s": unchanged_run["seconds"],
        "unchanged_rendered": len(unchanged_run["rendered"]),
        "edited_build_s": round(edited, 2),
        "edited_pdf_phase_s": edited_run["seconds"],
        "edited_rendered": edited_run["rendered"],
        "clean_build_cpu_s": round(clean_run["cpu"], 1),
        "unchanged_build_cpu_s": round(unchanged_run["cpu"], 1),
        "edited_build_cpu_s": round(edited_run["cpu"], 1),
        "load_average_1min_at_end": os.getloadavg()[0],
        "ratio_unchanged_to_clean": round(unchanged / clean, 3),
        "ratio_edited_to_clean": round(edited / clean, 3),
        "pdf_phase_ratio_unchanged": round(unchanged_run["seconds"] / clean_run["seconds"], 3),
        "pdf_phase_ratio_edited": round(edited_run["seconds"] / clean_run["seconds"], 3),
        "cpu_ratio_unchanged": round(unchanged_run["cpu"] / clean_run["cpu"], 3),
        "cpu_ratio_edited": round(edited_run["cpu"] / clean_run["cpu"], 3),
        "cpu_s_per_pdf_page": round(clean_run["cpu"] / page_count, 3),
        "throughput_pdfs_per_s": round(len(clean_run["rendered"]) / clean_run["seconds"], 2),
        "throughput_pages_per_s": round(page_count / clean_run["seconds"], 2),
    }
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
