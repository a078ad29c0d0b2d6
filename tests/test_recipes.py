"""Recipes (plugins/shadowreport/rawdata/, docs/content-format.md "Recipes"):
each indicator computed on small files whose numbers were worked out by
hand (tests/recipes/, the expected values written below), every bad input
pinned to its message, the cache counted."""

from __future__ import annotations

import datetime
import gzip
import json
import shutil
from pathlib import Path

import pytest

from shadowreport import limits
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from shadowreport.rawdata import catalogue, derive, procurement

from conftest import copy_root

HERE = Path(__file__).resolve().parent / "recipes"
OCDS = HERE / "hand-checked.jsonl"
CKAN = HERE / "catalogue.json"

# tests/recipes/hand-checked.jsonl, by hand: four procedures (a: two releases
# compiled into one), 2019: a (open, 1 bid, award 30 days after the tender,
# planning, contract with implementation), b (direct, 3 bids in bids.details,
# award after 10 days); 2020: c (selective, 2 tenderers, no award), d (open,
# 0 bids: left out of the bid figures, award after 20 days, contract).
ALL = ["procedures", "single_bidder_share", "competitive_share", "average_bids", "median_days_to_award"]


def _compute(tmp_path, by, indicators, path=OCDS, problems=None):
    return procurement.compute(path, "data/raw/x.jsonl", by, indicators, tmp_path / "work", [] if problems is None else problems)


def test_procurement_indicators_by_year(tmp_path):
    assert _compute(tmp_path, ["year"], ALL) == [
        {"year": "2019", "procedures": 2, "single_bidder_share": 50.0, "competitive_share": 50.0, "average_bids": 2.0,
         "median_days_to_award": 20.0},
        {"year": "2020", "procedures": 2, "single_bidder_share": 0.0, "competitive_share": 100.0, "average_bids": 2.0,
         "median_days_to_award": 20.0},
    ]


def test_procurement_indicators_whole_file_and_by_buyer_and_procedure_type(tmp_path):
    assert _compute(tmp_path, [], ALL) == [{"procedures": 4, "single_bidder_share": 33.3, "competitive_share": 75.0,
                                            "average_bids": 2.0, "median_days_to_award": 20.0}]
    assert _compute(tmp_path, ["procedure_type"], ["procedures", "single_bidder_share"]) == [
        {"procedure_type": "direct", "procedures": 1, "single_bidder_share": 0.0},
        {"procedure_type": "open", "procedures": 2, "single_bidder_share": 100.0},  # d's 0 bids are not counted
        {"procedure_type": "selective", "procedures": 1, "single_bidder_share": 0.0},
    ]
    assert [r["buyer"] for r in _compute(tmp_path, ["buyer"], ["procedures"])] == ["B1", "B2"]


def test_completeness_by_stage_comes_from_ocdscardinal(tmp_path):
    rows = _compute(tmp_path, ["stage"], ["coverage"])
    assert {r["stage"]: r["coverage"] for r in rows} == {
        "planning": 25.0, "tender": 100.0, "award": 75.0, "contract": 50.0, "implementation": 25.0}
    by_year = _compute(tmp_path, ["year", "stage"], ["coverage"])
    assert {(r["year"], r["stage"]): r["coverage"] for r in by_year if r["stage"] in ("award", "implementation")} == {
        ("2019", "award"): 100.0, ("2019", "implementation"): 50.0, ("2020", "award"): 50.0, ("2020", "implementation"): 0.0}
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())  # the work files are gone


def test_a_gzipped_release_package_gives_the_same_numbers(tmp_path):
    releases = [json.loads(line) for line in OCDS.read_text().splitlines() if line.strip()]
    package = tmp_path / "package.json.gz"
    package.write_bytes(gzip.compress(json.dumps({"version": "1.1", "releases": releases}).encode()))
    assert _compute(tmp_path, ["year"], ALL) == procurement.compute(package, "p", ["year"], ALL, tmp_path / "w", [])


def test_catalogue_indicators(tmp_path):
    # by hand, retrieved 2020-08-31: a has d1 (CSV, updated 30 days before) and
    # d2 (PDF only, 457 days); b has d3 (PDF and json, 10 days)
    rows = catalogue.compute(CKAN, "data/raw/c.json", ["agency"], list(catalogue.INDICATORS), datetime.date(2020, 8, 31), [])
    assert rows == [
        {"agency": "a", "datasets": 2, "machine_readable_share": 50.0, "updated_last_12_months_share": 50.0,
         "median_days_since_update": 243.5},
        {"agency": "b", "datasets": 1, "machine_readable_share": 100.0, "updated_last_12_months_share": 100.0,
         "median_days_since_update": 10.0},
    ]
    assert catalogue.compute(CKAN, "c", ["year"], ["datasets"], datetime.date(2020, 8, 31), []) == [
        {"year": "2019", "datasets": 2}, {"year": "2020", "datasets": 1}]


# a report with recipes --------------------------------------------------------

RECIPE = """source: raw/releases.jsonl
retrieved: 2020-09-30
by: year
columns:
  single: single_bidder_share
  bids: average_bids
"""


@pytest.fixture
def report(tmp_path):
    root = copy_root("english-default", tmp_path)
    (root / "data" / "raw").mkdir()
    shutil.copy(OCDS, root / "data" / "raw" / "releases.jsonl")
    shutil.copy(CKAN, root / "data" / "raw" / "catalogue.json")
    (root / "data" / "recipes").mkdir()
    (root / "data" / "recipes" / "competition.yml").write_text(RECIPE, encoding="utf-8")
    return root


def _messages(root: Path) -> list[str]:
    with pytest.raises(ReportError) as caught:
        load_report(root, cache_path=root / ".cache")
    return [str(p) for p in caught.value.problems]


def test_a_recipe_makes_a_table_with_its_provenance(report):
    table = load_report(report, cache_path=report / ".cache").tables["competition.csv"]
    assert table.columns == ["year", "single", "bids"]
    assert [cells for _, cells in table.rows] == [{"year": "2019", "single": "50", "bids": "2"},
                                                  {"year": "2020", "single": "0", "bids": "2"}]
    import hashlib
    assert table.provenance == {"recipe": "data/recipes/competition.yml", "source": "data/raw/releases.jsonl",
                                "sha256": hashlib.sha256(OCDS.read_bytes()).hexdigest(), "retrieved": "2020-09-30"}
    assert sorted(p.name for p in (report / "data").iterdir()) == sorted(
        ["commitments.csv", "milestones.csv", "report.yml", "rulings.csv", "raw", "recipes"])  # nothing written in data/


def test_a_rebuild_computes_nothing_unchanged(report):
    derive.COMPUTED.clear()
    load_report(report, cache_path=report / ".cache")
    load_report(report, cache_path=report / ".cache")
    assert derive.COMPUTED["data/recipes/competition.yml"] == 1
    (report / "data" / "recipes" / "competition.yml").write_text(RECIPE.replace("by: year", "by: buyer"), encoding="utf-8")
    load_report(report, cache_path=report / ".cache")
    assert derive.COMPUTED["data/recipes/competition.yml"] == 2  # the recipe changed
    with open(report / "data" / "raw" / "releases.jsonl", "a", encoding="utf-8") as file:
        file.write('{"ocid": "ocds-test-e", "id": "e", "date": "2021-01-01", "tender": {"numberOfTenderers": 4}}\n')
    load_report(report, cache_path=report / ".cache")
    assert derive.COMPUTED["data/recipes/competition.yml"] == 3  # the raw file changed


def test_a_reader_without_a_cache_computes_and_writes_nothing(report, tmp_path):
    """load_report without cache_path (a test, a script): the same tables,
    and not a file written anywhere under the report (the repository's own
    .cache/ was where tests used to leave derived rows)."""
    derive.COMPUTED.clear()
    before = sorted(p for p in tmp_path.rglob("*"))
    table = load_report(report).tables["competition.csv"]
    assert [cells for _, cells in table.rows][0] == {"year": "2019", "single": "50", "bids": "2"}
    assert derive.COMPUTED["data/recipes/competition.yml"] == 1
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_a_warning_that_is_not_about_the_file_is_not_a_mistake_of_it(report, monkeypatch):
    """Only ocdskit's and OCDS Merge's warnings are the file's. Found on a
    fresh clone: the garbage collector closed a font file that WeasyPrint had
    left open while the demo's OCDS file compiled, and its ResourceWarning
    was reported as "cannot be compiled by ocdskit"."""
    import warnings

    from ocdsmerge.exceptions import DuplicateIdValueWarning

    from shadowreport.rawdata import ocdsread

    items = ocdsread.items

    def noisy(*args):
        warnings.warn("unclosed file <_io.BufferedReader name='font.ttf'>", ResourceWarning, stacklevel=2)
        yield from items(*args)

    monkeypatch.setattr(ocdsread, "items", noisy)
    table = load_report(report).tables["competition.csv"]
    assert [cells for _, cells in table.rows][0] == {"year": "2019", "single": "50", "bids": "2"}

    def duplicate(*args):  # and one of OCDS Merge's is still the file's mistake
        warnings.warn(DuplicateIdValueWarning("Multiple objects have the `id` value '1' in the `awards` array"), stacklevel=2)
        yield from items(*args)

    monkeypatch.setattr(ocdsread, "items", duplicate)
    with pytest.raises(ReportError) as caught:
        load_report(report)
    assert [str(p) for p in caught.value.problems] == [
        "data/raw/releases.jsonl: cannot be compiled by ocdskit: Multiple objects have the `id` value '1' in the `awards` array"]


def test_labels_order_rows_and_give_an_agency_with_nothing_its_rows(report):
    (report / "data" / "recipes" / "by-agency.yml").write_text(
        "source: raw/catalogue.json\nretrieved: 2020-08-31\nby: [agency, year]\ncolumns: [datasets]\n"
        "labels:\n  agency: {b: Bee, c: Sea, a: Ay}\n  agency_ru: {a: А}\n", encoding="utf-8")
    table = load_report(report, cache_path=report / ".cache").tables["by-agency.csv"]
    assert table.columns == ["agency", "agency_ru", "year", "datasets"]
    assert [(c["agency"], c["agency_ru"], c["year"], c["datasets"]) for _, c in table.rows] == [
        ("Bee", "", "2019", "0"), ("Bee", "", "2020", "1"), ("Sea", "", "2019", "0"), ("Sea", "", "2020", "0"),
        ("Ay", "А", "2019", "2"), ("Ay", "А", "2020", "0")]


def test_every_mistake_of_the_recipes_at_once(report):
    recipes = report / "data" / "recipes"
    (recipes / "competition.yml").write_text(RECIPE.replace("average_bids", "average_bidz").replace("by: year", "by: yeer"))
    (recipes / "missing.yml").write_text("source: raw/nothere.jsonl\nretrieved: last week\ncolumns: [coverage]\nsoruce: x\n")
    (recipes / "outside.yml").write_text("source: ../commitments.csv\nretrieved: 2020-01-01\ncolumns: [datasets]\n")
    (recipes / "mixed.yml").write_text("source: raw/releases.jsonl\nretrieved: 2020-01-01\ncolumns: [datasets, procedures]\n")
    assert _messages(report) == [
        'data/recipes/competition.yml, line 3, key "by": "yeer" is not a procurement (OCDS) breakdown: expected one of '
        'year, buyer, procedure_type, stage (did you mean "year"?)',
        'data/recipes/competition.yml, line 6, key "columns.bids": "average_bidz" is not an indicator: expected one of '
        + ", ".join([*procurement.INDICATORS, *catalogue.INDICATORS]) + ' (did you mean "average_bids"?)',
        'data/recipes/missing.yml, line 1, key "source": "raw/nothere.jsonl" is not a file under data/raw/: expected e.g. '
        'source: raw/releases.jsonl.gz (did you mean "raw/releases.jsonl"?)',
        'data/recipes/missing.yml, line 2, key "retrieved": "last week" is not a date: expected the day the raw file was '
        'downloaded, YYYY-MM-DD',
        'data/recipes/missing.yml, line 3, key "columns.coverage": "coverage" is counted by stage: add stage to by:',
        'data/recipes/missing.yml, line 4, key "soruce": is not one of source, retrieved, by, columns, labels, description '
        '(did you mean "source"?)',
        'data/recipes/mixed.yml, line 3, key "columns": "datasets, procedures" mixes procurement (OCDS) and catalogue '
        'indicators: one recipe computes from one raw file, make two recipes',
        'data/recipes/outside.yml, line 1, key "source": "../commitments.csv" is not a file under data/raw/: expected e.g. '
        'source: raw/releases.jsonl.gz',
    ]


BAD_LINES = [
    '{"ocid": "ocds-test-a", "id": "1", "date": "2019-01-01", "tender": {"numberOfTenderers": 1}}',
    '{"ocid": "ocds-test-b", "id": "2", "date": "2019-01-01", "tender": {"numberOfTenderers": 2}',  # cut short
    '{"name": "not a release"}',
    '{"ocid": "ocds-test-c", "id": "3", "tender": {}}',  # no date
    '{"ocid": "ocds-test-d", "id": "4", "date": "2019-01-01", "awards": {"id": "1"}}',
    '{"version": "1.0", "releases": [{"ocid": "ocds-test-e", "id": "5", "date": "2019-01-01"}]}',
]


def test_every_mistake_of_a_raw_file_names_its_line_and_nothing_is_published(report):
    (report / "data" / "raw" / "releases.jsonl").write_text("\n".join(BAD_LINES) + "\n", encoding="utf-8")
    assert _messages(report) == [
        'data/raw/releases.jsonl, line 2: is not valid JSON (Expecting \',\' delimiter): each line is one JSON object',
        'data/raw/releases.jsonl, line 3: is not an OCDS release: it has no "ocid"',
        'data/raw/releases.jsonl, line 4 (ocid "ocds-test-c"): has no "date": every OCDS release says when it was '
        'published (ocdskit orders them by it)',
        'data/raw/releases.jsonl, line 5 (ocid "ocds-test-d"), key "awards": "{"id": "1"}" is not a list: '
        'OCDS 1.1 writes it as [...]',
        'data/raw/releases.jsonl, line 6, key "version": "1.0" is OCDS 1.0: expected OCDS 1.1',
    ]
    assert not list((report / ".cache" / "derived").rglob("*.json"))  # nothing half-computed kept


def test_a_file_that_is_not_ocds_and_a_package_of_another_version(report):
    raw = report / "data" / "raw"
    (raw / "other.json").write_text('{"result": {"results": []}}', encoding="utf-8")
    (raw / "old.json.gz").write_bytes(gzip.compress(b'{"version": "1.0", "releases": [{"ocid": "x"}]}'))
    (raw / "list.json").write_text('[{"ocid": "x"}]', encoding="utf-8")
    (raw / "broken.json").write_text('{"version": "1.1", "releases": [{"ocid": "x", "date": "2020-01-01"}, {"ocid": ]}',
                                     encoding="utf-8")
    for name in ("other.json", "old.json.gz", "list.json", "broken.json"):
        (report / "data" / "recipes" / f"{name.split('.')[0]}.yml").write_text(RECIPE.replace("releases.jsonl", name))
    (report / "data" / "recipes" / "competition.yml").unlink()
    messages = _messages(report)
    assert messages == [
        'data/raw/broken.json: is not valid JSON after release 2: parse error: unallowed token at this point in JSON text',
        'data/raw/list.json: is a JSON list, not an OCDS package: expected {"releases": [...]} or {"records": [...]} '
        '(releases without a package are written one a line, as JSON Lines: .jsonl)',
        'data/raw/old.json.gz, key "version": "1.0" is OCDS 1.0: expected OCDS 1.1',
        'data/raw/other.json: is not an OCDS release or record package: it has no "releases" or "records" list',
    ]


def test_a_catalogue_that_is_not_one(report):
    (report / "data" / "raw" / "catalogue.json").write_text('{"result": ["a", "b"]}', encoding="utf-8")
    (report / "data" / "recipes" / "competition.yml").write_text(
        "source: raw/catalogue.json\nretrieved: 2020-08-31\ncolumns: [datasets]\n", encoding="utf-8")
    assert _messages(report) == [
        'data/raw/catalogue.json: is not a CKAN catalogue export: expected the JSON of package_search '
        '({"result": {"results": [...]}}) or of current_package_list_with_resources, with each dataset\'s organization '
        'and resources (package_list gives names only)']


def test_a_gzip_bomb_and_an_endless_line_stop_at_their_bounds(report, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RAW_UNPACKED_BYTES", 100_000)
    monkeypatch.setattr(limits, "MAX_RAW_LINE_BYTES", 1_000)
    raw = report / "data" / "raw"
    (raw / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * 10_000_000))  # 10 KB that unpack to 10 MB
    (raw / "releases.jsonl").write_text('{"ocid": "' + "x" * 5_000 + '"}\n', encoding="utf-8")
    (report / "data" / "recipes" / "bomb.yml").write_text(RECIPE.replace("releases.jsonl", "bomb.jsonl.gz"))
    assert _messages(report) == [
        "data/raw/bomb.jsonl.gz: unpacks to more than 0.0001 GB: is it what the portal publishes?",
        "data/raw/releases.jsonl, line 1: is longer than 0.001 MB: one release, record or package a line",
    ]


def test_a_chart_draws_a_recipes_dataset_and_shows_its_provenance(report):
    finding = next((report / "content" / "commitments").glob("*.md"))
    finding.write_text(finding.read_text(encoding="utf-8") + "\n```chart\ndata: competition.csv\ntype: line\nx: year\n"
                       "y: [single, bids]\ntitle: Competition\n```\n", encoding="utf-8")
    loaded = load_report(report, cache_path=report / ".cache")
    specs = [s for c in loaded.commitments for d in c.findings.values() for s in d.charts]
    assert [s.provenance["recipe"] for s in specs if s.data == "competition.csv"] == ["data/recipes/competition.yml"]


def test_a_raw_file_linked_from_outside_data_is_never_read(report, tmp_path):
    secret = tmp_path / "secret.jsonl"
    secret.write_text(OCDS.read_text(encoding="utf-8"), encoding="utf-8")
    (report / "data" / "raw" / "releases.jsonl").unlink()
    (report / "data" / "raw" / "releases.jsonl").symlink_to(secret)
    derive.COMPUTED.clear()
    messages = _messages(report)
    assert messages[0].startswith("data/raw/releases.jsonl: is a link that leads outside data/")
    assert messages[1].startswith('data/recipes/competition.yml, line 1, key "source": "raw/releases.jsonl" is not a file under data/raw/')
    assert not derive.COMPUTED


def test_a_recipe_and_a_csv_of_the_same_name(report):
    (report / "data" / "competition.csv").write_text("year,single\n2019,1\n", encoding="utf-8")
    assert _messages(report) == ["data/recipes/competition.yml: makes competition.csv, and data/competition.csv is a "
                                 "file too: delete one of them"]


def test_a_build_with_a_bad_raw_file_exits_1_and_leaves_the_last_output(report, tmp_path, capsys, caplog):
    from conftest import build_report

    (report / "data" / "raw" / "releases.jsonl").write_text(BAD_LINES[0] + "\n" + BAD_LINES[1] + "\n", encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good build", encoding="utf-8")
    assert build_report(report, output) == 1
    said = capsys.readouterr().err + caplog.text
    assert "data/raw/releases.jsonl, line 2: is not valid JSON" in said
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "the last good build"


def test_the_data_package_gives_the_provenance_as_the_resources_sources(report):
    from shadowreport import publishedtables

    table = load_report(report, cache_path=report / ".cache").tables["competition.csv"]
    content, entry = publishedtables.publish_table(table, "competition.csv", "dataset")
    assert content.decode().splitlines() == ["year,single,bids", "2019,50,2", "2020,0,2"]
    assert "Computed by the recipe data/recipes/competition.yml from data/raw/releases.jsonl." in entry["description"]
    assert entry["sources"] == [{"title": f"data/raw/releases.jsonl, retrieved 2020-09-30, SHA-256 {table.provenance['sha256']}",
                                 "retrieved": "2020-09-30", "sha256": table.provenance["sha256"],
                                 "recipe": "data/recipes/competition.yml"}]
