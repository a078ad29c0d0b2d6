"""The site built from a report: every page in every language, parsed."""

from __future__ import annotations

import csv

from conftest import ROOT, ROOTS, parse


def test_english_default_report_has_every_page(english_site):
    for prefix in ("", "es/"):
        for page in ("", "commitments/J1/", "commitments/J2/", "commitments/B1/",
                     "areas/justice/", "areas/budget/", "about/"):
            assert (english_site / prefix / page / "index.html").is_file(), prefix + page


def test_titles_and_findings_are_escaped_and_sanitised(english_site):
    page = (english_site / "commitments/J1/index.html").read_text()
    tree = parse(english_site / "commitments/J1/index.html")
    assert tree.xpath("//h1")[0].text_content() == "Publish court rulings <script>alert(1)</script> online"
    # the theme's own deferred scripts (search) and the head's one line that
    # marks the page as read with JavaScript only: nothing from a finding
    others = tree.xpath("//script[not(starts-with(@src, '../../theme/js/'))]")
    assert [s.text for s in others] == ['document.documentElement.classList.add("js")'], others
    assert "onclick" not in page
    assert "javascript:" not in page
    # the organisation's markup is text, not HTML
    assert tree.xpath("//*[@class='site-org']")[0].text_content() == "Transparency Watch <Coalition> & Friends"


def test_untranslated_finding_falls_back_with_a_notice(english_site):
    tree = parse(english_site / "es/commitments/B1/index.html")
    assert tree.xpath("//html/@lang") == ["es"]
    notice = tree.xpath("//*[contains(@class,'notice--fallback')]")
    assert notice, "a fallback page says it shows the default language"
    finding = tree.xpath("//section[contains(@class,'finding')]")[0]
    assert finding.get("lang") == "en"
    assert "The citizens' budget appeared on time." in finding.text_content()


def test_translated_finding_uses_its_own_title(english_site):
    tree = parse(english_site / "es/commitments/J1/index.html")
    assert tree.xpath("//h1")[0].text_content() == "Publicar sentencias judiciales en línea"
    assert not tree.xpath("//*[contains(@class,'notice--fallback')]")


def test_headings_are_in_order(english_site):
    tree = parse(english_site / "commitments/B1/index.html")
    levels = [int(h.tag[1]) for h in tree.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_language_switcher_links_the_same_page(english_site):
    tree = parse(english_site / "commitments/J1/index.html")
    links = {a.get("hreflang"): a.get("href") for a in tree.xpath("//nav[contains(@class,'lang-switcher')]//a")}
    assert links == {"es": "../../es/commitments/J1/"}
    tree = parse(english_site / "es/commitments/J1/index.html")
    links = {a.get("hreflang"): a.get("href") for a in tree.xpath("//nav[contains(@class,'lang-switcher')]//a")}
    assert links == {"en": "../../../commitments/J1/"}


def test_commitment_without_milestones_and_withdrawn(english_site):
    tree = parse(english_site / "commitments/J2/index.html")
    assert not tree.xpath("//table[contains(@class,'milestones')]")
    badges = [b.text_content() for b in tree.xpath("//*[contains(@class,'badges')]/span")]
    assert any("Withdrawn" in b for b in badges)


def test_overview_lists_every_commitment_with_badges(english_site):
    tree = parse(english_site / "index.html")
    rows = tree.xpath("//table[contains(@class,'commitments')]/tbody/tr")
    assert [r.get("data-completion") for r in rows] == ["substantial", "withdrawn", "complete"]
    assert [r.get("data-disagrees") for r in rows] == ["yes", "no", "no"]


def test_nothing_is_loaded_from_another_host(english_site):
    for page in english_site.rglob("*.html"):
        tree = parse(page)
        for attribute in tree.xpath("//link/@href | //script/@src | //img/@src"):
            assert not attribute.startswith(("http:", "https:", "//")), (page, attribute)


def test_demo_has_every_page_in_every_language(demo_site):
    with open(ROOT / "data/commitments.csv", encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert len(ids) == 18
    for prefix in ("", "ky/", "en/"):
        assert (demo_site / prefix / "index.html").is_file()
        for commitment_id in ids:
            tree = parse(demo_site / prefix / "commitments" / commitment_id / "index.html")
            assert tree.xpath("//h1")[0].text_content().strip()
        for area in ("services", "procurement", "open-data"):
            assert (demo_site / prefix / "areas" / area / "index.html").is_file()
        for slug in ("about", "methodology"):
            assert (demo_site / prefix / slug / "index.html").is_file()


def test_demo_interface_is_translated(demo_site):
    russian = parse(demo_site / "index.html")
    kyrgyz = parse(demo_site / "ky/index.html")
    english = parse(demo_site / "en/index.html")
    assert russian.xpath("//a[@class='skip-link']")[0].text_content() == "Перейти к содержанию"
    assert kyrgyz.xpath("//html/@lang") == ["ky"]
    assert english.xpath("//a[@class='skip-link']")[0].text_content() == "Skip to content"
    assert kyrgyz.xpath("//a[@class='skip-link']")[0].text_content() != "Skip to content"


def test_fixture_root_is_self_contained(tmp_path):
    """The fixture builds from its own folder alone: a copy somewhere else
    loads to the same report (nothing it needs lies outside it)."""
    import shutil

    from shadowreport.loader import load_report

    copy = tmp_path / "elsewhere"
    shutil.copytree(ROOTS / "english-default", copy, ignore=shutil.ignore_patterns(".cache"))
    here, there = load_report(ROOTS / "english-default"), load_report(copy)
    assert [c.id for c in there.commitments] == [c.id for c in here.commitments] == ["J1", "J2", "B1"]
    assert sorted(there.tables) == sorted(here.tables) == ["commitments.csv", "milestones.csv", "rulings.csv"]


def test_demo_says_its_assessments_are_illustrative_in_every_language(demo_site):
    expected = {"": "условны", "ky/": "шарттуу", "en/": "illustrative"}
    for prefix, word in expected.items():
        for page in ("", "commitments/8/", "about/"):
            tree = parse(demo_site / prefix / page / "index.html")
            notice = tree.xpath("//*[contains(@class,'notice--disclaimer')]")
            assert notice and word in notice[0].text_content(), prefix + page


def test_demo_kyrgyz_fallback_is_visible(demo_site):
    translated = parse(demo_site / "ky/commitments/1/index.html")
    untranslated = parse(demo_site / "ky/commitments/2/index.html")
    assert not translated.xpath("//*[contains(@class,'notice--fallback')]")
    notice = untranslated.xpath("//*[contains(@class,'notice--fallback')]")[0].text_content()
    assert "Кыргызча" in notice and "Русский" in notice
    assert untranslated.xpath("//section[contains(@class,'finding')]/@lang") == ["ru"]
