"""The authors' guide explains every field of the format, in both languages,
and its commands exist."""

from __future__ import annotations

import re

import pytest

import tasks
from conftest import ROOT

FORMAT = (ROOT / "docs/content-format.md").read_text(encoding="utf-8")
GUIDES = [ROOT / "docs/authoring.md", ROOT / "docs/authoring.ru.md"]


def format_fields() -> set[str]:
    """Column names of the format's tables, report.yml keys and chart keys."""
    cells = re.findall(r"^\| ([\w<>, ]+?) \|", FORMAT, re.MULTILINE)  # "start, end", "title, title_<lang>"
    columns = {name for cell in cells for name in cell.split(", ") if "<" not in name} - {"column", "key", "indicator"}  # table headers
    keys = set(re.findall(r"^(\w+):", FORMAT.split("## data/report.yml")[1].split("## ")[0], re.MULTILINE))
    chart = set(re.findall(r"`(\w+)`", FORMAT.split("A `chart` block")[1].split("##")[0]))
    return columns | keys | (chart - {"bar", "line", "pie", "scatter", "y"}) | {"y"}


def test_the_format_has_fields_to_explain():
    fields = format_fields()
    assert {"completion", "lead_agency", "start", "end", "evidence", "languages", "areas", "labels", "color"} <= fields
    assert len(fields) >= 30


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_guide_explains_every_field(guide):
    text = guide.read_text(encoding="utf-8")
    missing = sorted(field for field in format_fields() if f"`{field}`" not in text and f"{field}:" not in text)
    assert not missing, f"{guide.name} does not explain {missing}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_guide_commands_are_tasks(guide):
    commands = set(re.findall(r"invoke ([a-z]+)", guide.read_text(encoding="utf-8")))
    assert {"check", "build", "new", "translations", "livereload", "publish"} <= commands
    assert all(isinstance(getattr(tasks, command, None), type(tasks.check)) for command in commands), commands


def test_readme_links_the_guide():
    assert "docs/authoring.md" in (ROOT / "README.md").read_text(encoding="utf-8")
