"""The charts of one build: which chart goes on which page in which
language, drawing them (export.py), writing their files into the output,
and filling the chart slots of rendered Markdown.

Public interface (other features call these):

    charts = ReportCharts(report, settings, env)  # after the report is loaded and its Markdown rendered;
                                               #   env: the build's (templating.py)
    charts.write(output_path)                  # draws what the cache lacks; writes charts/*.svg, data/**.csv
    charts.fill_slots(html, lang, medium)      # a document's HTML with its charts; medium "site" or "print"
                                               #   (print: SVG inline, table shown; pass url= for absolute links)
    charts.report_chart(name, lang, commitment=None)  # a Chart: "completion-by-area", "self-assessment", "timeline"
    charts.render(chart, medium, lang)         # one chart's HTML (theme/templates/partials/chart.html)
    charts.charts_in(html, lang)               # the Charts a rendered document shows in `lang`
    charts.page_context(documents)             # what the site's templates need (generator.page_context)

The generator puts the instance in Pelican's context as
context["shadowreport_charts"].
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup

from .. import citation, config, i18n, preview, templating
from ..model import Commitment, Document, Report
from . import builtin
from .chart import Chart
from .export import Exporter
from .figures import author_chart
from .narrow import narrow

logger = logging.getLogger(__name__)

SLOT = re.compile(r'<div (?:class="chart-slot" id="chart-([0-9a-f]+)"|id="chart-([0-9a-f]+)" class="chart-slot")></div>')
PARTIAL = "partials/chart.html"


def cache_dir(settings) -> Path:
    """.cache/charts/ of the project (never under content/, data/ or output/)."""
    return config.of(settings).cache / "charts"


class ReportCharts:
    def __init__(self, report: Report, settings: dict, env: templating.ReportEnvironment | None = None):
        self.report = report
        self.theme = Path(settings["THEME"])
        self.settings = settings
        # the build's one environment (a test or a benchmark without a generator makes its own)
        self.env = env or templating.environment(self.theme, settings)
        self.exporter = Exporter(cache_dir(settings))
        self._translations = {lang: i18n.load_translations(self.theme / "translations", lang) for lang in report.languages}
        self.author: dict[tuple[str, str], Chart] = {}  # (slot, lang) -> chart
        self.builtin: dict[tuple[str, str, str], Chart] = {}  # (name, commitment id or "", lang) -> chart
        # In the live preview, a chart whose inputs did not change is the
        # previous build's: at 200 commitments, making 1,200 figures again
        # was half of a preview after one edited finding.
        self._memo = preview.build_memo(settings, "charts")
        self._collect()
        self.all()  # each chart's phone drawing, before any page names it

    def _made(self, key: tuple, make) -> Chart:
        return make() if self._memo is None else self._memo.get(key, make)

    # which charts --------------------------------------------------------

    def _collect(self) -> None:
        report = self.report
        for lang in report.languages:
            _ = self._translations[lang].gettext
            for commitment in report.commitments:
                self._add_document(commitment.finding(lang, report.default_lang), lang)
                if commitment.milestones:
                    self.builtin[("timeline", commitment.id, lang)] = self._made(
                        ("timeline", lang, self._translations[lang], report.period_end, report.published,
                         commitment.id, commitment.start, repr(commitment.milestones)),
                        lambda c=commitment, lang=lang, _=_: builtin.timeline(report, c, lang, _))
            for page in report.pages:
                self._add_document(page.version(lang), lang)
            for texts in (report.summary, *report.area_intros.values()):  # the summary and the areas' introductions
                if texts:
                    self._add_document(texts.get(lang) or texts[report.default_lang], lang)
            self.builtin[("completion-by-area", "", lang)] = builtin.completion_by_area(report, lang, _)
            if builtin.compared(report):
                self.builtin[("self-assessment", "", lang)] = builtin.comparison(report, lang, _)

    def _add_document(self, document: Document, lang: str) -> None:
        for spec in document.charts:
            csv_path = "data/" + spec.table  # the CSV published: a workbook's sheet converted
            if (spec.slot, lang) not in self.author:
                # spec.digest: the block's values, its dataset's bytes and the report's number format
                self.author[(spec.slot, lang)] = self._made(
                    ("author", spec.digest, spec.document, spec.line, spec.slot, lang, document.lang, csv_path),
                    lambda spec=spec, csv_path=csv_path: author_chart(spec, lang, document.lang, csv_path))

    def all(self) -> list[Chart]:
        """Every chart, and the phone's drawing of each (narrow.py), made once."""
        charts = [*self.author.values(), *self.builtin.values()]
        for chart in charts:
            if chart.narrow is None:
                chart.narrow = narrow(chart)
        return [*charts, *(chart.narrow for chart in charts)]

    # files ---------------------------------------------------------------

    def write(self, output_path: Path) -> None:
        output_path = Path(output_path)
        charts = self.all()
        wide = [*self.author.values(), *self.builtin.values()]
        self.exporter.export(charts, with_png=wide)  # a PNG of the wide drawing only, for download
        folder = output_path / "charts"
        folder.mkdir(parents=True, exist_ok=True)
        for chart in charts:
            (folder / f"{chart.key}.svg").write_text(chart.svg, encoding="utf-8")  # the cache's file has a header
        for chart in wide:
            (folder / f"{chart.key}.png").write_bytes(chart.png)  # "Download the image (PNG)"
        # The datasets the charts draw from are published by opendata.py,
        # with every other CSV under data/.
        report = self.report
        tables = {"charts/data/completion-by-area.csv": builtin.completion_by_area_csv(report)}
        if builtin.compared(report):
            tables["charts/data/self-assessment.csv"] = builtin.comparison_csv(report)
        for commitment in report.commitments:
            if commitment.milestones:
                tables[f"charts/data/milestones-{commitment.id}.csv"] = builtin.timeline_csv(report, commitment)
        for site_path, rows in tables.items():
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            target = output_path / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(buffer.getvalue(), encoding="utf-8")

    # HTML ----------------------------------------------------------------

    def charts_in(self, html: str, lang: str) -> list[Chart]:
        return [self.author[(a or b, lang)] for a, b in SLOT.findall(html) if (a or b, lang) in self.author]

    def fill_slots(self, html: str, lang: str, medium: str = "site", url=None, cite: dict | None = None) -> Markup:
        """A document's rendered HTML with each chart slot replaced by its
        chart: "site" (interactive figure over a static SVG image, table,
        CSV link) or "print" (the SVG inline, table, source; for PDFs).
        `url` makes links relative to the page (site); without it they
        are site-root paths. `cite`: citation.facts of the page, for each
        chart's "how to cite" line."""

        def replace(match) -> str:
            chart = self.author.get((match[1] or match[2], lang))
            if chart is None:  # cannot happen for a checked document; keep the page whole
                logger.error("charts: no chart for slot %s in %s", match[1] or match[2], lang)
                return ""
            return self.render(chart, medium, lang, url=url, cite=cite)

        return Markup(SLOT.sub(replace, html))

    def report_chart(self, name: str, lang: str, commitment: Commitment | None = None) -> Chart | None:
        return self.builtin.get((name, commitment.id if commitment else "", lang))

    def render(self, chart: Chart, medium: str, lang: str, url=None, show_table: bool = True, show_title: bool = True,
               cite: dict | None = None) -> str:
        """One chart's HTML, by the build's environment in `lang` (the one
        place the partial gets its context; its helpers, date() and
        direction(), are the environment's). `show_table=False` where the
        page shows its numbers already; `show_title=False` under a heading
        that says the same (the title stays, for screen readers, as the
        figure's name)."""
        return self.env.use_language(lang).get_template(PARTIAL).render(
            chart=chart, medium=medium, lang=lang, show_table=show_table, show_title=show_title, cite=cite,
            url=url or (lambda target, plain=False: target),
        )

    def page_context(self, documents: list[Document]) -> dict:
        """For the site's templates: `fill_charts(html)`, `report_chart(name,
        commitment=None, show_table=True, show_title=True)` and whether the page needs the
        chart scripts (only where an interactive chart is)."""
        charts = self

        def cite(context) -> dict:
            """The page's citation facts: its public address, when there is one."""
            absolute = context.get("absolute_url")
            address = absolute(context.get("page_path", "")) if absolute else ""
            return citation.facts(charts.report, context["lang"], address)

        @pass_context
        def fill_charts(context, html: str) -> Markup:
            return charts.fill_slots(html, context["lang"], "site", context["url"], cite(context))

        @pass_context
        def report_chart(context, name: str, commitment=None, show_table: bool = True, show_title: bool = True) -> Markup:
            chart = charts.report_chart(name, context["lang"], commitment)
            if chart is None:
                return Markup("")
            return Markup(charts.render(chart, "site", context["lang"], context["url"], show_table, show_title,
                                        cite(context)))

        scripts = any(spec.slot for document in documents for spec in document.charts)
        return {"fill_charts": fill_charts, "report_chart": report_chart, "chart_scripts": scripts}

