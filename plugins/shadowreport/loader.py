"""Load and check a report: data/report.yml, the register, the milestones,
the findings and the free pages, every rule of content-format.md, every
mistake at once."""

from __future__ import annotations

from pathlib import Path

from . import (citations, coalition, commitmentregister, datafolder, documents, editions, images, intros, replies, scaletables,
               skeletons, sourceregister, spreadsheets)
from .rawdata import derive
from .charts import spec as chart_spec
from .dates import DATE_EXPECTED, IMPOSSIBLE_DATE, date_mistake  # noqa: F401 - named here before dates.py
from .errors import Problem, ReportError, did_you_mean, quote, relative
from .model import Area, Commitment, Page, Report
from .numberformat import NumberFormat
from .names import URL_SAFE_ID, id_mistake, reserved_slugs  # noqa: F401 - scaffold.py imports URL_SAFE_ID from here
from .reportyml import COUNTRY_CODE, LANGUAGE_CODE, _load_meta, _read_meta, meta_logo, translated  # noqa: F401 - scaffold.py imports them from here
from .sources import Table, read_data_tables, read_table


def load_report(root: Path, content_path: Path | None = None, data_path: Path | None = None,
                cache_path: Path | None = None) -> Report:
    """The checked report model; raises ReportError with every mistake found.
    A mistake in report.yml does not hide the others: the register, the
    milestones, the findings and the pages are checked with what of
    report.yml can be used (_usable_meta). The datasets of data/recipes/ are
    computed (or found in `cache_path`/derived; without a cache_path, computed
    and kept nowhere) and join data/'s tables (rawdata/derive.py)."""
    root = Path(root).resolve()
    content_path = Path(content_path or root / "content").resolve()
    data_path = Path(data_path or root / "data").resolve()
    problems: list[Problem] = []
    name = lambda path: relative(path, root)  # noqa: E731 - the name an author sees

    data_files = datafolder.scan(data_path, root, problems)
    # every table of data/ is read here, once, for the check and the build alike
    tables = read_data_tables(data_files.tables(), name, problems)
    table = _table_finder(data_files, tables, name, problems)
    meta = None if "report.yml" in data_files.refused else _read_meta(data_path / "report.yml", name(data_path / "report.yml"), problems)
    tables.update(derive.derived_tables(data_files, name, Path(cache_path) if cache_path else None, problems, meta["numbers"] if meta else None))
    folders = [content_path / "commitments", content_path / "pages"]
    languages, areas = _usable_meta(meta, folders, root)

    register, milestones_table = table("commitments.csv"), table("milestones.csv")
    sources, source_ids, sources_name = sourceregister.read_register(table(sourceregister.FILE_NAME, required=False),
                                                                      data_files, languages, problems)
    commitments, written_ids = commitmentregister.load(register, milestones_table, areas, languages, data_files,
                                                       (source_ids or set(), sources_name), problems)
    by_id = {c.id: c for c in commitments}
    register_file = register.source if register else "data/commitments.csv"  # or the workbook kept instead

    unusable: set[str] = set()  # commitments of findings that have a mistake of their own
    findings = documents.read_folder(folders[0], root, languages, problems, unusable, content_path)
    _attach_findings(findings, by_id, written_ids, languages, problems, unusable, register_file)
    pages = _load_pages(documents.read_folder(folders[1], root, languages, problems, content=content_path), languages, problems)
    summary, area_intros, others = intros.load(content_path, root, languages, areas, problems)
    assessments = table(editions.TABLE) if any(data_files.canonical(editions.TABLE[:-4] + suffix)
                                               for suffix in (".csv", *spreadsheets.SUFFIXES)) else None  # optional
    report_editions, members, replies_read = _editions_coalition_replies(
        meta, assessments, by_id, written_ids, register_file, languages, tables, (root, content_path), problems)
    texts = [*findings, *(d for p in pages for d in p.versions.values()), *others]
    _check_texts(texts, replies_read, meta, data_files, tables, languages, (source_ids, sources_name), (root, content_path), problems)
    logo = meta_logo(meta, content_path, name(data_path / "report.yml"), problems)

    if problems:
        raise ReportError(problems)
    return Report(
        root=root, content_path=content_path, data_path=data_path, meta=meta["raw"],
        **{key: meta[key] for key in ("title", "organisation", "action_plan", "country", "period_start", "period_end",
                                      "published", "languages", "licence", "disclaimer", "numbers")},
        areas=list(areas.values()), commitments=commitments, pages=pages, summary=summary, area_intros=area_intros,
        register_columns=register.columns if register else [],
        milestone_columns=milestones_table.columns if milestones_table else [],
        tables=tables, sources=sources, logo=logo, editions=report_editions, members=members,
    )


def _table_finder(data_files: datafolder.DataFiles, tables: dict[str, Table], name, problems):
    """A function that finds the register, the milestones or the sources:
    file_name's CSV, or a workbook of its base name, among the tables read;
    a required one that is missing is a Problem that says why."""
    def table(file_name: str, required: bool = True) -> Table | None:
        for candidate in (file_name, *(file_name[:-4] + suffix for suffix in spreadsheets.SUFFIXES)):
            if data_files.canonical(candidate):
                return tables.get(spreadsheets.published_name(data_files.canonical(candidate)))
        if file_name in data_files.refused or not required:
            return None
        return read_table(data_files.folder / file_name, name(data_files.folder / file_name), problems)  # says why it is missing
    return table


def _check_texts(texts, replies_read, meta, data_files, tables, languages, sources, folders: tuple[Path, Path], problems) -> None:
    """What the Markdown of findings, pages and intros refers to: chart
    blocks against data/'s tables, citations against the register of
    sources, images (also the replies') against content/, scale tables."""
    root, content_path = folders
    source_ids, sources_name = sources
    if languages[0] != documents.UNREAD_DEFAULT:  # a chart block's title_<lang> needs the languages
        numbers = meta["numbers"] if meta else NumberFormat()  # None: report.yml's numbers: has a mistake
        chart_spec.check_documents(texts, data_files, tables, languages, problems, numbers)
    if source_ids is not None:
        citations.check_documents(texts, source_ids, sources_name, problems)
    images.check_documents([*texts, *replies_read], content_path, root, problems)
    scaletables.check_documents(texts, problems)


def _editions_coalition_replies(meta, assessments: Table | None, by_id: dict, written_ids, register_file: str, languages,
                                tables: dict, folders: tuple[Path, Path], problems) -> tuple[list, list, list]:
    """The format extensions that refer to the rest: the editions with each
    commitment's history (editions.py), the members with who monitored what
    (coalition.py), and the government's replies (replies.py, returned for
    the image checks)."""
    root, content_path = folders
    report_editions, edition_ids = (meta["editions"], meta["edition_ids"]) if meta else ([], [])
    editions.load_assessments(assessments, report_editions, edition_ids, by_id, written_ids, register_file, problems)
    editions.check_finding_editions(by_id.values(), edition_ids, problems)
    members = coalition.check_logos(meta["members"], content_path, meta["name"], problems) if meta else []
    coalition.attach_monitoring(by_id.values(), members, languages[0], problems)
    coalition.table_clashes(members, tables, problems)
    replies_read = replies.load_replies(content_path, root, languages, by_id, written_ids, register_file, problems)
    return report_editions, members, replies_read


def _usable_meta(meta: dict | None, folders: list[Path], root: Path) -> tuple[list[str], dict[str, Area] | None]:
    """The languages and areas to check the rest of the report with, also
    when report.yml has mistakes: its languages when its list is usable, else
    those the files' Lang: headers name (documents.header_languages); its
    areas when they have no mistake, else None (the register's area column
    goes unchecked)."""
    languages = meta["languages"] if meta and meta["languages_usable"] else documents.header_languages(folders, root)
    return languages, (meta["areas"] if meta and meta["areas_usable"] else None)

# findings and pages ---------------------------------------------------------


def _attach_findings(findings, commitments: dict[str, Commitment], written_ids, languages, problems, unusable: set[str],
                     register_file: str = "data/commitments.csv") -> None:
    default = languages[0]
    for document in findings:
        commitment_id = document.metadata.get("commitment", "").strip()
        if not commitment_id:
            problems.append(Problem(document.name, "line 1", 'key "Commitment"',
                                    expected=f"is missing: every finding names the id of its commitment in {register_file}"))
            continue
        commitment = commitments.get(commitment_id)
        if commitment is None:
            # without a readable register every id would be "unknown"
            if written_ids is not None and commitment_id not in written_ids:
                problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                        f"is not an id of {register_file}", did_you_mean(commitment_id, commitments)))
            continue
        if skeletons.is_skeleton(document):  # not written yet: a mistake in the default language, else untranslated
            if document.lang == default:
                problems.append(Problem(document.name, expected=skeletons.NOT_WRITTEN))
                unusable.add(commitment_id)
            commitment.skeletons[document.lang] = document.name
            continue
        other = commitment.findings.get(document.lang)
        if other is not None:
            problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                    f"already has a finding in {quote(document.lang)}: {other.name} (one file per commitment per language)"))
            continue
        commitment.findings[document.lang] = document
    for commitment in commitments.values() if default != documents.UNREAD_DEFAULT else ():
        if default not in commitment.findings and commitment.id not in unusable:
            problems.append(Problem("content/commitments", "", "", commitment.id,
                                    f"has no finding in the default language {quote(default)}: "
                                    f"add a Markdown file with Commitment: {commitment.id} and Lang: {default}"))


def _load_pages(pages, languages, problems) -> list[Page]:
    reserved = reserved_slugs(lang for lang in languages if LANGUAGE_CODE.match(lang))
    by_slug: dict[str, Page] = {}
    for document in pages:
        slug = document.metadata.get("slug") or document.source.stem.split(".")[0]
        if not document.title:
            problems.append(Problem(document.name, "line 1", 'key "Title"', expected="is missing: every page needs a title"))
        if id_mistake(slug):
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug, id_mistake(slug)))
            continue
        if slug.lower() in reserved:
            problems.append(Problem(document.name, documents.header_line(document, "slug"), 'key "Slug"', slug,
                                    f"is a name the site itself uses at its top level (output/{slug})",
                                    f'choose another slug, e.g. "{slug.split(".")[0]}-page"'))
            continue
        page = by_slug.setdefault(slug, Page(slug, {}, languages[0]))
        if document.lang in page.versions:
            problems.append(Problem(document.name, "", 'key "Slug"', slug,
                                    f"already has a page in {quote(document.lang)}: {page.versions[document.lang].name}"))
            continue
        page.versions[document.lang] = document
    return list(by_slug.values())
