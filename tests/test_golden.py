"""A fresh build of the small fixture report is the golden tree, file for
file (tests/support/golden.py). A change that is meant is written with
`invoke golden` and reviewed as a diff of tests/golden/."""

from __future__ import annotations

from tests.support.golden import GOLDEN, build_site, differences, golden_tree, site_tree


def test_the_fixture_report_builds_to_its_golden_tree(tmp_path):
    assert GOLDEN.is_dir(), "no golden tree: run `invoke golden` and commit tests/golden/"
    assert build_site(tmp_path / "output", tmp_path / "cache") == 0
    built, golden = site_tree(tmp_path / "output"), golden_tree()
    assert len(golden) > 20 and any(name.endswith(".html") for name in golden)
    assert built == golden, ("the build differs from tests/golden/ (run `invoke golden` if the change is meant, "
                             "and review the diff):\n" + differences(built, golden))


def test_the_diff_names_what_changed():
    golden = {"index.html": "<h1>A</h1>\n", "data/x.csv": "a\n"}
    built = {"index.html": "<h1>B</h1>\n", "feed.xml": "x"}
    said = differences(built, golden)
    assert "only in the golden tree: data/x.csv" in said and "new in the build: feed.xml" in said
    assert "-<h1>A</h1>" in said and "+<h1>B</h1>" in said
