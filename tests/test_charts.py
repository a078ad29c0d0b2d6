"""Charts: chart blocks drawn with plotly, static SVG through kaleido with a
cache, and the report's own charts (a block's mistakes at load time:
test_chart_block_messages.py).

One cold build of tests/roots/every-chart (every chart type, English and
Russian) is shared by the tests; a second build with the same cache must
draw nothing, a third after changing one CSV exactly the charts it feeds.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_root, parse
from lxml import html as lxml_html
from shadowreport.build import build
from shadowreport.loader import load_report


TYPES = ["bar", "stacked-bar", "line", "pie", "scatter"]
TITLES = {
    "en": ["Water tests published and planned", "Satisfaction with water quality information",
           "Tests published per year", "Complaints by channel", "Smaller towns test more"],
    "ru": ["Опубликованные и запланированные анализы воды", "Satisfaction with water quality information",
           "Tests published per year", "Complaints by channel", "Smaller towns test more"],
}


class DrawnCounter(logging.Handler):
    """Counts what the exporter says it drew (not timings)."""

    PATTERN = re.compile(r"charts: drew (\d+) static charts, (\d+) were in the cache")

    def __init__(self):
        super().__init__(logging.INFO)
        self.drawn: list[tuple[int, int]] = []

    def emit(self, record):
        match = self.PATTERN.match(record.getMessage())
        if match:
            self.drawn.append((int(match[1]), int(match[2])))


def counted_build(report_dir: Path, output: Path, cache: Path) -> tuple[int, tuple[int, int]]:
    logger = logging.getLogger("shadowreport.charts.export")
    counter, level = DrawnCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.INFO)
    try:
        code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report_dir / "content"),
                     SHADOWREPORT_CACHE_PATH=str(cache))
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    return code, (counter.drawn[-1] if counter.drawn else (0, 0))


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """Three builds of one report sharing one cache: cold, unchanged, one CSV changed."""
    base = tmp_path_factory.mktemp("charts")
    root = copy_root("every-chart", base)
    cache = base / "cache"
    cold = counted_build(root, base / "cold", cache)
    warm = counted_build(root, base / "warm", cache)
    data = root / "data/water-tests.csv"
    data.write_text(data.read_text().replace("2024,95,", "2024,96,"))
    changed = counted_build(root, base / "changed", cache)
    return {"root": root, "cache": cache, "cold": cold, "warm": warm, "changed": changed,
            "site": base / "cold", "warm_site": base / "warm"}


@pytest.fixture(scope="session")
def site(builds) -> Path:
    assert builds["cold"][0] == 0
    return builds["site"]


def figures(page: Path):
    return parse(page).xpath("//figure[contains(concat(' ', @class, ' '), ' chart ')]")


def parse_fragment(text: str):
    return lxml_html.fromstring(f"<div>{text}</div>")


def resolve(page: Path, link: str) -> Path:
    return (page.parent / link).resolve()


# every chart type ------------------------------------------------------------


@pytest.mark.parametrize("lang,prefix", [("en", ""), ("ru", "ru/")])
def test_every_chart_type_renders_with_title_image_table_and_csv(site, lang, prefix):
    page = site / prefix / "commitments/W1/index.html"
    charts = authored(page)
    assert [f.get("class").split()[1] for f in charts] == [f"chart--{t}" for t in TYPES]
    for figure, title in zip(charts, TITLES[lang]):
        assert figure.xpath("./figcaption")[0].text_content().strip() == title
        image = figure.xpath(".//img")[0]
        svg = resolve(page, image.get("src")).read_text()
        assert svg.startswith("<svg") and "<text" in svg, "the fallback is a vector image with real text"
        # the project's families (theme/fonts.yml), each script's, listed without
        # spaces: WeasyPrint finds only the first family of a spaced list
        assert "font-family: 'Report Sans','Report Sans Armenian'" in svg
        assert title in image.get("alt"), "the image's text alternative names the chart"
        spec = json.loads(figure.xpath(".//script[@type='application/json']")[0].text)
        assert spec["data"] and spec["layout"]["template"]["layout"]["font"]["family"].startswith('"Report Sans","Report Sans Armenian"')
        link = figure.xpath(".//a[@download]")[0].get("href")
        data_file = resolve(page, link)
        assert data_file.read_bytes() == (ROOT / "tests/roots/every-chart/data" / data_file.relative_to(site / "data")).read_bytes()
        rows = figure.xpath(".//details//table/tbody/tr")
        with data_file.open(encoding="utf-8") as handle:
            assert len(rows) == len(list(csv.DictReader(handle)))
        assert figure.xpath(".//details/summary")


def authored(page: Path):
    return [f for f in figures(page) if "chart--timeline" not in f.get("class")]


def test_chart_text_is_in_the_page_language(site):
    english = authored(site / "commitments/W1/index.html")
    russian = authored(site / "ru/commitments/W1/index.html")
    # labels_ru, and the dataset's district_ru and answer_ru columns
    assert [th.text_content() for th in russian[0].xpath(".//thead//th")] == ["Год", "Опубликовано", "Запланировано"]
    assert [th.text_content() for th in russian[1].xpath(".//thead//th")] == ["District", "answer", "Share (%)"]
    cells = [[c.text_content() for c in row.xpath("./*")] for row in russian[1].xpath(".//tbody/tr")]
    assert cells[0] == ["Север", "Доволен", "41,5"]
    assert cells[2] == ["South", "Доволен", "63"], "an empty translation falls back to the column itself"
    assert [[c.text_content() for c in row.xpath("./*")] for row in english[1].xpath(".//tbody/tr")][0] == ["North", "Satisfied", "41.5"]
    # a title written only in English is marked as English on the Russian page
    assert russian[1].xpath("./figcaption/@lang") == ["en"]
    assert russian[0].xpath("./figcaption/@lang") == []
    assert json.loads(russian[0].xpath(".//script")[0].text)["layout"]["separators"].startswith(",")


def test_code_block_showing_a_chart_stays_code(site):
    code = parse(site / "commitments/W1/index.html").xpath("//pre/code")
    assert code and code[0].text_content().startswith("```chart")


def test_plotly_only_on_pages_with_interactive_charts(site):
    """charts.js only where an interactive chart is; plotly.js is never a
    script of a page: charts.js loads it when a reader asks (data-plotly)."""
    for page in site.rglob("index.html"):
        scripts = [s for s in parse(page).xpath("//script[@src]") if Path(s.get("src")).name in ("plotly-basic.min.js", "charts.js")]
        if "commitments/W1/" in page.as_posix():
            assert [Path(s.get("src")).name for s in scripts] == ["charts.js"]
            assert resolve(page, scripts[0].get("src")).is_file()
            assert Path(scripts[0].get("data-plotly")).name == "plotly-basic.min.js"
            assert resolve(page, scripts[0].get("data-plotly")).is_file()
        else:
            assert scripts == [], page


def test_nothing_points_to_another_host(site):
    for page in site.rglob("*.html"):
        for link in parse(page).xpath("//script/@src | //img/@src | //link/@href"):
            assert not link.startswith(("http:", "https:", "//")), (page, link)
    for svg in (site / "charts").glob("*.svg"):
        text = svg.read_text()
        assert not re.search(r'(href|src)="(https?:)?//', text), svg


def test_every_markdown_renderer_makes_chart_blocks_slots():
    """Chart blocks are the format's, not a setting's: a renderer made from
    Pelican's bare MARKDOWN settings (as the PDFs' and the tests' are) still
    turns them into slots, never into a code listing."""
    from shadowreport.render import MarkdownRenderer

    block = "Text.\n\n```chart\ndata: water-tests.csv\ntype: bar\nx: year\ny: tests_published\n```\n"
    for settings in ({}, {"extensions": ["markdown.extensions.extra"]}):
        html = MarkdownRenderer(settings).render(block)
        assert re.search(r'<div class="chart-slot" id="chart-[0-9a-f]+"></div>', html), html
        assert "<code" not in html


def test_print_medium_inlines_the_svg_and_shows_the_table(builds, site):
    """What the PDFs call: ReportCharts.fill_slots(html, lang, "print")."""
    from pelican.settings import read_settings
    from shadowreport.charts.site import ReportCharts
    from shadowreport.render import FINDING, MarkdownRenderer

    root = builds["root"]
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(root / "content"),
                                                                     "SHADOWREPORT_CACHE_PATH": str(builds["cache"])})
    report = load_report(root)
    finding = report.commitment("W1").findings["en"]
    finding.html = MarkdownRenderer(settings["MARKDOWN"]).render(finding.body, FINDING)
    charts = ReportCharts(report, settings)
    charts.exporter.export(charts.all())
    assert charts.exporter.drawn == 0, "the build drew them already"
    tree = parse_fragment(charts.fill_slots(finding.html, "en", "print"))
    figures_ = tree.xpath("//figure")
    assert [f.get("class").split()[1] for f in figures_] == [f"chart--{t}" for t in TYPES]
    for figure, title in zip(figures_, TITLES["en"]):
        assert figure.xpath("./figcaption")[0].text_content() == title
        assert figure.xpath(".//*[local-name()='svg']//*[local-name()='text']"), "vector chart with real text, inline"
        assert figure.xpath(".//table/tbody/tr") and not figure.xpath(".//details | .//script | .//img")
    timeline = charts.render(charts.report_chart("timeline", "ru", report.commitment("W1")), "print", "ru")
    assert "<svg" in timeline and "<table" in timeline


# the report's own charts ---------------------------------------------------------


def test_overview_has_completion_by_area_and_self_assessment(site):
    charts = {f.get("class").split()[1]: f for f in figures(site / "index.html")}
    assert set(charts) == {"chart--stacked-bar", "chart--comparison"}
    # under headings that say the same, the titles are for screen readers only
    for figure in charts.values():
        caption = figure.xpath("./figcaption")[0]
        assert "chart__title--hidden" in caption.get("class") and caption.text_content().strip()
    with (site / "charts/data/completion-by-area.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["area"], r["limited"], r["substantial"], r["not-started"], r["complete"], r["total"]) for r in rows] == [
        ("water", "1", "1", "0", "0", "2"), ("schools", "0", "0", "1", "1", "2")]
    with (site / "charts/data/self-assessment.csv").open(encoding="utf-8") as handle:
        gaps = {r["commitment"]: r["steps_claimed_above_finding"] for r in csv.DictReader(handle)}
    assert gaps == {"W1": "2", "W2": "0", "S1": "1"}
    svg = resolve(site / "index.html", charts["chart--comparison"].xpath(".//img/@src")[0]).read_text()
    assert "Government claims more" in svg
    table = [[c.text_content() for c in row.xpath("./*")] for row in charts["chart--comparison"].xpath(".//tbody/tr")]
    assert table[0] == ["W1. Publish water quality tests", "Complete", "Limited"]


def test_milestone_timeline_only_where_there_are_milestones(site):
    w1 = [f for f in figures(site / "commitments/W1/index.html") if "chart--timeline" in f.get("class")]
    assert len(w1) == 1
    svg = resolve(site / "commitments/W1/index.html", w1[0].xpath(".//img/@src")[0]).read_text()
    assert "End of the plan" in svg and "Report published" in svg
    russian = [f for f in figures(site / "ru/commitments/W1/index.html") if "chart--timeline" in f.get("class")]
    ru_svg = resolve(site / "ru/commitments/W1/index.html", russian[0].xpath(".//img/@src")[0]).read_text()
    assert "июл. 2022" in ru_svg or "июль 2022" in ru_svg or "июл 2022" in ru_svg, "date ticks in Russian"
    assert not [f for f in figures(site / "commitments/S2/index.html") if "chart--timeline" in f.get("class")]
    with (site / "charts/data/milestones-W1.csv").open(encoding="utf-8") as handle:
        assert [r["due"] for r in csv.DictReader(handle)] == ["2022-06", "2023-12-31", "2024-03"]


# the cache -----------------------------------------------------------------------


def test_unchanged_rebuild_draws_nothing_and_a_changed_csv_only_its_charts(builds):
    drawn, cached = builds["cold"][1]
    assert drawn > 10 and cached == 0, builds
    assert builds["warm"] == (0, (0, drawn)), builds
    # water-tests.csv feeds the bar and the line chart, on the English and the
    # Russian page, each drawn wide and narrow (for phones)
    assert builds["changed"] == (0, (8, drawn - 8)), builds
    page = "commitments/W1/index.html"
    assert (builds["site"] / page).read_bytes() == (builds["warm_site"] / page).read_bytes()


def test_cache_lives_outside_content_data_and_output(builds):
    assert any(builds["cache"].joinpath("charts").glob("*.svg"))
    root = builds["root"]
    assert not list(root.joinpath("content").rglob("*.svg")) and not list(root.joinpath("data").rglob("*.svg"))


# the demonstration report ------------------------------------------------------------


@pytest.mark.skipif(not (ROOT / "content/commitments").is_dir(), reason="the demonstration report is not in content/")
def test_demo_chart_blocks_all_render(demo_site):
    report = load_report(ROOT)
    blocks = 0
    for commitment in report.commitments:
        for lang, finding in commitment.findings.items():
            written = len(re.findall(r"^```chart[ \t]*$", finding.body, flags=re.M))
            prefix = "" if lang == report.default_lang else f"{lang}/"
            page = demo_site / prefix / "commitments" / commitment.id / "index.html"
            assert len(finding.charts) == written
            assert len(authored(page)) == written, page
            blocks += written
    assert blocks, "the demonstration report shows at least one chart block"
    assert {f.get("class").split()[1] for f in figures(demo_site / "index.html")} == {"chart--stacked-bar", "chart--comparison"}


def test_missing_chromium_is_named(tmp_path, monkeypatch):
    from shadowreport.charts.chart import Chart, Table
    from shadowreport.charts.export import INSTALL_HINT, ChartExportError, Exporter

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    chart = Chart("test", "en", "bar", "T", {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {}}, 300, 200,
                  Table(["x"], [["1"]], [True]), "data/x.csv")
    with pytest.raises(ChartExportError, match="needs Chromium") as raised:
        Exporter(tmp_path / "cache").export([chart])
    assert str(raised.value) == INSTALL_HINT


def test_svgs_carry_no_random_ids(site):
    """plotly's random ids are replaced (export.stable_svg, fixed trace uids):
    two clean builds give the same bytes."""
    for svg in (site / "charts").glob("*.svg"):
        text = svg.read_text()
        assert re.search(r'id="defs-' + svg.stem[:12] + '"', text), svg
        assert all(uid.startswith("trace-") for uid in re.findall(r'class="trace \w+ trace([\w-]+)"', text)), svg


# in a browser ---------------------------------------------------------------------------


@pytest.fixture
def browser(chromium):
    return chromium


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_charts_in_the_browser(site, browser, javascript):
    page = browser.new_page(java_script_enabled=javascript)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "commitments/W1/index.html").as_uri())
    if javascript:
        page.wait_for_load_state("load")
        assert page.locator(".chart__interactive").count() == 0, "static first: interactive only on request"
        buttons = page.locator(".chart__show-interactive")
        assert buttons.count() == 5
        for number in range(5):
            buttons.first.click()  # a pressed button goes with its image
            page.wait_for_function(f"document.querySelectorAll('.chart__interactive .main-svg').length >= {number + 1}"
                                   f" && document.querySelectorAll('.chart__show-interactive').length === {4 - number}", timeout=20000)
        assert page.locator(".chart__plot[data-chart] img").count() == 0, "the static images gave way"
        assert page.locator(".chart__interactive[role=img]").count() == 5
    else:
        page.wait_for_load_state("load")
        page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_function("[...document.querySelectorAll('.chart__plot img')].every(i => i.complete && i.naturalWidth > 0)")
        assert page.locator(".chart__plot img").count() == 6  # five chart blocks and the timeline
        assert page.locator(".chart__interactive").count() == 0
    page.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []


def test_served_plotly_bundle_matches_the_python_package():
    """The site and kaleido use the vendored basic bundle; it must be the
    plotly.js version of the pinned plotly package (see export.py to update)."""
    import plotly
    from shadowreport.charts.export import BUNDLE

    def version(path: Path) -> str:
        return re.search(r"plotly\.js (?:\(basic - minified\) )?v(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")[:300])[1]

    assert version(BUNDLE) == version(Path(plotly.__file__).parent / "package_data/plotly.min.js")


def luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def test_chart_colours_stay_apart_in_greyscale():
    from shadowreport.charts import theme

    # statuses: the more done, the darker; the two off the scale are hatched
    fills = [luminance(theme.STATUS_STYLE[s][0]) for s in ("complete", "substantial", "limited", "not-started")]
    assert fills == sorted(fills) and all(b / a > 1.4 for a, b in zip(fills, fills[1:]))
    assert theme.STATUS_STYLE["no-evidence"][1] and theme.STATUS_STYLE["withdrawn"][1]
    # series: neighbours differ in lightness (contrast ratio), not in hue alone
    series = [luminance(c) for c in theme.SERIES[:6]]
    assert all((max(a, b) + 0.05) / (min(a, b) + 0.05) >= 1.45 for a, b in zip(series, series[1:])), series
