"""The OGP Independent Reporting Mechanism's scales, as content-format.md names them.

Order matters: it is the order of the scale, from least to most done, and the
order the site shows them in.
"""

COMPLETION = ("no-evidence", "not-started", "limited", "substantial", "complete", "withdrawn")
POTENTIAL_IMPACT = ("none", "minor", "moderate", "transformative")
OGP_VALUES = (
    "access-to-information",
    "civic-participation",
    "public-accountability",
    "technology-innovation",
)
OPENED_GOVERNMENT = ("worsened", "did-not-change", "marginal", "major", "outstanding")

# Rank on the completion scale, for "the government claims more than we found".
# withdrawn and no-evidence are not on the progress scale.
PROGRESS_RANK = {"not-started": 0, "limited": 1, "substantial": 2, "complete": 3}
