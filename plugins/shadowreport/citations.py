"""Citations of the register of sources in findings and pages: `[@id]`,
several at once `[@a; @b]`, each with an optional place in the source
`[@a, p. 3]` (Pandoc's syntax, which authors may know from Pandoc, Zotero
or Quarto). A citation becomes a numbered link to the reference list at
the end of its finding: the number is the order in which the document
cites the source first, so it depends on the text alone.

`[@name](https://...)` stays a link, and nothing in a code block is a
citation: Python-Markdown finds the citations (CitationExtension), in the
check (check_documents) and in the build alike.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .errors import Problem, did_you_mean
from .model import Document

ITEM = r"@([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\s*,\s*([^;\]\[]+?))?\s*"
# a [ ... ] of items; not a link's text ([@name](...), [@name][ref])
CITATION = re.compile(r"\[\s*(" + ITEM + r"(?:;\s*" + ITEM + r")*)\](?![(\[])")
ONE_ITEM = re.compile(ITEM + r"(?:;|$)")
ANCHOR = "source-"  # the id of a reference list's entry: source-<id>
PRIORITY = 175  # after code spans (190), before links (160)


def items(inside: str) -> list[tuple[str, str]]:
    """(id, place) of each item of a citation's brackets."""
    return [(match[1], (match[2] or "").strip()) for match in ONE_ITEM.finditer(inside.strip())]


class _CitationProcessor(InlineProcessor):
    def __init__(self, extension: "CitationExtension"):
        super().__init__(CITATION.pattern)
        self.extension = extension

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        sup = etree.Element("sup", {"class": "citation"})
        sup.text = "["
        last = None
        for position, (source_id, place) in enumerate(items(m.group(1))):
            number = self.extension.number(source_id)
            if position:
                last.tail = (last.tail or "") + "; "
            link = etree.SubElement(sup, "a", {"href": f"#{ANCHOR}{source_id}", "class": "citation__link"})
            link.text = str(number)
            link.tail = f", {place}" if place else ""
            last = link
        last.tail = (last.tail or "") + "]"
        return sup, m.start(0), m.end(0)


class CitationExtension(Extension):
    """Numbers each document's citations from 1, in the order of first citation;
    `cited` lists the ids so cited after each convert()."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cited: list[str] = []

    def number(self, source_id: str) -> int:
        if source_id not in self.cited:
            self.cited.append(source_id)
        return self.cited.index(source_id) + 1

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        md.inlinePatterns.register(_CitationProcessor(self), "shadowreport-citation", PRIORITY)

    def reset(self):
        self.cited = []


_SPACE_BEFORE = re.compile(r"[ \t]+(<sup class=\"citation\">)")


def tighten(html: str) -> str:
    """No space between a word and its citation's number: authors write
    `text [@id]` (as in Pandoc), readers see text¹."""
    return _SPACE_BEFORE.sub(r"\1", html)


_LINK = re.compile(r"<a\b[^>]*>")
_CITED = re.compile(r'href="#' + ANCHOR + r'([^"]+)"')


def makeExtension(**kwargs):  # noqa: N802 - how Python-Markdown loads "shadowreport.citations"
    return CitationExtension(**kwargs)


def cited_ids(html: str) -> list[str]:
    """The ids a rendered document cites, in the order of their numbers
    (the sanitiser may have put the link's attributes in another order)."""
    found: list[str] = []
    for link in _LINK.findall(html):
        match = _CITED.search(link) if "citation__link" in link else None
        if match and match[1] not in found:
            found.append(match[1])
    return found


CHECK_MARKDOWN = {"extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"], "output_format": "html"}


def check_documents(documents: list[Document], sources, register_name: str, problems: list[Problem]) -> None:
    """Every citation of the documents names a source of the register:
    one that does not is a Problem at its line. `sources`: the ids written
    in the register (also on rows with mistakes)."""
    extension = CitationExtension()
    renderer = markdown.Markdown(extensions=[*CHECK_MARKDOWN["extensions"], extension], output_format="html")
    for document in documents:
        if "@" not in document.body:
            continue  # most documents: nothing to render
        renderer.reset()
        renderer.convert(document.body)
        lines = document.body.split("\n")
        for source_id in extension.cited:
            if source_id in sources:
                continue
            expected = (f"is not an id of {register_name}" if register_name else
                        "is cited, but data/ has no sources.csv: add the source there (id, title, publisher, date, url, ...)")
            problems.append(Problem(document.name, f"line {_line_of(lines, source_id, document.body_line)}", "citation",
                                    source_id, expected, did_you_mean(source_id, sources)))


def _line_of(lines: list[str], source_id: str, first: int) -> int:
    """The line of the document's file where `@source_id` is first cited."""
    pattern = re.compile(r"@" + re.escape(source_id) + r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9])")
    for index, line in enumerate(lines):
        if pattern.search(line):
            return first + index
    return first
