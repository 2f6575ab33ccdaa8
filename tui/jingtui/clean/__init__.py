"""Article -> CleanText. Never imports Textual."""
