"""Bare web addresses in authors' Markdown become links: a footnote that
cites "https://..." (the demo's methodology and findings do) and the same
address in running text alike, everywhere but in code and in links that
are links already.

A treeprocessor after Python-Markdown's inline patterns. pymdown-extensions'
magiclink does this too, but takes the no-break space that the footnotes
extension puts before a footnote's back link into the address
(".../mechanism/&#160;"), so footnotes, the main case, got broken links.

The text is read between the placeholders Python-Markdown keeps in the tree
(STX...ETX: stashed HTML, the footnotes' no-break space), never across them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSION = "shadowreport.autolinks"
# an address runs to the next space, control character (a placeholder), quote or angle bracket
ADDRESS = re.compile(r"""https?://[^\s\x00-\x1f<>"'\u00a0]+""")
TRAILING = ".,;:!?"  # sentence punctuation after an address is not part of it
SKIPPED = {"a", "code", "pre", "kbd", "samp", "script", "style"}


def _address_end(text: str) -> str:
    """The address without what a sentence puts after it: a final full stop,
    or a closing bracket that opened before the address."""
    while text:
        if text[-1] in TRAILING:
            text = text[:-1]
        elif text[-1] == ")" and text.count("(") < text.count(")"):
            text = text[:-1]
        else:
            break
    return text


def _linked(text: str) -> tuple[str, list[tuple[etree.Element, str]]]:
    """`text` up to the first address, then (link, text after it) pairs."""
    pieces: list[tuple[etree.Element, str]] = []
    head, position = None, 0
    for match in ADDRESS.finditer(text):
        address = _address_end(match[0])
        if not address.split("://", 1)[1]:
            continue
        before = text[position:match.start()]
        if head is None:
            head = before
        else:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + before)
        link = etree.Element("a", {"href": address})
        link.text = address
        pieces.append((link, ""))
        position = match.start() + len(address)
    if head is None:
        return text, []
    pieces[-1] = (pieces[-1][0], pieces[-1][1] + text[position:])
    return head, pieces


class AutolinkTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in SKIPPED:
            return
        children = list(element)
        if element.text and "://" in element.text:
            element.text, pieces = _linked(element.text)
            for index, (link, tail) in enumerate(pieces):
                link.tail = tail
                element.insert(index, link)
        for child in children:
            self._walk(child)
            if child.tail and "://" in child.tail:
                child.tail, pieces = _linked(child.tail)
                position = list(element).index(child) + 1
                for offset, (link, tail) in enumerate(pieces):
                    link.tail = tail
                    element.insert(position + offset, link)


class AutolinkExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # after "inline" (20), which makes the explicit links and the code spans
        md.treeprocessors.register(AutolinkTreeprocessor(md), "shadowreport_autolinks", 15)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point
    return AutolinkExtension(**kwargs)
