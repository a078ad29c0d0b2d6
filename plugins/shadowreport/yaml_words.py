"""PyYAML's errors in words an author understands, at the line where the
mistake is, with the fix; and the duplicate keys PyYAML accepts silently.

`explain` serves report.yml (sources._parse_yaml) and chart blocks
(charts/spec.py) alike. A problem PyYAML reports late (an unclosed quote
is found at the end of the file) is named at the line where it starts.
An error not translated here keeps PyYAML's own words.
"""

from __future__ import annotations

import re

import yaml

UNCLOSED = {  # PyYAML's context -> what was opened and how to close it
    "while scanning a quoted scalar": "a quote opened on this line is never closed: end the value with the same quote",
    "while scanning a double-quoted scalar": "a quote opened on this line is never closed: end the value with the same quote",
    "while scanning a single-quoted scalar": "a quote opened on this line is never closed: end the value with the same quote",
    "while parsing a flow sequence": "the bracket [ opened on this line is never closed: end the list with ]",
    "while parsing a flow mapping": "the brace { opened on this line is never closed: end it with }",
}
COLON_IN_VALUE = "the value has a colon (:) in it: put the value in quotes"
INDENTED_TOO_FAR = "this line is indented more than the key above it: align it with the keys above"
TAB = "a tab is used for indentation: indent with spaces"
NO_COLON = "this line has no colon (:) after its key: write key: value (or indent a continued text further)"
BAD_INDENT = "the indentation does not match the lines above: indent keys of the same level by the same number of spaces"
CANNOT_START = "the value starts with {char}, which YAML reserves: put the value in quotes"
ESCAPE = ("a backslash (\\) in double quotes starts an escape: write the value in single quotes "
          "('...') or double each backslash")
UNDEFINED_ALIAS = "*{name} refers to no anchor &{name} above it: define &{name} before, or write the value out"
TEXT_AFTER_QUOTE = "there is text after the closing quote: put the whole value in quotes"


def explain(error: yaml.YAMLError, text: str = "") -> tuple[int | None, str]:
    """The line (counted from 0) where the mistake is, or None when PyYAML
    names none, and what to write instead."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    start = getattr(error, "context_mark", None)
    line = mark.line if mark else None
    if context in UNCLOSED and start is not None and _unclosed(context, problem, start, mark):
        return start.line, UNCLOSED[context]
    if problem == "mapping values are not allowed here":
        return line, _colon(text, mark)
    if problem.startswith("found character '\\t'"):
        return line, TAB
    if problem == "could not find expected ':'":
        return (start.line if start else line), NO_COLON
    if found := re.match(r"found character '(.)' that cannot start any token", problem):
        return line, CANNOT_START.format(char=found[1])
    if found := re.match(r"found undefined alias '?([^']*)'?", problem):
        return line, UNDEFINED_ALIAS.format(name=found[1])
    if "escape" in problem and "double-quoted" in context:
        return line, ESCAPE
    if problem.startswith("expected <block end>, but found '<scalar>'") and _after_quote(text, mark):
        return line, TEXT_AFTER_QUOTE
    if problem.startswith(("expected <block end>", "did not find expected key", "did not find expected '-'")):
        return line, BAD_INDENT
    what = problem
    if context and start and mark and start.line != mark.line:  # something opened further up
        what += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return line, what


def _unclosed(context: str, problem: str, start, mark) -> bool:
    """A quote that reaches the end of the file (or a --- line), or a
    bracket or brace that is still open on a later line."""
    if "quoted" in context:
        return "end of stream" in problem or "document separator" in problem
    return mark is None or start.line != mark.line or "end of stream" in problem


def _line_text(text: str, mark) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _colon(text: str, mark) -> str:
    """A colon in a value (title: Foo: Bar), or a key indented under a
    value that is already complete (a: 1 then "  b: 2")."""
    line = _line_text(text, mark)
    if line and mark.column == line.find(":") and line[:1] == " ":
        return INDENTED_TOO_FAR
    return COLON_IN_VALUE


def _after_quote(text: str, mark) -> bool:
    line = _line_text(text, mark)
    before = line[: mark.column].rstrip() if line else ""
    return before.endswith(('"', "'"))


def duplicate_keys(node) -> list[tuple[str, int, int]]:
    """Keys written twice, at the top level and one level down: (key, the
    line kept, the line of the first), lines counted from 1. PyYAML keeps
    the last one without a word."""
    found: list[tuple[str, int, int]] = []
    if not isinstance(node, yaml.MappingNode):
        return found
    found += _twice(node.value, "")
    for key, value in node.value:
        if isinstance(value, yaml.MappingNode):
            found += _twice(value.value, f"{key.value}.")
        elif isinstance(value, yaml.SequenceNode):
            for position, item in enumerate(value.value, start=1):
                if isinstance(item, yaml.MappingNode):
                    found += _twice(item.value, f"{key.value}[{position}].")
    return found


def _twice(pairs, prefix: str) -> list[tuple[str, int, int]]:
    first: dict[str, int] = {}
    found = []
    for key, _ in pairs:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            found.append((prefix + str(key.value), line, first[key.value]))
        else:
            first[key.value] = line
    return found


def duplicate_message(first_line: int) -> str:
    return f"is written twice (first at line {first_line}): YAML keeps only the last one without a word; delete one of them"
