"""What readers and reusers get besides the pages: open data and its data
package, the sitemap, the feeds, link previews, the search index, the weight
of a page. Built from the fixture report and the demonstration (when
content/ is present)."""

from __future__ import annotations

import csv
import filecmp
import json
import re
import shutil
from pathlib import Path

import pytest
from frictionless import validate
from lxml import etree

from conftest import ROOT, ROOTS, build_report, copy_root, parse
from shadowreport.build import build
from shadowreport.loader import load_report
from shadowreport.scales import COMPLETION

SITEURL = "https://monitor.example.org/report"
HAS_DEMO = (ROOT / "content").is_dir() and (ROOT / "data").is_dir()
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "a": "http://www.w3.org/2005/Atom"}


def build_with_siteurl(report_dir: Path, output: Path) -> int:
    return build(ROOT / "pelicanconf.py", output=output, PATH=str(report_dir / "content"), SITEURL=SITEURL)


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    """The fixture report built as publishconf.py builds it, with a public address."""
    output = tmp_path_factory.mktemp("published") / "output"
    assert build_with_siteurl(ROOTS / "english-default", output) == 0
    return output


def _reports():
    yield pytest.param("english_site", ROOTS / "english-default", id="english-default")
    yield pytest.param("demo_site", ROOT, id="demo", marks=pytest.mark.skipif(not HAS_DEMO, reason="no content/ and data/ in this checkout"))


REPORTS = list(_reports())


def source_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader if any((v or "").strip() for v in row.values())]
        return [c.strip() for c in reader.fieldnames], rows


# open data -------------------------------------------------------------------


@pytest.mark.parametrize("site_fixture, report_dir", REPORTS)
def test_open_data_round_trips_the_register_and_milestones(request, site_fixture, report_dir):
    site = request.getfixturevalue(site_fixture)
    for name in ("commitments.csv", "milestones.csv"):
        columns, rows = source_rows(report_dir / "data" / name)
        published_columns, published = source_rows(site / "data" / name)
        assert published_columns == columns, name  # unknown columns included, in order
        assert published == rows, name
    columns, rows = source_rows(report_dir / "data" / "commitments.csv")
    as_json = json.loads((site / "data" / "commitments.json").read_text(encoding="utf-8"))
    assert as_json == rows
    assert all(list(record) == columns for record in as_json)


@pytest.mark.parametrize("site_fixture, report_dir", REPORTS)
def test_every_dataset_of_data_is_published(request, site_fixture, report_dir):
    site = request.getfixturevalue(site_fixture)
    sources = sorted(p.relative_to(report_dir / "data").as_posix() for p in (report_dir / "data").rglob("*.csv"))
    # and each dataset a recipe computes from data/raw/ (data/recipes/<name>.yml makes <name>.csv)
    derived = sorted(p.stem + ".csv" for p in (report_dir / "data" / "recipes").glob("*.yml"))
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    # every CSV of data/, those recipes compute, and the build's own tables: scales.csv
    # (the scales' words, scales.py), and with report.yml's members, members.csv and
    # monitoring.csv (who monitored which commitment, opendata.py)
    generated = {"scales.csv"} | ({"members.csv", "monitoring.csv"} if load_report(report_dir).members else set())
    paths = [r["path"] for r in package["resources"]]
    assert generated <= set(paths)
    assert sorted(p for p in paths if p.endswith(".csv") and p not in generated) == sorted(sources + derived)
    for name in derived:
        assert (site / "data" / name).read_text(encoding="utf-8").count("\n") > 1, name
    for name in sources:
        assert source_rows(site / "data" / name) == source_rows(report_dir / "data" / name), name


@pytest.mark.parametrize("site_fixture, report_dir", REPORTS)
def test_data_package_validates_with_scales_licence_and_sources(request, site_fixture, report_dir):
    site = request.getfixturevalue(site_fixture)
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    meta = load_report(report_dir)
    assert package["licenses"][0]["name"] == meta.licence
    assert package["title"] == meta.title.default
    assert meta.organisation.default in package["sources"][0]["title"]
    fields = {f["name"]: f for f in next(r for r in package["resources"] if r["name"] == "commitments")["schema"]["fields"]}
    assert fields["completion"]["constraints"]["enum"] == list(COMPLETION)
    assert set(fields) == set(meta.register_columns)


def test_data_package_catches_a_value_off_the_scale(english_site, tmp_path):
    """The schema is not decoration: a cell off the scale fails validation."""
    copy = tmp_path / "data"
    shutil.copytree(english_site / "data", copy)
    register = copy / "commitments.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(",substantial,", ",done,", 1), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    cells = [e for e in report.flatten(["rowNumber", "fieldName", "type"]) if e[0] is not None]
    assert cells == [[2, "completion", "constraint-error"]]


def test_chart_dataset_columns_get_number_types(english_site):
    package = json.loads((english_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    rulings = next(r for r in package["resources"] if r["path"] == "rulings.csv")
    assert [(f["name"], f["type"]) for f in rulings["schema"]["fields"]] == [
        ("year", "integer"), ("published", "integer"), ("total", "integer")]


def test_disclaimer_of_report_yml_is_in_the_data_package(tmp_path):
    report_dir = copy_root("english-default", tmp_path)
    with (report_dir / "data" / "report.yml").open("a", encoding="utf-8") as handle:
        handle.write("disclaimer: The figures are illustrative.\ndisclaimer_es: Las cifras son ilustrativas.\n")
    output = tmp_path / "output"
    assert build_report(report_dir, output) == 0
    package = json.loads((output / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "The figures are illustrative." in package["description"]
    assert "Las cifras son ilustrativas." in package["description"]


def test_a_broken_dataset_stops_the_build_with_its_name(tmp_path, capsys):
    report_dir = copy_root("english-default", tmp_path)
    (report_dir / "data" / "extra.csv").write_bytes("year,value\n2021,1,2\n".encode())
    output = tmp_path / "output"
    assert build_report(report_dir, output) == 1
    assert 'data/extra.csv, row 2: has 3 cells but the header has 2 columns' in capsys.readouterr().err
    assert not output.exists()


def test_evidence_files_and_datasets_in_folders_are_published(tmp_path):
    report_dir = copy_root("english-default", tmp_path)
    (report_dir / "data" / "evidence").mkdir()
    (report_dir / "data" / "evidence" / "letter.pdf").write_bytes(b"%PDF-1.4 a letter")
    (report_dir / "data" / "charts").mkdir()
    (report_dir / "data" / "charts" / "Budget Shares.csv").write_text("year,share\n2021,0.5\n2022,\n", encoding="utf-8")
    milestones = report_dir / "data" / "milestones.csv"
    milestones.write_text(milestones.read_text(encoding="utf-8").replace(",limited,\n", ",limited,evidence/letter.pdf\n"), encoding="utf-8")
    output = tmp_path / "output"
    assert build_report(report_dir, output) == 0
    assert (output / "data" / "evidence" / "letter.pdf").read_bytes() == b"%PDF-1.4 a letter"
    link = parse(output / "commitments" / "J1" / "index.html").xpath("//table[contains(@class,'milestones')]//a[contains(@href,'letter')]/@href")
    assert link == ["../../data/evidence/letter.pdf"]
    package = json.loads((output / "data" / "datapackage.json").read_text(encoding="utf-8"))
    chart = next(r for r in package["resources"] if r["path"] == "charts/Budget Shares.csv")
    assert chart["name"] == "charts-budget-shares"
    assert [(f["name"], f["type"]) for f in chart["schema"]["fields"]] == [("year", "integer"), ("share", "number")]
    assert validate(str(output / "data" / "datapackage.json")).valid
    page = parse(output / "open-data" / "index.html")
    assert "evidence/letter.pdf" in page.xpath("//ul[@class='data-files']/li/a/text()")


def test_open_data_page_lists_every_file_in_every_language(english_site):
    package = json.loads((english_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for prefix in ("", "es/"):
        page = parse(english_site / prefix / "open-data" / "index.html")
        links = page.xpath("//ul[@class='data-files']/li/a/@href")
        depth = "../" * (prefix.count("/") + 1)
        assert links == [depth + "data/" + r["path"] for r in package["resources"]] + [depth + "data/datapackage.json"]
        sizes = page.xpath("//ul[@class='data-files']//*[@class='data-files__size']/text()")
        assert len(sizes) == len(links) and all(s.strip("()") for s in sizes)
        # every page's footer leads to it
        assert page.xpath("//footer//a[@href='./']") or page.xpath("//footer//a[contains(@href,'open-data/')]")


# discovery --------------------------------------------------------------------


def test_sitemap_lists_every_page_in_every_language_with_alternates(published_site):
    tree = etree.parse(str(published_site / "sitemap.xml"))
    locs = tree.xpath("//s:url/s:loc/text()", namespaces=NS)
    pages = sorted(p.relative_to(published_site).as_posix() for p in published_site.rglob("index.html"))
    assert sorted(loc[len(SITEURL) + 1:] + "index.html" for loc in locs) == pages
    assert any("/es/" in loc for loc in locs) and any("/es/" not in loc for loc in locs)
    for url in tree.xpath("//s:url", namespaces=NS):
        alternates = {a.get("hreflang"): a.get("href") for a in url.xpath("x:link", namespaces=NS)}
        assert set(alternates) == {"en", "es", "x-default"}
        assert url.xpath("string(s:loc)", namespaces=NS) in alternates.values()


def test_no_sitemap_without_a_public_address(english_site):
    assert not (english_site / "sitemap.xml").exists()


def test_hreflang_links_are_absolute_with_a_public_address(published_site, english_site):
    tree = parse(published_site / "es" / "commitments" / "J1" / "index.html")
    links = {link.get("hreflang"): link.get("href") for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")}
    assert links == {"en": SITEURL + "/commitments/J1/", "es": SITEURL + "/es/commitments/J1/"}
    assert tree.xpath("//meta[@property='og:url']/@content") == [SITEURL + "/es/commitments/J1/"]
    tree = parse(english_site / "es" / "commitments" / "J1" / "index.html")
    links = {link.get("hreflang"): link.get("href") for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")}
    assert links == {"en": "../../../commitments/J1/", "es": "./"}


def test_feed_of_findings_per_language(published_site):
    report = load_report(ROOTS / "english-default")
    for lang in report.languages:
        feed = etree.parse(str(published_site / "feeds" / f"{lang}.atom.xml"))
        entries = feed.xpath("//a:entry", namespaces=NS)
        assert len(entries) == len(report.commitments)
        prefix = "" if lang == report.default_lang else f"{lang}/"
        links = feed.xpath("//a:entry/a:link/@href", namespaces=NS)
        assert links == [f"{SITEURL}/{prefix}commitments/{c.id}/" for c in report.commitments]
        ids = feed.xpath("//a:entry/a:id/text()", namespaces=NS)
        assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
        assert feed.xpath("string(/a:feed/a:updated)", namespaces=NS) == "2023-09-15T00:00:00Z"
    feed = etree.parse(str(published_site / "feeds" / "en.atom.xml"))
    j1 = feed.xpath("//a:entry[1]/a:summary/text()", namespaces=NS)[0]
    assert j1 == "Our finding: Substantial. Rulings are online, but <i>not</i> all of them."


def test_link_previews_show_the_commitment_and_its_status(english_site):
    tree = parse(english_site / "commitments" / "J1" / "index.html")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//head/meta[@content]")}
    assert meta["og:title"] == "J1. Publish court rulings <script>alert(1)</script> online"
    assert meta["og:description"] == "Our finding: Substantial. Rulings are online, but <i>not</i> all of them."
    assert meta["twitter:card"] == "summary"
    assert meta["og:locale"] == "en"
    assert "og:url" not in meta  # no public address, no absolute URL to give


def test_two_builds_are_byte_identical(published_site, tmp_path):
    again = tmp_path / "output"
    assert build_with_siteurl(ROOTS / "english-default", again) == 0
    first = sorted(p.relative_to(published_site) for p in published_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(published_site, again, [str(p) for p in first], shallow=False)
    assert mismatch == [] and errors == []


# search and weight ----------------------------------------------------------


@pytest.mark.parametrize("site_fixture, report_dir", REPORTS)
def test_search_index_has_every_language(request, site_fixture, report_dir):
    site = request.getfixturevalue(site_fixture)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    report = load_report(report_dir)
    assert set(report.languages) <= set(entry["languages"])
    for lang in report.languages:
        pages = sum(1 for page in site.rglob("index.html") if parse(page).xpath("//html/@lang") == [lang])
        assert entry["languages"][lang]["page_count"] == pages, lang
    tree = parse(site / "index.html")
    box = tree.xpath("//*[@data-search]")[0]
    # never a dead box without JavaScript: site.css hides it unless the head's
    # first script has set html.js (then it is there from the first paint, and
    # nothing moves when search.js arrives); test_browser.py's
    # test_pages_read_without_javascript checks both in a browser
    assert box.get("hidden") is None
    assert 'classList.add("js")' in tree.xpath("//head/script[not(@src)]")[0].text


@pytest.mark.parametrize("site_fixture, report_dir", REPORTS)
def test_a_commitment_page_weighs_under_60_kb_and_needs_no_script_to_read(request, site_fixture, report_dir):
    site = request.getfixturevalue(site_fixture)
    for page in sorted((site / "commitments").glob("*/index.html")):
        html = page.stat().st_size
        tree = parse(page)
        # every stylesheet the page links, counted once each
        css = sum((page.parent / href).resolve().stat().st_size
                  for href in set(tree.xpath("//link[@rel='stylesheet']/@href")))
        # docs/quality.md's bar is for a page without charts; a page with
        # charts (narrow and wide drawings, their provenance and how to cite
        # them) is held to a looser bound, so that it cannot grow unseen
        bound = 80 if tree.xpath("//figure[contains(@class, 'chart')]") else 60
        assert html + css < bound * 1024, (page, html, css, bound)
        # every font face the page's stylesheets declare says which characters
        # it is for, so that the page downloads only its own scripts' files
        # (which files a page really fetches: test_browser.py)
        for href in set(tree.xpath("//link[@rel='stylesheet']/@href")):
            faces = re.findall(r"@font-face\s*{[^}]*}", (page.parent / href).resolve().read_text(encoding="utf-8"))
            assert all("unicode-range:" in face for face in faces), (href, [f for f in faces if "unicode-range" not in f][:1])
        # executable scripts are the theme's own, deferred; a chart's figure
        # rides along as inert JSON data; the one inline line in the head
        # only marks the page as read with JavaScript (html.js), so that what
        # the scripts drive is laid out from the first paint
        assert all(s.get("defer") is not None for s in tree.xpath("//script[@src]"))
        inline = [s for s in tree.xpath("//script[not(@src)]") if s.get("type") != "application/json"]
        assert [s.text for s in inline] == ['document.documentElement.classList.add("js")'], page
        assert inline[0].getparent().tag == "head"
