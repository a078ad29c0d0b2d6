"""The government's reply to a finding: a Markdown file per commitment per
language under content/replies/ (the file name is free, as a finding's),
with `Commitment:`, `Lang:` and `Date:` (when the reply was received) in its
header. The site and the PDFs show it beside the finding, marked as the
government's words. docs/content-format.md ("The government's reply") is
the contract."""

from __future__ import annotations

import re
from pathlib import Path

from . import documents
from .dates import read_date
from .errors import Problem, did_you_mean, quote
from .model import Document

FOLDER = "replies"  # under content/
_CHART_BLOCK = re.compile(r"^\s{0,3}(```|~~~)\s*chart\b", re.MULTILINE)


def load_replies(content: Path, root: Path, languages: list[str], commitments: dict, written_ids, register_file: str,
                 problems: list[Problem]) -> list[Document]:
    """Read content/replies/ and give each commitment its replies
    (Commitment.replies); returns every reply read, for the image checks."""
    read = documents.read_folder(content / FOLDER, root, languages, problems, content=content)
    for document in read:
        commitment_id = document.metadata.get("commitment", "").strip()
        line = documents.header_line(document, "commitment")
        date = _date(document, problems)
        if _CHART_BLOCK.search(document.body):
            problems.append(Problem(document.name, expected="has a chart block: a reply is the government's text only; "
                                    "draw the chart in the finding"))
        if not commitment_id:
            problems.append(Problem(document.name, "line 1", 'key "Commitment"',
                                    expected=f"is missing: a reply names the id of its commitment in {register_file}"))
            continue
        commitment = commitments.get(commitment_id)
        if commitment is None:
            if written_ids is None or commitment_id not in written_ids:
                problems.append(Problem(document.name, line, 'key "Commitment"', commitment_id,
                                        f"is not an id of {register_file}: a reply answers the finding of a commitment",
                                        did_you_mean(commitment_id, commitments)))
            continue
        other = commitment.replies.get(document.lang)
        if other is not None:
            problems.append(Problem(document.name, line, 'key "Commitment"', commitment_id,
                                    f"already has a reply in {quote(document.lang)}: {other.name} (one file per commitment per language)"))
        elif date is not None:
            document.metadata["date"] = date.isoformat()
            commitment.replies[document.lang] = document
    return read


def _date(document: Document, problems: list[Problem]):
    value = document.metadata.get("date", "").strip()
    if not value:
        problems.append(Problem(document.name, documents.header_line(document, "date") if "date" in document.metadata else "line 1",
                                'key "Date"', expected="is missing: write when the government's reply was received, YYYY-MM-DD"))
        return None
    date, mistake = read_date(value)
    if mistake:
        problems.append(Problem(document.name, documents.header_line(document, "date"), 'key "Date"', value, mistake))
    return date


def reply_date(document: Document):
    """The checked date of a reply (load_replies wrote it back as ISO)."""
    return read_date(document.metadata["date"])[0]
