"""jingtui: a keyboard-driven reader and annotator for Chinese news articles."""

__version__ = "0.1.0"
