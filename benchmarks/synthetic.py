"""Write a synthetic report of any size, for benchmarks: N commitments in
three languages (findings in the first two, a few in the third), milestones,
and a chart in every tenth finding. Deterministic: the same N gives the same
files."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

STATUSES = ["no-evidence", "not-started", "limited", "substantial", "complete", "withdrawn"]
AREAS = ["services", "procurement", "open-data", "justice", "budget"]
WORDS = ("transparency portal procurement budget citizens data ministry agency report "
         "publication register access information participation monitoring evidence").split()


def paragraph(rng: random.Random, words: int = 60) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_report(root: Path, commitments: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    data, findings, pages = root / "data", root / "content" / "commitments", root / "content" / "pages"
    for folder in (data, findings, pages):
        folder.mkdir(parents=True, exist_ok=True)
    areas = "\n".join(f"  - id: {a}\n    title: Area {a}\n    title_ky: Багыт {a}\n    title_en: Area {a} (en)" for a in AREAS)
    (data / "report.yml").write_text(
        "title: Synthetic report\ntitle_en: Synthetic report (en)\norganisation: Benchmark NGO\n"
        "action_plan: Plan 2030\ncountry: KG\nperiod: {start: 2028-01-01, end: 2030-12-31}\n"
        f"published: 2031-02-01\nlanguages: [ru, en, ky]\nlicence: CC-BY-4.0\nareas:\n{areas}\n",
        encoding="utf-8",
    )
    with (data / "commitments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "area", "title", "title_en", "lead_agency", "lead_agency_en", "start", "end",
                         "completion", "government_completion", "potential_impact", "ogp_values"])
        for number in range(1, commitments + 1):
            writer.writerow([number, AREAS[number % len(AREAS)], f"Обязательство {number}", f"Commitment {number}",
                             f"Агентство {number % 17}", f"Agency {number % 17}", "2028-01", "2030-06",
                             rng.choice(STATUSES), rng.choice(STATUSES + [""]), "moderate", "access-to-information"])
    with (data / "milestones.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["commitment", "milestone", "text", "text_en", "due", "status", "evidence"])
        for number in range(1, commitments + 1):
            for milestone in range(1, 4):
                writer.writerow([number, milestone, f"Этап {milestone}", f"Milestone {milestone}",
                                 f"2029-{milestone * 3:02d}", rng.choice(STATUSES), ""])
    (data / "series.csv").write_text("year,value,other\n2028,10,4\n2029,14,6\n2030,19,9\n", encoding="utf-8")
    chart = "\n```chart\ndata: series.csv\ntype: line\nx: year\ny: [value, other]\ntitle: Series {n}\n```\n"
    for number in range(1, commitments + 1):
        for lang in ("ru", "en") + (("ky",) if number % 5 == 0 else ()):
            body = "\n\n".join(f"## Section {s}\n\n{paragraph(rng)}" for s in range(1, 4))
            if number % 10 == 0:
                body += chart.format(n=number)
            (findings / f"{number}.{lang}.md").write_text(
                f"Commitment: {number}\nLang: {lang}\nSummary: {paragraph(rng, 12)}\n\n{body}\n", encoding="utf-8")
    (pages / "about.md").write_text("Title: О докладе\nSlug: about\nLang: ru\n\nТекст.\n", encoding="utf-8")
    return root


if __name__ == "__main__":
    write_report(Path(sys.argv[1]), int(sys.argv[2]))
