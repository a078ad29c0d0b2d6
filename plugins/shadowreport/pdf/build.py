"""Write every PDF of the report into the output, rendering only what the
cache does not already hold.

Settings (pelicanconf.py or build overrides):
- SHADOWREPORT_PDFS: False skips the PDFs (quicker drafts); the pages then
  show no PDF links.
- SHADOWREPORT_PDF_CACHE: the cache folder; default <project>/.cache/pdf.
- SHADOWREPORT_PDF_WORKERS: processes rendering at once; default every core.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from .cache import PdfCache, assets_digest
from .documents import pdf_jobs
from .fonts import decompressed_fonts
from .links import PdfLink, PdfLinks
from .render import RENDERER, render_many

logger = logging.getLogger(__name__)


def make_pdfs(generator) -> PdfLinks:
    """The generator's report as PDFs in its output folder; returns where
    each one is and its size."""
    settings = generator.settings
    report = generator.report
    if not settings.get("SHADOWREPORT_PDFS", True):
        return PdfLinks()
    started = time.perf_counter()
    static = Path(generator.theme) / "static"
    cache = PdfCache(Path(settings.get("SHADOWREPORT_PDF_CACHE") or report.root / ".cache" / "pdf"))
    assets = assets_digest(static, RENDERER)

    jobs = pdf_jobs(report, generator.environment(), generator.theme, settings, getattr(generator, "charts", None))
    keys = [cache.key(job.html, job.identifier, assets) for job in jobs]
    results: dict[str, bytes] = {}
    missing = []
    for job, key in zip(jobs, keys):
        data = cache.get(key)
        if data is None:
            missing.append((job, key))
        else:
            results[job.path] = data

    fonts = decompressed_fonts(static, cache.folder) if missing else {}
    workers = min(settings.get("SHADOWREPORT_PDF_WORKERS") or os.cpu_count() or 1, max(1, len(missing)))
    rendered = render_many([(job.html, str(static), job.identifier, fonts) for job, _ in missing], workers)
    for (job, key), (data, messages) in zip(missing, rendered):
        for message in messages:
            if message.startswith(("ERROR", "CRITICAL")):
                logger.warning("%s: WeasyPrint: %s", job.path, message)
            else:
                logger.debug("%s: WeasyPrint: %s", job.path, message)
        cache.put(key, data)
        results[job.path] = data

    links = PdfLinks()
    for job in jobs:
        data = results[job.path]
        target = Path(generator.output_path) / job.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        links.links[(job.lang, job.commitment_id)] = PdfLink(job.path, len(data))

    seconds = time.perf_counter() - started
    redone = {job.path for job, _ in missing}
    cache.record_run(sorted(redone), [job.path for job in jobs if job.path not in redone], seconds, workers)
    cache.prune(set(keys))
    logger.info("shadowreport: %d PDFs (%d rendered, %d from the cache, %d processes) in %.1f s",
                len(jobs), len(missing), len(jobs) - len(missing), workers, seconds)
    return links
