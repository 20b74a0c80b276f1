"""langdetect's language profiles, loaded from a compact cache instead of 31 JSON files.

langdetect builds its table of n-gram probabilities (~24,000 n-grams x one float per language)
by parsing a JSON profile per language and filling Python lists one float at a time: ~85 ms,
paid by every process that meets a foreign-looking paragraph (each worker of a folder run).
The table is the same every time, so the first load stores it in the cache folder as one
marshalled record: the language list, the n-grams, and all probabilities as one block of
doubles. Loading that takes a few milliseconds; each n-gram's row of floats is unpacked the
first time langdetect asks for it (an identification touches a few hundred n-grams).

The rows are the very doubles langdetect computed, so identification answers are identical
with and without the cache (tested). The record's name carries the profiles' names, sizes and
modification times, so another langdetect install never reads it. Like every cache of
tqcheck it is an optimisation only: a missing, read-only or corrupted cache folder, or
TQCHECK_NO_CACHE=1, means the JSON profiles are read as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from array import array
from pathlib import Path
from typing import Any

from .cache_location import write_cache_file

#: bump when the record's layout changes
_FORMAT = 1


class _LazyRows(dict[str, Any]):
    """n-gram -> row of probabilities (one per language), unpacked from the block on first use.

    langdetect only asks `word in table` (answered by the keys, which are all present) and
    `table[word]`, which turns the stored row index into the list langdetect itself builds.
    """

    def __init__(self, keys: list[str], block: bytes, width: int) -> None:
        super().__init__(zip(keys, range(len(keys)), strict=True))
        self._doubles = memoryview(block).cast("d")
        self._width = width

    def __getitem__(self, word: str) -> Any:
        row = dict.__getitem__(self, word)
        if type(row) is int:
            start = row * self._width
            row = self._doubles[start : start + self._width].tolist()
            dict.__setitem__(self, word, row)
        return row


def load_factory(codes: list[str], seed: int) -> Any:
    """A seeded langdetect DetectorFactory with the profiles of `codes`, in that order."""
    from langdetect import detector_factory

    directory = detector_factory.PROFILES_DIRECTORY
    factory = detector_factory.DetectorFactory()
    record = _record_path(directory, codes)
    loaded = _read(record) if record is not None else None
    if loaded is not None:
        factory.langlist, factory.word_lang_prob_map = loaded
    else:
        profiles = []
        for code in codes:
            with open(os.path.join(directory, code), encoding="utf-8") as handle:
                profiles.append(handle.read())
        factory.load_json_profile(profiles)
        if record is not None:
            _write(record, factory.langlist, factory.word_lang_prob_map)
    factory.set_seed(seed)
    return factory


def _record_path(directory: str, codes: list[str]) -> Path | None:
    """Where the record of these profiles lives; None when caching is off or they are missing."""
    from .cache_location import cache_dir, cache_disabled

    if cache_disabled():
        return None
    header = f"langdetect profiles format {_FORMAT} {sys.byteorder} {sys.version_info[:2]}\n"
    digest = hashlib.sha256(header.encode())
    try:
        for code in codes:
            stat = os.stat(os.path.join(directory, code))
            digest.update(f"{code} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    except OSError:
        return None  # langdetect will report the missing profile itself
    return cache_dir() / f"langdetect-{digest.hexdigest()[:24]}.marshal"


def _read(path: Path) -> tuple[list[str], _LazyRows] | None:
    """The language list and table from a record; None if it is missing or not sound."""
    try:
        data = path.read_bytes()
        langlist, keys, block = marshal.loads(data)
        width = len(langlist)
        if not width or len(block) != len(keys) * width * 8:
            return None
        return list(langlist), _LazyRows(keys, block, width)
    except Exception:  # a cache must never make a run fail
        return None


def _write(path: Path, langlist: list[str], table: dict[str, list[float]]) -> None:
    """Store the table (atomically; silent where the cache folder cannot be written)."""
    keys = list(table)
    block = array("d")
    for key in keys:
        block.extend(table[key])
    record = marshal.dumps((list(langlist), keys, block.tobytes()))
    write_cache_file(path, lambda handle: handle.write(record))
