"""The coalition: the member organisations report.yml lists under
`members:`, and which of them monitored each commitment and when its
finding was last reviewed (the finding's `Monitored_by:` and `Reviewed:`
header keys). docs/content-format.md ("The coalition") is the contract."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import documents, images
from .dates import read_date
from .errors import Problem, did_you_mean
from .model import Text
from .names import id_mistake

KEYS = ("id", "name", "url", "logo")  # and name_<lang>
MONITORED_BY, REVIEWED = "monitored_by", "reviewed"  # a finding's header keys, as documents.py lower-cases them
_SEPARATOR = re.compile(r"[,;]")


@dataclass(frozen=True)
class Member:
    id: str
    name: Text
    url: str  # "" when not given
    logo: str  # the path as written (images/members/a.svg), "" when not given
    line: str  # where report.yml lists it, for a logo's message
    image: images.Image | None = None  # the checked logo


def read_members(raw, name: str, at, translated, problems: list[Problem]) -> list[Member]:
    """report.yml's members, in its order; each mistake added to problems."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(name, at("members"), 'key "members"',
                                expected="must list the coalition's member organisations, each with an id and a name (- id: ...)"))
        return []
    members: list[Member] = []
    for position, entry in enumerate(raw, start=1):
        def where(key: str = "", position: int = position) -> str:
            return ", ".join(p for p in (at(f"members[{position}].{key}") or at(f"members[{position}]"), f"member {position}") if p)
        if not isinstance(entry, dict):
            problems.append(Problem(name, where(), value=str(entry), expected="must have an id and a name"))
            continue
        before = len(problems)
        member_id = str(entry.get("id") or "").strip()
        if not member_id:
            problems.append(Problem(name, where(), 'key "id"', expected="is missing"))
        elif id_mistake(member_id):
            problems.append(Problem(name, where("id"), 'key "id"', member_id, id_mistake(member_id)))
        elif member_id in {m.id for m in members}:
            problems.append(Problem(name, where("id"), 'key "id"', member_id, "is used by two members"))
        member_name = translated(entry, "name")
        if not member_name.default:
            problems.append(Problem(name, where("name"), 'key "name"', expected="is missing"))
        url = str(entry.get("url") or "").strip()
        if url and not url.startswith(("https://", "http://")):
            problems.append(Problem(name, where("url"), 'key "url"', url, "is not a web address: expected https://..."))
        if len(problems) == before:
            members.append(Member(member_id, member_name, url, str(entry.get("logo") or "").strip(), where("logo")))
    return members


def check_logos(members: list[Member], content: Path, name: str, problems: list[Problem]) -> list[Member]:
    """The members with their logos checked by the rules of images.py (a
    file under content/images/ of an image type, no script in an SVG...)."""
    checked = []
    for member in members:
        image = None
        if member.logo:
            image, mistake = images.check_image(member.logo, content)
            if mistake:
                problems.append(Problem(name, member.line, 'key "logo"', member.logo, mistake))
        checked.append(Member(member.id, member.name, member.url, member.logo, member.line, image))
    return checked


def attach_monitoring(commitments, members: list[Member], default_lang: str, problems: list[Problem]) -> None:
    """Each commitment's monitors and review date, from its finding in the
    default language; a translation may repeat them, but not differently."""
    by_id = {m.id: m for m in members}
    for commitment in commitments:
        finding = commitment.findings.get(default_lang)
        for document in commitment.findings.values():
            ids = _ids(document, by_id, problems)
            reviewed = _reviewed(document, problems)
            if document is finding:
                commitment.monitored_by = [by_id[i] for i in ids if i in by_id]
                commitment.reviewed = reviewed
        for document in commitment.findings.values():
            for key in (MONITORED_BY, REVIEWED):
                if document is not finding and finding and key in document.metadata and \
                        _normal(document.metadata[key]) != _normal(finding.metadata.get(key, "")):
                    problems.append(Problem(document.name, documents.header_line(document, key), f'key "{key.capitalize()}"',
                                            document.metadata[key], f"differs from {finding.name}: the monitors and the review "
                                            "date are the commitment's, written in its finding in the default language"))


def _normal(value: str) -> list[str]:
    return [part.strip() for part in _SEPARATOR.split(value.strip().strip("[]")) if part.strip()]


def _ids(document, by_id: dict[str, Member], problems: list[Problem]) -> list[str]:
    if MONITORED_BY not in document.metadata:
        return []
    ids = _normal(document.metadata[MONITORED_BY])
    where = documents.header_line(document, MONITORED_BY)
    if not ids:
        problems.append(Problem(document.name, where, 'key "Monitored_by"', expected="is empty: name members of data/report.yml, "
                                "separated by commas"))
    for member_id in ids:
        if member_id not in by_id:
            known = ", ".join(by_id) if by_id else "none: data/report.yml lists no members"
            problems.append(Problem(document.name, where, 'key "Monitored_by"', member_id,
                                    f"is not a member of data/report.yml ({known})", did_you_mean(member_id, by_id)))
    return ids


def _reviewed(document, problems: list[Problem]):
    if REVIEWED not in document.metadata:
        return None
    value = document.metadata[REVIEWED].strip()
    date, mistake = read_date(value) if value else (None, "is empty: expected YYYY-MM-DD")
    if mistake:
        problems.append(Problem(document.name, documents.header_line(document, REVIEWED), 'key "Reviewed"', value or None, mistake))
    return date


def table_clashes(members: list[Member], tables: dict, problems: list[Problem]) -> None:
    """With members, the open data has members.csv and monitoring.csv of the
    build's own; a table of data/ published under one of those names would be lost."""
    from .publishedtables import MEMBERS_FILE, MONITORING_FILE

    for clash in (MEMBERS_FILE, MONITORING_FILE) if members else ():
        if clash in tables:
            source = tables[clash].source if tables[clash] is not None else f"data/{clash}"
            problems.append(Problem(source, expected=f"has the name the open data gives the coalition's {clash[:-4]} "
                                    f"(data/{clash}, written from data/report.yml's members): rename the file"))
