"""The two text panes: the original (left) and the cleaned, Simplified text (right).

Both are read-only, soft-wrapped TextAreas whose ``get_line`` paints decorations: spans given per line
as (start column, end column, component class). Columns are code points, as in TextArea, so no span can
split a wide character. The styles come from COMPONENT_CLASSES, set in the pane's ``DEFAULT_CSS``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from jingtui.app import keymap
from jingtui.app.text_lines import Decorations, LineIndex
from jingtui.app.textnav import Sentences
from jingtui.app.widgets.line_breaking import LineBreakingDocument

log = logging.getLogger(__name__)

# Paint order: later classes are drawn over earlier ones.
PAINT_ORDER = (
    "pane--current",
    "pane--dim",
    "pane--suggestion",
    "claim--metric",
    "claim--slogan",
    "claim--anecdote",
    "claim--other",
    "claim2--metric",
    "claim2--slogan",
    "claim2--anecdote",
    "claim2--other",
    "pane--orphan",
    "pane--warning",
    "pane--match",
)


def textarea_keys() -> set[str]:
    """The keys TextArea binds itself."""
    return {key.strip() for b in TextArea.BINDINGS if isinstance(b, Binding) for key in b.key.split(",")}


class ArticlePane(TextArea):
    """A read-only text pane that paints decorations; shared by both panes."""

    COMPONENT_CLASSES = {name for name in PAINT_ORDER}
    # Colours blend over the theme background, so they follow dark and light themes; the claim colours
    # stay distinct even in 256-colour terminals (metric 24, slogan 94, anecdote 29 on the dark theme).
    DEFAULT_CSS = """
    ArticlePane {
        scrollbar-size-vertical: 1;
        width: 1fr;
        height: 1fr;
        border: round $primary 40%;
        padding: 0 1;
    }
    ArticlePane:focus { border: round $primary; }
    ArticlePane .pane--current { background: $primary 18%; }
    ArticlePane .pane--dim { color: $text-disabled; text-style: italic; }
    ArticlePane .pane--suggestion { color: $text; text-style: underline; background: $secondary 15%; }
    ArticlePane .claim--metric { background: #1f5fb4 80%; }
    ArticlePane .claim--slogan { background: #b8860b 80%; }
    ArticlePane .claim--anecdote { background: #2e8b57 80%; }
    ArticlePane .claim--other { background: #8a2be2 80%; }
    ArticlePane .claim2--metric { text-style: bold underline; color: #4a9eff; }
    ArticlePane .claim2--slogan { text-style: bold underline; color: #e0a030; }
    ArticlePane .claim2--anecdote { text-style: bold underline; color: #3cb371; }
    ArticlePane .claim2--other { text-style: bold underline; color: #b070ff; }
    ArticlePane .pane--orphan { text-style: strike; }
    ArticlePane .pane--warning { color: $text-warning; background: $warning 25%; text-style: bold; }
    ArticlePane .pane--match { background: $accent 60%; text-style: bold; }
    """

    # TextArea's own editing keys make no sense read-only: the keymap's take their place.
    BINDINGS = keymap.bindings("text", also=keymap.PANE_OVERRIDES, also_keys=textarea_keys())

    # TextArea repaints the whole pane on every selection change (cursor moves included); we repaint the
    # rows of the old and the new selection only (see ``_watch_selection``).
    selection = reactive(Selection(), init=False, always_update=True, repaint=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            tab_behavior="focus",
            **kwargs,
        )
        self.decorations = Decorations()
        self._documents: OrderedDict[str, tuple] = OrderedDict()
        self.index = LineIndex("")
        self._nav: Sentences | None = None
        self._styles: dict[str, Style] = {}
        self._theme_css_for: tuple[object, str] | None = None  # (theme, app theme) the CSS was applied for

    class Scrolled(Message):
        """The pane scrolled vertically (by keys, mouse or code)."""

        def __init__(self, pane: ArticlePane) -> None:
            super().__init__()
            self.pane = pane

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))


    # Reopening an article reuses its wrapped document when the pane has the same width: wrapping a
    # 20,000-character text costs ~20 ms per pane (Textual 8.2.8 internals, pinned in pyproject).
    MAX_DOCUMENTS = 8

    def _remember_document(self, text: str) -> None:
        documents = self._documents
        documents[text] = (self.document, self.wrapped_document)
        documents.move_to_end(text)
        while len(documents) > self.MAX_DOCUMENTS:
            documents.popitem(last=False)

    def _reuse_document(self, text: str) -> bool:
        cached = self._documents.get(text)
        if cached is None:
            return False
        document, wrapped = cached
        try:
            from textual.document._document_navigator import DocumentNavigator

            self.history.clear()
            self.document = document
            self.wrapped_document = wrapped
            self.navigator = DocumentNavigator(wrapped)
            self._build_highlight_map()
            self.move_cursor((0, 0))
            if wrapped._width != self.wrap_width or wrapped._tab_width != self.indent_width:
                self._rewrap_and_refresh_virtual_size()
            else:
                self._line_cache.clear()
                self._refresh_size()
            self.post_message(self.Changed(self).set_sender(self))
        except Exception as exc:  # noqa: BLE001 - edge: Textual internals changed; load the text the ordinary way
            log.warning("could not reuse the cached document: %r", exc)
            self._documents.pop(text, None)
            return False
        self._documents.move_to_end(text)
        return True

    def _rewrap_and_refresh_virtual_size(self) -> None:
        """Wrap with the Chinese line-breaking rules (a line never starts with 。or ，)."""
        if not isinstance(self.wrapped_document, LineBreakingDocument):
            from textual.document._document_navigator import DocumentNavigator

            self.wrapped_document = LineBreakingDocument(self.document, tab_width=self.indent_width)
            self.navigator = DocumentNavigator(self.wrapped_document)
        super()._rewrap_and_refresh_virtual_size()

    @property
    def nav(self) -> Sentences:
        """Sentence spans of the pane's text (computed on first use)."""
        if self._nav is None:
            self._nav = Sentences(self.index.text)
        return self._nav

    def action_noop(self) -> None:
        pass

    def top_row(self) -> int:
        """The document row shown on the first line of the pane."""
        from textual.geometry import Offset

        try:
            return self.wrapped_document.offset_to_location(Offset(0, int(self.scroll_y)))[0]
        except (IndexError, ValueError):  # a scroll position beyond the wrapped document
            return 0

    def set_text(self, text: str) -> None:
        """Show ``text`` (already ``\\n`` normalised) with the cursor at the top."""
        self.index = LineIndex(text)
        self._nav = None  # sentences are found on first use
        self.decorations = Decorations()
        self._line_cache.clear()
        if not self._reuse_document(text):
            self.load_text(text)
            self._remember_document(text)
        self.scroll_to(0, 0, animate=False)

    def decorate(self, decorations: Decorations) -> None:
        """Paint new decorations, re-rendering only the lines whose decorations changed."""
        old, new = self.decorations.spans, decorations.spans
        self.decorations = decorations
        changed = [row for row in old.keys() | new.keys() if old.get(row) != new.get(row)]
        if not changed:
            return
        offsets = self.wrapped_document._line_index_to_offsets
        if len(changed) > 200:
            self._line_cache.clear()
            self.refresh()
            return
        ys = set()
        for row in changed:
            if 0 <= row < len(offsets):
                ys.update(offsets[row])
        cache = self._line_cache
        for key in [k for k in cache.keys() if k[2] in ys]:  # noqa: SIM118 - an LRUCache, which iterates no keys
            cache.discard(key)
        top = int(self.scroll_y)
        height = self.size.height
        for y in ys:
            if top <= y < top + height:
                self.refresh(Region(0, y - top, self.size.width, 1))

    def _style(self, cls: str) -> Style:
        """The Rich style of a component class, its colours blended over the pane's background."""
        style = self._styles.get(cls)
        if style is None and cls.startswith("code:"):
            style = self._styles[cls] = self._code_style(cls)
        if style is None:
            styles = self.get_component_styles(cls)
            base = self.background_colors[1]
            color = (base + styles.color).rich_color if styles.has_rule("color") else None
            bgcolor = (base + styles.background).rich_color if styles.has_rule("background") else None
            style = styles.partial_rich_style + Style(color=color, bgcolor=bgcolor)
            self._styles[cls] = style
        return style

    def _code_style(self, cls: str) -> Style:
        """``code:<colour>:<layer>``: a codebook colour blended over the background (layer 0), or as a bold
        underlined text colour (layer 1), as the default codes are painted by the DEFAULT_CSS above."""
        _, colour, layer = cls.split(":")
        base = self.background_colors[1]
        try:
            parsed = Color.parse(colour)
        except ColorParseError:  # the codebook checked the colour; an odd one is painted plainly
            return Style()
        if layer == "0":
            return Style(bgcolor=(base + parsed.with_alpha(0.8)).rich_color)
        return Style(color=(base + parsed).rich_color, bold=True, underline=True)

    def notify_style_update(self) -> None:
        self._styles = {}
        self._theme_css_for = None
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        """TextArea's ``render_lines``, which applies the CSS to its theme on every call (~0.5 ms);
        here only when the styles, the theme or the app's theme changed since the last time."""
        theme = self._theme
        if theme:
            name = self.app.current_theme.name
            applied = self._theme_css_for
            if applied is None or applied[0] is not theme or applied[1] != name:
                theme.apply_css(self)
                self._theme_css_for = (theme, name)
        return super(TextArea, self).render_lines(crop)

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        super()._watch_selection(previous_selection, selection)
        if self.is_mounted:
            self._refresh_selection_rows(previous_selection)
            if selection != previous_selection:
                self._refresh_selection_rows(selection)

    def _refresh_selection_rows(self, selection: Selection) -> None:
        """Repaint the screen lines of the document rows ``selection`` covers (those in view)."""
        offsets = self.wrapped_document._line_index_to_offsets
        top, bottom = sorted((selection.start[0], selection.end[0]))
        if not offsets or top >= len(offsets):
            self.refresh()
            return
        bottom = min(bottom, len(offsets) - 1)
        first, last = offsets[top][0], offsets[bottom][-1]
        scroll_y = int(self.scroll_y)
        first, last = max(first, scroll_y), min(last, scroll_y + self.size.height - 1)
        if last >= first:
            self.refresh(Region(0, first - scroll_y, self.size.width, last - first + 1))

    def render_line(self, y: int) -> Strip:
        """TextArea's ``render_line`` with a tighter cache key (Textual 8.2.8 internals).

        With ``soft_wrap`` TextArea keys every cached line on the whole selection, so any cursor move
        re-renders every visible line (~10 ms per pane). The selection only changes the look of the
        document rows it covers (the cursor is its end), so other rows are keyed without it. The rest
        of the key is TextArea's own; ``decorate`` keeps discarding entries by their screen row.
        """
        if self.placeholder and not self.text:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        absolute_y = scroll_y + y
        selection = self.selection
        _, cursor_y = self._cursor_offset
        if self.soft_wrap:
            try:
                row = self.wrapped_document._offset_to_line_info[absolute_y][0]
            except IndexError:
                row = -1
        else:
            row = absolute_y
        cache_key = (
            self.size,
            scroll_x,
            absolute_y,
            selection if selection.contains_line(row) else None,
            selection.end if self._cursor_visible and self.cursor_blink and absolute_y == cursor_y else None,
            self.theme,
            self._matching_bracket_location,
            self.match_cursor_bracket,
            self.soft_wrap,
            self.show_line_numbers,
            self.read_only,
            self.show_cursor,
            self.suggestion,
        )
        cached = self._line_cache.get(cache_key)
        if cached is not None:
            return cached
        line = self._render_line(y)
        self._line_cache[cache_key] = line
        return line

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        spans = self.decorations.spans.get(line_index)
        if spans:
            length = len(line)
            order = {name: i for i, name in enumerate(PAINT_ORDER)}
            for start, end, cls in sorted(spans, key=lambda s: order.get(s[2], 0)):
                line.stylize(self._style(cls), start, length if end is None else end)
        return line

    # motions (the reader's keys for sentences and paragraphs)
    def action_sentence_next(self) -> None:
        target = self.nav.next_start(self.cursor_offset)
        if target is not None:
            self.move_to_offset(target)

    def action_sentence_previous(self) -> None:
        target = self.nav.previous_start(self.cursor_offset)
        if target is not None:
            self.move_to_offset(target)

    def action_paragraph_next(self) -> None:
        row = self.cursor_location[0]
        for r in range(row + 1, len(self.index.starts)):
            a, b = self.index.row_span(r)
            if b > a:
                self.move_to_offset(a)
                return

    def action_paragraph_previous(self) -> None:
        row, col = self.cursor_location
        if col > 0:
            self.move_to_offset(self.index.row_span(row)[0])
            return
        for r in range(row - 1, -1, -1):
            a, b = self.index.row_span(r)
            if b > a:
                self.move_to_offset(a)
                return

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor; with a selection, extend it by one sentence."""
        start, end = self.selection_offsets()
        if start == end:
            span = self.nav.containing(self.cursor_offset)
            if span is not None:
                self.select_offsets(*span)
            return
        new_end = self.nav.next_end_after(end)
        if new_end is not None:
            self.select_offsets(start, new_end)

    def select_match(self, term: str, *, forward: bool, include_current: bool = False) -> bool:
        """Select the next (or previous) match of ``term`` from the cursor, wrapping around; False when
        there is none."""
        from jingtui.app.textnav import find_matches

        matches = find_matches(self.text, term)
        if not matches:
            return False
        here = self.selection_offsets()[0] if self.selection.start != self.selection.end else self.cursor_offset
        if forward:
            after = [m for m in matches if (m >= here if include_current else m > here)]
            target = after[0] if after else matches[0]
        else:
            before = [m for m in matches if m < here]
            target = before[-1] if before else matches[-1]
        self.select_offsets(target, target + len(term))
        return True

    # offsets
    @property
    def cursor_offset(self) -> int:
        return self.index.offset(*self.cursor_location)

    def selection_offsets(self) -> tuple[int, int]:
        start, end = self.selection
        a = self.index.offset(*start)
        b = self.index.offset(*end)
        return (a, b) if a <= b else (b, a)

    def move_to_offset(self, offset: int, *, center: bool = False) -> None:
        self.cursor_location = self.index.location(offset)
        self.scroll_cursor_visible(center=center, animate=False)

    def select_offsets(self, start: int, end: int) -> None:
        from textual.widgets.text_area import Selection

        self.selection = Selection(self.index.location(start), self.index.location(end))
        self.scroll_cursor_visible(animate=False)

    def row_screen_y(self, row: int, col: int = 0) -> int:
        """Height of ``(row, col)``'s wrapped line relative to the top of the pane (may be negative)."""
        try:
            y = self.wrapped_document.location_to_offset((row, col)).y
        except (IndexError, ValueError):  # a scroll position beyond the wrapped document
            return 0
        return y - int(self.scroll_y)

    def scroll_row_to(self, row: int, screen_y: int, col: int = 0) -> None:
        """Scroll so that ``(row, col)`` is ``screen_y`` lines below the top of the pane."""
        try:
            y = self.wrapped_document.location_to_offset((row, col)).y
        except (IndexError, ValueError):  # a location beyond the wrapped document
            return
        self.scroll_to(y=max(0, y - screen_y), animate=False)


class OriginalPane(ArticlePane):
    """Left: the decoded original, chrome and captions dimmed, damaged spans marked."""


class CleanedPane(ArticlePane):
    """Right: the cleaned Simplified text, claims coloured by label."""
