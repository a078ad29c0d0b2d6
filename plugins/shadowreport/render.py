"""Markdown to safe HTML: Python-Markdown with the site's extensions, then an
allow-list sanitiser (nh3), so that no script, event handler, style that
loads things or javascript: link written in a finding reaches a reader."""

from __future__ import annotations

import markdown
import nh3

from .citations import tighten

# What a report needs: tables, abbreviations, footnotes, figures, details.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def demote_headings(html: str, levels: tuple[int, ...]) -> str:
    """Move each heading level in `levels` one down (h1 -> h2): the page has
    its own h1, and a finding sits under the page's h2 "Our findings"."""
    for level in sorted(levels, reverse=True):
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(f"</h{level}>", f"</h{level + 1}>")
    return html


# The report format's own Markdown syntax (docs/content-format.md):
# ```chart blocks become placeholders that the build fills per language.
FORMAT_EXTENSIONS = ("shadowreport.charts.markdown_ext", "shadowreport.citations")  # chart blocks, [@id] citations

FINDING = (1, 2, 3, 4, 5)  # every level moves down: `##` becomes h3
PAGE = (1,)  # only `#` moves: `##` stays h2 under the page's title


class MarkdownRenderer:
    """The one Markdown renderer of findings and pages, for the site and the
    PDFs alike: Pelican's MARKDOWN settings plus the report's own syntax
    (chart blocks, citations of the register of sources), which is part of the format, not of a setting, so that
    whatever renders a finding renders its charts. One configured Markdown
    instance, reset between documents."""

    def __init__(self, markdown_settings: dict):
        settings = dict(markdown_settings)
        given = list(settings.get("extensions", []))
        settings["extensions"] = given + [name for name in FORMAT_EXTENSIONS if name not in given]
        self.markdown = markdown.Markdown(**settings)

    def render(self, text: str, headings: tuple[int, ...] = PAGE) -> str:
        self.markdown.reset()
        return sanitise(tighten(demote_headings(self.markdown.convert(text), headings)))
