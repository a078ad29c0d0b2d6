"""Every recipe's dataset, made for the loader (loader.load_report) as a
sources.Table beside data/'s own tables: charts draw it, the open data
publishes it, like any CSV. Each carries its provenance (the raw file, its
SHA-256, the day it was retrieved, the recipe).

Computing is cached under the build's cache folder (.cache/derived/), keyed
by the raw file's SHA-256, what the recipe asks and the code: a rebuild
computes nothing unchanged. Nothing is written under data/; the coverage
counts' work files live in the cache folder and are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from ..cachefiles import BadEntry, keyed_file, read_entry, write_entry
from ..codeversion import code_version
from ..datafolder import DataFiles
from ..errors import Problem
from ..numberformat import NumberFormat
from ..sources import Table
from . import catalogue, procurement, rawfiles, recipes

COMPUTED: Counter = Counter()  # recipe name -> times computed in this process (tests count them)
COUNTS = ("procedures", "datasets")  # indicators that are 0, not empty, for a value of a breakdown with no data


def derived_tables(data_files: DataFiles, shown, cache: Path | None, problems: list[Problem],
                   numbers: NumberFormat | None = None) -> dict[str, Table | None]:
    """The dataset of each recipe of data/recipes/, by the name charts use
    (x.csv for data/recipes/x.yml); None for a recipe with a mistake. The
    recipes of one raw file that the cache lacks are computed in one pass.
    `cache`: the caches' folder (its derived/ keeps the rows); None keeps
    nothing (a reader that must not write, such as a test)."""
    tables: dict[str, Table | None] = {}
    checked: list[tuple[recipes.Recipe, str]] = []  # with the raw file's SHA-256
    digests: dict[str, str | None] = {}  # a raw file's SHA-256, hashed once however many recipes read it
    for name, path in recipes.recipe_files(data_files).items():
        recipe = recipes.read_recipe(name, path, data_files, shown, problems)
        dataset = Path(name).stem + ".csv"
        data_files.derived[dataset] = path
        tables[dataset] = None
        if dataset.lower() in {n.lower() for n in data_files.tables()}:
            problems.append(Problem(shown(path), expected=f"makes {dataset}, and data/{dataset} is a file too: "
                                    "delete one of them"))
        elif recipe is not None and _sha256(recipe, shown, digests, problems):
            checked.append((recipe, digests[recipe.source]))
    rows = _cached_or_computed(checked, shown, Path(cache) / "derived" if cache else None, problems)
    for recipe, sha256 in checked:
        if rows.get(recipe.name) is not None:
            provenance = {"recipe": recipe.name, "source": shown(recipe.source_path), "sha256": sha256,
                          "retrieved": recipe.retrieved.isoformat()}
            tables[recipe.dataset] = _as_table(recipe, rows[recipe.name], provenance, numbers or NumberFormat())
    return tables


def _sha256(recipe: recipes.Recipe, shown, digests: dict[str, str | None], problems: list[Problem]) -> bool:
    """Whether the raw file can be read (not too large), its SHA-256 in `digests`."""
    if recipe.source not in digests:
        too_large = rawfiles.size_problem(recipe.source_path, shown(recipe.source_path))
        if too_large:
            problems.append(too_large)
        digests[recipe.source] = None if too_large else rawfiles.sha256(recipe.source_path)
    return digests[recipe.source] is not None


def _cached_or_computed(checked, shown, folder: Path | None, problems: list[Problem]) -> dict[str, list[dict] | None]:
    """Each recipe's rows, from the cache or computed (and then cached);
    with no `folder`, computed and kept nowhere."""
    rows: dict[str, list[dict] | None] = {}
    missing: dict[tuple[str, str], list[tuple[recipes.Recipe, Path | None]]] = {}  # (kind, raw file) -> recipes to compute
    for recipe, sha256 in checked:
        key = hashlib.sha256(f"{code_version()}\0{sha256}\0{recipe.canonical()}".encode()).hexdigest()
        entry = keyed_file(folder, key, ".json") if folder else None
        rows[recipe.name] = read_entry(entry, _rows_entry) if entry else None
        if rows[recipe.name] is None:
            missing.setdefault((recipe.kind, recipe.source), []).append((recipe, entry))
    for pending in missing.values():
        with contextlib.ExitStack() as stack:
            workdir = folder / f"work-{os.getpid()}" if folder else Path(stack.enter_context(tempfile.TemporaryDirectory()))
            computed = _compute([recipe for recipe, _ in pending], shown, workdir, problems)
        for (recipe, entry), result in zip(pending, computed):
            rows[recipe.name] = result
            if result is not None and entry is not None:
                write_entry(entry, json.dumps(result, ensure_ascii=False))
    return rows


def _rows_entry(payload: bytes) -> list[dict]:
    rows = json.loads(payload)
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise BadEntry("not a derived dataset's rows")
    return rows


def _compute(pending: list[recipes.Recipe], shown, workdir: Path, problems: list[Problem]) -> list[list[dict] | None]:
    """The rows of recipes of one raw file: an OCDS file compiled once for all."""
    first = pending[0]
    source = shown(first.source_path)
    requests = [(r.by, list(dict.fromkeys(r.columns.values()))) for r in pending]
    for recipe in pending:
        COMPUTED[recipe.name] += 1
    try:
        if first.kind == "ocds":
            return procurement.compute_many(first.source_path, source, requests, workdir, problems)
        results: list[list[dict] | None] = []
        for (by, indicators), recipe in zip(requests, pending):  # a small file, read again; its mistakes said once
            usable = not results or results[0] is not None
            results.append(catalogue.compute(first.source_path, source, by, indicators, recipe.retrieved, problems) if usable else None)
        return results
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _as_table(recipe: recipes.Recipe, rows: list[dict], provenance: dict, numbers: NumberFormat) -> Table:
    """The rows as a Table: the breakdowns (with their label columns) and
    the recipe's columns, numbers written as report.yml says; every value
    a label names gets its row, in the labels' order."""
    rows = _complete(recipe, rows)
    label_columns = [c for b in recipe.by for c in [b, *(c for c in recipe.labels if c != b and recipe.label_source(c) == b)]]
    columns = label_columns + list(recipe.columns)
    table_rows = []
    for number, row in enumerate(rows, start=2):  # numbered as a CSV's rows: the header is row 1
        cells = {}
        for column in label_columns:
            value = row[recipe.label_source(column)]
            cells[column] = recipe.labels.get(column, {}).get(value, value if column in recipe.by else "")
        for column, indicator in recipe.columns.items():
            cells[column] = _written(row.get(indicator), numbers)
        table_rows.append((number, cells))
    text = json.dumps([columns, [cells for _, cells in table_rows], provenance], ensure_ascii=False)
    return Table(recipe.name, columns, table_rows, hashlib.sha256(text.encode()).hexdigest(), recipe.name,
                 provenance=provenance, description=recipe.description)


def _complete(recipe: recipes.Recipe, rows: list[dict]) -> list[dict]:
    """Rows for every combination of the breakdowns' values (a labelled
    value with no data: an agency that published nothing counts 0), the
    labelled values first, in their order."""
    if not recipe.by:
        return rows
    found = {tuple(r[b] for b in recipe.by): r for r in rows}
    orders = []
    for breakdown in recipe.by:
        labelled = next((list(t) for c, t in recipe.labels.items() if recipe.label_source(c) == breakdown), [])
        present = sorted({r[breakdown] for r in rows} - set(labelled), key=lambda v: (not v.isdigit(), v.zfill(12)))
        orders.append(labelled + present if labelled else [v for v in dict.fromkeys(r[breakdown] for r in rows)])
    empty = {indicator: (0 if indicator in COUNTS else None) for indicator in recipe.columns.values()}
    return [found.get(key) or {**dict(zip(recipe.by, key)), **empty} for key in itertools.product(*orders)]


def _written(value, numbers: NumberFormat) -> str:
    if value is None or value == "":
        return ""
    text = str(int(value)) if float(value).is_integer() and isinstance(value, int) else repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", numbers.decimal) if numbers.decimal != "." else text
