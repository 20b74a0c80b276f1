"""Markup front ends: turn a Markdown or HTML file into a prose mask the rules can read.

A reader returns a `Markup`: the prose mask (same length as the text, markup blanked), the
regions an author silenced with `tqcheck-disable` comments, and the characters fixes must not
touch. The file name picks the reader; readers are imported only when such a file is checked,
so a plain-text run pays nothing for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from ..regions import Protected, Suppression

# suffix -> module under tqcheck.markup; each module has `read(text) -> Markup`
READERS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

# LSP language ids, for editor buffers whose name has no telling suffix (untitled files)
LANGUAGE_SUFFIX: dict[str, str] = {"markdown": ".md", "html": ".html"}


@dataclass
class Markup:
    """What a reader found: the prose mask and the regions the engine must respect."""

    prose: str
    suppressed: tuple[Suppression, ...] = ()
    protected: Protected = field(default_factory=Protected)


Reader = Callable[[str], Markup]


def reader_for(path: str) -> Reader | None:
    """The reader for a file name (by suffix, case-insensitive), or None for plain text."""
    module = READERS.get(PurePath(path).suffix.lower())
    if module is None:
        return None
    return importlib.import_module(f"{__name__}.{module}").read  # type: ignore[no-any-return]
