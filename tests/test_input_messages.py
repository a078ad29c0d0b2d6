"""Input that gave a traceback in the build, or passed `invoke
check` and then failed the build, gets a message from load_report, so that
the check and the build both refuse it (exit status 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport.build import build
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.names import MAX_ID_LENGTH, SITE_NAMES


@pytest.fixture
def report(tmp_path) -> Path:
    return copy_root("english-default", tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    """The messages load_report raises (it must raise)."""
    with pytest.raises(ReportError) as error:
        load_report(root)
    return [str(problem) for problem in error.value.problems]


def build_fails(root: Path, tmp_path: Path, capsys) -> str:
    """Build the report: exit status 1 and the message, no traceback."""
    code = build(ROOT / "pelicanconf.py", output=tmp_path / "output", PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDF_CACHE=str(tmp_path / "pdf-cache"))
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert not (tmp_path / "output").exists()
    return err


# 1. language codes -----------------------------------------------------------

LANGUAGES = 'data/report.yml, line 10, key "languages": '
SPANISH = 'choose a language Babel knows, e.g. "es" (Spanish), the official language of UY'


@pytest.mark.parametrize("code, expected", [
    ("xx", '"xx" is not a language code Babel knows (ISO 639-1: en, ru, ky, ...)'),
    ("ay", '"ay" is Aymara, which Babel has no locale data for: the site could not write its dates and numbers'),
    ("fj", '"fj" is Fijian, which Babel has no locale data for: the site could not write its dates and numbers'),
])
def test_language_without_babel_locale_data(code, expected, report, tmp_path, capsys):
    edit(report / "data/report.yml", "languages: [en, es]", f"languages: [en, es, {code}]")
    message = LANGUAGES + expected + f" ({SPANISH})"
    assert problems(report) == [message]
    assert message in build_fails(report, tmp_path, capsys)  # was an UnknownLocaleError in the build


@pytest.mark.parametrize("country, expected", [
    ("AM", '"am" is the code of Amharic, not a language of Armenia: AM is the country code, not a language code '
           '(did you mean "hy" (Armenian), the official language of AM?)'),
    ("KG", '"kg" is the code of Kongo, not a language of Kyrgyzstan: KG is the country code, not a language code '
           '(did you mean "ky" (Kyrgyz) or "ru" (Russian), the official languages of KG?)'),
    ("UA", '"ua" is not a language code: UA is the country code of Ukraine (did you mean "uk" (Ukrainian), the official language of UA?)'),
    ("GE", '"ge" is not a language code: GE is the country code of Georgia (did you mean "ka" (Georgian), the official language of GE?)'),
])
def test_country_code_written_as_a_language(country, expected, report):
    edit(report / "data/report.yml", "country: UY", f"country: {country}")
    edit(report / "data/report.yml", "languages: [en, es]", f"languages: [en, es, {country.lower()}]")
    assert problems(report) == [LANGUAGES + expected]


def test_languages_babel_knows_pass(report):
    edit(report / "data/report.yml", "country: UY", "country: KG")
    edit(report / "data/report.yml", "languages: [en, es]", "languages: [en, es, ky, ru, hy]")
    assert load_report(report).languages == ["en", "es", "ky", "ru", "hy"]


# 2. length of ids and slugs ----------------------------------------------------

TOO_LONG = "is 300 characters long: ids and slugs have at most 64, as they become file names"
LONG = "J" + "2" * 299
SHOWN = '"' + LONG[:77] + '..."'


def test_over_long_commitment_id(report, tmp_path, capsys):
    edit(report / "data/commitments.csv", "J2,justice", f"{LONG},justice")
    edit(report / "content/commitments/j2.md", "Commitment: J2", f"Commitment: {LONG}")
    message = f'data/commitments.csv, row 3, column "id": {SHOWN} {TOO_LONG}'
    assert problems(report) == [message]
    assert message in build_fails(report, tmp_path, capsys)  # was "File name too long"


def test_over_long_area_id(report):
    edit(report / "data/report.yml", "  - id: budget", f"  - id: {'b' * 300}")
    assert problems(report) == [f'data/report.yml, line 16, area 2, key "id": "{"b" * 77}..." {TOO_LONG}']


def test_over_long_page_slug(report):
    edit(report / "content/pages/about.md", "Slug: about", f"Slug: {'a' * 300}")
    assert problems(report) == [f'content/pages/about.md, line 2, key "Slug": "{"a" * 77}..." {TOO_LONG}']


def test_id_of_the_longest_length_passes(report):
    longest = "J" + "2" * (MAX_ID_LENGTH - 1)
    edit(report / "data/commitments.csv", "J2,justice", f"{longest},justice")
    edit(report / "content/commitments/j2.md", "Commitment: J2", f"Commitment: {longest}")
    assert longest in [c.id for c in load_report(report).commitments]
    edit(report / "data/commitments.csv", f"{longest},", f"{longest}2,")
    edit(report / "content/commitments/j2.md", f"Commitment: {longest}", f"Commitment: {longest}2")
    assert problems(report) == [f'data/commitments.csv, row 3, column "id": "{longest}2" is 65 characters long: '
                                "ids and slugs have at most 64, as they become file names"]


# 3. slugs that take the site's own names -------------------------------------------


@pytest.mark.parametrize("slug", ["index.html", "sitemap.xml", "robots.txt", "404.html", "pdf", "data", "charts", "theme",
                                  "feeds", "pagefind", "open-data", "commitments", "areas", "translations", "search",
                                  "es", "en", "Data"])
def test_slug_of_the_sites_own_files(slug, report, tmp_path, capsys):
    edit(report / "content/pages/about.md", "Slug: about", f"Slug: {slug}")
    edit(report / "content/pages/about.es.md", "Slug: about", f"Slug: {slug}")
    stem = slug.split(".")[0]
    expected = [f'content/pages/{name}, line 2, key "Slug": "{slug}" is a name the site itself uses at its top level '
                f'(output/{slug}) (choose another slug, e.g. "{stem}-page")' for name in ("about.es.md", "about.md")]
    assert problems(report) == expected
    if slug == "index.html":  # was a FileExistsError in the build
        assert expected[1] in build_fails(report, tmp_path, capsys)


def test_reserved_names_are_what_a_build_writes(report, tmp_path):
    """A full build (PDFs, sitemap, editors' pages): every name at the top of
    output/ is one the check keeps slugs from; and the longest ids, long
    header values build."""
    longest = "J" + "2" * (MAX_ID_LENGTH - 1)
    edit(report / "data/commitments.csv", "J2,justice", f"{longest},justice")
    edit(report / "content/commitments/j2.md", "Commitment: J2", f"Commitment: {longest}\nTitle: {'T' * 5000}\nSummary: {'S' * 5000}")
    edit(report / "content/pages/about.md", "Slug: about", f"Slug: {'a' * MAX_ID_LENGTH}")
    edit(report / "content/pages/about.es.md", "Slug: about", f"Slug: {'a' * MAX_ID_LENGTH}")
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"), SITEURL="https://example.org",
                 SHADOWREPORT_EDITOR_PAGES=True, SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"),
                 SHADOWREPORT_PDF_CACHE=str(tmp_path / "pdf-cache")) == 0
    written = {path.name for path in output.iterdir()}
    assert {"index.html", "sitemap.xml", "pdf", "translations", "es"} <= written
    assert written - SITE_NAMES == {"es", "a" * MAX_ID_LENGTH}


# 4. a report.yml mistake hides nothing else --------------------------------------------


def test_report_yml_mistake_and_register_mistake_both_reported(report):
    edit(report / "data/report.yml", "licence: CC-BY-4.0\n", "")
    edit(report / "data/commitments.csv", "2022-12,substantial", "2022-12,substantiall")
    assert problems(report) == [
        'data/commitments.csv, row 2, column "completion": "substantiall" is not one of no-evidence, not-started, '
        'limited, substantial, complete, withdrawn (did you mean "substantial"?)',
        'data/report.yml, key "licence": is missing: expected an SPDX id such as CC-BY-4.0',
    ]


def test_unreadable_report_yml_and_the_contents_mistakes_both_reported(report):
    (report / "data/report.yml").write_text("title: [unclosed\n", encoding="utf-8")
    edit(report / "data/milestones.csv", "2022-12-31,limited", "2022-12-31,limted")
    edit(report / "content/commitments/j2.md", "Commitment: J2", "Commitment: J9")
    found = problems(report)
    assert found[0] == 'content/commitments/j2.md, line 1, key "Commitment": "J9" is not an id of data/commitments.csv'
    assert found[1].startswith('data/milestones.csv, row 3, column "status": "limted" is not one of')
    assert found[2] == "data/report.yml, line 1: is not valid YAML: the bracket [ opened on this line is never closed: end the list with ]"
    assert len(found) == 3  # no "not an area", no "no finding in the default language"


def test_without_usable_languages_the_findings_lang_headers_are_used(report):
    edit(report / "data/report.yml", "languages: [en, es]\n", "")
    edit(report / "content/pages/about.es.md", "Slug: about", "Slug: pdf")
    assert problems(report) == [
        'content/pages/about.es.md, line 2, key "Slug": "pdf" is a name the site itself uses at its top level (output/pdf) '
        '(choose another slug, e.g. "pdf-page")',
        "data/report.yml, key \"languages\": must list the report's languages, default first, e.g. [ru, ky, en]",
    ]


def test_broken_areas_leave_the_registers_area_column_unchecked(report):
    edit(report / "data/report.yml", "  - id: budget\n", "  - id: budget\n    title: [x]\n")
    edit(report / "data/commitments.csv", "2021-03-01,2023-06-30", "2021-03-01,2023-06-31")
    found = problems(report)
    assert 'data/commitments.csv, row 3, column "end": "2023-06-31" is not a real date: check the month and the day' in found
    assert not any("is not an area" in message for message in found)


# 5. editors' files and links in content/ --------------------------------------------------


def test_editors_lock_and_backup_files_are_ignored(report):
    folder = report / "content/commitments"
    os.symlink("user@host.12345:1700000000", folder / ".#j1.md")  # Emacs's lock: a link to nowhere
    for name in ("#j1.md#", "j1.md~", ".j1.md.swp", ".hidden.md"):
        (folder / name).write_bytes(b"\xff not a finding")
    assert len(load_report(report).commitments) == 3


def test_link_out_of_content_is_refused(report, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text("Commitment: B1\nLang: es\n\nTexto.\n", encoding="utf-8")
    os.symlink(outside, report / "content/commitments/b1.es.md")
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "folder", report / "content/pages/more")
    os.symlink(outside, report / "content/pages/logo.png")  # no Markdown: not read, not refused
    assert problems(report) == [
        f"content/commitments/b1.es.md: is a link to {outside}, which leads outside content/: copy the file into content/ instead",
        f"content/pages/more: is a link to {tmp_path / 'folder'}, which leads outside content/: copy the file into content/ instead",
    ]


def test_dangling_link_is_named_with_its_target(report):
    os.symlink("nowhere.md", report / "content/pages/faq.md")
    os.symlink("loop.md", report / "content/pages/loop.md")
    assert problems(report) == [
        "content/pages/faq.md: is a link to nowhere.md, which does not exist: delete the link, or copy the file into content/",
        "content/pages/loop.md: is a link to loop.md, which does not exist: delete the link, or copy the file into content/"]


def test_link_inside_content_is_read(report):
    (report / "content/shared").mkdir()
    (report / "content/shared/faq.md").write_text("Title: FAQ\nSlug: faq\n\nAnswers.\n", encoding="utf-8")
    os.symlink("../shared/faq.md", report / "content/pages/faq.md")
    assert "faq" in [page.slug for page in load_report(report).pages]


# 6. NUL bytes and long header values ------------------------------------------------------


def test_nul_byte_in_a_header_value(report, tmp_path, capsys):
    edit(report / "content/commitments/j2.md", "Commitment: J2", "Commitment: J2\x00")
    edit(report / "content/pages/about.md", "Title: About this report", "Title: About\x00this report")
    expected = [
        'content/commitments/j2.md, line 1, key "Commitment": "J2\\x00" contains the invisible control character U+0000: delete it',
        'content/pages/about.md, line 1, key "Title": "About\\x00this report" contains the invisible control character U+0000: delete it',
    ]
    assert problems(report) == expected
    assert expected[0] in build_fails(report, tmp_path, capsys)


@pytest.mark.parametrize("key", ["Commitment", "Lang", "Title", "Slug", "Summary"])
@pytest.mark.parametrize("value", ["\x00", "x" * 100_000, "\x00" * 300, "é" * 5000])
def test_odd_header_values_give_a_message_or_pass(key, value, report):
    for path in (report / "content/commitments/j1.md", report / "content/pages/about.md"):
        path.write_text(f"{key}: {value}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        load_report(report)
    except ReportError as error:
        assert all(problem.file.startswith(("content/", "data/")) for problem in error.problems)
        assert all("\x00" not in str(problem) for problem in error.problems)
