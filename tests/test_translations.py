"""Translation coverage: `invoke translations` and the editors' page."""

from __future__ import annotations

import pytest
from invoke import Context

import tasks
from conftest import ROOT, ROOTS, copy_root, parse
from shadowreport.build import build
from shadowreport.catalogs import interface_coverage
from shadowreport.coverage import KINDS, coverage, table
from shadowreport.loader import load_report


def missing(report, lang: str) -> dict[str, list[str]]:
    language = next(c for c in coverage(report) if c.lang == lang)
    return {kind: [m.item for m in language.missing_of(kind)] for kind, _ in KINDS}


def test_coverage_of_the_english_default_report():
    report = load_report(ROOTS / "english-default")
    assert [c.lang for c in coverage(report)] == ["es"]  # the default language lacks nothing
    assert missing(report, "es") == {
        "findings": ["commitment J2", "commitment B1"],
        "titles": ["commitment J2"],  # J1 has title_es, B1 too; J2 has neither that nor a Spanish finding
        "lead_agencies": ["commitment J1", "commitment J2", "commitment B1"],
        "milestones": ["milestone 2 of J1"],
        "areas": ["area budget"],
        "report": [],
        "pages": [],
    }
    es = coverage(report)[0]
    assert es.totals == {"findings": 3, "titles": 3, "lead_agencies": 3, "milestones": 3, "areas": 2, "report": 3, "pages": 1}


def test_translating_a_text_removes_it_from_the_list(tmp_path):
    report_dir = copy_root("english-default", tmp_path)
    register = report_dir / "data/commitments.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "Open prosecution statistics,,", "Open prosecution statistics,Estadísticas de la fiscalía,"), encoding="utf-8")
    (report_dir / "content/commitments/j2.es.md").write_text("Commitment: J2\nLang: es\n\nRetirado.\n", encoding="utf-8")
    missing_now = missing(load_report(report_dir), "es")
    assert missing_now["titles"] == [] and missing_now["findings"] == ["commitment B1"]


def test_translations_task_prints_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "HERE", copy_root("english-default", tmp_path))
    tasks.translations(Context())
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Missing translations (default language: en):"
    rows = {line[:19].strip(): line[19:].strip() for line in lines[3:10]}
    assert rows == {"Findings": "2 of 3", "Commitment titles": "1 of 3", "Lead agencies": "3 of 3", "Milestone texts": "1 of 3",
                    "Area titles": "1 of 2", "report.yml texts": "0 of 3", "Pages": "0 of 1"}
    assert "    commitment B1: invoke new --commitment B1 --lang es" in lines
    assert '    milestone 2 of J1: data/milestones.csv, row 3, column "text_es"' in lines


def test_translations_task_on_a_broken_report_exits_1(tmp_path, monkeypatch, capsys):
    report_dir = copy_root("english-default", tmp_path)
    (report_dir / "data/milestones.csv").unlink()
    monkeypatch.setattr(tasks, "HERE", report_dir)
    with pytest.raises(SystemExit) as exit_:
        tasks.translations(Context())
    assert exit_.value.code == 1
    assert capsys.readouterr().err.splitlines()[1] == "  data/milestones.csv: the file is missing"


def test_one_language_report_has_nothing_to_translate(tmp_path):
    report_dir = copy_root("english-default", tmp_path)
    meta = report_dir / "data/report.yml"
    text = meta.read_text(encoding="utf-8").replace("languages: [en, es]", "languages: [en]")
    # translations into a language the report no longer lists would be unknown keys (meta_keys.py)
    meta.write_text("".join(line for line in text.splitlines(keepends=True) if "_es:" not in line), encoding="utf-8")
    for spanish in report_dir.rglob("*.es.md"):
        spanish.unlink()
    assert table(load_report(report_dir)) == "The report has one language (en): nothing to translate."


def test_editor_page_only_when_the_setting_asks(english_site, tmp_path):
    assert not (english_site / "translations").exists()
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(ROOTS / "english-default/content"), SHADOWREPORT_EDITOR_PAGES=True) == 0
    tree = parse(output / "translations/index.html")
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    cells = {row.get("data-kind"): row.xpath("td")[0].text_content() for row in tree.xpath("//table[@class='translation-coverage']/tbody/tr")}
    report = load_report(ROOTS / "english-default")
    es = coverage(report)[0]
    interface = interface_coverage("es", ROOT / "theme")
    assert cells == {**{kind: f"{len(es.missing_of(kind))} of {es.totals[kind]}" for kind, _ in KINDS},
                     "interface": f"0 of {interface.total}"}
    items = [li.text_content().split(":")[0] for li in tree.xpath("//section[@id='missing-es']//li[@data-kind='findings']")]
    assert items == ["commitment J2", "commitment B1"]
    # in every language, so that the language switcher never leads nowhere
    assert parse(output / "es/translations/index.html").xpath("//html/@lang") == ["es"]


@pytest.mark.skipif(not (ROOT / "content").is_dir(), reason="the demonstration report is not in content/")
def test_demo_coverage_lists_its_two_translations():
    report = load_report(ROOT)
    assert [c.lang for c in coverage(report)] == report.languages[1:] == ["ky", "en"]
    for language in coverage(report):
        assert language.totals["findings"] == len(report.commitments)
        assert language.totals["milestones"] == sum(len(c.milestones) for c in report.commitments)
