"""Registration only: the plugin's work lives in the modules it connects."""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)
