"""Rendered pages kept between builds under .cache/pages/, so that a
rebuild renders only the pages whose inputs changed (docs/quality.md: after one
edited finding, only that commitment's page, and the overview, whose PDF
link shows the whole report's new size).

Pelican's own cache sees the Markdown files only; a page here is made of
more. Its key is a hash of:
- the site: the theme's templates and catalogs, this plugin's code, the
  settings, and what every page shows of the report (report.yml, the areas
  and free pages in the menu);
- the page: its template, path and language, and the model objects it is
  rendered from (spec.context: a commitment with its register row and
  milestones, the finding it shows, an area's commitments, a free page),
  with the charts' digests (data and block) inside them; the overview and
  the editors' page take the whole register;
- and, kept beside the page rather than in its key, the PDF links it
  showed when it was rendered, with their sizes: the page is rendered again
  when one of those sizes changed (whichever template asked for them).

A commitment counts with its findings' headers (a `Title` renames it
everywhere) but not their text: the text is on the commitment's own page
only, so an edited finding renders that page and no other.

The model is hashed through its dataclass fields' reprs; an object without
a stable repr (one that prints its memory address) would make every key
new, so keys refuse it (UnstableInput) instead of caching nothing silently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path

from .cachefiles import BadEntry, keyed_file, prune_unused, read_entry, write_entry
from .codeversion import code_version, hash_files
from .model import Commitment, Report
from .site import PageSpec

# Pages that show the whole register (the commitment table, counts, charts):
# their key holds every commitment. A theme that adds a page kind listing
# commitments beyond its own context must name that kind here.
REPORT_WIDE = {"overview", "editor"}
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_PLAIN = frozenset({str, int, float, bool, type(None)})  # their repr is their value, never an address


class UnstableInput(ValueError):
    """A page input whose repr changes from one build to the next."""


def stable_repr(value) -> str:
    text = repr(value)
    if _ADDRESS.search(text):
        raise UnstableInput(f"no stable repr, cannot key a page on it: {_ADDRESS.search(text)[0]} in {text[:200]}")
    return text


def model_repr(value, memo: dict | None = None) -> str:
    """A stable text of a model value, every field but a commitment's
    finding texts (see above) and fields left out of repr (a chart's data
    frame: its digest stands for it). `memo` keeps each commitment's text
    for one build: the overview, the areas and the register show every
    commitment again."""
    if type(value) in _PLAIN:  # most of a key: the fields' texts and numbers
        return repr(value)
    if isinstance(value, Commitment):
        if memo is not None and id(value) in memo and memo[id(value)][0] is value:
            return memo[id(value)][1]
        headers = {lang: (document.lang, document.metadata) for lang, document in sorted(value.findings.items())}
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "findings"}
        text = f"Commitment({model_repr(fields, memo)}, findings={stable_repr(headers)})"
        if memo is not None:
            memo[id(value)] = (value, text)
        return text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # kept for the build with the value itself, so that its id is not
        # another object's later in the build: a finding's documents, chart
        # specs and milestones recur on many pages (416 keys at 200
        # commitments took a third of a preview build before)
        if memo is not None and id(value) in memo and memo[id(value)][0] is value:
            return memo[id(value)][1]
        fields = ", ".join(f"{f.name}={model_repr(getattr(value, f.name), memo)}" for f in dataclasses.fields(value) if f.repr)
        text = f"{type(value).__name__}({fields})"
        if memo is not None:
            memo[id(value)] = (value, text)
        return text
    if isinstance(value, dict):
        # in its order: an order that changed from one build to the next
        # would render the page again, never keep a stale one
        return "{" + ", ".join(f"{model_repr(k, memo)}: {model_repr(v, memo)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(model_repr(item, memo) for item in value) + "]"
    return stable_repr(value)


UNSHOWN_SETTINGS = {"OUTPUT_PATH"}


def site_digest(theme: Path, settings: dict, report: Report) -> str:
    """What every page depends on."""
    digest = hashlib.sha256()
    hash_files(digest, Path(theme) / "templates", "*")
    hash_files(digest, Path(theme) / "translations", "*.po")
    digest.update(code_version().encode())
    # settings: their values, with what Python would print as an address
    # (a function in a setting) reduced to its name; not OUTPUT_PATH, each
    # build's own staging folder (pages link relatively: it is not in them)
    digest.update(_ADDRESS.sub("", repr(sorted((k, v) for k, v in settings.items()
                                               if k.isupper() and k not in UNSHOWN_SETTINGS))).encode())
    digest.update(stable_repr((report.meta, report.title, report.organisation, report.action_plan, report.country,
                               report.period_start, report.period_end, report.published, report.languages,
                               report.licence, report.disclaimer, report.areas, report.sources,  # sources: shown in any finding
                               [(page.slug, {lang: document.title for lang, document in page.versions.items()})
                                for page in report.pages])).encode())
    return digest.hexdigest()


def page_record(payload: bytes) -> dict:
    """A page as PageCache.put wrote it: its HTML and its PDF links."""
    record = json.loads(payload)
    if not isinstance(record, dict) or not isinstance(record.get("html"), str) or not isinstance(
            record.get("pdf_links"), list) or not all(isinstance(link, list) and len(link) == 3 for link in record["pdf_links"]):
        raise BadEntry("not a page: no HTML or no PDF links")
    return record


class PageCache:
    def __init__(self, folder: Path, site: str, report: Report, pdf_sizes: dict, memory: dict | None = None):
        self.folder = Path(folder)
        self.memory = memory  # key -> record, kept in the process between builds (the live preview's)
        self.site = site
        self.pdf_sizes = pdf_sizes  # (lang, commitment id or None) -> bytes, of this build's PDFs
        self._register: str | None = None
        self._memo: dict[int, tuple] = {}  # id -> (value, model_repr) of each dataclass value, for this build
        self.report = report
        self.rendered: list[str] = []  # output files rendered (not from the cache) in this build

    def register(self) -> str:
        if self._register is None:
            self._register = model_repr(self.report.commitments, self._memo)
        return self._register

    def key(self, spec: PageSpec) -> str:
        digest = hashlib.sha256(self.site.encode())
        digest.update(stable_repr((spec.lang, spec.path, spec.template, spec.kind)).encode())
        digest.update(model_repr(spec.context, self._memo).encode())
        if spec.kind in REPORT_WIDE:
            digest.update(self.register().encode())
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return keyed_file(self.folder, key, ".json")

    def get(self, key: str) -> str | None:
        """The page, if it was rendered from the same inputs and the PDFs it
        links to have the sizes it shows."""
        record = self.memory.get(key) if self.memory is not None else None
        if record is None:
            record = read_entry(self._file(key), page_record)
        if record is None:
            return None
        if self.memory is not None:
            self.memory[key] = record
        if any(self.pdf_sizes.get((lang, commitment)) != size for lang, commitment, size in record["pdf_links"]):
            return None
        return record["html"]

    def put(self, key: str, html: str, pdf_links: set[tuple[str, str | None]]) -> None:
        """Keep a page with the PDF links it showed ((lang, commitment id or None))."""
        links = [[lang, commitment, self.pdf_sizes.get((lang, commitment))] for lang, commitment in sorted(pdf_links, key=repr)]
        record = {"pdf_links": links, "html": html}
        write_entry(self._file(key), json.dumps(record, ensure_ascii=False))
        if self.memory is not None:
            self.memory[key] = record

    def prune(self, keep: set[str], files: bool = True) -> None:
        """Forget pages no build used for a while (cachefiles.KEEP_UNUSED_DAYS: another report
        or branch built from this folder may want them back); in memory, those this build did not use."""
        if self.memory is not None:
            for key in set(self.memory) - keep:
                del self.memory[key]
        if files:
            prune_unused(self.folder, keep)
