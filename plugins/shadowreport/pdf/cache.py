"""Finished PDFs kept between builds under <project>/.cache/pdf/.

A PDF's key is a hash of everything that goes into it: its HTML (which holds
the model's text, the finding, the translated interface strings), the print
stylesheet and font files, WeasyPrint's version and options. Same key, same
bytes: editing one finding changes the HTML of that commitment's PDFs and of
the whole report of its language, and of nothing else.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..cachefiles import ENTRY_FORMAT, BadEntry, keyed_file, prune_unused, read_entry, write_entry

logger = logging.getLogger(__name__)

# The theme's files a PDF is made of besides its HTML (under theme/static/).
# A file that print.css starts to use must be listed here.
PRINT_ASSETS = ("css/fonts-print.css", "css/shared.css", "css/print.css", "fonts")


def assets_digest(static_dir: Path, renderer: str) -> str:
    """One hash of the print stylesheet, the fonts and the renderer."""
    digest = hashlib.sha256(renderer.encode())
    for name in PRINT_ASSETS:
        path = Path(static_dir) / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(static_dir)).encode())
            digest.update(file.read_bytes() if file.is_file() else b"(missing)")
    return digest.hexdigest()


@dataclass(frozen=True)
class Layout:
    """A rendering's page count, the 0-based page of each anchor (parts.py)
    and the levels of its outline's top entries (render.outline_levels)."""

    pages: int
    anchors: dict[str, int]
    outline: tuple[int, ...] = ()


def whole_pdf(payload: bytes) -> bytes:
    """A PDF's first and last marks: what a file cut short lacks."""
    if not payload.startswith(b"%PDF-") or b"%%EOF" not in payload[-1024:]:
        raise BadEntry("not a whole PDF: no %PDF- at its start or no %%EOF at its end")
    return payload


def layout_record(payload: bytes) -> Layout:
    """A layout as put_layout wrote it (a layout of the wrong shape would
    number the whole report wrong, or stop the build)."""
    record = json.loads(payload)
    pages, anchors, outline = ((record.get("pages"), record.get("anchors"), record.get("outline"))
                               if isinstance(record, dict) else (None, None, None))
    if not isinstance(pages, int) or not isinstance(anchors, dict) or not all(
            isinstance(anchor, str) and isinstance(page, int) for anchor, page in anchors.items()):
        raise BadEntry("not a layout: no page count and anchors' pages")
    if not isinstance(outline, list) or not all(isinstance(level, int) for level in outline):
        raise BadEntry("not a layout: no outline levels")
    return Layout(pages, anchors, tuple(outline))


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @staticmethod
    def key(html: str, identifier: bytes, assets: str) -> str:
        digest = hashlib.sha256(f"{ENTRY_FORMAT}\0{assets}".encode())
        digest.update(identifier)
        digest.update(html.encode("utf-8"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return keyed_file(self.folder, key, ".pdf")

    def get(self, key: str) -> bytes | None:
        return read_entry(self._file(key), whole_pdf)

    def put(self, key: str, data: bytes) -> None:
        write_entry(self._file(key), data)

    def discard(self, key: str) -> None:
        """Forget a rendering that WeasyPrint reported errors for, so that the
        next build renders it again and says so again."""
        for suffix in (".pdf", ".layout.json"):
            keyed_file(self.folder, key, suffix).unlink(missing_ok=True)

    def get_layout(self, key: str) -> Layout | None:
        return read_entry(keyed_file(self.folder, key, ".layout.json"), layout_record)

    def put_layout(self, key: str, layout: Layout) -> None:
        write_entry(keyed_file(self.folder, key, ".layout.json"),
                    json.dumps({"pages": layout.pages, "anchors": layout.anchors, "outline": list(layout.outline)}))

    def record_run(self, rendered: list[str], reused: list[str], seconds: float, workers: int,
                   report_parts: dict[str, dict] | None = None) -> None:
        """What the last build rendered and what it took from the cache
        (last-run.json): the tests and the benchmark read it. `report_parts`:
        for each whole report, how many parts it has and which were redone."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {"rendered": sorted(rendered), "reused": sorted(reused),
                  "seconds": round(seconds, 3), "workers": workers, "report_parts": report_parts or {}}
        (self.folder / "last-run.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    def prune(self, keep: set[str]) -> None:
        """Forget PDFs and layouts unused for a while (cachefiles.KEEP_UNUSED_DAYS)."""
        prune_unused(self.folder, keep)


def read_last_run(folder: Path) -> dict:
    return json.loads((Path(folder) / "last-run.json").read_text(encoding="utf-8"))
