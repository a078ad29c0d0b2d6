"""The OGP Independent Reporting Mechanism's scales, as content-format.md
names them, and their words: the one source of the rating labels and the
acronyms that the badges, the charts, the methodology's scale tables
(scaletables.py) and the open data's scales.csv all show.

Order matters: it is the order of the scale, from least to most done, and the
order the site shows them in. Each word is an English msgid translated by the
theme's catalogs (theme/translations/<lang>.po, `invoke catalogs` extracts
them from here through the N_ marker); a language's word for a value is the
same everywhere, since nothing else names a value.
"""

from __future__ import annotations

from typing import Callable


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction only"
    return msgid


WORDS = {
    "completion": {
        "no-evidence": N_("No evidence"),
        "not-started": N_("Not started"),
        "limited": N_("Limited"),
        "substantial": N_("Substantial"),
        "complete": N_("Complete"),
        "withdrawn": N_("Withdrawn"),
    },
    "potential_impact": {
        "none": N_("None"),
        "minor": N_("Minor"),
        "moderate": N_("Moderate"),
        "transformative": N_("Transformative"),
    },
    "opened_government": {
        "worsened": N_("Worsened"),
        "did-not-change": N_("Did not change"),
        "marginal": N_("Marginal"),
        "major": N_("Major"),
        "outstanding": N_("Outstanding"),
    },
    "ogp_values": {
        "access-to-information": N_("Access to information"),
        "civic-participation": N_("Civic participation"),
        "public-accountability": N_("Public accountability"),
        "technology-innovation": N_("Technology and innovation"),
    },
}

# What each scale is called: the register's column headers and the scale tables' captions.
SCALE_NAMES = {
    "completion": N_("Completion"),
    "potential_impact": N_("Potential impact"),
    "opened_government": N_("Did it open government?"),
    "ogp_values": N_("OGP values"),
}

# The acronyms the interface writes, with what they stand for.
ACRONYMS = {
    "IRM": N_("Independent Reporting Mechanism"),
    "OGP": N_("Open Government Partnership"),
}

COMPLETION = tuple(WORDS["completion"])
POTENTIAL_IMPACT = tuple(WORDS["potential_impact"])
OGP_VALUES = tuple(WORDS["ogp_values"])
OPENED_GOVERNMENT = tuple(WORDS["opened_government"])

# Rank on the completion scale, for "the government claims more than we found".
# withdrawn and no-evidence are not on the progress scale.
PROGRESS_RANK = {"not-started": 0, "limited": 1, "substantial": 2, "complete": 3}

# "Strong results", as the at-a-glance box counts them (views.at_a_glance):
# the IRM's "star"-like rule on the monitors' own findings.
STRONG_COMPLETION = ("substantial", "complete")
STRONG_OPENED = ("major", "outstanding")


def words(scale: str, gettext: Callable[[str], str]) -> dict[str, str]:
    """{value: its word in the language of `gettext`}, in the scale's order."""
    return {value: gettext(msgid) for value, msgid in WORDS[scale].items()}


def all_words(gettext: Callable[[str], str]) -> dict[str, dict[str, str]]:
    return {scale: words(scale, gettext) for scale in WORDS}
