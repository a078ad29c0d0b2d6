"""Text written into CSS by the templates: the PDFs' page margins (running
header, "Page X of Y") and figure numbers, as the `css_string` and
`css_page_counter` filters of the one template environment (templating.py).

They are written into a <style> element, where HTML escaping does not
apply: escape for CSS, and never let "</style>" through.
"""

from __future__ import annotations

import html as html_lib
import re

from markupsafe import Markup

_CSS_SAFE = re.compile(r"[^\w .,:;!?()'\-–—«»„“”’]", re.UNICODE)

# Marks a translated string carries where a CSS counter goes:
# _("Page %(page)s of %(pages)s", page=PAGE_MARK, pages=PAGES_MARK)|css_page_counter
PAGE_MARK, PAGES_MARK, FIGURE_MARK = "\x01", "\x02", "\x03"
_COUNTERS = {PAGE_MARK: "counter(page)", PAGES_MARK: "counter(pages)", FIGURE_MARK: "counter(figure)"}
MARKS = {"PAGE_MARK": PAGE_MARK, "PAGES_MARK": PAGES_MARK, "FIGURE_MARK": FIGURE_MARK}


def css_string(value) -> Markup:
    text = html_lib.unescape(str(value))
    return Markup('"' + _CSS_SAFE.sub(lambda m: f"\\{ord(m[0]):x} ", text) + '"')


def css_page_counter(value) -> Markup:
    """A translated "Page %(page)s of %(pages)s" or "Figure %(number)s:"
    (rendered with the marks) as CSS content: strings and the counters."""
    parts = []
    for piece in re.split(f"([{''.join(_COUNTERS)}])", html_lib.unescape(str(value))):
        if piece in _COUNTERS:
            parts.append(_COUNTERS[piece])
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))
