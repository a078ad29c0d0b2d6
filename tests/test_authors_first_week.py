"""An author's first week : every mistake a new author makes is a
message with the fix, exit status 1 and nothing lost; the tools they are
told to run work."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, ROOTS, copy_root
from invoke import Config, Context
from shadowreport.build import build
from tests.support.catalogs import theme_project
from shadowreport.coverage import table
from shadowreport.errors import ReportError
from shadowreport.i18n import load_translations
from shadowreport.loader import load_report
from shadowreport.scaffold import ENGLISH_HEADINGS, new_finding
from shadowreport.settings_check import siteurl_problem

import tasks
from tests.support.chart_blocks import problems_of as chart_problems
from tests.support.files import edit, tree_hashes

KEYS = ("expected title, organisation, action_plan, country, period, published, languages, licence, areas, disclaimer, numbers, logo, "
        "editions, members "
        "(and title_<lang>, organisation_<lang>, action_plan_<lang>, disclaimer_<lang>)")


@pytest.fixture
def report(tmp_path) -> Path:
    return copy_root("english-default", tmp_path)


def problems(report: Path) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(report)
    return [str(problem) for problem in raised.value.problems]


def yml(report: Path, old: str, new: str) -> list[str]:
    edit(report / "data/report.yml", old, new)
    return problems(report)


# 1. keys of report.yml ------------------------------------------------------------


def test_unknown_keys_of_report_yml(report):
    assert yml(report, "licence: CC-BY-4.0\n", "licence: CC-BY-4.0\ndisclamer: Illustrative.\nsponsor: logo.png\npartners: [a, b]\n") == [
        f'data/report.yml, line 12, key "disclamer": is not a key of report.yml: {KEYS} (did you mean "disclaimer"?)',
        f'data/report.yml, line 13, key "sponsor": is not a key of report.yml: {KEYS}',
        f'data/report.yml, line 14, key "partners": is not a key of report.yml: {KEYS}',
    ]


def test_the_logo_is_an_image_of_content_images(report):
    """report.yml's logo: (the PDFs' cover) is checked as a finding's image is."""
    assert yml(report, "licence: CC-BY-4.0\n", "licence: CC-BY-4.0\nlogo: images/logo.svg\n") == [
        'data/report.yml, line 12, key "logo": "images/logo.svg" does not exist: expected the file content/images/logo.svg']
    assert problems_with_logo(report, "../data/report.yml") == [
        'data/report.yml, line 12, key "logo": "../data/report.yml" leaves content/images/: expected a path under it, '
        'written as images/map.png']
    assert problems_with_logo(report, "[a, b]") == [
        'data/report.yml, line 12, key "logo": "[a, b]" is not a path: expected an image of content/images/, e.g. images/logo.svg']
    (report / "content/images").mkdir()
    (report / "content/images/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>')
    edit(report / "data/report.yml", "logo: [a, b]\n", "logo: images/logo.svg\n")
    assert load_report(report).logo.site_path == "images/logo.svg"


def problems_with_logo(report: Path, value: str) -> list[str]:
    text = (report / "data/report.yml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("logo:"))
    return yml(report, old + "\n", f"logo: {value}\n")


def test_translation_into_a_language_the_report_does_not_list(report):
    assert yml(report, "licence: CC-BY-4.0\n", "licence: CC-BY-4.0\ntitle_fr: Rapport\ntitle_en: Report\n") == [
        "data/report.yml, line 12, key \"title_fr\": is not a key of report.yml: fr is not one of the report's languages (en, es): "
        "add it to languages, or delete the key",
        'data/report.yml, line 13, key "title_en": is not a key of report.yml: en is the default language, whose text goes in "title"',
    ]


def test_unknown_keys_of_period_and_areas(report):
    edit(report / "data/report.yml", "end: 2023-06-30}", "end: 2023-06-30, ends: 2024-01-01}")
    assert yml(report, "    title_es: Justicia abierta\n", "    title_es: Justicia abierta\n    titel: x\n") == [
        'data/report.yml, line 8, key "period.ends": is not a key of period: expected start, end (did you mean "end"?)',
        'data/report.yml, line 13, area 1, key "titel": is not a key of an area: expected id, title (and title_<lang>) (did you mean "title"?)',
    ]


def test_a_misspelt_required_key_is_said_once(report):
    assert yml(report, "title: Civil", "titel: Civil") == [
        'data/report.yml, key "title": is missing: it is required (the file has "titel": rename it to "title")']


def test_chart_blocks_say_it_the_same_way(tmp_path):
    assert chart_problems(tmp_path, "data: water-tests.csv\ntype: bar\nx: year\ny: tests_published\ncolour: year") == [
        'content/commitments/s2.md, line 10, key "colour": is not a key of a chart block: '
        'expected data, sheet, type, x, y, y2, units, values, color, '
        'title, source, caption, labels (and title_<lang>, source_<lang>, caption_<lang>, labels_<lang>) (did you mean "color"?)']


def test_check_task_exits_1_with_the_message(report, monkeypatch, capsys):
    edit(report / "data/report.yml", "licence: CC-BY-4.0\n", "licence: CC-BY-4.0\nsponsor: logo.png\n")
    monkeypatch.setattr(tasks, "HERE", report)
    with pytest.raises(SystemExit) as exit_:
        tasks.check(Context())
    assert exit_.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "The report has 1 mistake; nothing was built:",
        f'  data/report.yml, line 12, key "sponsor": is not a key of report.yml: {KEYS}',
    ]


# 2. licence -----------------------------------------------------------------------


@pytest.mark.parametrize("written, meant", [("CC BY 4.0", "CC-BY-4.0"), ("cc-by-sa 4.0", "CC-BY-SA-4.0"), ("cc0", "CC0-1.0")])
def test_licence_is_an_spdx_id(report, written, meant):
    assert yml(report, "licence: CC-BY-4.0", f"licence: {written}") == [
        f'data/report.yml, line 11, key "licence": "{written}" is not an SPDX licence id (see https://spdx.org/licenses/): '
        f'expected e.g. CC-BY-4.0 (did you mean "{meant}"?)']


def test_licence_without_a_near_id(report):
    assert yml(report, "licence: CC-BY-4.0", "licence: Creative Commons") == [
        'data/report.yml, line 11, key "licence": "Creative Commons" is not an SPDX licence id (see https://spdx.org/licenses/): '
        "expected e.g. CC-BY-4.0"]


def test_other_spdx_ids_are_accepted(report):
    edit(report / "data/report.yml", "licence: CC-BY-4.0", "licence: ODbL-1.0")
    assert load_report(report).licence == "ODbL-1.0"


# 3. a skeleton left as invoke new wrote it ----------------------------------------


def test_skeleton_in_the_default_language_is_not_a_finding(report):
    (report / "content/commitments/b1.md").unlink()
    new_finding(report, "B1", "en")
    assert problems(report) == [
        "content/commitments/B1.en.md: is the skeleton invoke new wrote: fill in the Summary and each section"]


def test_a_filled_summary_alone_is_still_the_skeleton_and_one_written_section_is_not(report):
    (report / "content/commitments/b1.md").unlink()
    path = new_finding(report, "B1", "en")
    text = path.read_text(encoding="utf-8").replace("Summary: ", "Summary: Done late.")
    path.write_text(text, encoding="utf-8")
    assert problems(report) == [
        "content/commitments/B1.en.md: is the skeleton invoke new wrote: fill in the Summary and each section"]
    path.write_text(text.replace("## Recommendations\n", "## Recommendations\n\nPublish it monthly.\n"), encoding="utf-8")
    assert "en" in load_report(report).commitment("B1").findings


def test_skeleton_translation_counts_as_missing(report):
    new_finding(report, "B1", "es")
    loaded = load_report(report)  # not a mistake
    assert "es" not in loaded.commitment("B1").findings
    assert "Findings           2 of 3" in table(loaded).splitlines()  # B1 (the skeleton) and J2
    assert "    commitment B1: fill in content/commitments/B1.es.md (the skeleton invoke new wrote)" in table(loaded).splitlines()


# 4. SITEURL -------------------------------------------------------------------------


def test_siteurl_without_a_scheme_stops_the_build(report, tmp_path, capsys):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    before = tree_hashes(output)
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"), SITEURL="example.org/report/") == 1
    assert capsys.readouterr().err.splitlines() == [
        "The settings have a mistake; nothing was built, output/ was left as it was:",
        '  SITEURL: "example.org/report/" is not an absolute http(s) address: expected the form https://example.org/report '
        '(did you mean "https://example.org/report"?)',
    ]
    assert tree_hashes(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["english-default", "output"]  # no lock, no staging folder left


def test_siteurl_from_the_environment_of_publishconf(report, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SITEURL", "ftp://example.org")
    monkeypatch.chdir(ROOT)
    assert build(ROOT / "publishconf.py", output=tmp_path / "output", PATH=str(report / "content")) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        '  SITEURL: "ftp://example.org" is not an absolute http(s) address: expected the form https://example.org/report')
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("value, message", [
    ("", None), ("https://ngo.github.io/report", None), ("http://localhost:8000/", None),
    ("/report", 'SITEURL: "/report" is not an absolute http(s) address: expected the form https://example.org/report'),
    ("https:/ngo.org", 'SITEURL: "https:/ngo.org" is not an absolute http(s) address: expected the form https://example.org/report'),
])
def test_siteurl_forms(value, message):
    problem = siteurl_problem(value)
    assert (str(problem) if problem else None) == message


# 5. YAML in words an author understands ---------------------------------------------


YAML_MISTAKES = {
    "colon in a value": ("country: UY", "country: UY: Uruguay",
                         "line 7: is not valid YAML: the value has a colon (:) in it: put the value in quotes"),
    "tab": ("period: {start: 2021-01-01, end: 2023-06-30}", "period:\n\tstart: 2021-01-01",
            "line 9: is not valid YAML: a tab is used for indentation: indent with spaces"),
    "no colon": ("country: UY\n", "country UY\n",
                 "line 7: is not valid YAML: this line has no colon (:) after its key: write key: value (or indent a continued text further)"),
    "unclosed quote": ("title: Civil", 'title: "Civil',  # PyYAML finds it at the end of the file: named where it starts
                       "line 1: is not valid YAML: a quote opened on this line is never closed: end the value with the same quote"),
    "unclosed bracket": ("languages: [en, es]", "languages: [en, es",
                         "line 10: is not valid YAML: the bracket [ opened on this line is never closed: end the list with ]"),
    "unclosed brace": ("end: 2023-06-30}", "end: 2023-06-30",
                       "line 8: is not valid YAML: the brace { opened on this line is never closed: end it with }"),
    "undefined alias": ("country: UY", "country: *uy",
                        "line 7: is not valid YAML: *uy refers to no anchor &uy above it: define &uy before, or write the value out"),
    "indented too far": ("country: UY\n", "country: UY\n  region: south\n",
                         "line 8: is not valid YAML: this line is indented more than the key above it: align it with the keys above"),
    "backslash": ("country: UY", 'country: "C:\\data"',
                  "line 7: is not valid YAML: a backslash (\\) in double quotes starts an escape: "
                  "write the value in single quotes ('...') or double each backslash"),
}


@pytest.mark.parametrize("case", list(YAML_MISTAKES))
def test_yaml_mistake_in_plain_words(report, case):
    old, new, message = YAML_MISTAKES[case]
    assert yml(report, old, new) == [f"data/report.yml, {message}"]


def test_duplicate_keys_at_the_top_and_one_level_down(report):
    edit(report / "data/report.yml", "country: UY\n", "country: UY\ntitle: Second title\n")
    edit(report / "data/report.yml", "period: {start: 2021-01-01, end: 2023-06-30}",
         "period:\n  start: 2021-01-01\n  start: 2022-01-01\n  end: 2023-06-30")
    twice = "YAML keeps only the last one without a word; delete one of them"
    assert problems(report) == [
        f'data/report.yml, line 8, key "title": is written twice (first at line 1): {twice}',
        f'data/report.yml, line 11, key "period.start": is written twice (first at line 10): {twice}',
    ]


def test_duplicate_key_in_an_area(report):
    edit(report / "data/report.yml", "    title_es: Justicia abierta\n", "    title_es: Justicia abierta\n    title: Justice\n")
    assert problems(report) == [
        'data/report.yml, line 16, key "areas[1].title": is written twice (first at line 14): '
        "YAML keeps only the last one without a word; delete one of them"]


CHART = "data: water-tests.csv\ntype: bar\nx: year\ny: tests_published\n"


@pytest.mark.parametrize("extra, message", [
    ("title: Tests: published", "line 10: the chart block is not valid YAML: the value has a colon (:) in it: put the value in quotes"),
    ('title: "Tests\ncaption: x',
     "line 10: the chart block is not valid YAML: a quote opened on this line is never closed: end the value with the same quote"),
    ("type: line", 'line 10, key "type": is written twice (first at line 7): YAML keeps only the last one without a word; delete one of them'),
])
def test_chart_block_yaml_in_the_same_words(tmp_path, extra, message):
    assert chart_problems(tmp_path, CHART + extra) == [f"content/commitments/s2.md, {message}"]


# 6. tools that work ----------------------------------------------------------------------


def test_catalogs_task_updates_the_catalogs(tmp_path, monkeypatch):
    project = theme_project(tmp_path)
    ru = project / "theme/translations/ru.po"
    shipped = {po.name: po.read_text(encoding="utf-8") for po in (project / "theme/translations").glob("*.po")}
    edit(ru, 'msgctxt "finding heading"\nmsgid "Our assessment"\nmsgstr "Наша оценка"\n\n', "")
    monkeypatch.setattr(tasks, "HERE", project)
    tasks.catalogs(Context(Config(overrides={"run": {"hide": True, "in_stream": False}})))
    with ru.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    assert catalog.get("Our assessment", context="finding heading").string == ""  # back, for the translator
    assert catalog.get("What was done", context="finding heading").string == "Что было сделано"  # kept
    assert catalog.plural_forms.startswith("nplurals=3;")  # the header is kept
    for name, text in shipped.items():  # the shipped catalogs are up to date: nothing else changed
        updated = (project / "theme/translations" / name).read_text(encoding="utf-8")
        emptied = text.replace('msgid "Our assessment"\nmsgstr "Наша оценка"', 'msgid "Our assessment"\nmsgstr ""')
        assert updated == (text if name != "ru.po" else emptied)
    assert load_translations(project / "theme/translations", "ru").pgettext("finding heading", "What was done") == "Что было сделано"


def multilingual(report: Path) -> Path:
    edit(report / "data/report.yml", "languages: [en, es]", "languages: [en, es, ru, ky, de]")
    return report


@pytest.mark.parametrize("lang, expected", [
    ("ru", ["Что было обещано", "Что было сделано", "Доказательства", "Наша оценка", "Рекомендации"]),
    ("ky", ["Эмне убада кылынган", "Эмне аткарылды", "Далилдер", "Биздин баа", "Сунуштар"]),
])
def test_new_finding_headings_from_the_catalog(report, monkeypatch, capsys, lang, expected):
    monkeypatch.setattr(tasks, "HERE", multilingual(report))
    tasks.new(Context(), commitment="B1", lang=lang)
    assert capsys.readouterr().out == f"Wrote content/commitments/B1.{lang}.md: fill in the Summary and each section.\n"
    text = (report / f"content/commitments/B1.{lang}.md").read_text(encoding="utf-8")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == expected


def test_new_finding_without_a_catalog_says_the_headings_are_english(report, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "HERE", multilingual(report))
    tasks.new(Context(), commitment="B1", lang="de")  # German: a language the theme ships no catalog for
    assert capsys.readouterr().out.splitlines() == [
        "Wrote content/commitments/B1.de.md: fill in the Summary and each section.",
        "The headings are in English: the theme has no catalog for de (theme/translations/de.po). Translate them in the file; "
        "`invoke translations --add de` writes the catalog to translate the interface.",
    ]
    text = (report / "content/commitments/B1.de.md").read_text(encoding="utf-8")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == list(ENGLISH_HEADINGS)


def test_fixture_roots_still_load():
    for name in ("english-default", "every-chart", "kyrgyz-pdf"):
        load_report(ROOTS / name)
