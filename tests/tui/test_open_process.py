"""``jingtui open DIR`` as a real process in a pseudo-terminal (the path a user takes: the console
entry, the terminal driver, the first screen, ``q``), and ``python -m jingtui --help``."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from jingtui.corpus.discover import discover
from jingtui.workspace import read_article

COLUMNS, LINES = 140, 40


def _read(fd: int, seconds: float) -> bytes:
    """What the process wrote within ``seconds`` (stops early at its end)."""
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    return out


def test_open_shows_the_first_article_and_q_quits(seeds_copy: Path, tmp_path: Path) -> None:
    first = next(c.rel for c in discover(seeds_copy) if c.skip_reason is None)
    title = read_article(seeds_copy, first).title
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    command = [sys.executable, "-m", "jingtui", "open", str(seeds_copy), "--db", str(tmp_path / "db.json")]
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        screen = b""
        deadline = time.monotonic() + 60
        while title[:4] not in screen.decode("utf-8", "replace") and time.monotonic() < deadline:
            screen += _read(master, 0.5)
            assert child.poll() is None, screen.decode("utf-8", "replace")[-2000:]
        assert title[:4] in screen.decode("utf-8", "replace"), "the first screen never showed the article title"
        os.write(master, b"q")
        # keep reading while it quits: a child writing to a full terminal buffer would never exit
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline:
            _read(master, 0.5)
        assert child.wait(timeout=5) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)


def test_python_m_jingtui_help() -> None:
    done = subprocess.run([sys.executable, "-m", "jingtui", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "open" in done.stdout and "export" in done.stdout and not done.stderr
