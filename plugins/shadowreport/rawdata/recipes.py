"""The recipes of data/recipes/: one YAML file per derived dataset, read
and checked with every mistake named by file, line and value
(docs/content-format.md, "Recipes")."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..datafolder import DataFiles
from ..errors import Problem, did_you_mean, one_of
from ..paths import resolved
from ..sources import read_yaml_with_lines
from . import catalogue, procurement

FOLDER = "recipes"  # under data/
RAW_FOLDER = "raw"  # under data/: what a recipe's source may be
KEYS = ("source", "retrieved", "by", "columns", "labels", "description")
KINDS = {"ocds": procurement, "catalogue": catalogue}


@dataclass
class Recipe:
    name: str  # data/recipes/x.yml, as messages name it
    dataset: str  # x.csv: the dataset it makes, as charts name it
    kind: str  # ocds or catalogue
    source: str  # its raw file under data/ (raw/...)
    source_path: Path
    retrieved: datetime.date
    by: list[str]
    columns: dict[str, str]  # column -> indicator
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> breakdown value -> text
    description: str = ""

    def label_source(self, column: str) -> str:
        """The breakdown a label column is made of: `stage_en` -> `stage`."""
        return column if column in self.by else column.rpartition("_")[0]

    def canonical(self) -> str:
        """What the computed rows depend on, besides the raw file's bytes."""
        return json.dumps({"kind": self.kind, "by": self.by, "indicators": sorted(set(self.columns.values())),
                           "retrieved": self.retrieved.isoformat()}, sort_keys=True)


def recipe_files(data_files: DataFiles) -> dict[str, Path]:
    return {name: path for name, path in sorted(data_files.files.items())
            if name.startswith(FOLDER + "/") and name.count("/") == 1 and name.lower().endswith((".yml", ".yaml"))}


def read_recipe(name: str, path: Path, data_files: DataFiles, shown, problems: list[Problem]) -> Recipe | None:
    """The checked recipe, or None after adding every mistake it has."""
    data, lines = read_yaml_with_lines(path, shown(path), problems)
    file = shown(path)
    if data is None:
        if not any(p.file == file for p in problems):
            problems.append(Problem(file, expected="is empty: a recipe names its source, retrieved, by and columns"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(file, expected="must be a mapping of keys (source:, retrieved:, by:, columns:)"))
        return None
    before = len(problems)
    at = lambda key: f"line {lines[key]}" if key in lines else ""  # noqa: E731

    def problem(key: str, value, expected: str, suggestion: str = "") -> None:
        problems.append(Problem(file, at(key) or at(key.split(".")[0]), f'key "{key}"',
                                None if value is None else str(value), expected, suggestion))

    for key in data:
        if key not in KEYS:
            problem(str(key), None, one_of(KEYS), did_you_mean(str(key), KEYS))
    source, source_path = _source(data.get("source"), data_files, problem)
    retrieved = _retrieved(data.get("retrieved"), problem)
    columns = _columns(data.get("columns"), problem)
    kind = _kind(columns, problem)
    by = _by(data.get("by"), kind, columns, problem)
    labels = _labels(data.get("labels"), by, problem)
    if len(problems) > before:
        return None
    dataset = Path(name).stem + ".csv"
    return Recipe(file, dataset, kind, source, source_path, retrieved, by, columns, labels, str(data.get("description") or ""))


def _source(value, data_files: DataFiles, problem) -> tuple[str, Path | None]:
    expected = f"is not a file under data/{RAW_FOLDER}/: expected e.g. source: {RAW_FOLDER}/releases.jsonl.gz"
    if not isinstance(value, str) or not value.strip():
        problem("source", value, expected if value is not None else f"is missing: {expected[expected.index('expected'):]}")
        return "", None
    target = resolved(data_files.folder, value.strip())
    name = data_files.name_of(target) if target is not None and target.is_relative_to(data_files.folder) else None
    if name is None or not name.startswith(RAW_FOLDER + "/"):
        raw = [n for n in data_files.files if n.startswith(RAW_FOLDER + "/")]
        problem("source", value, expected, did_you_mean(value, raw))
        return "", None
    return name, data_files.files[name]


def _retrieved(value, problem) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    problem("retrieved", value, "is not a date: expected the day the raw file was downloaded, YYYY-MM-DD"
            if value is not None else "is missing: expected the day the raw file was downloaded, YYYY-MM-DD")
    return None


def _columns(value, problem) -> dict[str, str]:
    """`columns:` as {column: indicator}; a list names columns after their indicators."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = {v: v for v in value}
    if not isinstance(value, dict) or not value:
        problem("columns", None if value is None else json.dumps(value, ensure_ascii=False, default=str),
                "must map each column of the dataset to an indicator, e.g. columns: {single_bidder: single_bidder_share}")
        return {}
    known = [i for module in KINDS.values() for i in module.INDICATORS]
    columns = {}
    for column, indicator in value.items():
        if not isinstance(indicator, str) or indicator not in known:
            problem(f"columns.{column}", indicator, f"is not an indicator: expected one of {', '.join(known)}",
                    did_you_mean(str(indicator), known))
        else:
            columns[str(column)] = indicator
    return columns


def _kind(columns: dict[str, str], problem) -> str:
    kinds = {kind for kind, module in KINDS.items() for i in columns.values() if i in module.INDICATORS}
    if len(kinds) > 1:
        problem("columns", ", ".join(sorted(set(columns.values()))), "mixes procurement (OCDS) and catalogue indicators: "
                "one recipe computes from one raw file, make two recipes")
    return next(iter(kinds), "")


def _by(value, kind: str, columns: dict[str, str], problem) -> list[str]:
    by = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(by, list) or not all(isinstance(b, str) for b in by):
        problem("by", json.dumps(value, ensure_ascii=False, default=str), "must be a breakdown or a list of them, e.g. by: [year, buyer]")
        return []
    allowed = KINDS[kind].BREAKDOWNS if kind else tuple(b for m in KINDS.values() for b in m.BREAKDOWNS)
    for breakdown in by:
        if breakdown not in allowed:
            what = {"ocds": "procurement (OCDS) ", "catalogue": "catalogue "}.get(kind, "")
            problem("by", breakdown, f"is not a {what}breakdown: expected one of {', '.join(allowed)}", did_you_mean(breakdown, allowed))
    if len(set(by)) < len(by):
        problem("by", ", ".join(by), "names a breakdown twice")
    stage_only = set(procurement.STAGE_ONLY)
    per_stage = "stage" in by
    for column, indicator in columns.items():
        if per_stage != (indicator in stage_only) and kind == "ocds":
            problem(f"columns.{column}", indicator, "is counted by stage: add stage to by:" if indicator in stage_only
                    else "is not counted by stage: only coverage is; make another recipe for it")
    return by


def _labels(value, by: list[str], problem) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem("labels", json.dumps(value, ensure_ascii=False, default=str), "must map a column to the text of each value, "
                "e.g. labels: {stage_en: {planning: Planning}}")
        return {}
    labels = {}
    for column, texts in value.items():
        base = column if column in by else str(column).rpartition("_")[0]
        if base not in by:
            problem(f"labels.{column}", None, f"is not a breakdown of by: ({', '.join(by) or 'none'}) nor one with a language, "
                    "e.g. stage_en")
        elif not isinstance(texts, dict):
            problem(f"labels.{column}", json.dumps(texts, ensure_ascii=False, default=str),
                    "must map each value to its text, e.g. {planning: Planning}")
        else:
            labels[str(column)] = {str(k): str(v) for k, v in texts.items()}
    return labels
