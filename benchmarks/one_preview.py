"""The live preview's latency after one edited finding, as `invoke livereload`
has it: in one fresh Python process, the preview built once (livereload's
start), then one sentence appended to a finding and the preview built
again; the second build's wall seconds, stages and pages rendered printed
as one line of JSON. What an author waits for after a save, less
livereload's poll (0.2 s) and the browser's reload.

    python benchmarks/one_preview.py REPORT_DIR COMMITMENT

Like one_build.py: the preview goes to REPORT_DIR/output.preview, every
cache to REPORT_DIR/.cache (warm after a full build there).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
sys.path[:0] = [str(PROJECT / "plugins"), str(BENCHMARKS)]

from shadowreport import preview, timing  # noqa: E402
from shadowreport.build import build, configure_logging  # noqa: E402
from synthetic import LANGUAGES, finding_path  # noqa: E402


def preview_build(report: Path) -> int:
    return build(PROJECT / "pelicanconf.py", output=report / "output.preview", PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(report / ".cache"), **preview.OVERRIDES)


def edit_finding(report: Path, number: int) -> None:
    """As runner.edit_finding: one sentence more at the end of the finding."""
    path = finding_path(report, number, LANGUAGES[0])
    path.write_text(path.read_text(encoding="utf-8") + "\nПредпросмотр показал правку.\n", encoding="utf-8")


def main(report: Path, number: int) -> int:
    configure_logging()
    if preview_build(report):  # livereload's first build
        return 1
    edit_finding(report, number)
    started = time.perf_counter()
    code = preview_build(report)
    seconds = time.perf_counter() - started
    record = timing.last_build()
    print(json.dumps({"seconds": round(seconds, 3),
                      "stages": {name: round(value, 3) for name, value in record["stages"].items()},
                      "pages_rendered": record["counts"].get("pages_rendered", [])}))
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), int(sys.argv[2])))
