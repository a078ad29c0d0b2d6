"""How much work an author's files may ask of the build.

content/ and data/ arrive in pull requests and are built by CI, so a few
hundred bytes must not be able to take minutes and gigabytes. Each limit is
far above what a shadow report needs, and each is checked when the report
is read (`invoke check` refuses it too), with a message that says what to
write instead. docs/content-format.md ("Limits") states them for authors.
"""

from __future__ import annotations

import math
from pathlib import Path

from .errors import Problem

# YAML aliases (*name) repeat what an anchor (&name) holds. Repeated inside
# one another they grow exponentially ("billion laughs": 600 bytes, billions
# of values). What all the aliases of one file or chart block repeat may add
# up to this many values and characters (a value counts 1, a text 1 more per
# character): a merge key (`<<: *defaults`) of ten short keys is a few
# hundred, used in every area of report.yml a few thousand.
MAX_ALIAS_EXPANSION = 100_000

# A chart draws every row of its dataset, on the page (the figure, its SVG,
# its table of numbers) and in the PDFs, in every language; the table alone
# is some 40 rows a PDF page. Measured (benchmarks/bench_limits.py: one
# dataset drawn by two charts in two languages, PDFs on, one PDF worker),
# peak memory and CPU time of the build grow with the rows: 100 rows 222 MB,
# 1,000 rows 434 MB and 1 CPU minute, 2,000 rows 666 MB and 2 CPU minutes,
# 5,000 rows 1.4 GB and 5 CPU minutes (12 minutes on a busy CI machine),
# 100,000 rows over 8 GB. With two PDF workers all the build's processes
# (the browser that draws the charts too) peak at 0.6 GB with 100 rows and
# 1.3 GB with 2,000 rows, added up as proportional set sizes. 2,000 rows
# (weekly values over 30 years, every municipality of most countries) are
# 50 PDF pages of numbers per chart: a reader needs the data aggregated long
# before that.
MAX_CHART_ROWS = 2_000

# Rows alone do not bound what a chart draws: 2,000 labels of a thousand
# characters each are 2 MB of text in every table of numbers. The cells a
# chart draws (its x, y and color columns, with their translations
# `column_<lang>`) may hold this many characters in all: 50 a row at the row
# limit. Measured as above: 100 rows of 950-character labels (96,000
# characters) peak at 269 MB, 2,000 rows of 64-character labels at 676 MB.
MAX_CHART_CHARACTERS = 100_000

# Every CSV under data/ is read whole and published in the open data. 20 MB
# is some 250,000 rows of five columns, far beyond a report's own data, and
# still cheap: measured, a 19.9 MB CSV that no chart draws adds 4 s and
# 240 MB (peak 386 MB) to a build. Anything larger is a database export
# that belongs in a data portal, linked from the report. The size is checked
# before anything reads the file.
MAX_CSV_BYTES = 20 * 1000 * 1000

# An .xlsx or .ods workbook is a zip of XML: its file size (bounded by
# MAX_CSV_BYTES too) says little of what reading it costs. What its parts
# unpack to is bounded before python-calamine reads it. Measured: 50,000
# rows of six columns are a 3.5 MB CSV, read in 1.1 s (+53 MB), and an
# .xlsx of 1.8 MB that unpacks to 20.5 MB, read in 2.6 s (+59 MB); so
# 120 MB unpacked is about the largest CSV allowed (20 MB).
MAX_WORKBOOK_UNPACKED_BYTES = 120 * 1000 * 1000

AGGREGATE = "aggregate the data, e.g. by year or by area, before drawing it"
TOO_LARGE = "keep the rows the report uses, aggregated where a chart draws them, and link the full data in a data portal"


def csv_size_problem(path: Path, name: str) -> Problem | None:
    size = path.stat().st_size
    if size <= MAX_CSV_BYTES:
        return None
    shown = math.ceil(size / 100_000) / 10  # rounded up: never "is 20 MB: at most 20 MB"
    return Problem(name, expected=f"is {shown:g} MB: a CSV file of the report may be at most "
                   f"{MAX_CSV_BYTES / 1e6:g} MB", suggestion=TOO_LARGE)


def chart_rows_problem(name: str, rows: int) -> Problem | None:
    if rows <= MAX_CHART_ROWS:
        return None
    return Problem(name, expected=f"has {rows:,} rows: a chart draws at most {MAX_CHART_ROWS:,} rows",
                   suggestion=AGGREGATE)


def chart_text_problem(name: str, characters_of, columns: list[str], all_columns: list[str], chart: str) -> Problem | None:
    """Where the cells `chart` draws (the `columns` it names and their
    translations, among the dataset's `all_columns`) hold more than
    MAX_CHART_CHARACTERS; `characters_of(column)` counts a column's."""
    drawn = [c for c in all_columns if c in columns or _translates(c, columns)]
    characters = sum(characters_of(c) for c in drawn)
    if characters <= MAX_CHART_CHARACTERS:
        return None
    shown = ", ".join(f'"{c}"' for c in drawn)
    return Problem(name, field=f"columns {shown}", expected=f"hold {characters:,} characters: {chart} draws "
                   f"at most {MAX_CHART_CHARACTERS:,} characters", suggestion="shorten the values, or " + AGGREGATE)


def _translates(column: str, columns: list[str]) -> bool:
    base, _, lang = column.rpartition("_")
    return base in columns and len(lang) == 2


# Raw files of data/raw/ (official OCDS and catalogue exports, rawdata/)
# are streamed, never read whole. Measured (benchmarks/bench_ocds.py, a
# busy 2-core machine): a JSON Lines file of 1,000,000 releases (635 MB)
# is hashed in 7 s and its indicators by year and completeness by stage
# computed in one pass in 507 s, the process peaking at 202 MB (ocdskit
# keeps the releases in a temporary SQLite file, not in memory). What a
# file may be on disk, what its gzip may unpack to (a "gzip bomb" of a few
# kilobytes unpacks to terabytes: the reading stops at the bound) and what
# one line may hold (a release is a few kilobytes; a line is read whole).
MAX_RAW_BYTES = 4 * 1000 * 1000 * 1000
MAX_RAW_UNPACKED_BYTES = 8 * 1000 * 1000 * 1000
MAX_RAW_LINE_BYTES = 16 * 1000 * 1000
# A file of a million malformed lines lists the first of them, and says how many.
MAX_RAW_PROBLEMS = 20
# Completeness by stage is counted by ocdscardinal on one file per group of
# the breakdown (a year, a buyer): at most this many files are open at once.
MAX_COVERAGE_GROUPS = 200
