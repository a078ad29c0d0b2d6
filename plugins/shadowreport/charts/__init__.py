"""Charts: chart blocks of the findings and the report's own charts, drawn
with plotly, interactive on the site and static (SVG) for the no-JavaScript
fallback and the PDFs.

    blocks.py        finds ```chart blocks in Markdown (one scanner for all)
    spec.py          checks them at load time (loader.load_report calls it)
    markdown_ext.py  replaces them by placeholders while rendering Markdown
    theme.py         the plotly template: the site's font and colours
    figures.py       a checked chart block -> a plotly figure and its table
    builtin.py       the report's own charts, from the register and milestones
    export.py        static SVG through kaleido, one browser, a cache
    site.py          ReportCharts: the charts of a build, filling the slots

This module imports nothing heavy: `invoke check` only needs spec.py.
"""
