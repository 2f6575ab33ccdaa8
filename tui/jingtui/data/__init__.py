"""Data files shipped with the package: the slogan lexicon and the JSON Schema of the export."""
