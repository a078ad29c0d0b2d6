"""The Pelican generator that turns the report model into the site's pages."""

from __future__ import annotations

import functools
import logging
import posixpath
from pathlib import Path

from markupsafe import Markup

# what readers and reusers get besides the pages: PDFs, open data, feeds, sitemap
from . import catalogs, citation, config, discovery, i18n, imagelinks, opendata, pdf, preview, socialcards, templating, timing, views
from .references import References
from .charts.site import ReportCharts
from .loader import load_report
from .model import Report
from .pagecache import PageCache, site_digest
from .render import FINDING, MarkdownRenderer
from .site import PageSpec, page_specs

logger = logging.getLogger(__name__)


def report_paths(settings) -> tuple[Path, Path, Path]:
    """The project folder, content/ and data/ from Pelican's settings."""
    made = config.of(settings)
    return made.root, made.content, made.data


class ReportGenerator:
    """Reads the report once (generate_context), writes every page of every
    language (generate_output)."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.context = context
        self.settings = settings
        self.theme = Path(theme)
        self.output_path = Path(output_path)
        self.report: Report | None = None
        self.specs: list[PageSpec] = []
        self.pdfs = pdf.PdfLinks()
        self.charts: ReportCharts | None = None
        self.env = templating.environment(self.theme, settings)  # the pages', the PDFs' and the charts'
        self.timing = timing.of(settings)  # the build's record (build.py started it)

    def generate_context(self) -> None:
        with self.timing.stage("load"):
            self._load()

    def _load(self) -> None:
        made = config.of(self.settings)
        self.report = load_report(made.root, made.content, made.data, made.cache)  # raises ReportError
        renderer = preview.markdown_renderer(self.settings) or MarkdownRenderer(self.settings["MARKDOWN"])
        for commitment in self.report.commitments:
            for document in commitment.findings.values():
                document.html = imagelinks.site_paths(renderer.render(document.body, FINDING, document.lang), document)
            for document in commitment.replies.values():  # the government's reply: headings under its own h2
                document.html = imagelinks.site_paths(renderer.render(document.body, FINDING, document.lang), document)
        texts = [*(d for page in self.report.pages for d in page.versions.values()), *self.report.summary.values(),
                 *(d for by_lang in self.report.area_intros.values() for d in by_lang.values())]
        for document in texts:  # `##` stays h2: each is shown under the page's own h1
            document.html = imagelinks.site_paths(renderer.render(document.body, lang=document.lang), document)
        self.specs = page_specs(self.report, self.settings)
        self.references = References(self.report)
        self.charts = ReportCharts(self.report, self.settings, self.env)
        self.context["shadowreport_charts"] = self.charts
        self.context["shadowreport"] = self.report
        self.context["shadowreport_pages"] = self.specs

    def environment(self) -> templating.ReportEnvironment:
        """The build's one template environment (templating.py)."""
        return self.env

    def generate_output(self, writer) -> None:
        imagelinks.publish(self.report, self.output_path)  # the checked files of content/images/
        with self.timing.stage("charts"):
            self.charts.write(self.output_path)  # first: the PDFs draw the charts' static SVGs
        self.timing.note("charts_drawn", self.charts.exporter.drawn_charts)
        if not preview.enabled(self.settings):  # link previews are for the published site
            socialcards.write_cards(self.report, self.theme, self.output_path, self.cache_path() / "social",
                                    Path(self.settings.get("SHADOWREPORT_PDF_CACHE") or self.cache_path() / "pdf"))
        with self.timing.stage("pdfs"):
            self.pdfs = pdf.make_pdfs(self)  # before the pages: they link to each PDF with its size
        env = self.env
        datasets = opendata.DatasetCache(self.cache_path() / "opendata")
        gettexts = {lang: i18n.load_translations(self.theme / "translations", lang).gettext for lang in self.report.languages}
        opendata.attach_to_pages(self.specs, opendata.write_open_data(self.report, self.output_path,
                                                                      self.settings.get("SITEURL", ""), datasets, gettexts))
        report = self.report
        pages = self.page_cache()
        used = set()
        for lang in report.languages:
            untranslated = catalogs.build_warning(catalogs.interface_coverage(lang, self.theme))
            if untranslated:  # an English interface on a page in another language is never silent
                logger.warning("shadowreport: %s", untranslated)
            env.use_language(lang)
            for spec in (s for s in self.specs if s.lang == lang):
                key = pages.key(spec)
                used.add(key)
                html = pages.get(key)
                if html is None:
                    shown: set = set()  # the PDF links the page shows: their sizes are kept with it
                    html = env.get_template(spec.template).render(self.page_context(spec, shown))
                    pages.put(key, html, shown)
                    pages.rendered.append(spec.output_file(report))
                self.write(spec.output_file(report), html)
            discovery.write_feed(env, self.page_context(next(s for s in self.specs if s.lang == lang)), self.output_path)
        discovery.write_sitemap(report, self.specs, self.output_path, self.settings.get("SITEURL", ""))
        pages.prune(used, files=not preview.enabled(self.settings))  # the full build prunes the files
        self.timing.note("pages_rendered", pages.rendered)
        logger.info("shadowreport: wrote %d pages in %d languages (%d rendered, %d from the cache)", len(self.specs),
                    len(report.languages), len(pages.rendered), len(self.specs) - len(pages.rendered))

    def cache_path(self) -> Path:
        """.cache/ of the project: what the build keeps between runs."""
        return config.of(self.settings).cache

    def page_cache(self) -> PageCache:
        """Last build's pages, keyed by all that each is made of (pagecache.py)."""
        folder = self.cache_path() / "pages"
        sizes = {key: link.size for key, link in self.pdfs.links.items()}
        return PageCache(folder, site_digest(self.theme, self.settings, self.report), self.report, sizes,
                         preview.page_memory(self.settings))

    def write(self, name: str, text: str) -> None:
        path = self.output_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def page_context(self, spec: PageSpec, pdf_links_shown: set | None = None) -> dict:
        report = self.report
        lang = spec.lang
        url = functools.partial(page_url, report, views.lang_prefix(report, lang) + spec.path, lang)
        alternates = [
            {"lang": other, "name": i18n.language_name(other), "url": url(spec.path, other), "current": other == lang}
            for other in report.languages
        ]
        context = {
            "report": report,
            "lang": lang,
            "default_lang": report.default_lang,
            "spec": spec,
            "kind": spec.kind,
            "page_path": spec.path,
            "url": url,
            "alternates": alternates,
            "commitment_path": views.commitment_path,
            "area_path": views.area_path,
            "edition_path": views.edition_path,
            "logo_src": lambda member: url(member.image.site_path, plain=True),
            "safe_html": Markup,
            "references": lambda document, commitment=None: self.references.of(document, lang, commitment),
            "source_file_href": lambda name: url("data/" + name, plain=True),
            "pdf_link": lambda commitment_id=None: self.pdfs.link(lang, commitment_id, pdf_links_shown),
            "settings": self.settings,
            "social_card": lambda commitment: socialcards.card_path(lang, commitment.id),
            "absolute_url": lambda target, target_lang=None: discovery.absolute_url(
                self.settings.get("SITEURL", ""), report, target_lang or lang, target),
            # "how to cite" what is at a site path (theme/templates/partials/cite.html)
            "cite_facts": lambda target="": citation.facts(
                report, lang, discovery.absolute_url(self.settings.get("SITEURL", ""), report, lang, target)),
        }
        context.update(spec.context)
        shown = ("finding", "document", "summary_text", "intro")  # the authors' texts a page shows, with their charts
        context.update(self.charts.page_context([spec.context[k] for k in shown if spec.context.get(k)]))
        context["fill_charts"] = imagelinks.with_images(context["fill_charts"])  # a document's images, linked from this page
        context["reply_html"] = lambda reply: Markup(imagelinks.relink(reply.html, url))  # no charts in a reply (replies.py)
        return context


def page_url(report: Report, here: str, lang: str, target: str, target_lang: str | None = None,
             plain: bool = False) -> str:
    """The templates' url(): a link from the page at site path `here` in
    `lang`, relative, so the site works under any base URL and from a
    folder. `plain` targets are not per-language (theme assets, data files)."""
    full = target if plain else views.lang_prefix(report, target_lang or lang) + target
    link = posixpath.relpath(full or ".", here or ".")
    if link == ".":
        return "./"
    return link + "/" if full.endswith("/") or full == "" else link


def get_generators(pelican):
    return ReportGenerator
