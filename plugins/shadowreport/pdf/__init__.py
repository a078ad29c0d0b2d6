"""The report as PDFs: one per commitment and one whole report, per language.

- documents.py: which PDFs there are and the HTML of each (Jinja templates
  under theme/templates/pdf/, from the same model as the site);
- render.py: HTML to PDF with WeasyPrint, in parallel worker processes;
- cache.py: a finished PDF kept under .cache/pdf/, keyed by a hash of
  everything that goes into it;
- links.py: where each PDF is and how big, for the pages that link to it.

The generator calls make_pdfs() before it renders the pages (the pages show
each PDF's size) and hands the result's link() to the templates.
"""

from __future__ import annotations

from .build import make_pdfs
from .documents import print_html
from .links import PdfLink, PdfLinks

__all__ = ["make_pdfs", "print_html", "PdfLink", "PdfLinks"]
