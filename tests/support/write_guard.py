"""Run a build in a fresh Python process under an audit hook that records
every write outside the folders a build may write to.

    python -m tests.support.write_guard REPORT OUTPUT CACHE LOG [override=value ...]

CPython raises an audit event for each open, rename, removal, folder and
link it makes (sys.addaudithook), in the PDF workers too: they are forked
and inherit the hook. A write outside OUTPUT's folder, CACHE and the
process's temporary folder (TMPDIR, which the test points at a folder of
its own) is appended to LOG, one line each, and the hook raises, so the
build also fails. Writes made by C libraries inside Chromium or WeasyPrint
are not seen; every path an author gives passes through Python first.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from pathlib import Path

# Events that create, change or remove a path: for each, where the path is
# among the event's arguments and where the folder descriptor it is relative
# to is (shutil.rmtree removes by names relative to an open folder).
WRITE_EVENTS = {
    "os.rename": ((0, 2), (1, 3)), "os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.mkdir": ((0, 2),),
    "os.symlink": ((1, 2),), "os.link": ((1, 3),), "os.truncate": ((0, None),), "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),), "os.utime": ((0, 3),), "shutil.rmtree": ((0, None),), "shutil.copyfile": ((1, None),),
    "shutil.copytree": ((1, None),), "shutil.move": ((1, None),), "os.setxattr": ((0, None),), "os.removexattr": ((0, None),),
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _joined(path, dir_fd):
    """`path` as an absolute name when it is relative to a folder descriptor."""
    if isinstance(dir_fd, int) and dir_fd >= 0 and not isinstance(path, int) and not os.path.isabs(os.fsdecode(path)):
        return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), os.fsdecode(path))
    return path


def install(allowed: list[Path], log_fd: int) -> None:
    roots = [os.path.realpath(folder) for folder in allowed]
    busy = [False]

    def inside(path) -> bool:
        if isinstance(path, int):
            return True  # an open file descriptor: its opening was checked
        real = os.path.realpath(os.fsdecode(path))
        return any(real == root or real.startswith(root + os.sep) for root in roots)

    def hook(event, args):
        if busy[0]:
            return
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & WRITE_FLAGS)
            paths = [path] if writes and path is not None else []
        elif event in WRITE_EVENTS:
            paths = [_joined(args[i], args[fd] if fd is not None and fd < len(args) else None)
                     for i, fd in WRITE_EVENTS[event] if i < len(args) and args[i] is not None]
        else:
            return
        for path in paths:
            if not inside(path):
                busy[0] = True
                try:
                    os.write(log_fd, f"{event} {os.fsdecode(path) if not isinstance(path, int) else path}\n".encode())
                finally:
                    busy[0] = False
                raise PermissionError(f"write guard: {event} outside the build's folders: {path}")

    sys.addaudithook(hook)


def _value(text: str):
    try:
        return ast.literal_eval(text)  # False, 2, ...
    except (ValueError, SyntaxError):
        return text


def main(argv: list[str]) -> int:
    report, output, cache, log = (Path(a).resolve() for a in argv[:4])
    overrides = {key: _value(value) for key, value in (arg.split("=", 1) for arg in argv[4:])}
    project = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(project / "plugins"))
    from shadowreport.build import build, configure_logging

    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    install([output.parent, cache, Path(tempfile.gettempdir())], log_fd)
    configure_logging()
    return build(project / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache), SHADOWREPORT_PDF_CACHE=str(cache / "pdf"), **overrides)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
