"""Registration only: the plugin's work lives in the modules it connects."""

from pelican import signals

from .charts.markdown_ext import add_to_settings as add_chart_blocks
from .generator import get_generators
from .scaletables import add_to_settings as add_scale_tables_and_links


def register():
    signals.get_generators.connect(get_generators)
    signals.initialized.connect(add_chart_blocks)
    signals.initialized.connect(add_scale_tables_and_links)
