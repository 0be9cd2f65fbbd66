"""kundenspiel: a terminal training game for customer orientation."""

__version__ = "0.1.0"
