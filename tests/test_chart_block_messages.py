"""Chart blocks with a mistake: each named exactly (file, line of the key,
value, what was expected) at load time, before anything is drawn, and the
build stops with the previous output kept."""

from __future__ import annotations

import pytest
from conftest import build_report, copy_root
from shadowreport.errors import ReportError
from shadowreport.loader import load_report

from tests.support.chart_blocks import problems_of

BAD_BLOCKS = {
    "missing file": ("data: watertests.csv\ntype: bar\nx: year\ny: tests_published",
                     'content/commitments/s2.md, line 6, key "data": "watertests.csv" is not a file under data/ (did you mean "water-tests.csv"?)'),
    "leaves data": ("data: ../secret.csv\ntype: bar\nx: a\ny: b",
                    'content/commitments/s2.md, line 6, key "data": "../secret.csv" leaves data/: expected a path under data/, e.g. budget.csv'),
    # the link is refused even where no chart draws it: it is never read, nor published
    "symlink out of data": ("data: link.csv\ntype: bar\nx: a\ny: b",
                            'content/commitments/s2.md, line 6, key "data": "link.csv" leaves data/: expected a path under data/, e.g. budget.csv',
                            "data/link.csv: is a link that leads outside data/ (to secret.csv): copy the file into data/ instead"),
    "unknown column": ("data: water-tests.csv\ntype: line\nx: year\ny: [tests_published, tests_plannd]",
                       'content/commitments/s2.md, line 9, key "y": "tests_plannd" is not a column of data/water-tests.csv '
                       '(year, tests_published, tests_planned) (did you mean "tests_planned"?)'),
    "unknown type": ("data: water-tests.csv\ntype: lines\nx: year\ny: tests_published",
                     'content/commitments/s2.md, line 7, key "type": '
                     '"lines" is not one of bar, stacked-bar, line, pie, scatter (did you mean "line"?)'),
    "broken YAML": ("data: water-tests.csv\ntype: [bar\nx: year\ny: tests_published",
                    "content/commitments/s2.md, line 7: the chart block is not valid YAML: "
                    "the bracket [ opened on this line is never closed: end the list with ]"),
    "unknown key": ("data: water-tests.csv\ntype: bar\nx: year\ny: tests_published\ncolour: year",
                    'content/commitments/s2.md, line 10, key "colour": is not a key of a chart block: '
                    'expected data, sheet, type, x, y, y2, units, values, color, '
                    'title, source, caption, labels (and title_<lang>, source_<lang>, caption_<lang>, labels_<lang>) (did you mean "color"?)'),
    "not a number": ("data: bad-numbers.csv\ntype: bar\nx: year\ny: value",
                     'data/bad-numbers.csv, row 3, column "value": "n/a" is not a number: the bar chart in content/commitments/s2.md, '
                     "line 9 draws this column (write numbers with a dot for decimals and no thousands separator, or say how "
                     'the report writes them in data/report.yml (numbers: {decimal: ",", thousands: " "}); '
                     "leave the cell empty where there is no value)"),
    "missing key": ("data: water-tests.csv\ntype: pie\nx: year",
                    'content/commitments/s2.md, line 5, key "y": is missing: a chart block needs data, type, x and y'),
}


@pytest.mark.parametrize("case", list(BAD_BLOCKS))
def test_bad_chart_block_is_named_exactly(tmp_path, case):
    block, *messages = BAD_BLOCKS[case]
    assert problems_of(tmp_path, block) == messages


def test_unclosed_chart_block(tmp_path):
    root = copy_root("every-chart", tmp_path)
    (root / "content/commitments/s2.md").write_text("Commitment: S2\n\n```chart\ndata: towns.csv\n", encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        load_report(root)
    assert [str(p) for p in raised.value.problems] == [
        "content/commitments/s2.md, line 3: the chart block is not closed: end it with a line of ```"]


def test_bad_chart_block_stops_the_build_and_keeps_output(tmp_path, capsys):
    root = copy_root("every-chart", tmp_path)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    (root / "content/commitments/s2.md").write_text(
        "Commitment: S2\n\n```chart\ndata: ../../etc/passwd\ntype: donut\nx: a\ny: b\n```\n", encoding="utf-8")
    assert build_report(root, output) == 1
    error = capsys.readouterr().err
    assert 'content/commitments/s2.md, line 4, key "data": "../../etc/passwd" leaves data/' in error
    assert 'content/commitments/s2.md, line 5, key "type": "donut" is not one of bar, stacked-bar, line, pie, scatter' in error
    assert (output / "index.html").read_text() == "previous site"
