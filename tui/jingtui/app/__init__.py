"""The Textual user interface: a thin shell over the core."""
