"""One broken data/report.yml per rule of docs/content-format.md: each
stops the build with exit status 1 and exactly the message an author needs,
at the line of the key, and leaves output/, content/ and data/ as they were."""

from __future__ import annotations



from tests.support.broken_report import mistakes
from tests.support.files import edit


def test_broken_yaml_names_the_line_where_it_starts(report, fails):
    edit(report / "data/report.yml", "languages: [en, es]", "languages: [en, es")
    assert fails() == mistakes(
        "data/report.yml, line 10: is not valid YAML: the bracket [ opened on this line is never closed: end the list with ]")


def test_colon_inside_a_yaml_value(report, fails):
    edit(report / "data/report.yml", "country: UY", "country: UY: Uruguay")
    assert fails() == mistakes("data/report.yml, line 7: is not valid YAML: the value has a colon (:) in it: put the value in quotes")


def test_report_yml_missing_keys(report, fails):
    edit(report / "data/report.yml", "title: Civil", "titel: Civil")
    edit(report / "data/report.yml", "period: {start: 2021-01-01, end: 2023-06-30}\n", "")
    assert fails() == mistakes(
        'data/report.yml, key "period": is missing: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}',
        'data/report.yml, key "title": is missing: it is required (the file has "titel": rename it to "title")')


def test_languages_written_as_a_string(report, fails):
    edit(report / "data/report.yml", "languages: [en, es]", "languages: en, es")
    assert fails() == mistakes(
        'data/report.yml, line 10, key "languages": "en, es" is not a list: write it in brackets, default first, e.g. languages: [en, es]')


def test_languages_as_numbers_and_yes_no(report, fails):
    edit(report / "data/report.yml", "languages: [en, es]", "languages: [1, no]")
    assert fails() == mistakes(
        'data/report.yml, line 10, key "languages": "1" is not a two-letter ISO 639-1 code (ru, ky, en, ...)',
        'data/report.yml, line 10, key "languages": "no" is read by YAML as yes/no: put the code in quotes, e.g. "no"')


def test_areas_not_a_list(report, fails):
    text = (report / "data/report.yml").read_text(encoding="utf-8")
    (report / "data/report.yml").write_text(text.split("areas:")[0] + "areas: justice, budget\n", encoding="utf-8")
    assert fails() == mistakes(
        'data/report.yml, line 12, key "areas": "justice, budget" must list the plan\'s areas, each with an id and a title (- id: ...)')


def test_period_not_a_mapping_and_title_not_text(report, fails):
    edit(report / "data/report.yml", "period: {start: 2021-01-01, end: 2023-06-30}", "period: 2021-2023")
    edit(report / "data/report.yml", "title_es: Informe", "title_es:\n  - Informe")
    assert fails() == mistakes(
        'data/report.yml, line 2, key "title_es": "[Informe de la sociedad civil sobre el Plan de Gobierno Abierto 2021–2023]" '
        "is not text: write the text after the colon",
        'data/report.yml, line 9, key "period": "2021-2023" is not a start and an end: expected {start: YYYY-MM-DD, end: YYYY-MM-DD}')


def test_report_yml_that_is_a_list(report, fails):
    (report / "data/report.yml").write_text("- title: x\n- languages: [en]\n", encoding="utf-8")
    assert fails() == mistakes("data/report.yml: must be a mapping of keys (title:, organisation:, ...)")


def test_empty_report_yml(report, fails):
    (report / "data/report.yml").write_text("", encoding="utf-8")
    assert fails() == mistakes("data/report.yml: is empty: it must say the report's title, organisation, languages, period and areas")


def test_impossible_unquoted_date_in_report_yml(report, fails):
    # PyYAML itself fails on 2019-02-30 unless the loader catches it
    edit(report / "data/report.yml", "published: 2023-09-15", "published: 2019-02-30")
    assert fails() == mistakes('data/report.yml, line 9, key "published": "2019-02-30" is not a real date: check the month and the day')


def test_period_end_before_start(report, fails):
    edit(report / "data/report.yml", "end: 2023-06-30", "end: 2020-06-30")
    assert fails() == mistakes('data/report.yml, line 8, key "period.end": "2020-06-30" is before period.start (2021-01-01)')


def test_area_mistake_names_its_line(report, fails):
    edit(report / "data/report.yml", "  - id: budget", "  - id: the budget")
    assert fails() == mistakes(
        "data/report.yml, line 16, area 2, key \"id\": \"the budget\" is not URL-safe: use letters, digits, '-', '_' or '.'")
