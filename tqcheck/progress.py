"""A progress line on stderr for long runs, and only where a person is watching.

CI logs and pipes must stay clean (a carriage-return animation turns into thousands of lines in
a log), so the bar shows only when stderr is a terminal, no `CI` variable is set, and the run
has more than `THRESHOLD` files.
"""

from __future__ import annotations

import os
from typing import TextIO

THRESHOLD = 50
WIDTH = 30


def wanted(total: int, stream: TextIO) -> bool:
    """Should a run of `total` files show progress on `stream`?"""
    if total <= THRESHOLD or os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Call with (done, total) after each file; `close` erases the line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active: bool | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.active is None:
            self.active = wanted(total, self.stream)
        if not self.active:
            return
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
