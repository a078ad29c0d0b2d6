"""Nothing the build starts can hang it : a browser that stops
answering is started again once, or the build stops with a message naming
the chart; a PDF worker that hangs or dies has its task retried once, or a
message names the PDF; Pagefind has a timeout; a missing Chromium is a
message and exit status 1, not a traceback. Every hang here is simulated
with its timeout patched down to ~2 s; every wait is bounded."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CHROMIUM, ROOT, ROOTS, build, require
from shadowreport.charts import browser as chart_browser
from shadowreport.charts.chart import Chart, Table
from shadowreport.charts.export import ChartExportError, Exporter
from shadowreport.errors import BuildError
from shadowreport.pdf import render
from shadowreport.pdf.assembly import Task
from shadowreport.pdf.render import PdfRenderError, Renderer, Rendered
from shadowreport.search import SearchIndexError, index_site
import shadowreport.search as search

# seconds: far below "forever", generous for a busy 2-core machine (with the
# timeouts patched to 2 s these took 10-50 s here at load 15, most of it
# starting and closing Chromium twice)
BOUND = 180


# Every test here makes a browser or a worker misbehave on purpose: the
# build's warnings that it restarts them are the behaviour under test.
pytestmark = pytest.mark.expected_warnings(r"^charts: ", r"^PDFs: ")


def chart(number: int, name: str | None = None) -> Chart:
    figure = {"data": [{"type": "bar", "x": ["a", "b", "c"], "y": [number, 2, 3]}], "layout": {"height": 300}}
    return Chart(name or f"test-chart-{number}", "en", "bar", "t", figure, 400, 300, Table([], [], []), "data/x.csv")


@pytest.fixture
def short_chart_timeout(monkeypatch):
    require(CHROMIUM.is_file(), f"no Chromium at {CHROMIUM}")
    monkeypatch.setenv("BROWSER_PATH", str(CHROMIUM))
    monkeypatch.setattr(chart_browser, "CHART_TIMEOUT", 2.0)


def hang_on(names: set[str], once: bool, monkeypatch, how: int = signal.SIGSTOP) -> list:
    """Make the browser stop answering (SIGSTOP of its whole process group:
    really no answer, not an exception), or die (SIGKILL), when asked for
    one of `names`; returns the browsers that were stopped."""
    real = chart_browser.draw_figure
    stopped = []

    async def draw(browser, chart):
        if chart.name in names and not (once and stopped):
            stopped.append(browser)
            os.killpg(browser.subprocess.pid, how)
        return await real(browser, chart)

    monkeypatch.setattr(chart_browser, "draw_figure", draw)
    return stopped


@pytest.mark.parametrize("how", [signal.SIGSTOP, signal.SIGKILL], ids=["stops answering", "dies"])
def test_a_browser_that_stops_answering_or_dies_is_started_again_and_the_charts_drawn(
        how, short_chart_timeout, monkeypatch, tmp_path, caplog):
    # a name of its own per case: Pelican's logger drops a message it has already shown
    name = f"test-chart-{how.name}"
    stopped = hang_on({name}, once=True, monkeypatch=monkeypatch, how=how)
    charts = [chart(2, name)] + [chart(number) for number in (0, 1, 3)]  # the one waiting longest is the one named
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        Exporter(tmp_path / "charts").export(charts)
    assert time.monotonic() - started < BOUND
    assert all(c.svg.startswith("<svg") for c in charts)
    assert len(stopped) == 1 and stopped[0].subprocess.poll() is not None  # the stopped browser was killed
    assert f"drawing {name} (en); starting it again" in caplog.text
    if how == signal.SIGSTOP:
        assert f"did not answer in 2 s drawing {name}" in caplog.text
    # the safe build refuses to publish after a logged error: a recovery must log none
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR], caplog.text


def test_a_browser_that_stops_answering_twice_is_a_message_naming_the_chart(short_chart_timeout, monkeypatch, tmp_path):
    name = "budget.csv in content/commitments/b1.md, line 7"
    stopped = hang_on({name}, once=False, monkeypatch=monkeypatch)
    started = time.monotonic()
    with pytest.raises(ChartExportError) as caught:
        Exporter(tmp_path / "charts").export([chart(2, name), chart(1)])
    assert time.monotonic() - started < BOUND
    assert len(stopped) == 2 and all(b.subprocess.poll() is not None for b in stopped)
    message = caught.value.message()
    assert f"while drawing the chart {name} (en), twice" in message
    assert "Traceback" not in message


def test_a_drawing_that_never_answers_inside_kaleido_is_bounded_too(short_chart_timeout, monkeypatch, tmp_path):
    """The coroutine itself never returns (and ignores nothing): the
    deadline is kept outside kaleido's event loop."""

    async def never(browser, chart):
        await asyncio.Event().wait()

    monkeypatch.setattr(chart_browser, "draw_figure", never)
    started = time.monotonic()
    with pytest.raises(ChartExportError, match="test-chart-5"):
        Exporter(tmp_path / "charts").export([chart(5)])
    assert time.monotonic() - started < BOUND


def test_a_browser_that_never_answers_at_start_is_a_message(monkeypatch, tmp_path):
    silent = tmp_path / "chromium"
    silent.write_text("#!/bin/sh\nexec sleep 600\n")  # holds the pipes open, never says a word
    silent.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(silent))
    monkeypatch.setattr(chart_browser, "START_TIMEOUT", 2.0)
    started = time.monotonic()
    with pytest.raises(ChartExportError) as caught:
        Exporter(tmp_path / "charts").export([chart(1)])
    assert time.monotonic() - started < BOUND
    assert f"Chromium ({silent}) did not start in 2 s, twice" in caught.value.message()


@pytest.mark.parametrize("browser_path", ["/nonexistent/chromium", None])
def test_a_missing_chromium_is_a_message_and_exit_1(browser_path, monkeypatch, tmp_path, capsys):
    if browser_path:
        monkeypatch.setenv("BROWSER_PATH", browser_path)
    else:
        monkeypatch.delenv("BROWSER_PATH", raising=False)
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no chromium anywhere
    output = tmp_path / "output"
    status = build(ROOT / "pelicanconf.py", output=output, PATH=str(ROOTS / "english-default" / "content"),
                   SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDF_CACHE=str(tmp_path / "pdf"))
    error = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in error
    assert "Drawing the charts needs Chromium" in error and "apt-get install chromium" in error
    if browser_path:
        assert f"BROWSER_PATH is set to {browser_path}" in error
    assert not output.exists() and not list(tmp_path.glob(".output.building*"))  # nor the staging folder


def test_a_pagefind_that_never_finishes_is_a_message(monkeypatch, tmp_path):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexec sleep 600\n")  # exec: the timeout's kill reaches the sleeper itself
    fake.chmod(0o755)
    monkeypatch.setattr(search, "get_executable", lambda: fake)
    monkeypatch.setattr(search, "TIMEOUT", 2)
    started = time.monotonic()
    with pytest.raises(SearchIndexError) as caught:
        index_site(tmp_path)
    assert time.monotonic() - started < BOUND
    assert isinstance(caught.value, BuildError)
    assert "pagefind did not finish indexing the site in 2 s" in caught.value.message()


# PDF workers: the rendering is replaced in the parent, and the workers
# (forked) inherit the replacement -------------------------------------------

@dataclass(frozen=True)
class Job:
    path: str


def fake_render(marker: Path, misbehave: str):
    """A rendering that hangs or dies (always, or the first time: `marker`
    records that it happened) for HTML "bad", and is quick otherwise."""

    def render_pdf(html, base_dir, identifier, fonts, *options, **named):
        if html == "bad" and (misbehave.endswith("always") or not marker.exists()):
            marker.touch()
            if misbehave.startswith("hang"):
                signal.pause()  # the simulated hang: never returns
            os.kill(os.getpid(), signal.SIGKILL)  # the simulated crash
        return Rendered(html.encode(), [], 1, {}, [])

    return render_pdf


@pytest.mark.parametrize("misbehave", ["hang once", "die once", "hang always", "die always"])
def test_a_pdf_worker_that_hangs_or_dies_is_retried_once_then_named(misbehave, monkeypatch, tmp_path):
    monkeypatch.setattr(render, "render_pdf", fake_render(tmp_path / "happened", misbehave))
    monkeypatch.setattr(render, "TIMEOUT", 2.0)
    tasks = [Task(Job(f"en/pdf/commitment-{n}.pdf"), None, "bad" if n == 2 else f"good {n}", str(n), b"x")
             for n in range(1, 5)]
    got = {}
    started = time.monotonic()
    with Renderer(ROOT / "theme" / "static", tmp_path / "cache", workers=2) as renderer:
        if misbehave.endswith("once"):
            renderer.run([], tasks, lambda task, rendered: got.update({task.owner.path: rendered.pdf}))
        else:
            with pytest.raises(PdfRenderError) as caught:
                renderer.run([], tasks, lambda task, rendered: got.update({task.owner.path: rendered.pdf}))
    assert time.monotonic() - started < BOUND
    if misbehave.endswith("once"):
        assert got == {task.owner.path: task.html.encode() for task in tasks}
    else:
        message = caught.value.message()
        assert "en/pdf/commitment-2.pdf" in message and "twice" in message
        assert ("did not finish in 2 s" if misbehave.startswith("hang") else "died") in message


def test_a_failed_task_left_on_the_browsers_loop_is_a_warning_not_an_error(caplog):
    """A browser that died at start leaves a failed task of choreographer's
    that nobody awaits; asyncio reports it when it is collected, maybe after
    the browser was started again and every chart drawn. Reported as an
    error, it would fail a build that succeeded."""
    import gc

    browser = chart_browser.ChartBrowser("unused", 1, "unused")
    try:
        async def leave_a_failed_task():
            async def fail():
                raise RuntimeError("The browser seemed to close immediately after starting.")
            task = asyncio.ensure_future(fail())
            await asyncio.sleep(0)  # it runs and fails; nobody asks for its result
            return id(task)

        browser._submit(leave_a_failed_task()).result(BOUND)
        gc.collect()
    finally:
        browser.close()
    records = [r for r in caplog.records if "event loop" in r.getMessage()]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "RuntimeError: The browser seemed to close immediately" in records[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
