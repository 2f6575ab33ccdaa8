"""Claims in TinyDB. Never imports Textual."""
