"""One broken report per rule of docs/content-format.md: each stops the
build with exit status 1 and exactly the message an author needs, and leaves
output/ (from the last good build), content/ and data/ byte for byte
(data/report.yml's rules: test_report_yml_rules.py)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, copy_root
from shadowreport.loader import load_report

from tests.support.broken_report import HEADER, mistakes
from tests.support.files import edit


SCALE = "no-evidence, not-started, limited, substantial, complete, withdrawn"


# data/milestones.csv and data/commitments.csv: scales ----------------------


def test_typo_in_a_milestone_status_is_named_with_a_suggestion(report, fails):
    edit(report / "data/milestones.csv", "2022-12-31,limited", "2022-12-31,limted")
    assert fails() == mistakes(
        f'data/milestones.csv, row 3, column "status": "limted" is not one of {SCALE} (did you mean "limited"?)')


def test_typo_in_a_completion_is_named_with_a_suggestion(report, fails):
    edit(report / "data/commitments.csv", ",substantial,", ",substantail,")
    assert fails() == mistakes(
        f'data/commitments.csv, row 2, column "completion": "substantail" is not one of {SCALE} (did you mean "substantial"?)')


def test_unknown_ogp_value(report, fails):
    edit(report / "data/commitments.csv", "access-to-information;", "access-to-informaton;")
    assert fails() == mistakes(
        'data/commitments.csv, row 2, column "ogp_values": "access-to-informaton" is not one of access-to-information, '
        "civic-participation, public-accountability, technology-innovation (separate several with ;) "
        '(did you mean "access-to-information"?)')


# references between files ---------------------------------------------------


def test_unknown_commitment_in_milestones(report, fails):
    edit(report / "data/milestones.csv", "B1,1,", "B2,1,")
    assert fails() == mistakes('data/milestones.csv, row 4, column "commitment": "B2" is not an id of data/commitments.csv')


def test_unknown_commitment_in_a_finding(report, fails):
    edit(report / "content/commitments/j2.md", "Commitment: J2", "Commitment: j2")
    assert fails() == mistakes(
        'content/commitments: "J2" has no finding in the default language "en": add a Markdown file with Commitment: J2 and Lang: en',
        'content/commitments/j2.md, line 1, key "Commitment": "j2" is not an id of data/commitments.csv (did you mean "J2"?)')


def test_finding_without_a_commitment_key(report, fails):
    edit(report / "content/commitments/j2.md", "Commitment: J2\n", "")
    assert fails() == mistakes(
        'content/commitments: "J2" has no finding in the default language "en": add a Markdown file with Commitment: J2 and Lang: en',
        'content/commitments/j2.md, line 1, key "Commitment": is missing: every finding names the id of its commitment in data/commitments.csv')


def test_unknown_area(report, fails):
    edit(report / "data/commitments.csv", "J2,justice", "J2,justise")
    assert fails() == mistakes(
        'data/commitments.csv, row 3, column "area": "justise" is not an area of data/report.yml (justice, budget) (did you mean "justice"?)')


# dates ------------------------------------------------------------------------


def test_impossible_date_in_the_register(report, fails):
    edit(report / "data/commitments.csv", "2021-03-01", "2019-02-30")
    assert fails() == mistakes('data/commitments.csv, row 3, column "start": "2019-02-30" is not a real date: check the month and the day')


def test_date_in_words_in_milestones(report, fails):
    edit(report / "data/milestones.csv", "2021-06", "June 2021")
    assert fails() == mistakes('data/milestones.csv, row 2, column "due": "June 2021" is not a date: expected YYYY-MM-DD or YYYY-MM')


def test_start_after_end(report, fails):
    edit(report / "data/commitments.csv", "2021-01-01,2021-12-31", "2021-01-01,2020-12-31")
    assert fails() == mistakes(
        'data/commitments.csv, row 4, column "end": "2020-12-31" is before the start (2021-01-01): start must not be after end')


# uniqueness -------------------------------------------------------------------


def test_duplicate_commitment_id(report, fails):
    edit(report / "data/commitments.csv", "J2,justice", "J1,justice")
    assert fails() == mistakes(
        'content/commitments/j2.md, line 1, key "Commitment": "J2" is not an id of data/commitments.csv',
        'data/commitments.csv, row 3, column "id": "J1" is already the id of row 2: ids must be unique')


def test_duplicate_milestone_number(report, fails):
    edit(report / "data/milestones.csv", "J1,2,", "J1,1,")
    assert fails() == mistakes(
        'data/milestones.csv, row 3, column "milestone": "1" is already milestone 1 of commitment J1 in row 2: numbers are unique per commitment')


def test_two_findings_for_one_commitment_and_language(report, fails):
    (report / "content/commitments/j1-copy.md").write_text("Summary: again\nCommitment: J1\n\nText.\n", encoding="utf-8")
    assert fails() == mistakes(
        'content/commitments/j1.md, line 1, key "Commitment": "J1" already has a finding in "en": '
        "content/commitments/j1-copy.md (one file per commitment per language)")


# files and columns ------------------------------------------------------------


def test_missing_register(report, fails):
    (report / "data/commitments.csv").unlink()
    # the findings and milestones are not all reported as "unknown commitment"
    assert fails() == mistakes("data/commitments.csv: the file is missing")


def test_missing_milestones_file(report, fails):
    (report / "data/milestones.csv").unlink()
    assert fails() == mistakes("data/milestones.csv: the file is missing")


def test_register_with_only_a_header(report, fails):
    (report / "data/commitments.csv").write_text("id,area,title,lead_agency,start,end,completion\n", encoding="utf-8")
    assert fails() == mistakes("data/commitments.csv: has no commitments: expected one row per commitment")


def test_empty_milestones_file(report, fails):
    (report / "data/milestones.csv").write_text("", encoding="utf-8")
    assert fails() == mistakes("data/milestones.csv, row 1: has no header row")


def test_folder_where_the_register_should_be(report, fails):
    (report / "data/commitments.csv").unlink()
    (report / "data/commitments.csv").mkdir()
    assert fails() == mistakes("data/commitments.csv: cannot be read: Is a directory")


def test_misspelt_required_column(report, fails):
    edit(report / "data/commitments.csv", "lead_agency", "lead_agent")
    assert fails() == mistakes(
        'data/commitments.csv, row 1, column "lead_agency": is missing from the header: it is required '
        '(the header has "lead_agent": rename it to "lead_agency")')


def test_missing_required_milestone_column(report, fails):
    edit(report / "data/milestones.csv", "status", "state")
    assert fails() == mistakes(
        'data/milestones.csv, row 1, column "status": is missing from the header: it is required '
        '(the header has "state": rename it to "status")')


def test_empty_required_cell(report, fails):
    edit(report / "data/commitments.csv", "Prosecutor's Office", "")
    assert fails() == mistakes('data/commitments.csv, row 3, column "lead_agency": is empty: it is required')


def test_missing_default_language_finding(report, fails):
    (report / "content/commitments/b1.md").unlink()
    assert fails() == mistakes(
        'content/commitments: "B1" has no finding in the default language "en": add a Markdown file with Commitment: B1 and Lang: en')


def test_unknown_lang_with_a_suggestion(report, fails):
    edit(report / "content/commitments/j1.es.md", "Lang: es", "Lang: ES")
    assert fails() == mistakes(
        'content/commitments/j1.es.md, line 2, key "Lang": '
        '"ES" is not one of the report\'s languages in data/report.yml (en, es) (did you mean "es"?)')


def test_lang_not_in_the_report(report, fails):
    edit(report / "content/pages/about.es.md", "Lang: es", "Lang: fr")
    assert fails() == mistakes(
        'content/pages/about.es.md, line 3, key "Lang": "fr" is not one of the report\'s languages in data/report.yml (en, es)')


def test_evidence_path_leaving_data(report, fails):
    edit(report / "data/milestones.csv", "complete,rulings.csv", "complete,../content/commitments/b1.md")
    assert fails() == mistakes(
        'data/milestones.csv, row 4, column "evidence": "../content/commitments/b1.md" leaves data/: expected an https:// URL or a path under data/')


def test_evidence_absolute_path(report, fails):
    edit(report / "data/milestones.csv", "complete,rulings.csv", "complete,/etc/passwd")
    assert fails() == mistakes(
        'data/milestones.csv, row 4, column "evidence": "/etc/passwd" leaves data/: expected an https:// URL or a path under data/')


def test_evidence_file_that_does_not_exist(report, fails):
    edit(report / "data/milestones.csv", "complete,rulings.csv", "complete,ruling.csv")
    assert fails() == mistakes(
        'data/milestones.csv, row 4, column "evidence": "ruling.csv" is neither an https:// or http:// URL nor a file under data/')


# encodings ----------------------------------------------------------------------


def test_register_saved_as_windows_1251_is_read_with_a_warning(report):
    """Excel's "CSV" on a Russian Windows: the Cyrillic words tell the
    encoding for certain, so the register is read, and the warning says so."""
    register = report / "data/commitments.csv"
    register.write_bytes(register.read_text(encoding="utf-8").replace("Supreme Court", "Верховный суд").encode("cp1251"))
    loaded = load_report(report)
    assert loaded.commitment("J1").lead_agency.default == "Верховный суд"
    assert loaded.tables["commitments.csv"].warnings == [
        'data/commitments.csv is not UTF-8: it was read as Windows-1251 (Cyrillic); check its text on the site, '
        'and save the file with the UTF-8 encoding (in Excel: Save As, "CSV UTF-8") to be sure']


def test_register_whose_letters_a_legacy_save_replaced_by_question_marks_is_refused(report, fails):
    register = report / "data/commitments.csv"
    edit(register, "Supreme Court", "??????? ???")
    assert fails() == mistakes(
        'data/commitments.csv, row 2, column "lead_agency": "??????? ???" has question marks where letters were: '
        "the file was saved in an encoding that lacks them, and they are lost (type the text again, and save it "
        'with the UTF-8 encoding (in Excel: Save As, "CSV UTF-8"))')


def test_register_separated_by_semicolons(report, fails):
    register = report / "data/commitments.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    register.write_text("\n".join([rows[0].replace(",", ";")] + rows[1:]) + "\n", encoding="utf-8")
    assert fails() == mistakes(
        'data/commitments.csv, row 1: "id;area;title;title_es;lead_agency;start;end;completion;government_completion..." '
        'is separated by semicolons: separate the columns with commas '
        '(in Excel: Save As, "CSV UTF-8")')


def test_finding_saved_as_windows_1251(report, fails):
    (report / "content/commitments/b1.md").write_bytes("Commitment: B1\n\nБюджет опубликован.\n".encode("cp1251"))
    # only the real mistake: not also "B1 has no finding", which fixing the encoding mends
    assert fails() == mistakes(
        "content/commitments/b1.md, line 3: is not UTF-8 text (byte 0xc1 cannot be read); save the file with the UTF-8 encoding")


def test_lang_typo_in_the_only_finding_is_one_mistake(report, fails):
    edit(report / "content/commitments/b1.md", "Commitment: B1\n", "Commitment: B1\nLang: EN\n")
    assert fails() == mistakes(
        'content/commitments/b1.md, line 2, key "Lang": "EN" is not one of the report\'s languages in data/report.yml (en, es) (did you mean "en"?)')


# several at once ------------------------------------------------------------------


def test_two_mistakes_in_two_files_are_both_reported(report, fails):
    edit(report / "data/milestones.csv", "2022-12-31,limited", "2022-12-31,limted")
    edit(report / "data/commitments.csv", "J2,justice", "J2,justise")
    assert fails() == mistakes(
        'data/commitments.csv, row 3, column "area": "justise" is not an area of data/report.yml (justice, budget) (did you mean "justice"?)',
        f'data/milestones.csv, row 3, column "status": "limted" is not one of {SCALE} (did you mean "limited"?)')


def test_mistakes_are_listed_in_row_order(report, fails):
    milestones = report / "data/milestones.csv"
    rows = milestones.read_text(encoding="utf-8").splitlines()
    rows += [f"J1,{n},Step {n},,2022-01,don" for n in range(3, 12)]
    milestones.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = fails()
    assert lines[0] == HEADER.format(9, "s")
    assert [line.split(",")[1].strip() for line in lines[1:]] == [f"row {n}" for n in range(5, 14)]


# mistakes outside content/ and data/ ---------------------------------------------


@pytest.mark.expected_warnings("Cannot load plugin")
def test_pelican_error_log_fails_the_build(fails):
    lines = fails(PLUGINS=["shadowreport", "no_such_plugin"])
    assert lines[-1] == "The build logged 1 error(s); output/ was left as it was."


def test_mistake_in_a_forked_theme_is_a_message_not_a_traceback(report, tmp_path, fails):
    theme = tmp_path / "english-default" / "theme"  # inside the report copy, so tree_hashes sees it unchanged
    shutil.copytree(ROOT / "theme", theme)
    edit(theme / "templates/area.html", "{%", "{% if %}{%")
    lines = fails(THEME=str(theme))
    assert lines == [
        "The theme has a mistake; output/ was left as it was:",
        "  theme/templates/area.html, line 1: Expected an expression, got 'end of statement block'",
    ]


# invoke check: the same checks without building -----------------------------------


def test_check_task_prints_the_same_message_and_exits_1(report, fails, monkeypatch, capsys):
    from invoke import Context

    import tasks

    edit(report / "data/milestones.csv", "2022-12-31,limited", "2022-12-31,limted")
    built = fails()
    monkeypatch.setattr(tasks, "HERE", report)
    with pytest.raises(SystemExit) as exit_:
        tasks.check(Context())
    assert exit_.value.code == 1
    assert capsys.readouterr().err.splitlines() == built


def test_check_task_on_a_correct_report(monkeypatch, capsys, tmp_path):
    from invoke import Context

    import tasks

    monkeypatch.setattr(tasks, "HERE", copy_root("english-default", tmp_path))
    tasks.check(Context())
    assert capsys.readouterr().out == "The report is correct: 3 commitments, languages en, es\n"
    assert not (tmp_path / "output").exists()  # checking builds nothing
