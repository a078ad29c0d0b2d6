"""`invoke new`: a finding skeleton for one commitment in one language,
written from its register row, with the headings of a good finding.

This is the only code that writes under content/, and only when an author
asks for it; it never overwrites a file. It reads report.yml and the
register leniently (not through load_report), because the report is
usually incomplete exactly when a finding is being started: "commitment 7
has no finding" is the mistake this command exists to fix.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import documents, skeletons
from .errors import Problem, ReportError, did_you_mean, relative
from .i18n import load_translations
from .loader import URL_SAFE_ID, _load_meta, translated
from .spreadsheets import SUFFIXES
from .sources import read_table

logger = logging.getLogger(__name__)

THEME_TRANSLATIONS = Path(__file__).resolve().parents[2] / "theme" / "translations"
HEADING_CONTEXT = "finding heading"  # msgctxt: "Evidence" is also a column of the milestone table


def pgettext(context: str, message: str) -> str:
    """Marks a heading for `invoke catalogs` (Babel extracts pgettext with
    its context); headings() translates it through the theme's catalog."""
    return message


# The headings of a good finding, in English; each language with a catalog
# in theme/translations/ gets them translated there.
ENGLISH_HEADINGS = (
    pgettext("finding heading", "What was promised"),
    pgettext("finding heading", "What was done"),
    pgettext("finding heading", "Evidence"),
    pgettext("finding heading", "Our assessment"),
    pgettext("finding heading", "Recommendations"),
)


def headings(lang: str, translations_dir: Path = THEME_TRANSLATIONS) -> tuple[str, ...]:
    """The headings in `lang`, from the theme's catalog; English where the
    catalog lacks one or there is no catalog (catalog_note says so)."""
    catalog = load_translations(translations_dir, lang)
    return tuple(catalog.pgettext(HEADING_CONTEXT, heading) for heading in ENGLISH_HEADINGS)


def catalog_note(lang: str, translations_dir: Path = THEME_TRANSLATIONS) -> str:
    """What the terminal says when the headings stay English, or ''."""
    if lang == "en" or (Path(translations_dir) / f"{lang}.po").is_file():
        return ""
    return (f"The headings are in English: the theme has no catalog for {lang} "
            f"(theme/translations/{lang}.po). Translate them in the file; "
            f"`invoke translations --add {lang}` writes the catalog to translate the interface.")


# What each section should say: HTML comments, which the site never shows.
GUIDANCE = (
    "The commitment as the action plan worded it; its milestones are listed from data/milestones.csv.",
    "What the government actually did, as the monitors found it. Cite each source with a footnote[^1].",
    "Documents, data, interviews and requests behind the finding; a chart block can draw a dataset from data/.",
    "Why the register says what it says; the completion and impact values live in data/commitments.csv.",
    "What the government should do next, one point per recommendation.",
)


class ScaffoldError(ReportError):
    """Nothing was written: the request or the report does not allow it."""

    def message(self) -> str:
        return "No finding was written:\n" + "\n".join(f"  {problem}" for problem in self.problems)


def new_finding(root: Path, commitment_id: str, lang: str | None = None,
                content_path: Path | None = None, data_path: Path | None = None) -> Path:
    """Write content/commitments/<id>.<lang>.md and return its path; raises
    ScaffoldError (and writes nothing) when it cannot."""
    root = Path(root).resolve()
    content_path = Path(content_path or root / "content").resolve()
    data_path = Path(data_path or root / "data").resolve()
    problems: list[Problem] = []

    meta = _load_meta(data_path / "report.yml", relative(data_path / "report.yml", root), problems)
    if meta is None:
        raise ScaffoldError(problems)
    languages = meta["languages"]
    lang = (lang or languages[0]).strip()
    if lang not in languages:
        problems.append(Problem(relative(data_path / "report.yml", root), field='key "languages"', value=lang,
                                expected="is not one of the report's languages (" + ", ".join(languages) + ")",
                                suggestion=did_you_mean(lang, languages)))

    register_path = table_file(data_path, "commitments")
    register_name = relative(register_path, root)
    register = read_table(register_path, register_name, problems)
    row = None
    if register is not None:
        ids = [cells.get("id", "") for _, cells in register.rows]
        row = next((cells for _, cells in register.rows if cells.get("id") == commitment_id), None)
        if row is None:
            problems.append(Problem(register_name, field='column "id"', value=commitment_id,
                                    expected="is not a commitment of the register", suggestion=did_you_mean(commitment_id, ids)))
        elif not URL_SAFE_ID.match(commitment_id):
            problems.append(Problem(register_name, field='column "id"', value=commitment_id,
                                    expected="is not URL-safe: use letters, digits, '-', '_' or '.'"))
    if problems:
        raise ScaffoldError(problems)

    folder = content_path / "commitments"
    target = folder / f"{commitment_id}.{lang}.md"
    ignored: list[Problem] = []  # other files' mistakes are `invoke check`'s business
    for document in documents.read_folder(folder, root, languages, ignored):
        if document.metadata.get("commitment", "").strip() == commitment_id and document.lang == lang:
            problems.append(Problem(document.name, documents.header_line(document, "commitment"), 'key "Commitment"', commitment_id,
                                    f'already has a finding in "{lang}": edit that file instead'))
    if target.exists() and not problems:  # else the problem above already names it
        problems.append(Problem(relative(target, root), expected="already exists: it was not overwritten"))
    if problems:
        raise ScaffoldError(problems)

    milestones_path = table_file(data_path, "milestones")
    milestones = _milestones(milestones_path, relative(milestones_path, root), commitment_id, languages, lang)
    text = skeleton(commitment_id, lang, languages, row, milestones)
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    logger.info("wrote %s", target)
    return target



def table_file(data_path: Path, stem: str) -> Path:
    """data/<stem>.csv, or the workbook kept instead of it (.xlsx, .ods)."""
    for suffix in (".csv", *SUFFIXES):
        if (data_path / f"{stem}{suffix}").is_file():
            return data_path / f"{stem}{suffix}"
    return data_path / f"{stem}.csv"  # read_table says it is missing

def skeleton(commitment_id: str, lang: str, languages: list[str], row: dict[str, str], milestones: list[str]) -> str:
    """The finding's text: header, a note on the register row, five sections."""
    title = translated(row, "title", languages).get(lang)
    agency = translated(row, "lead_agency", languages).get(lang)
    lines = [
        f"Commitment: {commitment_id}",
        f"Lang: {lang}",
        "Summary: ",
        "",
        f"<!-- Commitment {commitment_id}: {_comment(title)}",
        f"     Lead agency: {_comment(agency)}; {row.get('start', '')} to {row.get('end', '')};"
        f" completion in the register: {row.get('completion', '') or 'not set'}.",
        f"     Write one sentence in Summary above, {skeletons.MARKER}. -->",
    ]
    for position, (heading, guidance) in enumerate(zip(headings(lang), GUIDANCE)):
        lines += ["", f"## {heading}", "", f"<!-- {guidance} -->"]
        if position == 0 and milestones:
            lines += [""] + milestones
    lines += ["", "<!-- [^1]: https://... the source of footnote 1 -->", ""]
    return "\n".join(lines)


def _milestones(path: Path, name: str, commitment_id: str, languages: list[str], lang: str) -> list[str]:
    """The commitment's milestones as a Markdown list, or [] if there are none
    or the file cannot be read (the check reports that, not this command)."""
    table = read_table(path, name, [])
    if table is None:
        return []
    items = []
    for _, cells in table.rows:
        if cells.get("commitment") == commitment_id:
            text = translated(cells, "text", languages).get(lang)
            due = cells.get("due", "")
            items.append(f"- {cells.get('milestone', '')}: {text}" + (f" ({due})" if due else ""))
    return items


def _comment(text: str) -> str:
    """Text that cannot close the HTML comment it sits in."""
    return text.replace("--", "- -")
