"""THE Jinja environment of a build: the one that renders the site's pages
(generator.py), the PDFs' HTML (pdf/documents.py) and every chart
(theme/templates/partials/chart.html, charts/site.py), with one set of
helpers. The generator makes it once per build:

    env = templating.environment(theme, settings)
    env.use_language("ky")          # the interface catalog of the language rendered next
    env.get_template("commitment.html").render(context)

Every template sees these without a context passing them:

    _(), ngettext()             the interface strings (theme/translations/, use_language)
    tr(text)                    a text of the report (model.Text) in the page's `lang`
    date(value, form="long")    a date (model.PartialDate, or ISO text) in the page's `lang`
    number(value)               a number in the page's `lang`
    direction(lang)             "ltr" or "rtl"
    language_name(lang)         the language's name in itself
    scale_words(), scale_name(), acronym()   the scales' words (wordglobals.py)
    PAGE_MARK, PAGES_MARK, FIGURE_MARK       with the filters css_string and
                                css_page_counter: CSS text in the PDFs (cssstrings.py)

What differs from one medium to the other (url(), the PDF links, a chart's
citation) is in the context each caller renders with. Undefined is strict:
a name a template uses and no context gives is an error (a message naming
the template and line, build.template_problem), never an empty string.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError, pass_context, select_autoescape
from jinja2.runtime import Context
from jinja2.utils import missing

from . import cssstrings, i18n, preview, wordglobals
from .model import Text


class ReportEnvironment(Environment):
    """An Environment that knows the theme's catalogs and which language's
    is installed (gettext is a global of the environment: one language at
    a time, the one whose pages or PDFs are rendered)."""

    def __init__(self, theme: Path, **options):
        super().__init__(**options)
        self.translations = Path(theme) / "translations"
        self.language: str | None = None

    def use_language(self, lang: str) -> ReportEnvironment:
        """Install `lang`'s interface catalog, unless it is installed already
        (a chart rendered inside a page keeps the page's)."""
        if lang != self.language:
            self.install_gettext_translations(i18n.load_translations(self.translations, lang), newstyle=True)
            self.language = lang
        return self


def environment(theme: Path | str, settings: dict) -> ReportEnvironment:
    """The build's environment for the theme's templates, with every helper."""
    env = ReportEnvironment(
        theme,
        loader=FileSystemLoader(str(Path(theme) / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=preview.bytecode_cache(settings),
    )
    env.filters.update(css_string=cssstrings.css_string, css_page_counter=cssstrings.css_page_counter)
    env.globals.update(tr=tr, date=date, number=number, direction=i18n.text_direction,
                       language_name=i18n.language_name, **cssstrings.MARKS)
    return wordglobals.install(env)


def page_language(context: Context) -> str:
    """The `lang` of what is being rendered: every context has it."""
    lang = context.resolve_or_missing("lang")
    if lang is missing:
        raise UndefinedError("'lang' is undefined: tr(), date() and number() write in the language of the page")
    return lang


@pass_context
def tr(context: Context, text: Text | str) -> str:
    return text.get(page_language(context)) if isinstance(text, Text) else text


@pass_context
def date(context: Context, value, form: str = "long") -> str:
    """A date of the report, or an ISO date (a recipe's retrieved, a reply's Date)."""
    return i18n.format_partial_date(value, page_language(context), form)


@pass_context
def number(context: Context, value) -> str:
    return i18n.format_number(value, page_language(context))
