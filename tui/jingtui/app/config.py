"""The reviewer's settings file: ``$XDG_CONFIG_HOME/jingtui/config.toml`` (``~/.config/jingtui/config.toml``).

Read with ``tomllib`` (``tomlkit`` on Python 3.10, as the codebook). Only the ``[keymap]`` table is read:
``id = "keys"`` (Textual key names, comma separated), one line per key of ``keymap.KEYMAP`` to change, for example::

    [keymap]
    "tag.1" = "m"            # tag metric with m instead of 1
    "edit.undo" = "u,ctrl+z,f9"

A file that cannot be used (a TOML syntax error, an id the app does not have, a key Textual does not
know, the same key for two actions where they apply together) gives one sentence naming the file and
the line, and the defaults are used. No Textual here apart from its key names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from textual.keys import REPLACED_KEYS, Keys, key_to_character

from jingtui.app import keymap

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(k.value for k in Keys)


@dataclass(frozen=True)
class KeymapConfig:
    """The keys the settings file changes (``{id: keys}``), or the sentence why none are used."""

    overrides: dict[str, str] = field(default_factory=dict)
    problem: str = ""


def config_path(environ: dict[str, str] | None = None) -> Path:
    """Where the settings file is: ``$XDG_CONFIG_HOME/jingtui/config.toml``, else under ``~/.config``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jingtui" / "config.toml"


def valid_key(key: str) -> bool:
    """Whether ``key`` is a key Textual knows: modifiers joined by ``+`` to a key name or a character."""
    *mods, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in mods):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in _KEY_NAMES or base in REPLACED_KEYS or key_to_character(base) is not None


def _line_of(text: str, entry_id: str) -> int:
    """The line of ``entry_id = ...`` in the file (1 when it cannot be found)."""
    pattern = re.compile(r"""^\s*(?:"|')?""" + re.escape(entry_id) + r"""(?:"|')?\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1


def parse_keymap(text: str, path: Path) -> KeymapConfig:
    """The ``[keymap]`` overrides of a settings file's ``text`` (``path`` names it in the sentence)."""
    from jingtui.codebook.parse import _load_toml  # tomllib, or tomlkit on Python 3.10; the line of an error

    data, line, why = _load_toml(text)
    if data is None:
        return KeymapConfig(problem=f"{path}, line {line}: not valid TOML ({why}); the default keys are used.")
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        line = next((n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("keymap")), 1)
        return KeymapConfig(
            problem=f"{path}, line {line}: keymap must be a table ([keymap]); the default keys are used."
        )
    known = {e.id: e for e in keymap.KEYMAP if e.keys}
    overrides: dict[str, str] = {}
    for entry_id, value in table.items():
        where = f"{path}, line {_line_of(text, entry_id)}"
        if entry_id not in known:
            return KeymapConfig(problem=f"{where}: there is no key {entry_id!r} (the ids are listed in the README); "
                                        "the default keys are used.")
        keys = [k.strip() for k in value.split(",")] if isinstance(value, str) else []
        bad = next((k for k in keys if not valid_key(k)), None) if keys else value
        if bad is not None:
            return KeymapConfig(problem=f"{where}: {bad!r} is not a key name (for example \"m\", \"ctrl+k\", "
                                        "\"f5\", \"question_mark\"); the default keys are used.")
        overrides[entry_id] = ",".join(keys)
    clash = keymap.clash(overrides)
    if clash is not None:
        key, first, second = clash
        line = _line_of(text, second if second in overrides else first)
        return KeymapConfig(problem=f"{path}, line {line}: {key} would run both {first} and {second}; "
                                    "the default keys are used.")
    return KeymapConfig(overrides)


def load_keymap(path: Path | None = None) -> KeymapConfig:
    """The keymap overrides of the settings file (none when there is no file)."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return KeymapConfig()
    except (OSError, UnicodeDecodeError) as exc:
        return KeymapConfig(problem=f"{path}, line 1: cannot be read ({exc}); the default keys are used.")
    return parse_keymap(text, path)
