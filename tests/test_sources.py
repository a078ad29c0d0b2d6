"""The register of sources (data/sources.csv). Findings cite
`[@id]`; the pages and the PDFs carry numbered references with working
links, the whole report a bibliography annex, the open data the register
and its files; every bad reference is a message naming the file, the line
or row and the id."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_root, parse
from shadowreport.build import build
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from support.files import edit
from support.sources import EVIDENCE, SHA, SOURCES, with_sources

@pytest.fixture(scope="module")
def cited_site(tmp_path_factory) -> Path:
    root = with_sources(copy_root("english-default", tmp_path_factory.mktemp("sources")))
    output = root.parent / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content")) == 0
    return output


def words(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Without any whitespace: the PDF wraps long addresses where it likes."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return words(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60, check=True).stdout)


# the pages --------------------------------------------------------------------


def test_commitment_page_numbers_citations_and_lists_references(cited_site):
    page = parse(cited_site / "commitments/J1/index.html")
    markers = [(words(sup.text_content()), [a.get("href") for a in sup.iter("a")]) for sup in page.xpath("//sup[@class='citation']")]
    assert markers == [("[1]", ["#source-court-portal"]), ("[2, p. 2]", ["#source-foi-2022"]),
                       ("[1; 3]", ["#source-court-portal", "#source-budget-law"])]
    sentence = words(page.xpath("//sup[@class='citation']/..")[0].text_content())
    assert sentence == "Some rulings are published[1]. The court's reply[2, p. 2] gives no count[1; 3]."  # no space before
    entries = page.xpath("//section[@class='references']//li")
    assert [(li.get("id"), li.get("value")) for li in entries] == [
        ("source-court-portal", "1"), ("source-foi-2022", "2"), ("source-budget-law", "3")]
    first, reply, law = (words(li.text_content()) for li in entries)
    assert first == "Supreme Court (2021) Rulings portal. Online (accessed August 1, 2023). Archived copy."
    assert [a.get("href") for a in entries[0].iter("a")] == [
        "https://rulings.example.org/", "https://web.archive.org/web/2023/https://rulings.example.org/"]
    assert reply.startswith("Supreme Court (2022)") and f"The document (PDF), SHA-256 {SHA}" in reply
    file_link = entries[1].xpath(".//a")[0].get("href")
    published = (cited_site / "commitments/J1" / file_link).resolve()
    assert published == (cited_site / "data/evidence/reply-2022.pdf").resolve()
    assert hashlib.sha256(published.read_bytes()).hexdigest() == SHA
    assert "Budget Law 2021 <b>bold</b>" in law  # the title as text, never markup
    assert not page.xpath("//section[@class='references']//b")
    # a milestone naming a source links to its entry; code and links are no citations
    assert [words(a.text_content()) for a in page.xpath("//a[@class='evidence-source']")] == ["Source [2]"]
    assert page.xpath("//a[@class='evidence-source']/@href") == ["#source-foi-2022"]
    assert page.xpath("//code[text()='[@not-a-citation]']")
    assert page.xpath("//a[@href='https://example.org/handle' and text()='@handle']")


def test_each_language_numbers_its_own_citations(cited_site):
    page = parse(cited_site / "es/commitments/J1/index.html")
    assert page.xpath("//sup[@class='citation']/a/@href") == ["#source-foi-2022"]
    entries = page.xpath("//section[@class='references']//li")
    assert [li.get("id") for li in entries] == ["source-foi-2022"]  # the milestone's source is the finding's [1]
    assert "Respuesta a nuestra solicitud" in words(entries[0].text_content())
    assert not parse(cited_site / "commitments/B1/index.html").xpath("//section[@class='references']")


def test_free_page_lists_its_own_references(cited_site):
    page = next(p for p in (cited_site / "about/index.html", cited_site / "about.html") if p.exists())
    tree = parse(page)
    assert tree.xpath("//sup[@class='citation']/a/@href") == ["#source-budget-law"]
    assert [li.get("id") for li in tree.xpath("//section[@class='references']//li")] == ["source-budget-law"]


def test_commitment_pdf_lists_references(cited_site):
    text = pdf_text(cited_site / "pdf/commitment-J1.pdf")
    references = squeezed(text[text.index("References"):])  # long addresses wrap
    assert squeezed("1. Supreme Court (2021) Rulings portal. https://rulings.example.org/ (accessed August 1, 2023). "
                    "Archived copy: https://web.archive.org/web/2023/https://rulings.example.org/.") in references
    assert squeezed("2. Supreme Court (2022) ‘Reply to our information request’. data file evidence/reply-2022.pdf, "
                    f"published with the report's open data, SHA-256 {SHA}.") in references
    assert squeezed("3. Parliament (2020) Budget Law 2021 <b>bold</b>.") in references
    assert squeezed("4. Milestone 1: https://example.org/protocol") in references  # the milestones' own evidence follows on


def test_whole_report_pdf_has_a_bibliography(cited_site):
    text = pdf_text(cited_site / "pdf/report.pdf")
    annex = text[text.rindex("Annex: sources"):]
    assert re.search(r"1\.Parliament\(2020\)BudgetLaw2021<b>bold</b>\.https://budget\.example\.org/law.*CitedforcommitmentJ1\.", squeezed(annex))
    assert annex.index("Parliament (2020)") < annex.index("Supreme Court (2021)") < annex.index("Supreme Court (2022)")
    # the contents, its heading, and the running header of its one page (print.css string-set)
    assert text.count("Annex: sources") == 3
    about = squeezed(text[text.index("Written by volunteers"):text.rindex("Annex: sources")])
    assert squeezed("References 1. Parliament (2020) Budget Law 2021 <b>bold</b>.") in about  # a free page's own


def test_sources_are_open_data(cited_site):
    package = json.loads((cited_site / "data/datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "sources")
    assert resource["path"] == "sources.csv" and resource["schema"]["primaryKey"] == ["id"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["url"]["format"] == "uri" and fields["accessed"]["type"] == "date"
    assert (cited_site / "data/sources.csv").read_text(encoding="utf-8") == SOURCES
    assert (cited_site / "data/evidence/reply-2022.pdf").read_bytes() == EVIDENCE.read_bytes()


# bad input --------------------------------------------------------------------


@pytest.fixture
def report(tmp_path) -> Path:
    return with_sources(copy_root("english-default", tmp_path))


def problems(root: Path) -> list[str]:
    with pytest.raises(ReportError) as error:
        load_report(root)
    return [str(problem) for problem in error.value.problems]


SOURCES_CSV = "data/sources.csv"
CASES = {
    "unknown id in a finding": (
        lambda r: edit(r / "content/commitments/j1.md", "[@foi-2022, p. 2]", "[@foi-2202, p. 2]"),
        'content/commitments/j1.md, line 12, citation: "foi-2202" is not an id of data/sources.csv (did you mean "foi-2022"?)'),
    "unknown id as milestone evidence": (
        lambda r: edit(r / "data/milestones.csv", "limited,foi-2022", "limited,foi-2202"),
        'data/milestones.csv, row 3, column "evidence": "foi-2202" is neither an https:// or http:// URL, nor an id of '
        'data/sources.csv, nor a file under data/ (did you mean "foi-2022"?)'),
    "missing evidence file": (
        lambda r: (r / "data/evidence/reply-2022.pdf").unlink(),
        'data/sources.csv, row 3, source foi-2022, column "file": "evidence/reply-2022.pdf" does not exist: '
        "expected the file data/evidence/reply-2022.pdf"),
    "hash that does not match": (
        lambda r: (r / "data/evidence/reply-2022.pdf").write_bytes(b"%PDF-1.4 replaced"),
        f'data/sources.csv, row 3, source foi-2022, column "sha256": "{SHA}" does not match data/evidence/reply-2022.pdf, '
        f"whose SHA-256 is {hashlib.sha256(b'%PDF-1.4 replaced').hexdigest()}: the file changed since the register was "
        "written; check it and write the new hash"),
    "duplicate id": (
        lambda r: edit(r / "data/sources.csv", "budget-law,Budget", "court-portal,Budget"),
        'data/sources.csv, row 4, column "id": "court-portal" is already the id of row 2: ids must be unique'),
    "bad date": (
        lambda r: edit(r / "data/sources.csv", "2020-12-20", "20.12.2020"),
        'data/sources.csv, row 4, source budget-law, column "date": "20.12.2020" is not a date: expected YYYY-MM-DD or YYYY-MM'),
    "bad URL": (
        lambda r: edit(r / "data/sources.csv", "https://budget.example.org/law", "budget.example.org/law"),
        'data/sources.csv, row 4, source budget-law, column "url": "budget.example.org/law" is not a web address: '
        "expected one starting with https:// or http://"),
    "bad archived copy": (
        lambda r: edit(r / "data/sources.csv", "https://web.archive.org/web/2023/", "web.archive.org/"),
        'data/sources.csv, row 2, source court-portal, column "archived": "web.archive.org/https://rulings.example.org/" '
        "is not a web address: expected one starting with https:// or http://"),
    "file outside data/": (
        lambda r: edit(r / "data/sources.csv", "evidence/reply-2022.pdf", "../content/pages/about.md"),
        'data/sources.csv, row 3, source foi-2022, column "file": "../content/pages/about.md" leaves data/: '
        "expected a path under data/, e.g. evidence/reply-2022.pdf".replace("reply-2022", "reply")),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_reference_is_named(case, report):
    break_it, expected = CASES[case]
    break_it(report)
    assert expected in problems(report)


def test_citation_without_a_register(report):
    (report / "data/sources.csv").unlink()
    edit(report / "data/milestones.csv", "limited,foi-2022", "limited,")
    found = problems(report)
    assert ('content/commitments/j1.es.md, line 7, citation: "foi-2022" is cited, but data/ has no sources.csv: '
            "add the source there (id, title, publisher, date, url, ...)") in found


def test_every_mistake_at_once_and_the_previous_site_kept(report, tmp_path, capsys):
    cases = ("unknown id in a finding", "unknown id as milestone evidence", "hash that does not match", "duplicate id",
             "bad archived copy")
    for case in cases:
        CASES[case][0](report)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous site", encoding="utf-8")
    code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDF_CACHE=str(tmp_path / "pdf-cache"))
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "The report has 7 mistakes; nothing was built:" in err
    for case in cases:
        assert CASES[case][1] in err
    # the duplicate took budget-law's row: its citations are unknown now, and said so
    assert 'content/commitments/j1.md, line 12, citation: "budget-law" is not an id of data/sources.csv' in err
    assert 'content/pages/about.md, line 6, citation: "budget-law" is not an id of data/sources.csv' in err
    assert (output / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_sha256_left_empty_gets_the_files_hash(report):
    edit(report / "data/sources.csv", SHA, "")
    assert f'data/sources.csv, row 3, source foi-2022, column "sha256": is empty: write the file\'s SHA-256, {SHA}' in problems(report)


def test_register_kept_in_a_workbook(report):
    """sources.xlsx is read by the one reader, dates typed as dates, and its
    mistakes named by the workbook's sheet and row."""
    import csv
    import datetime

    from support.xlsx import write_xlsx

    with (report / "data/sources.csv").open(encoding="utf-8", newline="") as file:
        rows = [[datetime.date.fromisoformat(c) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c) else c or None for c in row]
                for row in csv.reader(file)]
    write_xlsx(report / "data/sources.xlsx", {"Sheet1": rows})
    (report / "data/sources.csv").unlink()
    loaded = load_report(report)
    assert [s.id for s in loaded.sources.values()] == ["court-portal", "foi-2022", "budget-law"]
    assert str(loaded.sources["foi-2022"].date) == "2022-11-04" and loaded.sources["foi-2022"].sha256 == SHA
    (report / "data/evidence/reply-2022.pdf").write_bytes(b"%PDF-1.4 replaced")
    assert any(p.startswith('data/sources.xlsx, sheet "Sheet1", row 3, source foi-2022, column "sha256"') for p in problems(report))
