"""The releases of an OCDS file, checked as they stream by.

A raw OCDS file is a release package or a record package (JSON), or JSON
Lines of releases, records or packages; gzip allowed (rawfiles.py). Each
item is checked before ocdskit sees it: a line that is not JSON, an item
that is no OCDS release, record or package, a package of another OCDS
version each become a Problem naming the file and the line or release.
The package's items are read with ijson's events, one at a time, so a
package of a million releases is never held whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import ijson
from ijson.common import ObjectBuilder

from .. import limits
from . import rawfiles

VERSION = "1.1"  # the OCDS version the vendored schema (release-schema-1.1.json) and its merge rules are for
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_ITEMS = {"releases.item": "release", "records.item": "record"}


def is_json_lines(name: str) -> bool:
    return name.lower().endswith(JSON_LINES_SUFFIXES)


def items(path: Path, name: str, problems: rawfiles.Problems):
    """(where, release): every release of the file, checked; a record
    gives its compiledRelease (compiled again by ocdskit, it stays itself)
    or, without one, its full releases."""
    stream = rawfiles.open_raw(path)
    try:
        reader = _lines if is_json_lines(name) else _package
        yield from reader(stream, problems)
    except rawfiles.RawFileTooLarge:
        problems.add("", f"unpacks to more than {limits.MAX_RAW_UNPACKED_BYTES / 1e9:g} GB: is it what the portal publishes?")
    except (OSError, EOFError) as error:  # a truncated or corrupt gzip
        problems.add("", f"cannot be read to its end: {error}")
    finally:
        rawfiles.close_raw(stream)


def _lines(stream, problems: rawfiles.Problems):
    for number, line in rawfiles.lines(stream):
        where = f"line {number}"
        if line is None:
            problems.add(where, f"is longer than {limits.MAX_RAW_LINE_BYTES / 1e6:g} MB: one release, record or package a line")
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as error:
            problems.add(where, f"is not valid JSON ({_json_error(error)}): each line is one JSON object")
            continue
        yield from _item(data, where, problems)


def _json_error(error: Exception) -> str:
    return error.msg if isinstance(error, json.JSONDecodeError) else type(error).__name__


def _item(data, where: str, problems: rawfiles.Problems):
    """The releases one JSON Lines item holds, whatever OCDS shape it has."""
    if not isinstance(data, dict):
        problems.add(where, "is not an OCDS release, record or package: expected a JSON object")
    elif "releases" in data and "ocid" not in data or "records" in data:  # a package
        if _version_ok(data, where, problems):
            for position, item in enumerate(data.get("releases") or data.get("records") or [], start=1):
                kind = "release" if "releases" in data else "record"
                yield from _checked(item, f"{where}, {kind} {position}", kind, problems)
    else:
        yield from _checked(data, where, "record" if "compiledRelease" in data or "tag" not in data and "releases" in data
                            else "release", problems)


def _version_ok(package: dict, where: str, problems: rawfiles.Problems) -> bool:
    version = package.get("version")
    if version == VERSION:
        return True
    shown = "no version (OCDS 1.0)" if version is None else None
    problems.add(where, f"is OCDS {version}: expected OCDS {VERSION}" if shown is None else f"has {shown}: expected OCDS {VERSION}",
                 None if version is None else str(version), 'key "version"')
    return False


def _checked(item, where: str, kind: str, problems: rawfiles.Problems):
    if not isinstance(item, dict) or not isinstance(item.get("ocid"), str) or not item["ocid"].strip():
        problems.add(where, f'is not an OCDS {kind}: it has no "ocid"')
        return
    shown = f'{where} (ocid "{item["ocid"]}")'
    if kind == "record":
        compiled = item.get("compiledRelease")
        if isinstance(compiled, dict):
            yield from _checked(compiled | {"ocid": item["ocid"]}, where, "release", problems)
            return
        releases = [r for r in item.get("releases") or [] if isinstance(r, dict)]
        if not any("tag" in r or "tender" in r for r in releases):
            problems.add(shown, "has neither a compiledRelease nor full releases (linked releases only): "
                         "download the record package with its releases")
        for release in releases:
            yield from _checked(release | {"ocid": item["ocid"]}, where, "release", problems)
        return
    if not isinstance(item.get("date"), str) or not item["date"].strip():
        problems.add(shown, 'has no "date": every OCDS release says when it was published (ocdskit orders them by it)')
        return
    for key in ("tender", "planning", "buyer"):
        if key in item and not isinstance(item[key], dict):
            problems.add(shown, "is not an object: OCDS 1.1 writes it as {...}", json.dumps(item[key])[:60], f'key "{key}"')
            return
    for key in ("awards", "contracts", "parties"):
        if key in item and not isinstance(item[key], list):
            problems.add(shown, "is not a list: OCDS 1.1 writes it as [...]", json.dumps(item[key])[:60], f'key "{key}"')
            return
    yield shown, item


def _package(stream, problems: rawfiles.Problems):
    """The items of one JSON package, built one at a time from ijson's
    events. Its "version" is read before its list, where publishers write it."""
    version, kind, position, builder, depth = None, None, 0, None, 0
    try:
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if builder is not None:
                builder.event(event, value)
                depth += _DEPTH.get(event, 0)
                if depth == 0:
                    yield from _checked(builder.value, f"{_ITEMS[prefix]} {position}", _ITEMS[prefix], problems)
                    builder = None
            elif prefix == "version" and event == "string":
                version = value
            elif prefix in _ITEMS and event == "start_map":
                if kind is None and not _version_ok({"version": version}, "", problems):
                    return  # every item would be read by the wrong rules: said once
                kind, position, builder, depth = prefix, position + 1, ObjectBuilder(), 1
                builder.event(event, value)
            elif prefix == "" and event == "start_array":
                problems.add("", "is a JSON list, not an OCDS package: expected {\"releases\": [...]} or {\"records\": [...]}"
                             " (releases without a package are written one a line, as JSON Lines: .jsonl)")
                return
    except ijson.JSONError as error:
        after = f" after {_ITEMS[kind]} {position}" if kind else ""
        problems.add("", f"is not valid JSON{after}: {str(error).splitlines()[0]}")
        return
    if kind is None:
        problems.add("", 'is not an OCDS release or record package: it has no "releases" or "records" list')


_DEPTH = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}
