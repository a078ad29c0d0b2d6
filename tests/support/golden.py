"""The golden tree: what the build makes of a small fixture report
(tests/roots/english-default, without PDFs and search index), kept under
tests/golden/english-default/ so that any change to a page, a data file or
a feed shows as a diff in review. `invoke golden` writes it again after a
change that is meant; tests/test_golden.py diffs a fresh build against it.

Kept: every text file of the site but the theme's own static files (they
are copies of theme/static/) and the charts' SVG (drawn by Chromium: their
text positions follow the machine's font metrics). Nothing else is left
out: two builds of the same input are byte-identical (docs/quality.md).
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "tests" / "roots" / "english-default"
GOLDEN = ROOT / "tests" / "golden" / "english-default"
TEXT = {".html", ".xml", ".json", ".csv", ".txt", ".webmanifest"}
SKIPPED = ("theme/",)  # copies of theme/static/


def build_site(output: Path, cache: Path) -> int:
    from shadowreport.build import build

    return build(ROOT / "pelicanconf.py", output=output, PATH=str(REPORT / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache), SHADOWREPORT_PDFS=False)


def site_tree(output: Path) -> dict[str, str]:
    """The golden files of a built site: relative path -> text."""
    return {path.relative_to(output).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(output.rglob("*"))
            if path.is_file() and path.suffix in TEXT and not path.relative_to(output).as_posix().startswith(SKIPPED)
            and "pagefind" not in path.relative_to(output).parts}


def golden_tree() -> dict[str, str]:
    return {path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(GOLDEN.rglob("*")) if path.is_file()}


def differences(built: dict[str, str], golden: dict[str, str], lines: int = 60) -> str:
    """What differs, as a reviewer reads it: files gone, files new, and a
    unified diff of the first files that changed (at most `lines` lines)."""
    said = [f"only in the golden tree: {name}" for name in sorted(set(golden) - set(built))]
    said += [f"new in the build: {name}" for name in sorted(set(built) - set(golden))]
    diff: list[str] = []
    for name in sorted(set(built) & set(golden)):
        if built[name] != golden[name] and len(diff) < lines:
            diff += difflib.unified_diff(golden[name].splitlines(), built[name].splitlines(),
                                         f"golden/{name}", f"built/{name}", lineterm="", n=1)
    return "\n".join(said + diff[:lines])


def write_golden() -> int:
    """Build the fixture and write its golden tree anew; the number of files."""
    with tempfile.TemporaryDirectory(prefix="shadowreport-golden-") as folder:
        output = Path(folder) / "output"
        if build_site(output, Path(folder) / "cache") != 0:
            raise SystemExit("the fixture report did not build: nothing was written")
        tree = site_tree(output)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in tree.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(tree)
