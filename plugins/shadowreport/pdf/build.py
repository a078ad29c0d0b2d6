"""Write every PDF of the report into the output, rendering only what the
cache does not already hold.

Settings (pelicanconf.py or build overrides; read and checked by config.py):
- SHADOWREPORT_PDFS: False skips the PDFs (quicker drafts); the pages then
  show no PDF links.
- SHADOWREPORT_PDF_CACHE: the cache folder; default pdf/ in the build's
  cache folder (SHADOWREPORT_CACHE_PATH, or <project>/.cache).
- SHADOWREPORT_PDF_WORKERS: processes rendering at once; default every core.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from .. import config, timing
from .assembly import ReportAssembly, Task
from .cache import PdfCache, assets_digest
from .documents import pdf_jobs
from .links import PdfLink, PdfLinks
from .render import RENDERER, PdfRenderError, Rendered, Renderer, errors_message

logger = logging.getLogger(__name__)


def make_pdfs(generator) -> PdfLinks:
    """The generator's report as PDFs in its output folder; returns where
    each one is and its size."""
    settings = generator.settings
    report = generator.report
    made = config.of(settings)
    if not made.pdfs:
        return PdfLinks()
    started = time.perf_counter()
    static = Path(generator.theme) / "static"
    cache = PdfCache(made.pdf_cache)
    assets = assets_digest(static, RENDERER)

    jobs = pdf_jobs(report, generator.environment(), generator.theme, settings, getattr(generator, "charts", None))
    assemblies = [ReportAssembly(job, cache, assets) for job in jobs if job.commitment_id is None]
    results: dict[str, bytes] = {}
    singles: list[Task] = []
    used_keys: set[str] = set()
    for job in (job for job in jobs if job.commitment_id is not None):
        key = cache.key(job.html, job.identifier, assets)
        used_keys.add(key)
        data = cache.get(key)
        if data is None:
            singles.append(Task(job, None, job.html, key, job.identifier))
        else:
            results[job.path] = data

    workers = made.pdf_workers
    redone = {task.owner.path for task in singles}
    with Renderer(static, cache.folder, workers) as renderer:
        renderer.run(assemblies, singles, lambda task, rendered: _received(task, rendered, cache, results))
    if renderer.errors:
        for key in renderer.tainted:
            cache.discard(key)
        raise PdfRenderError(errors_message(renderer.errors))
    for assembly in assemblies:
        results[assembly.job.path] = assembly.result
        used_keys.update(assembly.keys)
        used_keys.update(assembly.layout_keys.values())
        if assembly.rendered:
            redone.add(assembly.job.path)

    links = PdfLinks()
    for job in jobs:
        data = results[job.path]
        target = Path(generator.output_path) / job.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        links.links[(job.lang, job.commitment_id)] = PdfLink(job.path, len(data))

    seconds = time.perf_counter() - started
    parts = {a.job.path: {"parts": len(a.parts.bodies) + 1, "rendered": [str(slot) for slot in a.rendered]} for a in assemblies}
    cache.record_run(sorted(redone), [job.path for job in jobs if job.path not in redone], seconds, renderer.used, parts)
    cache.prune(used_keys)
    timing.of(settings).note("pdfs_rendered", sorted(redone))
    timing.of(settings).note("pdfs_reused", len(jobs) - len(redone))
    logger.info("shadowreport: %d PDFs (%d rendered, %d from the cache, %d processes) in %.1f s",
                len(jobs), len(redone), len(jobs) - len(redone), renderer.used, seconds)
    return links


def _received(task: Task, rendered: Rendered, cache: PdfCache, results: dict[str, bytes]) -> None:
    """A commitment's PDF came back from a worker."""
    job = task.owner
    cache.put(task.key, rendered.pdf)
    results[job.path] = rendered.pdf
