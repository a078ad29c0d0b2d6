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
import os
from dataclasses import dataclass
from pathlib import Path

from ..cachefiles import keyed_file, prune_unused, write_atomically

logger = logging.getLogger(__name__)

# The theme's files a PDF is made of besides its HTML (under theme/static/).
# A file that print.css starts to use must be listed here.
PRINT_ASSETS = ("css/shared.css", "css/print.css", "fonts")


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
    """A rendering's page count and the 0-based page of each anchor (parts.py)."""

    pages: int
    anchors: dict[str, int]


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @staticmethod
    def key(html: str, identifier: bytes, assets: str) -> str:
        digest = hashlib.sha256(assets.encode())
        digest.update(identifier)
        digest.update(html.encode("utf-8"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return keyed_file(self.folder, key, ".pdf")

    def get(self, key: str) -> bytes | None:
        path = self._file(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        os.utime(path)  # used: not pruned
        return data

    def put(self, key: str, data: bytes) -> None:
        write_atomically(self._file(key), data)

    def get_layout(self, key: str) -> Layout | None:
        path = keyed_file(self.folder, key, ".layout.json")
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        os.utime(path)
        return Layout(record["pages"], record["anchors"])

    def put_layout(self, key: str, layout: Layout) -> None:
        write_atomically(keyed_file(self.folder, key, ".layout.json"),
                         json.dumps({"pages": layout.pages, "anchors": layout.anchors}))

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
