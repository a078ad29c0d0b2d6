"""The live preview's build (SHADOWREPORT_PREVIEW, preview.py): into its own
folder beside output/, without PDFs or search index, and a mistake shown to
the browser with the terminal's words until it is fixed."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

from conftest import ROOT, copy_root
from shadowreport import preview, timing
from shadowreport.build import build

MISTAKE = ("J2,justice", "J2,<i>justise</i>")  # an area that is none, with markup that must stay text


def preview_build(report: Path, output: Path) -> int:
    """A preview of `report` beside `output` (never the project's output.preview/),
    with its caches beside it too."""
    return build(ROOT / "pelicanconf.py", PATH=str(report / "content"), OUTPUT_PATH=str(output),
                 SHADOWREPORT_CACHE_PATH=str(output.parent / ".cache"), **preview.OVERRIDES)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def errors(folder: Path) -> list[str]:
    return json.loads((folder / preview.ERRORS_FILE).read_text(encoding="utf-8"))["messages"]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_renders_an_edit_into_its_own_folder(tmp_path):
    report = copy_root("english-default", tmp_path)
    output = tmp_path / "output"  # what `invoke build` made: the preview must not touch it
    output.mkdir()
    (output / "index.html").write_text("made by invoke build", encoding="utf-8")
    before = tree(output)
    folder = tmp_path / "output.preview"

    assert preview_build(report, output) == 0
    page = folder / "commitments/B1/index.html"
    assert "appeared on time" in page.read_text(encoding="utf-8")
    replace_in(report / "content/commitments/b1.md", "on time", "late")
    assert preview_build(report, output) == 0

    html = page.read_text(encoding="utf-8")
    assert "appeared late" in html
    assert "commitments/B1/index.html" in timing.last_build()["counts"]["pages_rendered"]
    assert "Preview: PDFs and search are made by invoke build" in html
    assert ".pdf" not in html, "a PDF link in preview, to a PDF the preview does not make"
    assert not list(folder.rglob("*.pdf")) and not (folder / "pagefind").exists()
    assert "search" not in timing.last_build()["stages"]
    assert errors(folder) == []
    assert tree(output) == before


def test_a_mistake_shows_in_the_preview_until_fixed(tmp_path, capsys):
    report = copy_root("english-default", tmp_path)
    output, folder = tmp_path / "output", tmp_path / "output.preview"
    assert preview_build(report, output) == 0
    good = (folder / "commitments/B1/index.html").read_text(encoding="utf-8")
    capsys.readouterr()

    replace_in(report / "data/commitments.csv", *MISTAKE)
    assert preview_build(report, output) == 1
    terminal = capsys.readouterr().err
    assert "<i>justise</i>" in terminal
    assert "\n".join(errors(folder)) == terminal.strip()  # the terminal's words, all of them
    assert (folder / "commitments/B1/index.html").read_text(encoding="utf-8") == good  # the last good page stays

    replace_in(report / "data/commitments.csv", *reversed(MISTAKE))
    assert preview_build(report, output) == 0
    assert errors(folder) == []
    assert not output.exists()


def test_a_first_preview_that_fails_is_an_error_page(tmp_path):
    report = copy_root("english-default", tmp_path)
    replace_in(report / "data/commitments.csv", *MISTAKE)
    folder = tmp_path / "output.preview"
    assert preview_build(report, tmp_path / "output") == 1
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "&lt;i&gt;justise&lt;/i&gt;" in page and "<i>" not in page  # HTML-escaped
    assert any("justise" in message for message in errors(folder))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def test_the_overlay_shows_the_mistake_as_text_and_goes_when_fixed(tmp_path, chromium):
    report = copy_root("english-default", tmp_path)
    output, folder = tmp_path / "output", tmp_path / "output.preview"
    assert preview_build(report, output) == 0
    replace_in(report / "data/commitments.csv", *MISTAKE)
    assert preview_build(report, output) == 1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = chromium.new_page()
    try:
        url = f"http://127.0.0.1:{server.server_port}/commitments/B1/"
        page.goto(url)
        alert = page.locator(".preview-errors[role=alert]")
        alert.wait_for(state="visible", timeout=120_000)
        assert "<i>justise</i>" in alert.inner_text()  # shown as text, never as markup
        assert alert.locator("i").count() == 0
        replace_in(report / "data/commitments.csv", *reversed(MISTAKE))
        assert preview_build(report, output) == 0
        page.reload()
        page.locator(".preview-errors[data-read]").wait_for(state="attached", timeout=120_000)
        assert alert.is_hidden()
        assert page.locator(".preview-banner").is_visible()
    finally:
        page.close()
        server.shutdown()


def chart_files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (folder / "charts").glob("*.svg")}


def test_the_preview_keeps_only_the_charts_whose_inputs_did_not_change(tmp_path):
    """The preview keeps each chart figure from the build before (preview.BuildMemo);
    a changed number, milestone or catalog must still redraw what shows it."""
    report = copy_root("every-chart", tmp_path)
    output = tmp_path / "output"
    folder = tmp_path / "output.preview"
    assert preview_build(report, output) == 0
    first = chart_files(folder)

    replace_in(report / "data/complaints.csv", "Hotline,Горячая линия,1250", "Hotline,Горячая линия,1750")
    replace_in(report / "data/milestones.csv", "2023-12-31,limited", "2023-12-31,substantial")
    assert preview_build(report, output) == 0
    second = chart_files(folder)

    gone, new = set(first) - set(second), set(second) - set(first)
    # the pie of complaints (en, ru) and W1's timeline (en, ru), each drawn wide
    # and narrow (charts/narrow.py): nothing else
    assert len(gone) == len(new) == 8, (sorted(gone), sorted(new))
    assert sum("Substantial" in second[n] for n in new) == 2, "the English timeline with the milestone's new status"
    drawn = timing.last_build()["counts"]["charts_drawn"]
    assert len(drawn) in (4, 8), drawn  # the charts, or their drawings

    # a build after a failed one still has every chart (the memo keeps the last good build's)
    replace_in(report / "data/complaints.csv", "Website,Сайт,830", "Website,Сайт,eight")
    assert preview_build(report, output) != 0
    replace_in(report / "data/complaints.csv", "Website,Сайт,eight", "Website,Сайт,830")
    assert preview_build(report, output) == 0
    assert chart_files(folder) == second
