"""Editions and rating history, the coalition and the government's reply
(docs/content-format.md), read back from a built report: its pages, PDFs
(pdftotext), feed and open data; and each bad reference pinned to its
message. The report is tests/roots/editions-coalition: two editions
(mid-term, final), three members, a reply in en and ru."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, ROOTS, build_report, parse
from shadowreport.build import build

REPORT = ROOTS / "editions-coalition"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("editions") / "output"
    assert build_report(REPORT, output) == 0
    return output


def pdf_text(path: Path, layout: bool = False) -> str:
    """The PDF's words; with `layout`, line by line as laid out (a table's row
    on one line), each line's spaces collapsed."""
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    if layout:
        return "\n".join(" ".join(line.split()) for line in text.splitlines())
    return " ".join(text.split())


def words(element) -> str:
    return " ".join(element.text_content().split())


# the history -------------------------------------------------------------------


def test_a_commitment_page_shows_its_rating_edition_by_edition(site):
    page = parse(site / "commitments/C1/index.html")
    rows = page.xpath('//section[@id="history"]//tbody/tr')
    assert [words(row.xpath("th")[0]) for row in rows] == [
        "Mid-term assessment March 1, 2022", "Final assessment September 15, 2023 current edition"]
    assert [[words(td) for td in row.xpath("td")] for row in rows] == [
        ["Limited", "Substantial", "First assessment"], ["Substantial", "Complete", "Moved up"]]
    # the edition's own page is linked from its row, at its stable address
    assert rows[0].xpath(".//a/@href") == ["../../editions/mid-term/"]
    heading = page.xpath('//section[@id="history"]/h2')[0]
    assert page.xpath('//section[@id="history"]/@aria-labelledby') == [heading.get("id")]


def test_the_history_is_translated(site):
    page = parse(site / "ru/commitments/C2/index.html")
    history = page.xpath('//section[@id="history"]')[0]
    assert words(history.xpath("h2")[0]) == "Как менялась оценка"
    assert words(history.xpath(".//tbody/tr")[1]) == "Итоговая оценка 15 сентября 2023 г. текущее издание Ограниченное Существенное Ухудшение"


def test_no_history_where_only_the_current_edition_rated(site):
    assert not parse(site / "commitments/C3/index.html").xpath('//section[@id="history"]')


def test_the_overview_says_what_changed_since_the_last_edition(site):
    page = parse(site / "index.html")
    section = page.xpath('//section[contains(@class, "changes")]')[0]
    assert words(section.xpath("h2")[0]) == "What changed since the Mid-term assessment (March 1, 2022)"
    rows = [[words(cell) for cell in row.xpath("th|td")] for row in section.xpath(".//tbody/tr")]
    assert rows == [["C1. Publish court rulings", "Limited", "Substantial", "Moved up"],
                    ["C2. Open prosecution statistics", "Substantial", "Limited", "Moved down"]]
    assert page.xpath('//a[text()="Mid-term assessment (March 1, 2022)"]/@href') == ["editions/mid-term/"]


def test_every_edition_has_its_own_page_and_pdf(site):
    for lang_prefix in ("", "ru/"):
        for edition in ("mid-term", "final"):
            page = parse(site / f"{lang_prefix}editions/{edition}/index.html")
            pdf = page.xpath('//p[@class="pdf-link"]/a/@href')[0]
            assert (site / f"{lang_prefix}editions/{edition}" / pdf).resolve() == (site / f"{lang_prefix}pdf/edition-{edition}.pdf").resolve()
    page = parse(site / "editions/mid-term/index.html")
    rows = {row.get("id"): words(row) for row in page.xpath("//tbody/tr")}
    assert rows == {"commitment-C1": "C1. Publish court rulings Limited Substantial First assessment",
                    "commitment-C2": "C2. Open prosecution statistics Substantial Substantial First assessment",
                    "commitment-C3": "C3. Jury pilot Not assessed in this edition"}
    text = pdf_text(site / "pdf/edition-mid-term.pdf", layout=True).splitlines()
    assert "Mid-term assessment" in text and "C1. Publish court rulings Limited Substantial First assessment" in text
    assert "C3. Jury pilot Not assessed in this edition" in text


def test_the_pdfs_carry_the_history_the_changes_and_the_reply(site):
    rows = pdf_text(site / "pdf/commitment-C1.pdf", layout=True).splitlines()
    assert "How the rating changed" in rows
    assert "Mid-term assessment Limited Substantial First assessment" in rows
    assert "Final assessment Substantial Complete Moved up" in rows
    commitment = pdf_text(site / "pdf/commitment-C1.pdf")
    assert "March 1, 2022" in commitment and "current edition" in commitment
    assert "Monitored by" in commitment and "Alpha Watch (illustrative), Beta Lab (illustrative)" in commitment
    assert "Reviewed" in commitment and "August 20, 2023 · for the Final assessment" in commitment
    assert ("The government's reply In the government's own words (received September 1, 2023), published as received: "
            "it is not our finding.") in commitment
    assert "will digitise the archive in 2024" in commitment
    report_rows = pdf_text(site / "pdf/report.pdf", layout=True).splitlines()
    assert "What changed since the Mid-term assessment (March 1, 2022)" in report_rows
    assert "C2. Open prosecution statistics Substantial Limited Moved down" in report_rows
    colophon = pdf_text(site / "pdf/report.pdf").split("Colophon")[-1]
    assert all(name in colophon for name in ("The coalition", "Alpha Watch", "Beta Lab", "Gamma Forum (illustrative)"))
    russian = pdf_text(site / "ru/pdf/commitment-C1.pdf")
    assert "Ответ правительства" in russian and "оцифрует архив" in russian
    for pdf in ("pdf/commitment-C1.pdf", "pdf/report.pdf", "ru/pdf/report.pdf", "pdf/edition-final.pdf"):
        fonts = subprocess.run(["pdffonts", str(site / pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:]]
        # the theme's fonts (its Report-* families, Noto), never the machine's (DejaVu for a missing ↑)
        assert names and all("+Report-" in name or "+Noto-" in name for name in names), (pdf, names)
    assert "Альфа-Наблюдение (иллюстрация)" in russian


def test_the_feed_announces_each_changed_rating(site):
    feed = etree.parse(str(site / "feeds/en.atom.xml"))
    changes = feed.xpath('//a:entry[a:category/@term="rating-change"]', namespaces=ATOM)
    assert [entry.findtext("a:title", namespaces=ATOM) for entry in changes] == [
        "C1. Publish court rulings: Limited → Substantial (Final assessment)",
        "C2. Open prosecution statistics: Substantial → Limited (Final assessment)"]
    assert [entry.xpath("a:link/@href", namespaces=ATOM)[0] for entry in changes] == [
        "../commitments/C1/#history", "../commitments/C2/#history"]
    assert [entry.xpath('a:category[not(@label)]/@term', namespaces=ATOM)[0] for entry in changes] == ["up", "down"]
    ids = feed.xpath("//a:entry/a:id/text()", namespaces=ATOM)
    assert len(ids) == len(set(ids)) == 5  # three commitments, two changes: each entry its own permanent id
    russian = etree.parse(str(site / "feeds/ru.atom.xml"))
    assert russian.xpath('//a:entry[a:category/@term="rating-change"]/a:title/text()', namespaces=ATOM)[0] == (
        "C1. Публикация судебных решений: Ограниченное → Существенное (Итоговая оценка)")


# the coalition and the reply ----------------------------------------------------------


def test_members_on_the_overview_the_about_page_and_the_finding(site):
    for path in ("index.html", "about/index.html"):
        page = parse(site / path)
        members = page.xpath('//section[contains(@class, "members")]//li')
        assert [words(li) for li in members] == ["Alpha Watch (illustrative)", "Beta Lab (illustrative)", "Gamma Forum (illustrative)"]
        logos = page.xpath('//section[contains(@class, "members")]//img/@src')
        assert len(logos) == 2 and all((site / path).parent.joinpath(src).resolve().is_file() for src in logos)
    russian = parse(site / "ru/about/index.html")
    assert words(russian.xpath('//section[contains(@class, "members")]//li')[0]) == "Альфа-Наблюдение (иллюстрация)"
    finding = parse(site / "commitments/C1/index.html")
    assert finding.xpath('//dd[@class="monitored-by"]/a/@href') == ["https://example.org/alpha", "https://example.org/beta"]
    assert not parse(site / "commitments/C3/index.html").xpath('//dd[@class="monitored-by"]')


def test_the_reply_is_beside_the_finding_marked_as_the_governments_words(site):
    page = parse(site / "commitments/C1/index.html")
    reply = page.xpath('//aside[@class="reply"]')[0]
    assert reply.getprevious().get("class") == "finding"
    assert words(reply.xpath("h2")[0]) == "The government's reply"
    assert words(reply.xpath('p[@class="reply__label"]')[0]) == (
        "In the government's own words (received September 1, 2023), published as received: it is not our finding.")
    assert "will digitise the archive in 2024" in words(reply)
    pointer = page.xpath('//header[@class="commitment-head"]/p[@class="reply-pointer"]/a')[0]  # found from the first screen
    assert pointer.get("href") == "#reply" and words(pointer) == "The government's reply to this finding (received September 1, 2023)"
    russian = parse(site / "ru/commitments/C1/index.html").xpath('//aside[@class="reply"]')[0]
    assert "1 сентября 2023 г." in words(russian) and "оцифрует архив" in words(russian)
    assert not parse(site / "commitments/C2/index.html").xpath('//aside[@class="reply"]')


def test_the_open_data_has_the_members_the_monitoring_and_the_ratings_per_edition(site):
    def rows(name):
        return list(csv.DictReader(io.StringIO((site / "data" / name).read_text(encoding="utf-8"))))

    assert [(r["id"], r["name_ru"], r["url"], r["logo"]) for r in rows("members.csv")] == [
        ("alpha", "Альфа-Наблюдение (иллюстрация)", "https://example.org/alpha", "images/members/alpha.svg"),
        ("beta", "", "https://example.org/beta", "images/members/beta.png"), ("gamma", "", "", "")]
    assert rows("monitoring.csv")[0] == {"commitment": "C1", "monitored_by": "alpha;beta", "reviewed": "2023-08-20",
                                         "edition": "final", "government_reply": "2023-09-01"}
    assert [(r["commitment"], r["edition"], r["completion"]) for r in rows("assessments.csv")][:2] == [
        ("C1", "mid-term", "limited"), ("C2", "mid-term", "substantial")]
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in package["contributors"] if c["role"] == "contributor"] == [
        "Alpha Watch (illustrative)", "Beta Lab (illustrative)", "Gamma Forum (illustrative)"]
    resources = {r["name"]: r for r in package["resources"]}
    assert resources["assessments"]["schema"]["primaryKey"] == ["commitment", "edition"]
    assert resources["monitoring"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "commitments", "fields": "id"}
    assert {"members", "monitoring"} <= set(resources)


# every bad reference: its message, all at once, exit 1, output untouched ---------------


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_bad_reference_is_named_at_once(tmp_path, capsys):
    root = tmp_path / "report"
    shutil.copytree(REPORT, root)
    replace(root / "data/assessments.csv", "C2,mid-term,", "C2,midterm,")
    replace(root / "data/report.yml", "    date: 2023-09-15\n", "    date: 2023-02-30\n")
    replace(root / "data/report.yml", "    logo: images/members/beta.png", "    logo: images/members/beta.jpg")
    replace(root / "data/report.yml", "  - id: gamma\n", "  - id: gamma\n    website: https://example.org\n")
    replace(root / "content/commitments/c1.md", "Monitored_by: alpha, beta", "Monitored_by: alpha, delta")
    replace(root / "content/commitments/c1.md", "Reviewed: 2023-08-20", "Reviewed: 20.08.2023")
    replace(root / "content/commitments/c1.md", "Edition: final", "Edition: finale")
    replace(root / "content/replies/c1.ru.md", "Date: 2023-09-01", "Date: вчера")
    (root / "content/replies/c9.md").write_text("Commitment: C9\nDate: 2023-09-01\n\nNo such commitment.\n", encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous site", encoding="utf-8")

    code = build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"))
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert (output / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(output.iterdir()) == [output / "index.html"]
    expected = [
        'content/commitments/c1.md, line 3, key "Monitored_by": "delta" is not a member of data/report.yml (alpha, beta, gamma) '
        '(did you mean "beta"?)',
        'content/commitments/c1.md, line 4, key "Reviewed": "20.08.2023" is not a date: expected YYYY-MM-DD or YYYY-MM',
        'content/commitments/c1.md, line 5, key "Edition": "finale" is not an edition of data/report.yml (mid-term, final) '
        '(did you mean "final"?)',
        # the translation still names the monitors the default language's finding named before
        'content/commitments/c1.ru.md, line 4, key "Monitored_by": "alpha, beta" differs from content/commitments/c1.md: '
        "the monitors and the review date are the commitment's, written in its finding in the default language",
        'content/replies/c1.ru.md, line 3, key "Date": "вчера" is not a date: expected YYYY-MM-DD or YYYY-MM',
        'content/replies/c9.md, line 1, key "Commitment": "C9" is not an id of data/commitments.csv: '
        'a reply answers the finding of a commitment',
        'data/assessments.csv, row 3, column "edition": "midterm" is not an edition of data/report.yml (mid-term, final) '
        '(did you mean "mid-term"?)',
        'data/report.yml, line 21, edition 2, key "date": "2023-02-30" is not a real date: check the month and the day',
        'data/report.yml, line 33, member 2, key "logo": "images/members/beta.jpg" does not exist: '
        'expected the file content/images/members/beta.jpg',
        'data/report.yml, line 35, member 3, key "website": is not a key of a member: expected id, name, url, logo '
        '(and name_<lang>)',
    ]
    assert err.splitlines()[1:] == ["  " + message for message in expected], err


def test_a_current_rating_that_contradicts_the_register(tmp_path):
    from shadowreport.errors import ReportError
    from shadowreport.loader import load_report

    root = tmp_path / "report"
    shutil.copytree(REPORT, root)
    replace(root / "data/assessments.csv", "C1,final,substantial,complete", "C1,final,complete,complete")
    with pytest.raises(ReportError) as error:
        load_report(root)
    assert [str(p) for p in error.value.problems] == [
        'data/assessments.csv, row 4, column "completion": "complete" differs from data/commitments.csv, row 2 '
        "(substantial), which holds the current edition's ratings (final): write the same, or leave this row out"]


@pytest.mark.parametrize("change, message", [
    (("data/report.yml", "editions:\n  - id: mid-term\n    date: 2022-03-01\n    title: Mid-term assessment\n"
      "    title_ru: Промежуточная оценка\n  - id: final\n    date: 2023-09-15\n    title: Final assessment\n"
      "    title_ru: Итоговая оценка\n", ""),
     "data/assessments.csv: gives ratings per edition, but data/report.yml lists no editions"),
    (("data/report.yml", "    date: 2022-03-01\n", "    date: 2024-03-01\n"),
     'data/report.yml, line 21, edition 2, key "date": "2023-09-15" is before the date of the edition above it '
     "(mid-term, 2024-03-01): list the editions oldest first, the current one last"),
    (("data/assessments.csv", "C2,mid-term,substantial,substantial", "C2,mid-term,done,substantial"),
     'data/assessments.csv, row 3, column "completion": "done" is not one of no-evidence, not-started, limited, '
     "substantial, complete, withdrawn"),
    (("data/assessments.csv", "C2,mid-term,substantial,substantial", "C1,mid-term,substantial,substantial"),
     'data/assessments.csv, row 3, column "edition": "mid-term" already rates commitment C1 in row 2: '
     "one row per commitment and edition"),
    (("data/assessments.csv", "C2,mid-term,substantial,substantial", "C7,mid-term,substantial,substantial"),
     'data/assessments.csv, row 3, column "commitment": "C7" is not an id of data/commitments.csv'),
    (("content/replies/c1.md", "Date: 2023-09-01\n", ""),
     "content/replies/c1.md, line 1, key \"Date\": is missing: write when the government's reply was received, YYYY-MM-DD"),
    (("content/commitments/c1.ru.md", "Monitored_by: alpha, beta", "Monitored_by: alpha"),
     'content/commitments/c1.ru.md, line 4, key "Monitored_by": "alpha" differs from content/commitments/c1.md'),
])
def test_each_bad_input_has_its_message(change, message, tmp_path):
    from shadowreport.errors import ReportError
    from shadowreport.loader import load_report

    root = tmp_path / "report"
    shutil.copytree(REPORT, root)
    replace(root / change[0], change[1], change[2])
    with pytest.raises(ReportError) as error:
        load_report(root)
    assert any(str(p).startswith(message) for p in error.value.problems), [str(p) for p in error.value.problems]


# the demonstration report uses all of it, labelled illustrative -------------------------


def test_the_demo_has_two_editions_three_members_and_a_reply_in_each_language(demo):
    for prefix in ("", "ky/", "en/"):
        page = parse(demo / f"{prefix}commitments/9/index.html")
        reply = page.xpath('//aside[@class="reply"]')
        assert reply and reply[0].get("lang") is None  # in the page's own language
        assert any(word in words(reply[0]) for word in ("условный пример", "шарттуу мисал", "illustrative"))
        assert len(page.xpath('//section[@id="history"]//tbody/tr')) == 2
        members = parse(demo / f"{prefix}about/index.html").xpath('//section[contains(@class, "members")]//li')
        assert len(members) >= 3
        assert all(any(word in words(li) for word in ("условный пример", "шарттуу мисал", "illustrative")) for li in members)
    overview = parse(demo / "en/index.html")
    assert len(overview.xpath('//section[contains(@class, "changes")]//tbody/tr')) >= 3
    assert (demo / "editions/mid-term/index.html").is_file() and (demo / "en/pdf/edition-mid-term.pdf").is_file()
