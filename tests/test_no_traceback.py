"""Random broken reports (a fixed seed, so a failure can be replayed): the
loader answers every one with the report or a ReportError naming files
under content/ or data/, never with a traceback; and the ones it accepts
build."""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOTS, build_report
from shadowreport.errors import ReportError
from shadowreport.loader import load_report

SOURCE = ROOTS / "english-default"

YAML_VALUES = [
    None, "", "x", 0, -1, 1.5, True, False, [], {}, [1, 2], ["en", 1], [None], {"a": 1}, "2019-02-30",
    "2021-13", "en", ["es", "en"], ["en", "en"], {"start": 1, "end": "x"}, {"start": "2021-01", "end": [1]},
    [{"id": None}], [{"id": "a", "title": ["t"]}], [["x"]], [{"id": "justice"}], "<script>x</script>",
    "a" * 500, "\u0000", "ө ү ң", {"start": "2023-01-01", "end": "2021-01-01"},
]
CELLS = [
    "", " ", "x", "2019-02-30", "2021-1-1", "0000-00", "9999-12", "../../etc/passwd", "/etc/passwd", "..", ".",
    "data", "\x00", "é", ";;", "complete", "withdrawn", "J1", "B1", "justice", '"', "a,b", "<b>x</b>", "javascript:x",
    "http://", "https://example.org/x", "rulings.csv", "ТЕСТ", "1e3", "-1", "x" * 300,
]
HEADER_VALUES = ["", "J1", "J9", "en", "es", "ES", "xx", "12", "../x", "a b", "about", "commitments", "<i>x</i>", "\x00"]


def mutate_yaml(root: Path, rng: random.Random) -> None:
    path = root / "data/report.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for _ in range(rng.randint(1, 3)):
        data[rng.choice([*data, "extra"])] = rng.choice(YAML_VALUES)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def mutate_csv(root: Path, rng: random.Random) -> None:
    path = root / "data" / rng.choice(["commitments.csv", "milestones.csv"])
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    for _ in range(rng.randint(1, 4)):
        row = rng.randrange(len(rows))
        action = rng.random()
        if action < 0.7 and rows[row]:
            rows[row][rng.randrange(len(rows[row]))] = rng.choice(CELLS)
        elif action < 0.8:
            rows[row] = rows[row][: rng.randrange(len(rows[row]) + 1)]
        elif action < 0.9:
            rows[row] = rows[row] + [rng.choice(CELLS)]
        else:
            rows.insert(row, list(rows[row]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def mutate_markdown(root: Path, rng: random.Random) -> None:
    files = sorted((root / "content").rglob("*.md"))
    path = rng.choice(files)
    lines = path.read_text(encoding="utf-8").split("\n")
    action = rng.random()
    if action < 0.6:
        key = rng.choice(["Commitment", "Lang", "Title", "Slug", "Summary"])
        lines.insert(rng.randrange(3), f"{key}: {rng.choice(HEADER_VALUES)}")
    elif action < 0.8:
        del lines[rng.randrange(len(lines))]
    else:
        path.write_bytes(path.read_bytes()[: rng.randrange(40)] + bytes([rng.randrange(256)]) + b"\n")
        return
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("seed", range(120))
def test_random_broken_report_gives_a_message_or_builds(seed, tmp_path):
    rng = random.Random(seed)
    root = tmp_path / "report"
    shutil.copytree(SOURCE, root)
    for mutate in rng.sample([mutate_yaml, mutate_csv, mutate_markdown], rng.randint(1, 3)):
        mutate(root, rng)
    try:
        load_report(root)
    except ReportError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file.startswith(("data/", "content/")), problem
        return
    # accepted: then it must build too (a seed in ten, to keep the suite fast)
    if seed % 10 == 0:
        assert build_report(root, tmp_path / "output") == 0


@pytest.mark.parametrize("file, old, new", [
    ("data/commitments.csv", "2021-12-31,complete", "9999-12,complete"),  # the last month there is
    ("data/milestones.csv", "complete,rulings.csv", "complete," + "x" * 300),  # a name too long for a file
    ("data/milestones.csv", "complete,rulings.csv", "complete,rul\x00ings.csv"),  # a NUL byte
    ("data/report.yml", "published: 2023-09-15", "published: 2019-13-01"),  # PyYAML would raise ValueError
    ("data/report.yml", "published: 2023-09-15", "published: 2023-09-15 10:30:00"),  # a time too
    ("data/report.yml", "country: UY", "country: !!binary AAAA"),
    ("data/report.yml", "country: UY", "country: &a [*a]"),  # a list that contains itself
    ("data/report.yml", "languages: [en, es]", "languages: [en, es, en]"),
    ("content/commitments/j2.md", "Lang: en", "Lang:"),
])
def test_nasty_values_found_by_fuzzing(file, old, new, tmp_path):
    root = tmp_path / "report"
    shutil.copytree(SOURCE, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    try:
        load_report(root)
    except ReportError as error:
        assert all(problem.file.startswith(("data/", "content/")) for problem in error.problems)


def test_a_pdf_that_weasyprint_cannot_render_in_full_stops_the_build(tmp_path, capsys):
    """WeasyPrint reports what it could not load (an image, a stylesheet, a
    font) and renders on: a PDF with a hole in it. The build stops with its
    words, naming the PDF, and keeps no such PDF in its cache (the next
    build says it again)."""
    from conftest import ROOT, copy_root
    from shadowreport.build import build

    report = copy_root("english-default", tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with (theme / "static/css/print.css").open("a", encoding="utf-8") as css:
        css.write("\nh1 { background-image: url(../img/gone.png); }\n")  # a fork's edit, pointing at nothing
    output = tmp_path / "output"
    for attempt in range(2):
        code = build(ROOT / "pelicanconf.py", output=output, PATH=str(report / "content"), THEME=str(theme),
                     SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"))
        err = capsys.readouterr().err
        assert code == 1, attempt
        assert "The PDFs could not be rendered in full" in err and "gone.png" in err, err
        assert "pdf/commitment-J1.pdf: WeasyPrint:" in err and "pdf/report.pdf" in err
        assert "Traceback" not in err and not output.exists()
