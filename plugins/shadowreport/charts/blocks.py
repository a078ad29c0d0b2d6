"""Finding ```chart fenced blocks in Markdown.

One scanner for the check (spec.py, at load time) and the Markdown extension
(markdown_ext.py, at render time), so that both agree on what is a chart
block: a fence of three or more backticks or tildes at the start of a line
whose info string is `chart`, closed by a fence of the same character and at
least the same length. Fences of other blocks are skipped whole, so a code
block that *shows* a chart block is left alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    start: int  # index of the opening fence line in the text's lines
    end: int  # index of the closing fence line (== len(lines) when unclosed)
    source: str  # the YAML between the fences
    closed: bool
    argument: str = ""  # what the info string says after the kind: "completion" in ```scale completion

    @property
    def slot(self) -> str:
        """The id of the block's placeholder in the rendered HTML."""
        return slot_id(self.source)


def slot_id(source: str) -> str:
    return hashlib.sha256(source.strip().encode("utf-8")).hexdigest()[:16]


def find_blocks(lines: list[str], kind: str = "chart", takes_argument: bool = False) -> list[Block]:
    """The blocks whose info string is `kind`, or, `takes_argument`, starts
    with it (scaletables.py finds its ```scale blocks with the same scanner)."""
    blocks = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence = match["fence"]
        closing = re.compile("^" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        info = match["info"].strip().split()
        if info and info[0].lower() == kind and (takes_argument or len(info) == 1):
            blocks.append(Block(index, end, "\n".join(lines[index + 1 : end]), end < len(lines), " ".join(info[1:])))
        index = end + 1
    return blocks
