"""Raw HTML in a finding passes an allow-list: what a report needs stays,
anything that runs code, loads things or hides a link does not."""

from __future__ import annotations

import json

import pytest

from conftest import build_report, copy_root, parse
from tests.support.pngs import png

FINDING = """Commitment: B1
Summary: Safe content.

## Kept

*[OCDS]: Open Contracting Data Standard

The portal publishes OCDS data[^src]. <abbr title="Freedom of information">FOI</abbr> requests went unanswered.

| Year | Published |
|------|-----------|
| 2021 | 1 200     |

<table class="raw"><caption>Requests</caption><thead><tr><th scope="col">Year</th></tr></thead>
<tbody><tr><td colspan="2">2020</td></tr></tbody></table>

<figure><img src="images/budget.png" alt="The budget"><figcaption>The citizens' budget, 2021</figcaption></figure>

<details><summary>Method</summary><p>We sent 40 requests.</p></details>

[^src]: Portal, accessed 2021-10-01.

## Dropped

<script>alert("script")</script>
<style>body { background: url(https://tracker.example/x.png) }</style>
<p style="background:url(https://tracker.example/y.png)" onclick="alert('click')" onmouseover="alert(2)">Styled paragraph</p>
<a href="javascript:alert('link')">js link</a> <a href="JaVaScRiPt:alert(1)">mixed case</a>
<a href="&#106;avascript:alert(1)">encoded</a> [markdown js](javascript:alert(3))
<iframe src="https://example.org/embed"></iframe>
<object data="https://example.org/x.swf"></object><embed src="https://example.org/y.swf">
<img src="images/budget.png" alt="inline" onerror="alert(4)">
<svg onload="alert(5)"><circle r="1"/></svg>
<form action="https://example.org/steal"><input name="password"></form>
<meta http-equiv="refresh" content="0; url=https://example.org/">
<base href="https://example.org/">
<link rel="stylesheet" href="https://example.org/x.css">
<a href="https://example.org/ok" target="_blank">a good link</a>
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    base = tmp_path_factory.mktemp("safe")
    report = copy_root("english-default", base)
    (report / "content/commitments/b1.md").write_text(FINDING, encoding="utf-8")
    (report / "content/images").mkdir()
    (report / "content/images/budget.png").write_bytes(png())  # images: tests/test_images.py
    assert build_report(report, base / "output") == 0
    html = (base / "output/commitments/B1/index.html").read_text(encoding="utf-8")
    tree = parse(base / "output/commitments/B1/index.html")
    return html, tree.xpath("//section[contains(@class,'finding')]")[0]


def test_keeps_tables_abbreviations_footnotes_figures_details(page):
    _, finding = page
    assert [a.get("title") for a in finding.xpath(".//abbr")] == ["Open Contracting Data Standard", "Freedom of information"]
    tables = finding.xpath(".//table")
    assert len(tables) == 2
    assert tables[1].xpath("caption")[0].text_content() == "Requests"
    assert tables[1].xpath(".//th/@scope") == ["col"] and tables[1].xpath(".//td/@colspan") == ["2"]
    reference = finding.xpath(".//sup/a")[0]
    footnote = finding.xpath(".//*[@id=$id]", id=reference.get("href").lstrip("#"))
    assert footnote and "Portal, accessed 2021-10-01." in footnote[0].text_content()
    figure = finding.xpath(".//figure")[0]
    assert figure.xpath("img/@src") == ["../../images/budget.png"] and figure.xpath("img/@alt") == ["The budget"]
    assert figure.xpath("figcaption")[0].text_content() == "The citizens' budget, 2021"
    assert finding.xpath(".//details/summary")[0].text_content() == "Method"


def test_drops_scripts_styles_handlers_and_javascript_links(page):
    html, finding = page
    assert not finding.xpath(".//script | .//style | .//iframe | .//object | .//embed | .//svg | .//form | .//input"
                             " | .//meta | .//base | .//link")
    assert not finding.xpath(".//@style")
    assert not [name for element in finding.iter() for name in element.attrib if name.lower().startswith("on")]
    hrefs = finding.xpath(".//a/@href")
    assert not [href for href in hrefs if "script:" in href.lower()], hrefs
    assert "https://example.org/ok" in hrefs
    assert finding.xpath(".//a[@href='https://example.org/ok']/@rel") == ["noopener"]
    assert finding.xpath(".//img[@alt='inline']/@src") == ["../../images/budget.png"]  # its onerror dropped
    assert "tracker.example" not in html and "alert(" not in html


def test_text_of_dropped_elements_is_not_executable(page):
    _, finding = page
    # what remains of a dropped link is its text, and the styled paragraph keeps its words
    assert "js link" in finding.text_content()
    assert finding.xpath(".//p[normalize-space()='Styled paragraph']")


# data inside <script> ------------------------------------------------------------------

OPENS = "<!--<script>"  # keeps a script element open past its end tag
CLOSES = "</script><b>x</b>"  # ends it early


@pytest.fixture(scope="module")
def chart_page(tmp_path_factory):
    """every-chart with markup in a dataset's cells and a chart's labels."""
    from conftest import ROOT
    from shadowreport.build import build

    base = tmp_path_factory.mktemp("script")
    report = copy_root("every-chart", base)
    (report / "data/water-tests.csv").write_text(
        f'year,tests_published,tests_planned\n"{OPENS}",120,400\n"{CLOSES}",210,400\n2024,95,\n', encoding="utf-8")
    finding = report / "content/commitments/w1.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace(
        "labels: {year: Year, tests_published: Published,", f"labels: {{year: '{CLOSES}', tests_published: '{OPENS}',"),
        encoding="utf-8")
    assert build(ROOT / "pelicanconf.py", output=base / "output", PATH=str(report / "content"),
                 SHADOWREPORT_PDFS=False, SHADOWREPORT_CACHE_PATH=str(base / "cache")) == 0
    return base / "output/commitments/W1/index.html"


def strings(value):
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def test_markup_in_chart_data_neither_ends_nor_opens_the_script(chart_page):
    import tinyhtml5

    tree = parse(chart_page)
    assert tree.xpath("//footer[@class='site-footer']"), "the page ends inside a <script>"
    finding = tree.xpath("//section[contains(@class,'finding')]")[0]
    assert "Satisfaction differs by district." in finding.text_content()
    assert len(finding.xpath(".//figure[contains(@class,'chart')]")) == 5
    # the same with an HTML5 parser of its own (WeasyPrint's), whatever libxml2 does
    spec = tinyhtml5.parse(chart_page.read_text(encoding="utf-8"))
    assert spec.find(".//{http://www.w3.org/1999/xhtml}footer") is not None

    scripts = finding.xpath(".//script[@class='chart__figure']")
    assert len(scripts) == 5
    for script in scripts:
        assert not set(script.text) & set("<>&\u2028\u2029")
    figure = json.loads(scripts[0].text)  # the bar chart of water-tests.csv
    assert {OPENS, CLOSES} <= set(strings(figure)), strings(figure)
    assert figure["data"][0]["x"][:2] == [OPENS, CLOSES]
