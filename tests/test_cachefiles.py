"""The caches' files (.cache/pdf, .cache/pages): what pruning deletes."""

from __future__ import annotations

import os
import time

from shadowreport.cachefiles import KEEP_UNUSED_DAYS, keyed_file, prune_unused, write_atomically


def test_prune_deletes_only_files_unused_for_the_whole_period(tmp_path):
    old = time.time() - (KEEP_UNUSED_DAYS + 1) * 86400
    files = {name: keyed_file(tmp_path, key, suffix) for name, key, suffix in [
        ("old, in use", "aa11", ".pdf"),
        ("old layout, in use", "aa11", ".layout.json"),
        ("old, unused", "bb22", ".json"),
        ("recent, unused", "cc33", ".pdf"),
    ]}
    for name, path in files.items():
        write_atomically(path, name)
        if name.startswith("old"):
            os.utime(path, (old, old))
    prune_unused(tmp_path, keep={"aa11"})
    assert {name for name, path in files.items() if path.exists()} == {"old, in use", "old layout, in use", "recent, unused"}
    assert not list(tmp_path.glob("*/.*.part"))  # written atomically: no partial file left behind
