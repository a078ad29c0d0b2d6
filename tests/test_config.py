"""The build's own settings (config.py): read once, checked before anything
is built, every mistake a message naming the setting and its value."""

from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT, copy_root
from shadowreport import config
from shadowreport.build import build
from shadowreport.settings_check import SettingsError


def settings(**given) -> dict:
    return {"PATH": str(ROOT / "content"), **given}


def test_text_values_from_the_environment_are_read_as_their_meaning(tmp_path):
    made = config.from_settings(settings(SHADOWREPORT_PDF_WORKERS="4", SHADOWREPORT_PDFS="false",
                                         SHADOWREPORT_PREVIEW="yes", SHADOWREPORT_CACHE_PATH=str(tmp_path / "c")))
    assert (made.pdf_workers, made.pdfs, made.preview) == (4, False, True)
    assert made.cache == (tmp_path / "c").resolve() and made.pdf_cache == made.cache / "pdf"
    assert made.root == ROOT and made.data == ROOT / "data"


def test_defaults_one_cache_root_and_a_worker_per_core():
    made = config.from_settings(settings())
    assert made.cache == ROOT / ".cache" and made.pdf_cache == ROOT / ".cache" / "pdf"
    assert made.pdfs is True and made.preview is False and made.editor_pages is False
    assert made.pdf_workers == min(config.MAX_WORKERS, os.cpu_count() or 1)


def test_every_wrong_value_is_a_problem_at_once():
    with pytest.raises(SettingsError) as raised:
        config.from_settings(settings(SHADOWREPORT_PDF_WORKERS="four", SHADOWREPORT_PDFS="maybe",
                                      SHADOWREPORT_PDF=False, SHADOWREPORT_CACHE_PATH=3))
    text = raised.value.message()
    assert "SHADOWREPORT_PDF_WORKERS" in text and "'four'" in text
    assert "whole number of processes from 1 to 64" in text
    assert "SHADOWREPORT_PDFS" in text and "'maybe'" in text and "must be True or False" in text
    assert "SHADOWREPORT_PDF: is not a setting of shadowreport" in text and "SHADOWREPORT_PDFS" in text.split("SHADOWREPORT_PDF:")[1]
    assert "SHADOWREPORT_CACHE_PATH" in text and "must be a folder's path" in text
    assert len(raised.value.problems) == 4


@pytest.mark.parametrize("workers", [0.5, -1, 65, True, "4 workers"])
def test_worker_counts_that_are_no_count_are_refused(workers):
    assert [p.file for p in config.problems(settings(SHADOWREPORT_PDF_WORKERS=workers))] == ["SHADOWREPORT_PDF_WORKERS"]


def test_a_build_with_a_wrong_setting_is_a_message_and_writes_nothing(tmp_path, capsys):
    report = copy_root("english-default", tmp_path)
    output = tmp_path / "output"
    code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDF_WORKERS="four")
    err = capsys.readouterr().err
    assert code == 1
    assert "The settings have a mistake; nothing was built" in err and "SHADOWREPORT_PDF_WORKERS" in err
    assert "Traceback" not in err
    assert not output.exists() and not (tmp_path / "cache").exists()


def test_a_build_takes_workers_as_text(tmp_path, capfd):
    """The crash this replaced: "4" as the worker count ended in a TypeError
    half-way through the build, in pdf/build.py."""
    import tasks

    report = copy_root("english-default", tmp_path)
    assert build(ROOT / "pelicanconf.py", output=tmp_path / "output", PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDF_WORKERS="2") == 0
    assert list((tmp_path / "output").rglob("*.pdf"))
    assert (tmp_path / "cache" / "pdf").is_dir() and (tmp_path / "cache" / "last-build.json").is_file()
    # what `invoke build` tells the author: its own line, not Pelican's "Processed 0 articles"
    assert "Processed 0 articles" not in "".join(capfd.readouterr())
    assert re.fullmatch(r"Built the site into output/ in [0-9.]+ s: \d+ page\(s\) rendered and \d+ chart\(s\) drawn, "
                        r"the rest unchanged from the last build\.", tasks.built_summary("output/"))
