"""Registration only: the plugin's work lives in the modules it connects."""

from pelican import signals

from .charts.markdown_ext import add_to_settings as add_chart_blocks
from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
    signals.initialized.connect(add_chart_blocks)
