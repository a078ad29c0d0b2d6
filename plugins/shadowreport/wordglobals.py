"""The scales' words (scales.WORDS) and the acronyms as Jinja globals of
the one environment that renders the theme's templates (templating.py):
the pages, the PDFs and the charts' partial. theme/templates/macros.html
reads them with `scale_words("completion")` and `acronym("IRM")`."""

from __future__ import annotations

from jinja2 import Environment, pass_context
from markupsafe import Markup, escape

from .scales import ACRONYMS, SCALE_NAMES, WORDS


def _translate(context, msgid: str) -> str:
    """The msgid in the language whose catalog the environment has installed."""
    gettext = context.environment.globals.get("gettext")
    return str(context.call(gettext, msgid)) if gettext else msgid


@pass_context
def scale_words(context, scale: str) -> dict[str, str]:
    return {value: _translate(context, msgid) for value, msgid in WORDS[scale].items()}


@pass_context
def scale_name(context, scale: str) -> str:
    return _translate(context, SCALE_NAMES[scale])


@pass_context
def acronym(context, letters: str) -> Markup:
    """`<abbr title="Independent Reporting Mechanism">IRM</abbr>`, its
    expansion in the page's language; the letters are the same in every
    language (the demo's findings write IRM and OGP in ru and ky too)."""
    return Markup('<abbr title="{}">{}</abbr>').format(_translate(context, ACRONYMS[letters]), escape(letters))


def install(env: Environment) -> Environment:
    env.globals.update(scale_words=scale_words, scale_name=scale_name, acronym=acronym)
    return env
