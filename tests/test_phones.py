"""A reader on a phone, in headless Chromium at 360 px: every chart
fits the screen (its narrow drawing, no sideways-scrolling box, no text
under 11 px), a commitment's status and one-sentence finding are on the
first screen (360 x 640), the sections fold behind "Menu", and plotly.js is
fetched only when a reader asks for an interactive chart.

Run on the demonstration report and on tests/roots/every-chart (all chart
types); the browser and the served site as in test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, ROOTS, Served, build_report

PHONE = {"width": 360, "height": 640}
SMALLEST_TEXT = 11  # px on the screen


@pytest.fixture(scope="session")
def every_chart_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("every-chart-phone") / "output"
    assert build_report(ROOTS / "every-chart", output) == 0
    return output


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


@pytest.fixture(scope="module", params=["every-chart", "demo"])
def site(request, serve) -> Served:
    if request.param == "demo":
        if not (ROOT / "content/commitments").is_dir():
            pytest.skip("the demonstration report is not in this checkout")
        return serve("demo", request.getfixturevalue("demo_site"), ROOT)
    return serve("every-chart", request.getfixturevalue("every_chart_site"), ROOTS / "every-chart")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def pages_with_charts(site: Served) -> list[str]:
    """The overview and every commitment page with a chart, in every language."""
    report = site.report
    urls = []
    for lang in report.languages:
        urls.append(site.url("", lang))
        urls += [site.url(f"commitments/{c.id}/", lang) for c in report.commitments
                 if c.milestones or any(f.charts for f in c.findings.values())]
    return urls


CHARTS_ON_SCREEN = """async () => {
  const images = [...document.querySelectorAll('.chart__plot img')];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  return images.map(i => {
    const box = i.getBoundingClientRect();
    let boxes = 0;
    for (let el = i.parentElement; el && el !== document.body; el = el.parentElement) { if (scrolls(el)) boxes++; }
    return {src: i.currentSrc, natural: i.naturalWidth, left: box.left, right: box.right, width: box.width, scrollBoxes: boxes};
  });
}"""


def smallest_font(svg: str) -> float:
    return min(float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg))


def test_every_chart_fits_a_phone_in_its_narrow_drawing(phone, site):
    checked = 0
    for url in pages_with_charts(site):
        phone.goto(url)
        charts = phone.evaluate(CHARTS_ON_SCREEN)
        for chart in charts:
            where = f"{url}: {chart['src']}"
            assert chart["natural"] == 360, f"{where}: the phone's own drawing, 360 px wide, was chosen"
            assert chart["left"] >= 0 and chart["right"] <= PHONE["width"], f"{where}: wider than the screen"
            assert chart["scrollBoxes"] == 0, f"{where}: inside a sideways-scrolling box"
            svg = phone.request.get(chart["src"]).text()
            shown = smallest_font(svg) * chart["width"] / chart["natural"]
            assert shown >= SMALLEST_TEXT, f"{where}: text {shown:.1f} px on the screen"
            checked += 1
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    assert checked >= 3


def test_status_and_finding_are_on_the_first_screen_of_a_commitment(phone, site):
    report = site.report
    for lang in report.languages:
        for commitment in report.commitments:
            if lang not in commitment.findings or not commitment.findings[lang].summary:
                continue
            url = site.url(f"commitments/{commitment.id}/", lang)
            phone.goto(url)
            status = phone.locator(".commitment-head .badges--verdict .badge").bounding_box()
            finding = phone.locator(".commitment-head .summary").bounding_box()
            assert status["y"] + status["height"] < PHONE["height"], f"{url}: the status ends at {status['y'] + status['height']:.0f} px"
            assert finding["y"] + finding["height"] < PHONE["height"], f"{url}: the finding ends at {finding['y'] + finding['height']:.0f} px"


def test_the_sections_fold_behind_menu_on_a_phone(phone, site):
    phone.goto(site.url(""))
    menu = phone.locator(".menu-toggle")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not phone.locator(".main-nav").is_visible()
    menu.focus()
    phone.keyboard.press("Enter")
    assert phone.locator(".main-nav").is_visible() and phone.locator("#site-search-input").is_visible()
    assert phone.locator(".menu-toggle").get_attribute("aria-expanded") == "true"


def test_plotly_is_fetched_only_when_a_reader_asks(phone, site):
    report = site.report
    with_chart = next(c for c in report.commitments if any(f.charts for f in c.findings.values()))
    lang = next(lang for lang in report.languages if lang in with_chart.findings and with_chart.findings[lang].charts)
    phone.goto(site.url(f"commitments/{with_chart.id}/", lang))
    phone.wait_for_load_state("networkidle")
    assert not [u for u in phone.requests if "plotly" in u], "no plotly.js on page load"
    button = phone.locator(".chart__show-interactive").first
    top = "el => el.getBoundingClientRect().top + window.scrollY"  # on the page, wherever it is scrolled
    image_top = phone.locator(".chart__plot[data-chart] picture").first.evaluate(top)
    button.focus()
    phone.keyboard.press("Enter")  # a real button: the keyboard works
    phone.wait_for_selector(".chart__interactive .main-svg", timeout=30_000)
    assert [u for u in phone.requests if u.endswith("plotly-basic.min.js")], "plotly.js fetched on request"
    chart = phone.locator(".chart__interactive").first
    assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    assert phone.evaluate("document.activeElement.classList.contains('chart__interactive')"), "focus goes to the chart"
    assert abs(chart.evaluate(top) - image_top) < 1, "the chart takes the image's place"
    assert phone.locator("details.chart__numbers").count() >= 1, "the table of numbers stays"
