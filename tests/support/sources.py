"""A register of sources for the English fixture report (tests/roots/english-default):
test_sources.py and test_links.py build and break it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import ROOT
from support.files import edit

EVIDENCE = ROOT / "data" / "evidence" / "foi-reply-2020-06.pdf"  # the demo's scanned reply: a real small PDF
SHA = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
SOURCES = f"""id,title,title_es,publisher,date,url,accessed,archived,file,sha256
court-portal,Rulings portal,Portal de sentencias,Supreme Court,2021-06,https://rulings.example.org/,2023-08-01,https://web.archive.org/web/2023/https://rulings.example.org/,,
foi-2022,Reply to our information request,Respuesta a nuestra solicitud,Supreme Court,2022-11-04,,,,evidence/reply-2022.pdf,{SHA}
budget-law,Budget Law 2021 <b>bold</b>,,Parliament,2020-12-20,https://budget.example.org/law,2023-08-01,,,
"""


def with_sources(root: Path) -> Path:
    """The English fixture report with a register of sources, a scanned
    reply, citations in two findings and a milestone naming a source."""
    (root / "data" / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (root / "data" / "evidence").mkdir()
    shutil.copyfile(EVIDENCE, root / "data" / "evidence" / "reply-2022.pdf")
    edit(root / "content/commitments/j1.md", "Some rulings are published[^1].",
         "Some rulings are published [@court-portal]. The court's reply [@foi-2022, p. 2] gives no count "
         "[@court-portal; @budget-law].\n\nWritten in code, `[@not-a-citation]` is not one, and "
         "[@handle](https://example.org/handle) stays a link.")
    edit(root / "content/commitments/j1.es.md", "Publicar todas las sentencias.", "Publicar todas las sentencias [@foi-2022].")
    about = root / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8").rstrip("\n") + "\n\nOur budget figures follow the law [@budget-law].\n", encoding="utf-8")
    edit(root / "data/milestones.csv", "J1,2,Publish 90% of rulings,,2022-12-31,limited,", "J1,2,Publish 90% of rulings,,2022-12-31,limited,foi-2022")
    return root
