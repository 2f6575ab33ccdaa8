"""Article -> CleanText. Never imports Textual.

Public entry points (import them from their modules; this package imports nothing eagerly):

* ``jingtui.clean.pipeline.clean_article(article) -> CleanText`` (pure, never raises) and
  ``PIPELINE_VERSION`` (changes whenever a rule source or the phrase table changes);
* ``jingtui.clean.cache.CleanCache(directory).get(article) -> CleanText`` (``load``/``store`` too);
* ``jingtui.clean.lines.classify_blocks(original, blocks, title_hint, ...)`` (line classes, named rules);
* ``jingtui.clean.pinyin.strip_pinyin`` / ``find_pinyin``; ``jingtui.clean.damage.find_damage``;
* ``jingtui.clean.script.detect_script`` / ``convert_line`` / ``to_simplified``;
* ``jingtui.clean.content.main_content`` (HTML main content); ``jingtui.clean.quality.bigram_f1``;
* ``jingtui.clean.plain.article_from_text`` / ``read_file_article``.
"""
