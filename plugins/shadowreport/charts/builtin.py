"""The charts a shadow report needs by itself, from the register and the
milestones: completion by area, the government's self-assessment against
the monitors' finding, and a milestone timeline per commitment.

They are static (SVG, no JavaScript) so that the overview and commitment
pages stay light; their numbers are published as CSV under charts/data/.
Interface words come from the theme's gettext catalogs (same msgids as the
templates), passed in as `_`.
"""

from __future__ import annotations

import datetime
from typing import Callable

from ..i18n import format_partial_date, locale_for
from ..model import Commitment, Report
from ..scales import COMPLETION, WORDS
from . import theme
from .chart import Chart, Table

STATUS_MSGIDS = WORDS["completion"]  # the badges' words (scales.py), translated by the same catalogs
STATUS_SYMBOL = {
    "complete": "circle", "substantial": "circle-dot", "limited": "triangle-up",
    "not-started": "circle-open", "no-evidence": "square-open", "withdrawn": "x",
}


def wrapped(text: str, width: int = 42) -> str:
    """A label on lines of at most `width` characters, broken between words
    with plotly's <br>: the whole label is read, on the site and on paper
    (where "…" could never be undone). A word longer than a line stays whole."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def line_count(labels: list[str]) -> list[int]:
    return [label.count("<br>") + 1 for label in labels]


def _base_layout(lang: str, height: int) -> dict:
    return {"template": theme.template(), "separators": theme.separators(lang), "height": height}


def completion_by_area(report: Report, lang: str, _: Callable[[str], str]) -> Chart:
    areas = report.areas
    labels = [area.title.get(lang) for area in areas]
    traces = []
    rows = [[label] + [0] * len(COMPLETION) + [0] for label in labels]
    for column, status in enumerate(COMPLETION, start=1):
        counts = [sum(1 for c in report.commitments_in(area) if c.completion == status) for area in areas]
        for row, count in zip(rows, counts):
            row[column] = count
        if not any(counts):
            continue
        fill, pattern, ink = theme.STATUS_STYLE[status]
        traces.append({
            "type": "bar", "orientation": "h", "name": _(STATUS_MSGIDS[status]),
            "y": [wrapped(label, 32) for label in labels], "x": counts,
            "marker": {"color": fill, "line": {"color": theme.STATUS_LINE[status], "width": 1},
                       "pattern": {"shape": pattern, "fgcolor": theme.STATUS_LINE[status], "size": 6, "solidity": 0.3}},
            "text": [str(n) if n else "" for n in counts], "textposition": "inside", "insidetextanchor": "middle",
            "textfont": {"color": ink}, "hovertemplate": "%{y}: %{x}<extra>%{fullData.name}</extra>",
        })
    for row in rows:
        row[-1] = sum(row[1:-1])
    height = 140 + sum(max(46, 20 * lines + 12) for lines in line_count([wrapped(label, 32) for label in labels]))
    layout = _base_layout(lang, height) | {
        "barmode": "stack", "showlegend": True,
        "legend": {"traceorder": "normal"},
        "xaxis": {"title": {"text": _("Commitments")}, "dtick": 1 if len(report.commitments) <= 12 else None, "showgrid": True},
        "yaxis": {"autorange": "reversed", "showgrid": False},
        "meta": {"rows": labels},  # whole, for the phone's drawing (narrow.py)
    }
    table = Table([_("Area")] + [_(STATUS_MSGIDS[s]) for s in COMPLETION] + [_("Total")],
                  [[str(cell) for cell in row] for row in rows], [False] + [True] * (len(COMPLETION) + 1))
    return Chart("completion-by-area", lang, "stacked-bar", _("Completion by area"),
                 {"data": traces, "layout": layout}, theme.WIDTH, height, table,
                 "charts/data/completion-by-area.csv", interactive=False)


def completion_by_area_csv(report: Report) -> list[list[str]]:
    header = ["area", "title", *(f"title_{lang}" for lang in report.languages[1:]), *COMPLETION, "total"]
    rows = [header]
    for area in report.areas:
        counts = [sum(1 for c in report.commitments_in(area) if c.completion == s) for s in COMPLETION]
        rows.append([area.id, area.title.default, *(area.title.translations.get(lang, "") for lang in report.languages[1:]),
                     *map(str, counts), str(sum(counts))])
    return rows


# government vs monitors ------------------------------------------------------

SCALE = ("no-evidence", "not-started", "limited", "substantial", "complete")  # the x axis, least to most done


def compared(report: Report) -> list[Commitment]:
    """Commitments where the government reported and both sit on the scale."""
    return [c for c in report.commitments if c.government_completion in SCALE and c.completion in SCALE]


def gap(commitment: Commitment) -> int:
    """How many steps the government's claim is above (+) or below (-) ours."""
    return SCALE.index(commitment.government_completion) - SCALE.index(commitment.completion)


def comparison(report: Report, lang: str, _: Callable[[str], str]) -> Chart:
    """A dumbbell per commitment: our finding (filled dot) and the
    government's claim (open diamond); where it claims more, a thick red
    bar joins them, so disagreement is the first thing one sees."""
    commitments = compared(report)
    labels = [wrapped(f"{c.id}. {c.title_in(lang)}") for c in commitments]
    more_x, more_y, less_x, less_y = [], [], [], []
    for commitment, label in zip(commitments, labels):
        ours, theirs = SCALE.index(commitment.completion), SCALE.index(commitment.government_completion)
        if theirs > ours:
            more_x += [ours, theirs, None]
            more_y += [label, label, None]
        elif theirs < ours:
            less_x += [ours, theirs, None]
            less_y += [label, label, None]
    traces = []
    if more_x:
        traces.append({"type": "scatter", "mode": "lines", "name": _("Government claims more"), "x": more_x, "y": more_y,
                       "line": {"color": theme.DISAGREE, "width": 7, "dash": "solid"}, "hoverinfo": "skip"})
    if less_x:
        traces.append({"type": "scatter", "mode": "lines", "name": _("Government claims less"), "x": less_x, "y": less_y,
                       "line": {"color": theme.MUTED, "width": 2, "dash": "dot"}, "hoverinfo": "skip"})
    status_names = [_(STATUS_MSGIDS[s]) for s in SCALE]
    traces.append({"type": "scatter", "mode": "markers", "name": _("Government's self-assessment"),
                   "x": [SCALE.index(c.government_completion) for c in commitments], "y": labels,
                   "marker": {"symbol": "diamond", "size": 15, "color": "#ffffff",
                              "line": {"width": 2.5, "color": [theme.DISAGREE if gap(c) > 0 else theme.INK for c in commitments]}},
                   "customdata": [status_names[SCALE.index(c.government_completion)] for c in commitments],
                   "hovertemplate": "%{y}<br>%{fullData.name}: %{customdata}<extra></extra>"})
    traces.append({"type": "scatter", "mode": "markers", "name": _("Our finding"),
                   "x": [SCALE.index(c.completion) for c in commitments], "y": labels,
                   "marker": {"symbol": "circle", "size": 10, "color": theme.INK},
                   "customdata": [status_names[SCALE.index(c.completion)] for c in commitments],
                   "hovertemplate": "%{y}<br>%{fullData.name}: %{customdata}<extra></extra>"})
    height = 150 + max(30, sum(max(30, 18 * lines + 8) for lines in line_count(labels)))
    layout = _base_layout(lang, height) | {
        "showlegend": True,
        "xaxis": {"tickmode": "array", "tickvals": list(range(len(SCALE))), "ticktext": status_names,
                  "range": [-0.4, len(SCALE) - 0.6], "showgrid": True, "side": "top"},
        "yaxis": {"autorange": "reversed", "showgrid": False, "type": "category",
                  "categoryorder": "array", "categoryarray": labels},  # the register's order, not the traces'

        "legend": {"yref": "container", "y": 0, "yanchor": "bottom"},
        "margin": {"t": 30, "b": 60, "l": 10, "r": 20},
        "meta": {"rows": [f"{c.id}. {c.title_in(lang)}" for c in commitments]},  # whole, for narrow.py
    }
    table = Table(
        [_("Commitment"), _("Government's self-assessment"), _("Our finding")],
        [[f"{c.id}. {c.title_in(lang)}", status_names[SCALE.index(c.government_completion)],
          status_names[SCALE.index(c.completion)]] for c in commitments],
        [False, False, False],
    )
    return Chart("self-assessment", lang, "comparison", _("The government's self-assessment and our finding"),
                 {"data": traces, "layout": layout}, theme.WIDTH, height, table,
                 "charts/data/self-assessment.csv", interactive=False)


def comparison_csv(report: Report) -> list[list[str]]:
    rows = [["commitment", "title", *(f"title_{lang}" for lang in report.languages[1:]),
             "government_completion", "completion", "steps_claimed_above_finding"]]
    for c in compared(report):
        rows.append([c.id, c.title.default, *(c.title.translations.get(lang, "") for lang in report.languages[1:]),
                     c.government_completion, c.completion, str(gap(c))])
    return rows


# milestone timeline ----------------------------------------------------------


def _date_ticks(start: datetime.date, end: datetime.date, lang: str) -> tuple[list[str], list[str]]:
    """Tick positions and labels in the page's language (plotly would write
    English month names; Babel knows Russian and Kyrgyz ones)."""
    from babel.dates import format_skeleton

    months = (end.year - start.year) * 12 + end.month - start.month
    step = 3 if months <= 18 else 6 if months <= 48 else 12
    values, labels = [], []
    year, month = start.year, 1 + ((start.month - 1) // step) * step
    while (year, month) <= (end.year, end.month):
        day = datetime.date(year, month, 1)
        if day >= start:
            values.append(day.isoformat())
            labels.append(format_skeleton("yMMM", day, locale=locale_for(lang)))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return values, labels


def timeline(report: Report, commitment: Commitment, lang: str, _: Callable[[str], str]) -> Chart:
    milestones = commitment.milestones
    labels = [wrapped(f"{m.number}. {m.text.get(lang)}", 30) for m in milestones]
    plan_end = report.period_end.last_day()
    published = report.published.first_day() if report.published else None
    dues = [m.due.last_day() for m in milestones]
    start = min([commitment.start.first_day(), *dues])
    end = max([plan_end, *dues, *([published] if published else [])])
    traces = []
    for status in COMPLETION:
        chosen = [i for i, m in enumerate(milestones) if m.status == status]
        if not chosen:
            continue
        traces.append({
            "type": "scatter", "mode": "markers", "name": _(STATUS_MSGIDS[status]),
            "x": [dues[i].isoformat() for i in chosen], "y": [labels[i] for i in chosen],
            "marker": {"symbol": STATUS_SYMBOL[status], "size": 14, "color": theme.STATUS_LINE[status],
                       "line": {"width": 2, "color": theme.STATUS_LINE[status]}},
            "customdata": [format_partial_date(milestones[i].due, lang) for i in chosen],
            "hovertemplate": "%{y}<br>%{customdata}<extra>%{fullData.name}</extra>",
        })
    shapes, annotations = [], []
    # both dates are labelled to the left of their lines, on two rows: they
    # are often weeks apart and their labels must not collide or leave the chart
    for row, (day, text, dash) in enumerate(((plan_end, _("End of the plan"), "dash"),
                                             (published, _("Report published"), "dot"))):
        if day is None:
            continue
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": day.isoformat(), "x1": day.isoformat(),
                       "y0": 0, "y1": 1, "line": {"color": theme.MUTED, "width": 1.5, "dash": dash}})
        annotations.append({"xref": "x", "yref": "paper", "x": day.isoformat(), "y": 1, "yanchor": "bottom",
                            "yshift": 18 * row, "xanchor": "right", "showarrow": False, "text": text,
                            "font": {"size": 12, "color": theme.MUTED}})
    tick_values, tick_labels = _date_ticks(start, end, lang)
    height = 210 + sum(max(34, 18 * lines + 8) for lines in line_count(labels))
    pad = datetime.timedelta(days=20)
    layout = _base_layout(lang, height) | {
        "showlegend": True,
        "xaxis": {"type": "date", "range": [(start - pad).isoformat(), (end + pad).isoformat()],
                  "tickmode": "array", "tickvals": tick_values, "ticktext": tick_labels, "showgrid": True},
        "yaxis": {"autorange": "reversed", "type": "category", "showgrid": True,
                  "categoryorder": "array", "categoryarray": labels},
        "legend": {"yref": "container", "y": 0, "yanchor": "bottom"},
        "margin": {"t": 60, "b": 70, "l": 10, "r": 20},
        "shapes": shapes, "annotations": annotations,
        "meta": {"rows": [f"{m.number}. {m.text.get(lang)}" for m in milestones]},  # whole, for narrow.py
    }
    table = Table(
        ["№", _("Milestone"), _("Due"), _("Status")],
        [[m.number, m.text.get(lang), format_partial_date(m.due, lang), _(STATUS_MSGIDS[m.status])] for m in milestones],
        [False, False, False, False],
    )
    return Chart(f"timeline-{commitment.id}", lang, "timeline", _("Milestones over time"),
                 {"data": traces, "layout": layout}, theme.WIDTH, height, table,
                 f"charts/data/milestones-{commitment.id}.csv", interactive=False)


def timeline_csv(report: Report, commitment: Commitment) -> list[list[str]]:
    rows = [["milestone", "text", *(f"text_{lang}" for lang in report.languages[1:]), "due", "status",
             "plan_end", "report_published"]]
    for m in commitment.milestones:
        rows.append([m.number, m.text.default, *(m.text.translations.get(lang, "") for lang in report.languages[1:]),
                     m.due.isoformat(), m.status, report.period_end.isoformat(),
                     report.published.isoformat() if report.published else ""])
    return rows
