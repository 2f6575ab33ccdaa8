"""Small helpers shared by every layer: file I/O, Han characters, dates, data files."""
