"""Pages rendered again only when what they are made of changed
(pagecache.py), published datasets read again only when their bytes
changed (opendata.DatasetCache), and a rebuild's site the same, file for
file, as a build from nothing: nothing cached is ever stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_root
from shadowreport import timing
from shadowreport.build import build
from shadowreport.pagecache import UnstableInput, model_repr


def build_into(root: Path, output: Path, cache: Path, pdfs: bool = True) -> list[str]:
    """Build; the pages it rendered (not taken from the cache)."""
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(root / "content"),
                 SHADOWREPORT_CACHE_PATH=str(cache), SHADOWREPORT_PDF_CACHE=str(cache / "pdf"),
                 SHADOWREPORT_PDFS=pdfs) == 0
    return sorted(timing.last_build()["counts"]["pages_rendered"])


def pages(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*.html")}


def site_files(output: Path) -> dict[str, bytes]:
    """Every page and open data file."""
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and (p.suffix == ".html" or p.relative_to(output).parts[0] == "data")}


def same_as_a_build_from_nothing(root: Path, output: Path, tmp_path: Path, pdfs: bool = True) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build_into(root, fresh / "output", fresh / "cache", pdfs)
    assert site_files(output) == site_files(fresh / "output")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    root = copy_root("english-default", tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    every = build_into(root, output, cache)
    assert len(every) == len(pages(output))  # every page of the site
    assert build_into(root, output, cache) == []
    return root, output, cache


def test_an_edited_finding_renders_its_page_and_the_overview_showing_the_new_pdf_size(site, tmp_path):
    root, output, cache = site
    edit(root / "content" / "commitments" / "j1.md", "Some rulings are published", "Most rulings are published")
    rendered = build_into(root, output, cache)
    # j1 has its own Spanish finding: only the English page shows this text
    assert "commitments/J1/index.html" in rendered
    assert set(rendered) <= {"commitments/J1/index.html", "index.html"}
    same_as_a_build_from_nothing(root, output, tmp_path)


def test_a_finding_shown_in_another_language_renders_there_too(site, tmp_path):
    root, output, cache = site
    # B1 has no Spanish finding: the Spanish page shows the English one
    edit(root / "content" / "commitments" / "b1.md", "appeared on time", "appeared late")
    rendered = build_into(root, output, cache)
    assert {"commitments/B1/index.html", "es/commitments/B1/index.html"} <= set(rendered)
    assert set(rendered) <= {"commitments/B1/index.html", "es/commitments/B1/index.html", "index.html", "es/index.html"}
    same_as_a_build_from_nothing(root, output, tmp_path)


def test_a_register_row_renders_the_pages_that_show_it(site, tmp_path):
    root, output, cache = site
    register = root / "data" / "commitments.csv"
    text = register.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("J2,"))
    edit(register, row, row.replace(",withdrawn,", ",limited,"))  # our finding on J2
    rendered = set(build_into(root, output, cache))
    for prefix in ("", "es/"):
        assert {f"{prefix}commitments/J2/index.html", f"{prefix}index.html", f"{prefix}areas/justice/index.html"} <= rendered
        assert f"{prefix}commitments/J1/index.html" not in rendered
        assert f"{prefix}about/index.html" not in rendered
    same_as_a_build_from_nothing(root, output, tmp_path)


def test_report_yml_and_the_theme_render_every_page(site, tmp_path):
    root, output, cache = site
    edit(root / "data" / "report.yml", "Fourth National Action Plan", "4th National Action Plan")
    rendered = build_into(root, output, cache)
    assert len(rendered) == len(pages(output))
    same_as_a_build_from_nothing(root, output, tmp_path)


def test_an_edited_dataset_is_published_again(site, tmp_path):
    root, output, cache = site
    published = cache / "opendata"
    assert published.is_dir()
    before = {p.name for p in published.rglob("*.json")}
    edit(root / "data" / "rulings.csv", "\n2022,", "\n2022 ,")  # a space the loader trims: the same cells
    build_into(root, output, cache)
    assert len({p.name for p in published.rglob("*.json")} - before) == 1  # that dataset, read again
    edit(root / "data" / "rulings.csv", "\n2022 ,", "\n2021.5,")
    rendered = build_into(root, output, cache)
    assert rendered == ["es/open-data/index.html", "open-data/index.html"]  # they list its size
    assert b"2021.5" in (output / "data" / "rulings.csv").read_bytes()
    same_as_a_build_from_nothing(root, output, tmp_path)


def test_a_model_value_without_a_stable_repr_is_refused():
    assert model_repr({"a": [1, "x"]}) == "{'a': [1, 'x']}"
    with pytest.raises(UnstableInput):
        model_repr({"a": object()})
