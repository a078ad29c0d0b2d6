"""The Markdown side of chart blocks: each ```chart block becomes an empty
placeholder `<div class="chart-slot" id="chart-SLOT"></div>` that survives
the sanitiser; the build fills it per page language after sanitising
(site.ReportCharts.fill_slots), because a chart's HTML carries an SVG image
and a script that the sanitiser rightly strips from authors' Markdown.

Shaped as pelican-plugins/graphviz: an Extension registering a processor;
render.MarkdownRenderer, the one renderer of findings and pages, always
has it (a chart block is part of the format, not of a setting).
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .blocks import find_blocks

SLOT_HTML = '<div class="chart-slot" id="chart-{slot}"></div>'


class ChartBlockPreprocessor(Preprocessor):
    """Runs before fenced_code (priority 25), which would otherwise make the
    block a code listing."""

    def run(self, lines: list[str]) -> list[str]:
        blocks = [b for b in find_blocks(lines) if b.closed]
        for block in reversed(blocks):
            placeholder = self.md.htmlStash.store(SLOT_HTML.format(slot=block.slot))
            lines[block.start : block.end + 1] = ["", placeholder, ""]
        return lines


class ChartExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(ChartBlockPreprocessor(md), "shadowreport_chart", 27)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point
    return ChartExtension(**kwargs)
