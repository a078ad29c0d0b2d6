"""What the interface-language tests share: the shipped catalogs, a copy of
what `invoke catalogs` reads and writes, the fixture report in other languages."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.files import edit

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"
SHIPPED = sorted(p.stem for p in (THEME / "translations").glob("*.po"))


def theme_project(tmp_path: Path) -> Path:
    """What `invoke catalogs` reads and writes, copied: babel.cfg, the theme, the Python files it names."""
    project = tmp_path / "project"
    shutil.copytree(THEME, project / "theme")
    shutil.copy(ROOT / "babel.cfg", project / "babel.cfg")
    (project / "plugins/shadowreport").mkdir(parents=True)
    for name in ("scaffold.py", "scales.py", "scaletables.py"):  # the Python files babel.cfg extracts
        shutil.copy(ROOT / "plugins/shadowreport" / name, project / "plugins/shadowreport" / name)
    return project


def report_in(tmp_path: Path, languages: list[str]) -> Path:
    """A copy of tests/roots/english-default in `languages` (en first, es among them)."""
    report = tmp_path / "english-default"
    shutil.copytree(ROOT / "tests" / "roots" / "english-default", report, ignore=shutil.ignore_patterns(".cache"))
    edit(report / "data" / "report.yml", "languages: [en, es]", f"languages: [{', '.join(languages)}]")
    return report
