"""One template environment renders the site's pages, the PDFs' HTML and
every chart (shadowreport/templating.py), and in all three a name no
context gives is an error, never an empty string."""

from __future__ import annotations

import pytest
from conftest import ROOT, ROOTS
from jinja2 import ChoiceLoader, DictLoader, UndefinedError
from pelican.settings import read_settings

from shadowreport import templating
from shadowreport.generator import ReportGenerator
from shadowreport.pdf.documents import pdf_jobs

CHART = "partials/chart.html"


def loaded_generator(tmp_path) -> ReportGenerator:
    """The english-default report read as the build reads it (its commitments
    have milestones: each page and each PDF shows a timeline chart)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOTS / "english-default" / "content"), "SHADOWREPORT_CACHE_PATH": str(tmp_path / "cache")})
    generator = ReportGenerator({}, settings, settings["PATH"], settings["THEME"], str(tmp_path / "output"))
    generator.generate_context()
    return generator


def commitment_page(generator: ReportGenerator) -> str:
    spec = next(s for s in generator.specs if s.kind == "commitment" and s.lang == "en")
    env = generator.environment().use_language("en")
    return env.get_template(spec.template).render(generator.page_context(spec, set()))


def commitment_pdf(generator: ReportGenerator) -> str:
    jobs = pdf_jobs(generator.report, generator.environment(), generator.theme, generator.settings, generator.charts)
    return next(job.html for job in jobs if job.commitment_id == "B1" and job.lang == "en")


def watched(env) -> list[str]:
    """The names of the templates `env` loads from now on, includes and imports too."""
    names: list[str] = []
    load = env.get_template

    def get_template(name, *args, **kwargs):
        names.append(name if isinstance(name, str) else name.name)
        return load(name, *args, **kwargs)

    env.get_template = get_template
    return names


def test_the_pages_the_pdfs_and_the_charts_are_rendered_by_one_environment(tmp_path):
    generator = loaded_generator(tmp_path)
    env = generator.environment()
    assert isinstance(env, templating.ReportEnvironment)
    assert generator.charts.env is env and generator.environment() is env, "made once per build"
    names = watched(env)
    page = commitment_page(generator)
    assert "commitment.html" in names and CHART in names and 'class="chart chart--timeline' in page
    names.clear()
    printed = commitment_pdf(generator)
    assert "pdf/commitment.html" in names and CHART in names and "chart--print" in printed
    names.clear()
    timeline = generator.charts.report_chart("timeline", "en", generator.report.commitment("B1"))
    assert "<figure" in generator.charts.render(timeline, "print", "en") and names == [CHART]


def test_every_helper_is_the_environments_whatever_renders(tmp_path):
    env = templating.environment(ROOT / "theme", {})
    for name in ("tr", "date", "number", "direction", "language_name", "scale_words", "acronym", "PAGE_MARK"):
        assert name in env.globals, name
    assert {"css_string", "css_page_counter"} <= set(env.filters)
    rendered = env.from_string('{{ date("2020-09") }} · {{ number(1234.5) }} · {{ "a</style>"|css_string }}').render(lang="ru")
    day, amount, css = rendered.split(" · ")
    assert day.startswith("сентябрь 2020") and amount.endswith("234,5"), "in the context's language"
    assert css == '"a\\3c \\2f style\\3e "'
    with pytest.raises(UndefinedError, match="lang"):  # tr, date and number say which language they write in
        env.from_string("{{ number(1) }}").render()


@pytest.mark.parametrize("template, anchor, render", [
    ("commitment.html", "{% block content %}", commitment_page),
    ("pdf/commitment.html", "{% block body %}", commitment_pdf),
    (CHART, "<figure", commitment_page),  # the chart inside a page
    (CHART, "<figure", commitment_pdf),  # the chart inside a PDF
])
def test_an_undefined_name_is_an_error_wherever_a_template_is_rendered(tmp_path, template, anchor, render):
    generator = loaded_generator(tmp_path)
    env = generator.environment()
    original = env.loader.get_source(env, template)[0]
    assert original.count(anchor) == 1
    env.loader = ChoiceLoader([DictLoader({template: original.replace(anchor, anchor + "{{ no_such_name }}")}), env.loader])
    with pytest.raises(UndefinedError, match="no_such_name"):
        render(generator)
