"""`invoke links`: does every address the report gives still answer? The
sources' addresses and archived copies (data/sources.csv), the milestones'
evidence addresses and the addresses written in findings and pages.

Each address is opened once (GET, redirects followed), a few at a time,
each with a timeout, so that the check ends in a bounded time. A machine
without a network is said to be one, rather than every address being
called dead: when no address could even be looked up or connected to, the
answer is NO_NETWORK and nothing is called dead.
"""

from __future__ import annotations

import errno
import re
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .model import Report

TIMEOUT = 10.0  # seconds for each connection and each read
WORKERS = 8  # addresses opened at once: few, to be polite to small government sites
USER_AGENT = "shadowreport-linkcheck (a civil society report checking the addresses it cites)"
ADDRESS = re.compile(r"https?://[^\s<>\"'`)\]]+")
NO_NETWORK_ERRORS = (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)


@dataclass
class Address:
    url: str
    places: list[str] = field(default_factory=list)  # where the report gives it, as messages name places
    archived: str = ""  # the archived copy of a source's address


@dataclass(frozen=True)
class Answer:
    ok: bool
    what: str  # "200 OK", "404 Not Found", "timed out after 10 s", ...
    offline: bool = False  # could not look up or reach the host: no network, or no such host
    moved: str = ""  # where a redirect led, when it did


def addresses(report: Report) -> list[Address]:
    """Every address of the report, once, with each place it is given."""
    found: dict[str, Address] = {}

    def add(url: str, place: str, archived: str = "") -> None:
        address = found.setdefault(url, Address(url))
        address.places.append(place)
        address.archived = address.archived or archived

    sources_name = report.tables.get("sources.csv").source if report.tables.get("sources.csv") else "data/sources.csv"
    for source in report.sources.values():
        place = f'{sources_name}, row {source.row}, source {source.id}'
        if source.url:
            add(source.url, place + ', column "url"', source.archived)
        if source.archived:
            add(source.archived, place + ', column "archived"')
    for commitment in report.commitments:
        for milestone in commitment.milestones:
            if milestone.evidence_is_url:
                add(milestone.evidence, f'data/milestones.csv, row {milestone.row}, column "evidence"')
    documents = [d for c in report.commitments for d in c.findings.values()]
    documents += [d for p in report.pages for d in p.versions.values()]
    for document in documents:
        for index, line in enumerate(document.body.split("\n")):
            for match in ADDRESS.finditer(line):
                add(match[0].rstrip(".,;:!?"), f"{document.name}, line {document.body_line + index}")
    return list(found.values())


def check_one(url: str, timeout: float = TIMEOUT) -> Answer:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by the loader
            moved = response.url if response.url != url else ""
            return Answer(True, f"{response.status} {response.reason}", moved=moved)
    except urllib.error.HTTPError as error:
        return Answer(False, f"{error.code} {error.reason}")
    except urllib.error.URLError as error:
        return _unreachable(error.reason, timeout)
    except (TimeoutError, socket.timeout):
        return Answer(False, f"timed out after {timeout:g} s")
    except (OSError, ValueError) as error:
        return Answer(False, f"cannot be opened: {error}")


def _unreachable(reason, timeout: float) -> Answer:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return Answer(False, f"timed out after {timeout:g} s")
    if isinstance(reason, socket.gaierror):
        return Answer(False, "its host name cannot be looked up", offline=True)
    if isinstance(reason, OSError) and reason.errno in NO_NETWORK_ERRORS:
        return Answer(False, f"its host cannot be reached ({reason.strerror})", offline=True)
    return Answer(False, f"cannot be opened: {reason}")


@dataclass
class Result:
    checked: list[tuple[Address, Answer]]

    @property
    def no_network(self) -> bool:
        """Not one address could be looked up or reached."""
        return bool(self.checked) and all(answer.offline for _, answer in self.checked)

    @property
    def dead(self) -> list[tuple[Address, Answer]]:
        return [(address, answer) for address, answer in self.checked if not answer.ok]


def check(report_addresses: list[Address], timeout: float = TIMEOUT, workers: int = WORKERS) -> Result:
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = list(pool.map(lambda address: check_one(address.url, timeout), report_addresses))
    return Result(list(zip(report_addresses, answers)))


def report_text(result: Result) -> tuple[str, int]:
    """What `invoke links` prints, and its exit status: 0 all answer, 1 some
    are dead, 2 nothing could be checked (no network)."""
    total = len(result.checked)
    if not total:
        return "The report gives no web addresses: nothing to check.", 0
    if result.no_network:
        reason = result.checked[0][1].what
        return (f"No network: none of the report's {total} addresses could be reached ({reason}, and so for every one). "
                "Nothing was checked and no link is called dead; run `invoke links` on a machine with a network."), 2
    dead = result.dead
    lines = [f"Checked {total} addresses: {total - len(dead)} answer, {len(dead)} do not."]
    for address, answer in dead:
        lines.append(f"  {address.url} — {answer.what}")
        lines += [f"      given in {place}" for place in address.places]
        if address.archived:
            lines.append(f"      archived copy: {address.archived}")
        elif any("sources" in place and 'column "url"' in place for place in address.places):
            lines.append("      no archived copy: add one in the column archived (e.g. https://web.archive.org/...)")
    moved = [(address, answer) for address, answer in result.checked if answer.ok and answer.moved]
    if moved:
        lines.append(f"{len(moved)} answer from another address (redirected; you may want to cite the new one):")
        lines += [f"  {address.url} -> {answer.moved}" for address, answer in moved]
    return "\n".join(lines), 1 if dead else 0
