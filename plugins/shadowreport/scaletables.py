"""```scale blocks: the table of a scale's values and their words, drawn by
the build from scales.py, so that a methodology page names each rating
with the same word as the badges, the charts and the open data.

    ```scale completion
    not-started: Work on the commitment has not begun
    limited: A small part was done; the main results were not achieved
    ```

The info string names the scale (completion, potential_impact,
opened_government, ogp_values); each line gives what a value means, in the
page's words (optional, any order: the table follows the scale's order).
The table has a column for the value as the data write it, one for its word
in the page's language and, when a line gives one, one for the meaning.
The words come from the theme's catalogs through a Markdown preprocessor
that knows the document's language (render.MarkdownRenderer.render).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from . import i18n
from .charts.blocks import find_blocks
from .errors import Problem, did_you_mean, one_of
from .scales import SCALE_NAMES, WORDS, N_

EXTENSION = "shadowreport.scaletables"
# The theme's catalogs (the project's theme/: a fork changes the words there)
THEME_TRANSLATIONS = Path(__file__).resolve().parents[2] / "theme" / "translations"
KIND = "scale"
VALUE_HEADER, MEANING_HEADER = N_("Value in the data"), N_("What it means")
LINE = re.compile(r"^\s*([^:\s][^:]*?)\s*:\s*(.*?)\s*$")


def meanings(block, name: str = "", first_line: int = 0, problems: list[Problem] | None = None) -> dict[str, str] | None:
    """{value: meaning} of a block, or None (with problems) when it has a mistake."""
    where = lambda offset: f"line {first_line + offset}"  # noqa: E731
    mistakes = [] if problems is None else problems
    count = len(mistakes)
    if block.argument not in WORDS:
        mistakes.append(Problem(name, where(block.start), "scale block", block.argument or None,
                                (one_of(WORDS) if block.argument else "names no scale: expected one of " + ", ".join(WORDS))
                                + " (the scales a table can show)",
                                did_you_mean(block.argument, WORDS) if block.argument else "e.g. ```scale completion"))
        return None
    if not block.closed:
        mistakes.append(Problem(name, where(block.start), "scale block", expected="is never closed: end it with a line of ```"))
    found: dict[str, str] = {}
    for offset, line in enumerate(block.source.split("\n"), start=block.start + 1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            mistakes.append(Problem(name, where(offset), "scale block", line.strip(),
                                    "is not a line of the form value: what it means"))
            continue
        value, meaning = match[1], match[2]
        if value not in WORDS[block.argument]:
            mistakes.append(Problem(name, where(offset), "scale block", value,
                                    one_of(WORDS[block.argument]) + f" (the values of the {block.argument} scale)",
                                    did_you_mean(value, WORDS[block.argument])))
        elif value in found:
            mistakes.append(Problem(name, where(offset), "scale block", value, "is given twice: give each value one meaning"))
        found[value] = meaning
    return None if len(mistakes) > count else found


def check_documents(documents, problems: list[Problem]) -> None:
    """Each document's scale blocks, at load time (invoke check)."""
    for document in documents:
        for block in find_blocks(document.body.split("\n"), KIND, takes_argument=True):
            meanings(block, document.name, document.body_line, problems)


def table_markdown(scale: str, found: dict[str, str], gettext) -> list[str]:
    """The block as a Markdown table in the language of `gettext`."""
    escape = lambda text: text.replace("|", "\\|")  # noqa: E731
    with_meaning = any(found.values())
    headers = [gettext(VALUE_HEADER), gettext(SCALE_NAMES[scale])] + ([gettext(MEANING_HEADER)] if with_meaning else [])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for value, msgid in WORDS[scale].items():
        cells = [f"`{value}`", gettext(msgid)] + ([escape(found.get(value, ""))] if with_meaning else [])
        lines.append("| " + " | ".join(cells) + " |")
    return lines


class ScaleTablePreprocessor(Preprocessor):
    """Before the chart blocks (27) and fenced code (25): the table is
    Markdown, rendered and sanitised like the rest of the text."""

    def __init__(self, md, translations: str):
        super().__init__(md)
        self.translations = translations

    def run(self, lines: list[str]) -> list[str]:
        blocks = [b for b in find_blocks(lines, KIND, takes_argument=True) if b.closed]
        if not blocks:
            return lines
        lang = getattr(self.md, "shadowreport_lang", "") or "en"
        gettext = i18n.load_translations(Path(self.translations), lang).gettext if self.translations else (lambda m: m)
        for block in reversed(blocks):
            found = meanings(block)
            table = table_markdown(block.argument, found, gettext) if found is not None else []
            lines[block.start: block.end + 1] = ["", *table, ""]
        return lines


class ScaleTableExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"translations": [str(THEME_TRANSLATIONS), "the theme's translations folder"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(ScaleTablePreprocessor(md, self.getConfig("translations")), "shadowreport_scale", 28)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point
    return ScaleTableExtension(**kwargs)
