"""`invoke new`: a finding skeleton from the register, never over a file."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, build_report, copy_root, parse
from invoke import Context
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.scaffold import ENGLISH_HEADINGS, ScaffoldError, new_finding, skeleton
from shadowreport.scaffold import headings as catalog_headings

import tasks
from tests.support.files import tree_hashes


def headings(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


def test_new_finding_from_the_register_builds(tmp_path):
    report = copy_root("english-default", tmp_path)
    (report / "content/commitments/b1.md").unlink()
    path = new_finding(report, "B1", "en")
    assert path == report / "content/commitments/B1.en.md"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:3] == ["Commitment: B1", "Lang: en", "Summary: "]
    assert headings(text) == ["What was promised", "What was done", "Evidence", "Our assessment", "Recommendations"]
    assert "- 1: Publish the citizens' budget (2021-09-30)" in text.splitlines()
    # the skeleton as written is not a finding yet (skeletons.py); filled in, it checks and builds
    with pytest.raises(ReportError) as error:
        load_report(report)
    assert [str(p) for p in error.value.problems] == [
        "content/commitments/B1.en.md: is the skeleton invoke new wrote: fill in the Summary and each section"]
    path.write_text(text.replace("<!-- What the government", "The ministry did it.\n\n<!-- What the government"), encoding="utf-8")
    assert "en" in load_report(report).commitment("B1").findings
    assert build_report(report, tmp_path / "output") == 0
    page = parse(tmp_path / "output/commitments/B1/index.html")
    finding = page.xpath("//section[contains(@class,'finding')]")[0]
    assert [h.text_content() for h in finding.xpath(".//h3")] == list(ENGLISH_HEADINGS)
    assert "<!--" not in (tmp_path / "output/commitments/B1/index.html").read_text(encoding="utf-8")


def test_translation_skeleton_uses_the_translated_texts(tmp_path):
    report = copy_root("english-default", tmp_path)
    text = new_finding(report, "B1", "es").read_text(encoding="utf-8")
    # the theme's Spanish catalog gives the headings
    assert headings(text) == ["Qué se prometió", "Qué se hizo", "Evidencia", "Nuestra valoración", "Recomendaciones"]
    assert "- 1: Publicar el presupuesto ciudadano (2021-09-30)" in text.splitlines()
    assert "Commitment B1: Presupuesto ciudadano" in text


@pytest.mark.parametrize("lang, first, last", [
    ("ru", "Что было обещано", "Рекомендации"),
    ("ky", "Эмне убада кылынган", "Сунуштар"),
    ("en", "What was promised", "Recommendations"),
    ("fr", "Ce qui a été promis", "Recommandations"),
    ("hy", "Ինչ էր խոստացվել", "Առաջարկություններ"),
    ("de", "What was promised", "Recommendations"),  # no German catalog in theme/translations: English ones to translate
])
def test_headings_per_language(lang, first, last):
    row = {"id": "7", "title": "Т", "lead_agency": "А", "start": "2019-01", "end": "2020-08", "completion": "limited"}
    found = headings(skeleton("7", lang, ["ru", lang], row, []))
    assert len(found) == 5 and found[0] == first and found[-1] == last


def refused(report, *args) -> list[str]:
    before = tree_hashes(report)
    with pytest.raises(ScaffoldError) as error:
        new_finding(report, *args)
    assert tree_hashes(report) == before
    return error.value.message().splitlines()


def test_refuses_to_overwrite_a_finding(tmp_path):
    report = copy_root("english-default", tmp_path)
    assert refused(report, "J1", "es") == [
        "No finding was written:",
        '  content/commitments/j1.es.md, line 1, key "Commitment": "J1" already has a finding in "es": edit that file instead',
    ]
    # the default language when --lang is not given
    assert refused(report, "J1")[1].startswith('  content/commitments/j1.md, line 1, key "Commitment": "J1" already has')


def test_refuses_an_existing_file_of_that_name(tmp_path):
    report = copy_root("english-default", tmp_path)
    (report / "content/commitments/B1.es.md").write_text("Commitment: J2\nLang: es\n\nOtro texto.\n", encoding="utf-8")
    assert refused(report, "B1", "es") == [
        "No finding was written:",
        "  content/commitments/B1.es.md: already exists: it was not overwritten",
    ]


def test_refuses_unknown_commitment_and_language(tmp_path):
    report = copy_root("english-default", tmp_path)
    assert refused(report, "J7", "fr") == [
        "No finding was written:",
        '  data/commitments.csv, column "id": "J7" is not a commitment of the register',
        "  data/report.yml, key \"languages\": \"fr\" is not one of the report's languages (en, es)",
    ]
    assert refused(report, "j2", "ES")[1:] == [
        '  data/commitments.csv, column "id": "j2" is not a commitment of the register (did you mean "J2"?)',
        "  data/report.yml, key \"languages\": \"ES\" is not one of the report's languages (en, es) (did you mean \"es\"?)",
    ]


def test_task_exits_with_status_1_and_the_message(tmp_path, monkeypatch, capsys):
    report = copy_root("english-default", tmp_path)
    monkeypatch.setattr(tasks, "HERE", report)
    with pytest.raises(SystemExit) as exit_:
        tasks.new(Context(), commitment="J1", lang="en")
    assert exit_.value.code == 1
    assert capsys.readouterr().err.splitlines()[0] == "No finding was written:"
    (report / "content/commitments/j2.md").unlink()
    tasks.new(Context(), commitment="J2", lang="en")
    assert capsys.readouterr().out == "Wrote content/commitments/J2.en.md: fill in the Summary and each section.\n"


@pytest.mark.skipif(not (ROOT / "content").is_dir(), reason="the demonstration report is not in content/")
def test_new_finding_on_the_demo(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "content/commitments").mkdir(parents=True)  # as if no finding were written yet
    register = (tmp_path / "data/commitments.csv").read_text(encoding="utf-8").splitlines()
    commitment = register[1].split(",")[0]
    for lang in ("ru", "ky", "en"):
        text = new_finding(tmp_path, commitment, lang).read_text(encoding="utf-8")
        assert text.splitlines()[:2] == [f"Commitment: {commitment}", f"Lang: {lang}"]
        assert headings(text) == list(catalog_headings(lang))
