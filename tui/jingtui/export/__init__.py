"""Export (no Textual)."""
