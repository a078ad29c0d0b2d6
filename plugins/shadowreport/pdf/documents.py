"""Which PDFs a report has, and the HTML each is printed from.

The HTML comes from the theme's templates under pdf/, rendered by the
build's one environment (templating.py: the helpers the site's pages have),
and the same model the site uses (Document.html already rendered and sanitised). Nothing here reads
content/ or data/ again, but for the checked images it embeds (imagelinks.py). A job carries only strings, so that it can be sent
to a worker process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import citation, editions, intros, views
from ..imagelinks import data_url, embed
from ..model import Document, Report
from ..templating import ReportEnvironment
from ..references import References
from .links import EDITION_LINK, edition_pdf_path, pdf_path
from .parts import COMMITMENTS_PER_PART

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfJob:
    path: str  # site path of the PDF, e.g. "es/pdf/commitment-J1.pdf"
    lang: str
    commitment_id: str | None  # None for the whole report, "edition:<id>" for an edition's ratings (links.EDITION_LINK)
    html: str

    @property
    def identifier(self) -> bytes:
        """The PDF's /ID: the same file name gives the same id in every build."""
        return self.path.encode("utf-8")


def print_html(document: Document, lang: str, charts=None, url=None, cite=None) -> str:
    """A finding's or a page's HTML as it is printed: each chart slot
    (`<div class="chart-slot" id="chart-KEY">`) filled by the charts module
    with its static SVG (vector text), source and table of numbers; each
    image embedded (imagelinks.embed: a PDF loads nothing)."""
    html = embed(document.html, document)
    if charts is None:
        return html
    return str(charts.fill_slots(html, lang, "print", url=url, cite=cite))


# Ids a finding brings (footnotes `fn:1`, `fnref:1`, headings, chart slots,
# an inline SVG's clip paths) repeat from one finding to the next; in the
# whole report they must not.
_ID = re.compile(r'(\sid=")([^"]*)(")')
_FRAGMENT = re.compile(r'([\s:]href="#)([^"]*)(")')  # href and xlink:href
_URL_REFERENCE = re.compile(r"(url\((?:'|&quot;|&#34;|&#x27;|&#39;)?#)([^)'&]*)")  # clip-path="url(#c1)"


def unique_ids(html: str, prefix: str) -> str:
    """Prefix every id in `html` and every reference to one of them."""
    html = _ID.sub(lambda m: f"{m[1]}{prefix}{m[2]}{m[3]}", html)
    html = _FRAGMENT.sub(lambda m: f"{m[1]}{prefix}{m[2]}{m[3]}", html)
    return _URL_REFERENCE.sub(lambda m: f"{m[1]}{prefix}{m[2]}", html)


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def demote(html: str, by: int = 1) -> str:
    """Headings `by` levels down (h6 stays h6): a finding sits one level
    deeper in the whole report than on its own page."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}", html)


class PdfTemplates:
    """Renders the pdf/ templates with the site's helpers, without page URLs:
    a PDF links to the web only through SITEURL, when there is one."""

    def __init__(self, report: Report, env: ReportEnvironment, theme: Path, settings: dict, charts=None):
        self.report = report
        self.charts = charts  # charts.site.ReportCharts, or None where a report draws none
        self.env = env
        self.theme = Path(theme)
        self.site_url = str(settings.get("SITEURL") or "").rstrip("/")
        self.references = References(report)

    def context(self, lang: str, **extra) -> dict:
        report = self.report

        def web(path: str = "", plain: bool = False) -> str:
            """The public address of a site path; "" when the site has none."""
            if not self.site_url:
                return ""
            prefix = "" if plain else views.lang_prefix(report, lang)
            return f"{self.site_url}/{prefix}{path}"

        context = {
            "report": report,
            "lang": lang,
            "default_lang": report.default_lang,
            "web": web,
            "disclaimer": report.disclaimer.get(lang),
            # The site's macros link with url(); in print they have nothing to link to.
            "url": lambda target, target_lang=None, plain=False: web(target, plain) or "#",
            "report_chart": lambda name, commitment=None, show_table=True, show_title=True:
                self.chart(name, lang, commitment, show_table, show_title),
            # "how to cite" the report or what is at a site path (citation.py)
            "cite_facts": lambda path="", whole=False: self.cite_facts(lang, path, whole),
            "logo": data_url(report.logo) if report.logo else "",
            "logo_src": lambda member: data_url(member.image),  # a PDF loads nothing
            # What only the PDFs draw or say (the status shapes as SVG in
            # macros.html, a logo's description in partials/editions.html).
            "in_print": True,
            "changes": editions.changes(report),
        }
        context.update(extra)
        return context

    def cite_facts(self, lang: str, path: str = "", whole: bool = False) -> dict:
        """citation.facts for a site path; `whole`: the whole report, whose
        address is its PDF's."""
        if not self.site_url:
            return citation.facts(self.report, lang)
        address = f"{self.site_url}/{pdf_path(self.report, lang)}" if whole else \
            f"{self.site_url}/{views.lang_prefix(self.report, lang)}{path}"
        return citation.facts(self.report, lang, address)

    def chart_url(self, target: str, plain: bool = False) -> str:
        """A chart's CSV link in print: its public address; none when the
        site has no address yet (a path means nothing inside a PDF)."""
        return f"{self.site_url}/{target}" if self.site_url else ""

    def chart(self, name: str, lang: str, commitment=None, show_table=True, show_title=True) -> Markup:
        """One of the report's own charts (completion by area, self-assessment,
        a commitment's timeline) as printed."""
        chart = self.charts.report_chart(name, lang, commitment) if self.charts else None
        if chart is None:
            return Markup("")
        path = views.commitment_path(commitment) if commitment else ""
        return Markup(self.charts.render(chart, "print", lang, url=self.chart_url, show_table=show_table,
                                         show_title=show_title, cite=self.cite_facts(lang, path)))

    def commitment_view(self, commitment, lang: str, in_report: bool) -> dict:
        """One commitment's printed parts: its finding (or the default
        language's, said so), sources, and its HTML made fit for where it goes."""
        report = self.report
        finding = commitment.finding(lang, report.default_lang)
        cite = self.cite_facts(lang, views.commitment_path(commitment))
        body = print_html(finding, lang, self.charts, self.chart_url, cite)
        if in_report:  # under its area's heading: the commitment is an h3, its finding's headings h4 on
            body = unique_ids(demote(body, 2), f"c{commitment.id}-")
        sources = [m for m in commitment.milestones if m.evidence]  # addresses and files; sources of the register are references
        reply = commitment.reply(lang, report.default_lang)
        reply_html = embed(reply.html, reply) if reply else ""
        if reply and in_report:
            reply_html = unique_ids(demote(reply_html), f"r{commitment.id}-")
        return {
            "history": editions.steps(commitment) if len(commitment.history) > 1 else [],
            "finding_edition": editions.finding_edition(report, commitment),
            "reply": reply,
            "reply_html": Markup(reply_html),
            "references": self.references.of(finding, lang, commitment),
            "ref_prefix": f"c{commitment.id}-" if in_report else "",  # unique_ids gave the finding's links this prefix
            "file_href": lambda name: self.chart_url("data/" + name),
            "commitment": commitment,
            "finding": finding,
            "fallback": finding.lang != lang,
            "finding_html": Markup(body),
            "sources": sources,
            "cite": cite,
            "anchor": f"commitment-{commitment.id}",
            # The whole report prints each commitment's milestones table
            # without the timeline that repeats it: the timelines are half
            # of its HTML and a fifth of its render time, which a one-finding
            # rebuild waits for (docs/quality.md).
            "timeline": not in_report,
        }

    def commitment_pdf(self, commitment, lang: str) -> PdfJob:
        template = self.env.get_template("pdf/commitment.html")
        html = template.render(self.context(lang, item=self.commitment_view(commitment, lang, in_report=False)))
        return PdfJob(pdf_path(self.report, lang, commitment.id), lang, commitment.id, html)

    def summary(self, lang: str) -> dict | None:
        """The executive summary as printed (intros.py), its headings one
        level under the section's own, or None when the report has none."""
        document = intros.version(self.report.summary, lang, self.report.default_lang)
        if document is None:
            return None
        body = print_html(document, lang, self.charts, self.chart_url)
        return {"document": document, "fallback": document.lang != lang, "html": Markup(unique_ids(demote(body), "summary-"))}
    def _area(self, summary, lang: str) -> dict:
        """An area of the whole report: its commitments, also in runs of
        COMMITMENTS_PER_PART, each of which may be a part of its own (parts.py)."""
        items = [self.commitment_view(c, lang, in_report=True) for c in summary.commitments]
        runs = [items[i:i + COMMITMENTS_PER_PART] for i in range(0, len(items), COMMITMENTS_PER_PART)]
        return {"summary": summary, "items": items, "runs": runs}

    def report_pdf(self, lang: str) -> PdfJob:
        report = self.report
        pages = []
        for page in report.pages:
            document = page.version(lang)
            pages.append({
                "page": page,
                "document": document,
                "fallback": document.lang != lang,
                "anchor": f"page-{page.slug}",
                "html": Markup(unique_ids(demote(print_html(document, lang, self.charts, self.chart_url,
                                                            self.cite_facts(lang, f"{page.slug}/"))), f"p{page.slug}-")),
                "references": self.references.of(document, lang),  # their ids prefixed as unique_ids prefixed the links
            })
        template = self.env.get_template("pdf/report.html")
        html = template.render(self.context(
            lang,
            areas=[self._area(summary, lang) for summary in views.area_summaries(report)],
            counts=views.completion_counts(report.commitments),
            comparison=views.comparison(report),
            free_pages=pages,
            glance=views.at_a_glance(report),
            summary_text=self.summary(lang),
            bibliography=self.references.bibliography(lang),
            file_href=lambda name: self.chart_url("data/" + name),
        ))
        return PdfJob(pdf_path(report, lang), lang, None, html)

    def edition_pdf(self, edition, lang: str) -> PdfJob:
        """An edition's ratings on their own, at an address that never changes
        (pdf/edition-<id>.pdf); linked as the PDF of "edition:<id>"."""
        rows = editions.edition_rows(self.report, edition)
        html = self.env.get_template("pdf/edition.html").render(self.context(
            lang, edition=edition, rows=rows, counts=editions.edition_counts(rows)))
        return PdfJob(edition_pdf_path(self.report, lang, edition), lang, EDITION_LINK + edition.id, html)


def pdf_jobs(report: Report, env: ReportEnvironment, theme: Path, settings: dict, charts=None) -> list[PdfJob]:
    """Every PDF of the report, each language's whole report first (the
    longest jobs start first, so the workers finish together)."""
    templates = PdfTemplates(report, env, theme, settings, charts)
    jobs: list[PdfJob] = []
    for lang in report.languages:
        env.use_language(lang)
        jobs.append(templates.report_pdf(lang))
        jobs.extend(templates.commitment_pdf(c, lang) for c in report.commitments)
        jobs.extend(templates.edition_pdf(e, lang) for e in report.editions)
    return sorted(jobs, key=lambda job: job.commitment_id is not None)
