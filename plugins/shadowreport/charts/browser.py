"""The Chromium that draws the charts (through kaleido 1.x), with a deadline
on every answer the build waits for from it.

kaleido runs on an asyncio loop in a thread of its own (the caller may
already run one: livereload's server, Playwright's sync API in tests). The
build's thread hands it one chart per tab at a time and waits for each
answer with a timeout, in the build's thread rather than in the loop: a
timeout inside the loop is only as good as every awaited call's handling of
cancellation (kaleido reloads a tab in a `finally:` without a timeout, and
choreographer's Browser.close waits for an answer without one), and a loop
waiting on a browser that never answers is exactly what hung the tests for
37 minutes on a busy machine. On a timeout the browser's process group is killed,
which ends every read of its pipe, and the loop's thread, a daemon, winds
down or is left behind; nothing waits for it without a bound.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable

from .chart import Chart

logger = logging.getLogger(__name__)

# Starting Chromium and loading plotly.js into its tabs took 3-5 s here,
# on 2 cores at load 15; 120 s leaves room for a machine whose cores are
# shared with four other builds and a cold disk cache.
START_TIMEOUT = 120.0
# One chart is drawn in ~35 ms here, ~110 ms at load 15; 90 s is for a busy
# 2-core machine, and still ends a build whose browser stopped answering
# long before anyone gives up on it.
CHART_TIMEOUT = 90.0
# Closing took ~0.5 s at load 15 (2.5 s after a kill: choreographer's
# checks); after this, the browser's processes are killed instead.
CLOSE_TIMEOUT = 20.0


class BrowserFailed(Exception):
    """The browser died or did not answer in time while drawing `chart`
    (None: while starting). Worth one restart."""

    def __init__(self, what: str, chart: Chart | None = None):
        super().__init__(what)
        self.chart = chart


class FigureRefused(Exception):
    """plotly.js answered with an error for `chart`: a restart would not help."""

    def __init__(self, what: str, chart: Chart):
        super().__init__(what)
        self.chart = chart


def new_kaleido(browser_path: str, tabs: int, plotlyjs: str):
    """kaleido's Kaleido with its pages kept warm. Its per-figure timeout is
    off: the deadlines are kept here, outside its loop."""
    return warm_kaleido_class()(n=tabs, timeout=None, mathjax=False, plotlyjs=plotlyjs, path=browser_path)


def warm_kaleido_class():
    import kaleido

    class WarmKaleido(kaleido.Kaleido):
        """kaleido reloads a tab's page (and its 1.2 MB of plotly.js) after
        every figure, in its private _return_kaleido_tab, and offers no
        public way not to. Measured on this 2-core machine, busy (load 5-10),
        80 charts on 2 tabs, three runs each: 11.9, 12.9, 14.2 s with the
        reload against 4.1, 6.1, 6.9 s without (start-up ~2.7 s either way):
        ~130 ms a chart against ~35 ms; and 40 of the demo's own charts
        (benchmarks/bench_charts.py warm_export, load 15): median 331 ms a
        chart against 112 ms, 13.5 s against 6.2 s in one batch. A cold
        build of the demo's 78 charts would take twice as long, and of 1000
        commitments in three languages ~5 minutes longer. Each figure is drawn by Plotly.toImage
        into a fresh element that plotly purges itself, so the page can stay
        warm for the whole build. kaleido is pinned (pyproject.toml); were
        the method renamed, this override would go unused and kaleido would
        reload again: slower, not wrong. It also removes the one wait on the
        browser in kaleido's `finally:` (the reload) that had no timeout."""

        async def _return_kaleido_tab(self, tab):
            await self.tabs_ready.put(tab)

    return WarmKaleido


async def draw_figure(browser, chart: Chart) -> bytes:
    """One chart's SVG, through kaleido's public calc_fig; a PNG where the
    job asks for one (export.PngJob: twice the pixels, for screens and print)."""
    image_format = getattr(chart, "image_format", "svg")
    opts = {"format": image_format, "width": chart.width, "height": chart.height}
    if image_format == "png":
        opts["scale"] = 2
    return await browser.calc_fig(chart.figure, opts=opts)


class ChartBrowser:
    """One Chromium with `tabs` tabs, its asyncio loop in a daemon thread.
    `make` makes the Kaleido (the benchmark passes stock kaleido's, to
    compare)."""

    def __init__(self, browser_path: str, tabs: int, plotlyjs: str, make: Callable | None = None):
        self.browser_path, self.tabs, self.plotlyjs = browser_path, tabs, plotlyjs
        self.make = make or new_kaleido
        self.kaleido = None
        self._running = threading.Event()
        # asyncio.run: on the way out it cancels and awaits what is left (a
        # read of a dead pipe) rather than leaving pending tasks to be
        # logged as errors when collected
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(),), name="chart-browser", daemon=True)
        self._thread.start()
        if not self._running.wait(START_TIMEOUT):
            raise BrowserFailed(f"the thread for Chromium did not start in {START_TIMEOUT:.0f} s")

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_loop_trouble_as_warning)
        self._stopping = asyncio.Event()
        self._running.set()
        await self._stopping.wait()

    def _submit(self, coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def start(self) -> None:
        async def create():  # kaleido's objects belong to the loop they are made in
            self.kaleido = self.make(self.browser_path, self.tabs, self.plotlyjs)
            await self.kaleido.open()

        try:
            self._submit(create()).result(START_TIMEOUT)
        except concurrent.futures.TimeoutError:
            raise BrowserFailed(f"Chromium ({self.browser_path}) did not start in {START_TIMEOUT:.0f} s") from None
        except Exception as error:  # choreographer's BrowserFailedError and kin
            raise BrowserFailed(f"Chromium ({self.browser_path}) could not be started ({_describe(error)})") from None

    def draw(self, charts: list[Chart], received: Callable[[Chart, bytes], None]) -> None:
        """Draw `charts`, `tabs` at a time, handing each SVG to `received`;
        raises BrowserFailed or FigureRefused naming the chart."""
        queue = deque(charts)
        running: dict[concurrent.futures.Future, tuple[Chart, float]] = {}
        while queue or running:
            while queue and len(running) < self.tabs:
                chart = queue.popleft()
                running[self._submit(draw_figure(self.kaleido, chart))] = (chart, time.monotonic() + CHART_TIMEOUT)
            first_deadline = min(deadline for _, deadline in running.values())
            done, _ = concurrent.futures.wait(running, timeout=max(0.0, first_deadline - time.monotonic()),
                                              return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                chart, _ = running.pop(future)
                received(chart, self._answer(future, chart))
            late = [chart for chart, deadline in running.values() if deadline <= time.monotonic()]
            if late and not done:
                raise BrowserFailed(f"Chromium did not answer in {CHART_TIMEOUT:.0f} s", late[0])

    @staticmethod
    def _answer(future: concurrent.futures.Future, chart: Chart) -> bytes:
        from kaleido.errors import JavascriptError, KaleidoError

        try:
            return future.result()
        except (KaleidoError, JavascriptError) as error:
            raise FigureRefused(f"plotly.js refused it ({error})", chart) from None
        except BaseException as error:  # a closed pipe, a cancelled read: the browser went away
            raise BrowserFailed(f"the browser stopped ({_describe(error)})", chart) from None

    def close(self) -> None:
        """Close the browser, or kill it; never waits without a bound."""
        if self.kaleido is not None:
            with contextlib.suppress(BaseException):
                self._submit(self.kaleido.close()).result(CLOSE_TIMEOUT)
            self.kill()  # whatever close() left running (nothing, when it worked)
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(CLOSE_TIMEOUT)

    def kill(self) -> None:
        """Kill the browser's process group (choreographer starts it in a
        session of its own: the wrapper, Chromium and its renderers)."""
        process = getattr(self.kaleido, "subprocess", None)
        if process is not None:  # even when the wrapper has exited: Chromium may not have
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)


def _loop_trouble_as_warning(loop, context: dict) -> None:
    """What asyncio would log as an error from the browser's loop (a task of
    choreographer's that failed with a browser that died at start and was
    never awaited, reported when it is collected, maybe long after the
    browser was started again) is a warning: the safe build refuses to
    publish after any logged error, and whether the charts were drawn is
    decided by their results (draw, _answer), not by leftovers."""
    error = context.get("exception")
    logger.warning("charts: the browser's event loop: %s%s", context.get("message", ""),
                   f" ({_describe(error)})" if error else "")


def _describe(error: BaseException) -> str:
    """The error's type and first line (choreographer's go on with advice
    that is not ours to give: fetching a Chrome of its own)."""
    first = str(error.args[0]) if error.args else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def draw_charts(charts: list[Chart], browser_path: str, tabs: int, plotlyjs: str,
                received: Callable[[Chart, bytes], None]) -> None:
    """Draw every chart, handing each SVG to `received`. A browser that dies
    or stops answering is restarted once and the drawing goes on with the
    charts not yet drawn; a second failure raises BrowserFailed."""
    left = {id(chart): chart for chart in charts}

    def drawn(chart: Chart, svg: bytes) -> None:
        del left[id(chart)]
        received(chart, svg)

    for attempt in (1, 2):
        browser = ChartBrowser(browser_path, tabs, plotlyjs)
        try:
            browser.start()
            browser.draw(list(left.values()), drawn)
            return
        except BrowserFailed as failure:
            browser.kill()  # first: closing a browser that does not answer would wait for nothing
            if attempt == 2:
                raise
            during = f" drawing {failure.chart.name} ({failure.chart.lang})" if failure.chart else ""
            logger.warning("charts: %s%s; starting it again", failure, during)
        finally:
            browser.close()
