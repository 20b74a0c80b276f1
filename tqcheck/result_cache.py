"""Findings remembered per file content, so CI re-checks only what changed.

A file's findings depend only on its bytes, the rules, the selection and the tqcheck version.
The cache keeps one file per such context (`results-<context>.pickle`, under the same folder as
the compiled packs) mapping each file's SHA-256 to its findings; a file whose bytes are unchanged
is not checked again. Paths are not part of the key: a renamed or copied article is a hit.

Like the pack cache, it is only an optimisation: an unreadable or corrupted cache file means an
empty cache, an unwritable folder means nothing is saved. `--no-cache` turns it off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cache import cache_dir, read_pickle, write_pickle

if TYPE_CHECKING:
    from .findings import Finding

#: A cache that grows past this many files starts over rather than grow without end.
MAX_ENTRIES = 200_000


def context_key(packs: str | None, select: Iterable[str], ignore: Iterable[str]) -> str | None:
    """The key of everything besides a file's bytes that decides its findings."""
    if packs is None:
        return None
    text = "\n".join(
        [f"tqcheck {__version__}", packs, "select", *sorted(select), "ignore", *sorted(ignore)]
    )
    return hashlib.sha256(text.encode()).hexdigest()


class ResultCache:
    """digest -> findings for one context; loaded on first use, saved by `save`."""

    def __init__(self, context: str, folder: Path | None = None) -> None:
        self.context = context
        self.path = (folder or cache_dir()) / f"results-{context[:32]}.pickle"
        self._entries: dict[str, list[Finding]] | None = None
        self.new = 0

    @property
    def entries(self) -> dict[str, list[Finding]]:
        if self._entries is None:
            loaded = read_pickle(self.path)
            ok = isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == self.context
            self._entries = loaded[1] if ok else {}  # type: ignore[index]
        return self._entries  # type: ignore[return-value]

    def get(self, digest: str) -> list[Finding] | None:
        if not digest:
            return None
        return self.entries.get(digest)

    def put(self, digest: str, findings: list[Finding]) -> None:
        if not digest or digest in self.entries:
            return
        if len(self.entries) >= MAX_ENTRIES:
            self.entries.clear()
        self.entries[digest] = list(findings)
        self.new += 1

    def save(self) -> None:
        """Write the cache if this run added anything (atomically; silently if read-only)."""
        if self.new and self._entries is not None:
            write_pickle(self.path, (self.context, self._entries))
            self.new = 0

    def __getstate__(self) -> dict[str, object]:
        # Sent to pool workers: they look up, the parent stores and saves.
        return {**self.__dict__, "new": 0}
