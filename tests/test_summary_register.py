"""The reader's and donor's part of the report: the executive summary with its
"at a glance" box (counted from the register), the register's IRM columns
everywhere in one order, area introductions, one word per rating value
(badges, methodology, charts, open data), bare addresses as links, chart
images to download and a preview image per commitment."""

from __future__ import annotations

import csv
import functools
import re
import struct
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, ROOTS, copy_root, parse
from shadowreport.build import build
from shadowreport.scales import COMPLETION, POTENTIAL_IMPACT

SITEURL = "https://monitor.example.org/report"
ENGLISH = {"no-evidence": "No evidence", "not-started": "Not started", "limited": "Limited",
           "substantial": "Substantial", "complete": "Complete", "withdrawn": "Withdrawn"}
RANK = {"not-started": 0, "limited": 1, "substantial": 2, "complete": 3}


def register(report_dir: Path) -> list[dict[str, str]]:
    with (report_dir / "data" / "commitments.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_glance(rows: list[dict[str, str]]) -> dict:
    """The box's numbers, counted here from the CSV, independently of views.py."""
    claims = [r["id"] for r in rows if r["government_completion"] in RANK
              and RANK[r["government_completion"]] > RANK.get(r["completion"], -1)]
    strong = [r["id"] for r in rows if r["completion"] in ("substantial", "complete")
              and r["opened_government"] in ("major", "outstanding")]
    return {
        "completion": Counter(r["completion"] for r in rows),
        "potential_impact": Counter(r["potential_impact"] for r in rows),
        "opened_government": Counter(r["opened_government"] for r in rows),
        "claims": claims, "strong": strong,
        "reported": sum(1 for r in rows if r["government_completion"]),
    }


def text_of(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def glance_numbers(tree) -> dict:
    box = tree.xpath('//section[@class="glance"]')[0]
    completion = {}
    for item in box.xpath('.//ul[contains(@class,"glance__completion")]/li'):
        completion[text_of(item.xpath('.//*[@class="figure__label"]')[0])] = int(text_of(item.xpath('.//*[@class="figure__number"]')[0]))
    groups = {}
    for group in box.xpath('.//div[@class="glance__group"]'):
        name = text_of(group.xpath("./*[1]")[0])
        groups[name] = {" ".join(text_of(li).split()[1:]): int(text_of(li).split()[0]) for li in group.xpath(".//li")}
    headed = {text_of(h).rsplit(":", 1)[0]: int(text_of(h).rsplit(":", 1)[1]) for h in box.xpath('.//*[@class="glance__scale"]') if ":" in text_of(h)}
    linked_groups = box.xpath('.//div[contains(@class,"glance__group ")]')
    links = {div.get("class").split()[-1]: [a.get("href") for a in div.xpath(".//a")] for div in linked_groups}
    return {"completion": completion, "groups": groups, "headed": headed, "links": links, "text": text_of(box)}


# the summary and its box, on the home page ---------------------------------------------


def test_home_page_opens_with_the_summary_and_the_counts_of_the_register(demo):
    rows = register(ROOT)
    expected = expected_glance(rows)
    tree = parse(demo / "en" / "index.html")
    section = tree.xpath('//section[@class="summary-section"]')[0]
    # first thing after the report's head: the authors' summary, then the box
    assert tree.xpath('//main/section[1]/@class') == ["summary-section"]
    assert text_of(section.xpath(".//h2")[0]) == "Summary"
    assert [text_of(h) for h in section.xpath('.//div[@class="report-summary"]/h2')] == ["Summary", "Key findings", "Recommendations"]
    assert len(section.xpath('.//div[@class="report-summary"]/ol/li')) == 5
    box = glance_numbers(tree)
    assert box["completion"] == {ENGLISH[v]: expected["completion"][v] for v in COMPLETION if expected["completion"][v]}
    impact = box["groups"]["Potential impact"]
    assert impact == {**{v.capitalize(): expected["potential_impact"][v] for v in POTENTIAL_IMPACT if expected["potential_impact"][v]},
                      **({"not rated": expected["potential_impact"][""]} if expected["potential_impact"][""] else {})}
    opened = box["groups"]["Did it open government?"]
    assert sum(opened.values()) == len(rows)
    assert opened["not rated"] == expected["opened_government"][""]
    assert opened["Marginal"] == expected["opened_government"]["marginal"]
    assert box["headed"]["Strong results"] == len(expected["strong"])
    assert box["headed"]["The government claims more than we found"] == len(expected["claims"])
    assert box["links"]["glance__claims"] == [f"commitments/{i}/" for i in expected["claims"]]
    assert f"Of the {expected['reported']} commitments on which the government reported, out of {len(rows)}." in box["text"]
    assert "Commitments whose completion is Substantial or Complete and that opened government Major or Outstanding." in box["text"]


def test_the_summary_in_each_language_and_russian_words_in_the_box(demo):
    ru = parse(demo / "index.html")
    assert text_of(ru.xpath('//div[@class="report-summary"]/h2')[0]) == "Краткое содержание"
    assert "Коротко в цифрах" in glance_numbers(ru)["text"]
    ky = parse(demo / "ky" / "index.html")
    assert text_of(ky.xpath('//div[@class="report-summary"]/h2')[0]) == "Кыскача мазмуну"
    assert not ky.xpath('//div[@class="report-summary"][@lang]')  # its own, not the fallback


def pdf_pages(pdf: Path, first: int, last: int) -> list[str]:
    return [subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True,
                           check=True, timeout=120).stdout for page in range(first, last + 1)]


def page_headed(pages: list[str], heading: str) -> int:
    """Index of the first page with `heading` in its first lines."""
    return next(i for i, page in enumerate(pages) if heading in page.split("\n")[:6])


def test_whole_report_pdf_opens_with_the_summary_and_the_same_counts(demo):
    expected = expected_glance(register(ROOT))
    for prefix, contents, summary, glance, claims in (
            ("", "Содержание", "Краткое содержание", "Коротко в цифрах", "Правительство заявляет больше, чем мы обнаружили"),
            ("en/", "Contents", "Summary", "At a glance", "The government claims more than we found")):
        pages = pdf_pages(demo / f"{prefix}pdf" / "report.pdf", 1, 8)
        starts = functools.partial(page_headed, pages)
        # the summary opens the report: its first page right after the contents, the box after it
        assert starts(contents) < starts(summary) <= starts(contents) + 2
        assert "Recommendations" in pages[starts(summary)] or "Рекомендации" in pages[starts(summary)]
        after = "\n".join(pages[starts(summary):])
        box = after.split(glance, 1)[1]
        flat = " ".join(box.split())
        assert f"{claims}: {len(expected['claims'])}" in flat
        assert re.search(r": %d\b" % len(expected["strong"]), flat)
        counts = [int(n) for n in re.findall(r"(?m)^\s*(\d+)\s*$", box)][:6]  # the six completion figures, in the scale's order
        assert counts == [expected["completion"][v] for v in COMPLETION if expected["completion"][v]], box[:800]


# the register's columns -------------------------------------------------------------------

EN_COLUMNS = ["Our finding", "Potential impact", "Did it open government?", "Government's self-assessment", "IRM"]


def test_register_columns_in_one_order_on_overview_area_pages_and_annex(demo):
    overview = parse(demo / "en" / "index.html")
    headers = [text_of(th) for th in overview.xpath('//table[contains(@class,"commitments")]//thead//th')]
    assert headers == ["№", "Commitment", "Area", "Lead agency", *EN_COLUMNS]
    area = parse(demo / "en" / "areas" / "open-data" / "index.html")
    assert [text_of(th) for th in area.xpath('//table[contains(@class,"commitments")]//thead//th')] == ["№", "Commitment", "Lead agency", *EN_COLUMNS]
    row = area.xpath('//table[contains(@class,"commitments")]//tbody/tr[td[1]="1"]')[0]
    assert [text_of(td) for td in row.xpath("./td")][3:6] == ["Substantial", "Moderate", "Marginal"]  # commitment 1's row of the register
    annex = subprocess.run(["pdftotext", "-layout", str(demo / "en" / "pdf" / "report.pdf"), "-"], capture_output=True,
                           text=True, check=True, timeout=120).stdout.split("Annex: the register of commitments")[-1]
    positions = [annex.find(word) for word in ("Our", "Potential", "Did it", "Govern", "IRM")]
    assert -1 not in positions and positions == sorted(positions), positions


def test_area_page_shows_its_introduction_with_its_chart(demo):
    tree = parse(demo / "en" / "areas" / "open-data" / "index.html")
    intro = tree.xpath('//section[@class="area-intro"]')[0]
    assert "The commitments of this area were to open up the data" in text_of(intro)
    assert intro.xpath('.//figure[contains(@class,"chart")]//img')
    ky = parse(demo / "ky" / "areas" / "open-data" / "index.html")  # no Kyrgyz introduction: the Russian one, said so
    assert ky.xpath('//section[@class="area-intro"][@lang="ru"]')
    assert not parse(demo / "en" / "areas" / "services" / "index.html").xpath('//section[@class="area-intro"]')


# one word per rating value ------------------------------------------------------------------


def scales_csv(site: Path) -> list[dict[str, str]]:
    with (site / "data" / "scales.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("lang, prefix, column", [("ru", "", "label"), ("en", "en/", "label_en")])
def test_one_word_per_rating_value_in_badges_methodology_charts_and_open_data(demo, lang, prefix, column):
    words = {(row["scale"], row["value"]): row[column] for row in scales_csv(demo)}
    # the methodology's scale tables: built from the same words
    methodology = parse(demo / f"{prefix}methodology" / "index.html")
    for table in methodology.xpath("//table[.//code]"):
        for tr in table.xpath(".//tbody/tr"):
            value, word = text_of(tr.xpath("./td[1]")[0]), text_of(tr.xpath("./td[2]")[0])
            matches = [key for key in words if key[1] == value]
            assert matches and any(words[key] == word for key in matches), (value, word)
    assert len(methodology.xpath("//table[.//code]")) == 4
    # badges on each commitment page, and the register's cells
    for row in register(ROOT):
        page = parse(demo / f"{prefix}commitments" / row["id"] / "index.html")
        badge = text_of(page.xpath('//p[contains(@class,"badges--verdict")]/span[contains(@class,"status")]')[0])
        assert badge.endswith(words[("completion", row["completion"])]), badge
    # the charts: the completion chart's legend and its table
    overview = (demo / f"{prefix}index.html").read_text(encoding="utf-8")
    key = re.search(r'charts/([0-9a-f]+)\.svg', overview)[1]
    legend = set(re.findall(r'class="legendtext"[^>]*>([^<]+)<', (demo / "charts" / f"{key}.svg").read_text(encoding="utf-8")))
    assert legend <= {words[("completion", v)] for v in COMPLETION} and len(legend) >= 4
    # and the words differ from one value to the next within a scale
    for scale in ("completion", "potential_impact", "opened_government", "ogp_values"):
        shown = [w for (s, _), w in words.items() if s == scale]
        assert len(shown) == len(set(shown)), scale


def test_the_acronyms_are_the_same_in_every_language(demo):
    for prefix in ("", "ky/", "en/"):
        page = (demo / f"{prefix}commitments" / "1" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<abbr title="[^"]+">IRM</abbr>', page)
        for other in ("НМО", "КОМ", "ПОУ", "ПОП", "АӨӨ"):
            assert other not in page


# links, downloads, previews ------------------------------------------------------------------


def test_bare_addresses_in_footnotes_and_text_are_links(demo):
    methodology = parse(demo / "en" / "methodology" / "index.html")
    footnote = methodology.xpath('//div[@class="footnote"]//li')[0]
    assert footnote.xpath('.//a[@href="https://www.opengovpartnership.org/about/independent-reporting-mechanism/"]')
    finding = parse(demo / "en" / "commitments" / "2" / "index.html")  # 1 cites the register of sources instead
    hrefs = [a.get("href") for a in finding.xpath('//div[@class="footnote"]//a[not(contains(@class,"footnote-backref"))]')]
    assert hrefs and all(h.startswith("http") and not h.endswith((".", ",", "\xa0")) for h in hrefs), hrefs
    # no address left as bare text anywhere in a page's text (code aside)
    for page in (methodology, finding):
        for node in page.xpath('//main//text()[contains(., "://")][not(ancestor::a)][not(ancestor::code)][not(ancestor::script)]'):
            pytest.fail(f"an address not linked: {node!r}")


def test_chart_downloads_svg_and_png_resolve_to_files(demo):
    page = demo / "en" / "commitments" / "9" / "index.html"
    tree = parse(page)
    links = tree.xpath('//p[@class="chart__download"]/a/@href')
    assert any(h.endswith(".svg") for h in links) and any(h.endswith(".png") for h in links)
    for href in links:
        target = (page.parent / href).resolve()
        assert target.is_file(), href
        if href.endswith(".png"):
            assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if href.endswith(".svg"):
            assert target.read_text(encoding="utf-8").lstrip().startswith("<svg")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published-previews") / "output"
    cache = output.parent / "cache"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(ROOTS / "english-default" / "content"), SITEURL=SITEURL,
                 SHADOWREPORT_PDFS=False, SHADOWREPORT_CACHE_PATH=str(cache)) == 0
    return output


def test_commitment_pages_name_their_preview_image_when_the_site_has_an_address(published):
    for lang_prefix, lang in (("", "en"), ("es/", "es")):
        tree = parse(published / f"{lang_prefix}commitments" / "J1" / "index.html")
        meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//head/meta[@content]")}
        assert meta["og:image"] == f"{SITEURL}/social/{lang}/J1.png"
        assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
        assert meta["og:title"].startswith("J1. ") and meta["og:description"].startswith(("Our finding", "Nuestra"))
        image = published / meta["og:image"][len(SITEURL) + 1:]
        assert png_size(image) == (1200, 630)
    assert "og:image" not in {m.get("property") for m in parse(published / "index.html").xpath("//head/meta")}


def test_without_an_address_no_image_is_named(english_site):
    tree = parse(english_site / "commitments" / "J1" / "index.html")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//head/meta[@content]")}
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    assert png_size(english_site / "social" / "en" / "J1.png") == (1200, 630)  # drawn all the same, for a later upload


# mistakes ------------------------------------------------------------------------------------


def test_summary_area_and_scale_block_mistakes_are_named(tmp_path, capsys):
    report = copy_root("english-default", tmp_path)
    (report / "content" / "summary").mkdir()
    (report / "content" / "summary" / "s.es.md").write_text("Lang: es\n\nResumen.\n", encoding="utf-8")
    (report / "content" / "areas").mkdir()
    (report / "content" / "areas" / "x.md").write_text("Area: justise\n\nIntro.\n", encoding="utf-8")
    (report / "content" / "areas" / "y.md").write_text("Lang: en\n\nNo area.\n", encoding="utf-8")
    about = report / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n```scale completion\nstarted: begun\n```\n\n```scale ratings\n```\n",
                     encoding="utf-8")
    assert build(ROOT / "pelicanconf.py", output=tmp_path / "output", PATH=str(report / "content"),
                 SHADOWREPORT_PDFS=False, SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache")) == 1
    err = capsys.readouterr().err
    assert 'content/summary: has no summary in the default language "en"' in err
    assert 'content/areas/x.md, line 1, key "Area": "justise" is not an id of the areas in data/report.yml' in err
    assert 'content/areas/y.md, line 1, key "Area": is missing' in err
    assert ('content/pages/about.md, line 7, scale block: "started" is not one of no-evidence, not-started, limited, substantial, '
            'complete, withdrawn (the values of the completion scale) (did you mean "not-started"?)') in err
    assert ('content/pages/about.md, line 10, scale block: "ratings" is not one of completion, potential_impact, opened_government, '
            'ogp_values (the scales a table can show)') in err
    assert not (tmp_path / "output").exists()
