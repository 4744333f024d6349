"""quiz: a terminal quiz game that teaches from news articles, every answer grounded in a quoted passage."""

__version__ = "0.1.0"
