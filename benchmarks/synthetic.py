"""Write a synthetic report of any size, for benchmarks: N
commitments in two languages (ru, en), each with four milestones and two
charts in its finding: one from a dataset of its own
(data/series/commitment-N.csv) and one from its area's dataset
(data/areas/AREA.csv), which a fifth of the commitments share. A free page
in both languages. Deterministic: the same N gives the same files.

    python benchmarks/synthetic.py FOLDER N
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

STATUSES = ["no-evidence", "not-started", "limited", "substantial", "complete", "withdrawn"]
AREAS = ["services", "procurement", "open-data", "justice", "budget"]
WORDS = ("transparency portal procurement budget citizens data ministry agency report "
         "publication register access information participation monitoring evidence").split()
LANGUAGES = ("ru", "en")
MILESTONES = 4


def paragraph(rng: random.Random, words: int = 60) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def series_path(number: int) -> str:
    """The dataset only commitment `number` draws (under data/)."""
    return f"series/commitment-{number}.csv"


def area_of(number: int) -> str:
    return AREAS[number % len(AREAS)]


def finding_path(root: Path, number: int, lang: str = "ru") -> Path:
    return root / "content" / "commitments" / f"{number}.{lang}.md"


CHARTS = """
```chart
data: {series}
type: line
x: year
y: [value, target]
title: Indicator of commitment {n}
title_en: Indicator of commitment {n} (en)
```

```chart
data: areas/{area}.csv
type: bar
x: agency
y: requests
title: Requests by agency, {area}
title_en: Requests by agency, {area} (en)
```
"""


def write_report(root: Path, commitments: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    data, findings, pages = root / "data", root / "content" / "commitments", root / "content" / "pages"
    for folder in (data / "series", data / "areas", findings, pages):
        folder.mkdir(parents=True, exist_ok=True)
    areas = "\n".join(f"  - id: {a}\n    title: Направление {a}\n    title_en: Area {a}" for a in AREAS)
    (data / "report.yml").write_text(
        "title: Синтетический доклад\ntitle_en: Synthetic report\norganisation: Benchmark NGO\n"
        "action_plan: Plan 2030\ncountry: KG\nperiod: {start: 2028-01-01, end: 2030-12-31}\n"
        f"published: 2031-02-01\nlanguages: [{', '.join(LANGUAGES)}]\nlicence: CC-BY-4.0\nareas:\n{areas}\n",
        encoding="utf-8",
    )
    with (data / "commitments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "area", "title", "title_en", "lead_agency", "lead_agency_en", "start", "end",
                         "completion", "government_completion", "potential_impact", "ogp_values"])
        for number in range(1, commitments + 1):
            writer.writerow([number, area_of(number), f"Обязательство {number}", f"Commitment {number}",
                             f"Агентство {number % 17}", f"Agency {number % 17}", "2028-01", "2030-06",
                             rng.choice(STATUSES), rng.choice(STATUSES + [""]), "moderate", "access-to-information"])
    with (data / "milestones.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["commitment", "milestone", "text", "text_en", "due", "status", "evidence"])
        for number in range(1, commitments + 1):
            for milestone in range(1, MILESTONES + 1):
                writer.writerow([number, milestone, f"Этап {milestone}", f"Milestone {milestone}",
                                 f"2029-{milestone * 3:02d}", rng.choice(STATUSES), ""])
    for number in range(1, commitments + 1):
        rows = "".join(f"{year},{rng.randint(5, 40)},{rng.randint(20, 45)}\n" for year in range(2026, 2031))
        (data / series_path(number)).write_text("year,value,target\n" + rows, encoding="utf-8")
    for area in AREAS:
        rows = "".join(f"Agency {a},{rng.randint(50, 900)}\n" for a in range(1, 7))
        (data / "areas" / f"{area}.csv").write_text("agency,requests\n" + rows, encoding="utf-8")
    for number in range(1, commitments + 1):
        for lang in LANGUAGES:
            sections = [f"## Section {s}\n\n{paragraph(rng)}" for s in range(1, 4)]
            sections.insert(2, CHARTS.format(series=series_path(number), area=area_of(number), n=number).strip())
            finding_path(root, number, lang).write_text(
                f"Commitment: {number}\nLang: {lang}\nSummary: {paragraph(rng, 12)}\n\n" + "\n\n".join(sections) + "\n",
                encoding="utf-8")
    for lang in LANGUAGES:
        (pages / f"about.{lang}.md").write_text(
            f"Title: {'О докладе' if lang == 'ru' else 'About'}\nSlug: about\nLang: {lang}\n\n{paragraph(rng)}\n",
            encoding="utf-8")
    return root


if __name__ == "__main__":
    write_report(Path(sys.argv[1]), int(sys.argv[2]))
