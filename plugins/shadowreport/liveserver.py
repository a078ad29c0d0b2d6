"""`invoke livereload`: build the preview (preview.py), serve its folder,
and build it again whenever a watched file changes; livereload then
reloads the browser, which shows the new page or, over the last good one,
the mistakes.

livereload 2.7's defaults, and what is changed here:
- it polls every 0.8 s: every POLL_MS here;
- it runs one build per watched folder that changed in the same poll:
  the watcher here collects the changes of one poll and builds once;
- it ignores a reload within 3 s of the last one (the browser kept the
  old page after quick saves): never here;
- it logs through its own handler and the root logger (every line twice):
  here its warnings only, once, and one line of ours per build;
- editors' files (Emacs locks and backups, Vim swaps) and __pycache__
  trigger nothing.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop

from . import preview, timing
from .build import build, pelican_settings
from .paths import is_editor_file

POLL_MS = 200


class CollectingWatcher(Watcher):
    """Polls every POLL_MS; the changes of one poll make one call of on_change."""

    def __init__(self, on_change):
        super().__init__()
        self.on_change = on_change
        self.changed: list[str] = []

    def start(self, callback) -> bool:
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True  # polling is ours

    def ignore(self, filename: str) -> bool:
        path = Path(filename)
        return super().ignore(filename) or is_editor_file(path.name) or "__pycache__" in path.parts

    def collect(self, changed=None) -> None:
        """Each watched path's task: note what changed (a list, or for a
        removal or a single file, the watcher's filepath)."""
        self.changed.extend(changed if isinstance(changed, list) else [self.filepath or "?"])

    def examine(self):
        self.changed = []
        result = super().examine()
        if self.changed:
            self.on_change(sorted(set(self.changed)))
        return result


class PreviewServer(Server):
    def _setup_logging(self) -> None:
        """livereload's warnings through the root logger, once; no chatter."""
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


def serve(project: Path, settings_file: str, host: str, port: int, watched: list[str]) -> None:
    project = Path(project)
    folder = preview.default_output(pelican_settings(settings_file, **preview.OVERRIDES)).resolve()

    def rebuild(changed: list[str] | None = None) -> None:
        names = [_shown(name, project) for name in changed or []]
        try:
            code = build(settings_file, **preview.OVERRIDES)
        except Exception:  # a bug, not the author's mistake: shown too, and livereload goes on
            traceback.print_exc()
            preview.show_failures(folder, [traceback.format_exc()])
            code = 1
        print(preview.summary(timing.last_build(), code, folder, names), flush=True)

    watcher = CollectingWatcher(rebuild)  # before the first build: an edit made during it counts
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # every build reloads the browser
    server = PreviewServer(watcher=watcher)
    for name in watched:
        path = project / name
        server.watch(str(path) + "/**/*" if path.is_dir() else str(path), watcher.collect)
    rebuild()
    print(f"Previewing {folder.name}/ at http://{host}:{port}/ (no PDFs or search index: `invoke build` makes them); "
          f"watching {', '.join(watched)}", flush=True)
    server.serve(host=host, port=port, root=str(folder))


def _shown(name: str, project: Path) -> str:
    try:
        return Path(name).resolve().relative_to(project.resolve()).as_posix()
    except (ValueError, OSError):
        return name
