"""One build of a report folder, as `invoke build` builds the project: the
benchmark runs each build in a fresh Python process through this script,
so every figure includes what an author waits for (interpreter start,
imports) and no build profits from another's memory.

    python benchmarks/one_build.py REPORT_DIR

REPORT_DIR holds content/ and data/; the site goes to REPORT_DIR/output,
every cache (charts, PDFs) and last-build.json to REPORT_DIR/.cache.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from shadowreport.build import build, configure_logging  # noqa: E402


def main(report: Path) -> int:
    configure_logging()
    # The chart cache too under the report: pelicanconf.py would put it in
    # the project's .cache/, which a clean build would then not empty.
    return build(PROJECT / "pelicanconf.py", output=report / "output", PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(report / ".cache"))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
