"""A finding left as `invoke new` wrote it is not written yet.

In the default language it is a mistake (the site would publish empty
sections); in another language it counts as a missing translation, as if
the file were not there (coverage.py), and the site shows the default
language's finding instead.

A skeleton is recognised by what scaffold.skeleton writes: its note
"replace each comment, keep the headings" still there, and no text of the
author's: nothing but headings, HTML comments, blank lines and, in the
first section, the milestone list the command copied from the register.
"""

from __future__ import annotations

import re

from .model import Document

MARKER = "replace each comment, keep the headings"  # in the note scaffold.skeleton writes under the header
NOT_WRITTEN = "is the skeleton invoke new wrote: fill in the Summary and each section"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def is_skeleton(document: Document) -> bool:
    """True when the finding is still the skeleton `invoke new` wrote."""
    if MARKER not in document.body:
        return False
    sections = re.split(r"^## .*$", COMMENT.sub("", document.body), flags=re.MULTILINE)
    if len(sections) < 2 or sections[0].strip():
        return False
    milestones, rest = sections[1], sections[2:]
    if any(line.strip() and not line.startswith("- ") for line in milestones.split("\n")):
        return False
    return not any(section.strip() for section in rest)
