"""Findings remembered per file content, so CI re-checks only what changed.

A file's findings depend only on its bytes, the rules, the selection and the tqcheck version.
The cache keeps one folder per such context (`results-<context>/`, under the same folder as
the compiled packs) mapping each file's SHA-256 to its findings; a file whose bytes are unchanged
is not checked again. Paths are not part of the key: a renamed or copied article is a hit.

Like the pack cache, it is only an optimisation: an unreadable or corrupted cache file means an
empty cache, an unwritable folder means nothing is saved. `--no-cache` turns it off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
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


#: What a report needs of a file besides its findings, stored beside them so a warm run never
#: builds the file's Document nor counts its words: (word count or None when no report asked
#: for a verdict yet, `slim.slim_parts` of its slim Document or None when it has no finding).
ReportParts = tuple["int | None", "tuple[object, ...] | None"]


class ResultCache:
    """digest -> findings for one context, in 256 shards by the digest's first byte, so a run
    over one file reads 1/256 of the cache and a run over thousands reads it all once. Shards are
    loaded on first use and written back by `save` when this run added to them.

    Beside the findings, a shard keeps each file's `ReportParts` (`put_report`): a warm run's
    largest costs were rebuilding the line index, counting the words for the verdict and
    slimming the result again, for every file (~0.45 s of ~0.85 s over 2,000 articles)."""

    def __init__(self, context: str, folder: Path | None = None) -> None:
        self.context = context
        self.folder = (folder or cache_dir()) / f"results-{context[:32]}"
        self._shards: dict[str, dict[str, list[Finding]]] = {}
        self._parts: dict[str, dict[str, ReportParts]] = {}
        self._dirty: set[str] = set()

    def _shard(self, digest: str) -> dict[str, list[Finding]]:
        name = digest[:2]
        shard = self._shards.get(name)
        if shard is None:
            loaded = read_pickle(self.folder / f"{name}.pickle")
            ok = (
                isinstance(loaded, tuple)
                and len(loaded) == 3
                and loaded[0] == self.context
                and isinstance(loaded[1], dict)
                and isinstance(loaded[2], dict)
            )
            shard = loaded[1] if ok else {}  # type: ignore[index]
            self._shards[name] = shard  # type: ignore[assignment]
            self._parts[name] = loaded[2] if ok else {}  # type: ignore[index]
        return shard  # type: ignore[return-value]

    def get(self, digest: str) -> list[Finding] | None:
        if not digest:
            return None
        return self._shard(digest).get(digest)

    def get_report(self, digest: str) -> tuple[list[Finding], ReportParts] | None:
        """The findings and report parts of a file, when both are stored."""
        if not digest:
            return None
        findings = self._shard(digest).get(digest)
        if findings is None:
            return None
        parts = self._parts[digest[:2]].get(digest)
        return None if parts is None else (findings, parts)

    def put(self, digest: str, findings: Sequence[Finding]) -> None:
        if not digest:
            return
        shard = self._shard(digest)
        if digest in shard:
            return
        if len(shard) >= MAX_ENTRIES // 256:
            shard.clear()
            self._parts[digest[:2]].clear()
        # A list is copied (its owner may change it); a read-only sequence, the packed findings
        # of a large file (tqcheck/packed.py), is kept as it is: a list would unpack them all.
        shard[digest] = list(findings) if isinstance(findings, list) else findings
        self._dirty.add(digest[:2])

    def put_report(self, digest: str, parts: ReportParts) -> None:
        """Store a file's report parts; only beside its findings (which they describe)."""
        if not digest or digest not in self._shard(digest):
            return
        known = self._parts[digest[:2]]
        if known.get(digest) != parts:
            known[digest] = parts
            self._dirty.add(digest[:2])

    def save(self) -> None:
        """Write the shards this run added to (atomically; silently if read-only)."""
        for name in sorted(self._dirty):
            write_pickle(
                self.folder / f"{name}.pickle",
                (self.context, self._shards[name], self._parts[name]),
            )
        self._dirty.clear()

    def __getstate__(self) -> dict[str, object]:
        # Sent to pool workers: they look up, the parent stores and saves.
        return {**self.__dict__, "_dirty": set()}
