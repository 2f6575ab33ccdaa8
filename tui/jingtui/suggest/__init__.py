"""Suggest (no Textual)."""
