"""A chart block put into a copy of the every-chart fixture, and the
problems load_report finds in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_root
from shadowreport.errors import ReportError
from shadowreport.loader import load_report


def problems_of(tmp_path: Path, block: str) -> list[str]:
    """The problems load_report finds in a finding whose chart block starts on line 5."""
    root = copy_root("every-chart", tmp_path)
    (root / "content/commitments/s2.md").write_text(f"Commitment: S2\n\nText.\n\n```chart\n{block}\n```\n", encoding="utf-8")
    (root / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "data/bad-numbers.csv").write_text("year,value\n2022,12\n2023,n/a\n2024,\n", encoding="utf-8")
    if "link.csv" in block:
        os.symlink(root / "secret.csv", root / "data/link.csv")
    with pytest.raises(ReportError) as raised:
        load_report(root)
    return [str(problem) for problem in raised.value.problems]
