"""Compiled regexes rebuilt from stored code instead of parsed again.

A compiled `re.Pattern` cannot be pickled (unpickling one compiles it again), and compiling the
~30 pattern regexes that run on one article took ~0.1 s of a cold start. CPython's
`re.compile` is `_parser.parse` + `_compiler._code` + `_sre.compile(pattern, flags, code, ...)`;
the last step takes microseconds. The compiled-pack cache (cache.py), already keyed by the exact
Python version, stores for each pack regex what `_sre.compile` needs (`code_entry`), and
`compile` rebuilds the pattern from it.

It is an optimisation only: an entry is stored only when the pattern it rebuilds compares equal
to `re.compile`'s (same pattern, flags and code), the table is tagged with `_sre.MAGIC` and
the code word size, and any error while rebuilding (another interpreter, a changed `_sre`)
falls back to `re.compile`.
"""

from __future__ import annotations

import re
import sys
from array import array
from pathlib import Path
from typing import Any

try:  # CPython's internals; any other interpreter simply never uses the fast path
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _TAG: tuple[Any, ...] | None = ("sre", _sre.MAGIC, _sre.CODESIZE, array("I").itemsize)
except (ImportError, AttributeError):  # pragma: no cover
    _TAG = None

#: stored entry: (final flags, code as bytes of array('I'), groups - 1, groupindex,
#: indexgroup, is the pattern risky (regex_guard.is_risky) or None when not known)
Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...], "bool | None"]

_TABLE: dict[tuple[str, int], Entry] = {}


def tag() -> tuple[Any, ...] | None:
    """What a stored table must have been made with to be used here."""
    return _TAG


def code_entry(pattern: str, flags: int = 0, risky: bool | None = None) -> Entry | None:
    """What `_sre.compile` needs to rebuild `re.compile(pattern, flags)`, or None when the
    rebuilt pattern would not be equal to it (or the pattern does not compile)."""
    if _TAG is None or not isinstance(pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: Entry = (
            flags | parsed.state.flags,
            array("I", code).tobytes(),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
            risky,
        )
        if _build(pattern, entry) != re.compile(pattern, flags):
            return None
    except Exception:
        return None
    return entry


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup, _risky = entry
    words = array("I")
    words.frombytes(code)
    return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def register(table: object, table_tag: object) -> bool:
    """Make a stored table's entries available; ignored unless made by this interpreter."""
    if _TAG is None or table_tag != _TAG or not isinstance(table, dict):
        return False
    _TABLE.update(table)
    return True


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, rebuilt from a registered entry when there is one."""
    entry = _TABLE.get((pattern, flags))
    if entry is not None:
        try:
            return _build(pattern, entry)
        except Exception:  # a stale or foreign entry: forget it, compile normally
            _TABLE.pop((pattern, flags), None)
    return re.compile(pattern, flags)


def known_risky(pattern: str, flags: int = 0) -> bool | None:
    """regex_guard.is_risky's answer stored with the entry, or None."""
    entry = _TABLE.get((pattern, flags))
    return None if entry is None else entry[5]


def clear() -> None:
    """Forget every registered entry (tests)."""
    _TABLE.clear()


# ---- module-level patterns ---------------------------------------------------------------
#
# tqcheck's modules compile ~35 regexes when they are imported (sentence ends, name scans,
# the screens of the detectors): ~6 ms of every start, an editor's save hook included. The
# first process stores their code in the cache folder (`module-regexes-*.pickle`, keyed by
# the exact Python version, tagged like the packs' table); later processes rebuild each one
# from it in microseconds. Same safety as the packs' table: an entry is written only when the
# pattern it rebuilds equals `re.compile`'s, and a missing, foreign or corrupted file, or
# TQCHECK_NO_CACHE=1, means the patterns are compiled as usual.

#: (pattern, flags) -> stored entry, or None for a pattern that cannot be stored (compiled
#: normally, and not recorded as a miss again)
_MODULE_TABLE: dict[tuple[str, int], Entry | None] | None = None
_MODULE_MISSES: dict[tuple[str, int], None] = {}


def precompiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a module-level pattern, from the stored table when
    an earlier process stored it (see above); a miss is stored when this process ends."""
    table = _module_table()
    key = (pattern, flags)
    if key in table:
        entry = table[key]
        if entry is None:
            return re.compile(pattern, flags)
        try:
            return _build(pattern, entry)
        except Exception:  # a stale entry: compile normally and store it again
            del table[key]
    if isinstance(pattern, str) and _module_table_path() is not None:
        if not _MODULE_MISSES:
            import atexit

            atexit.register(_store_module_table)
        _MODULE_MISSES[key] = None
    return re.compile(pattern, flags)


def _module_table_path() -> Path | None:
    """Where the module patterns' table lives (the cache folder), or None when caching is
    off or this interpreter cannot rebuild patterns."""
    from .cache_location import cache_dir, cache_disabled

    if _TAG is None or cache_disabled():
        return None
    version = "-".join(map(str, sys.version_info[:3]))
    return cache_dir() / f"module-regexes-{sys.implementation.name}-{version}.pickle"


def _module_table() -> dict[tuple[str, int], Entry | None]:
    """The stored table, read once per process (empty when there is none or it is unusable)."""
    global _MODULE_TABLE
    if _MODULE_TABLE is None:
        _MODULE_TABLE = {}
        path = _module_table_path()
        if path is not None:
            try:
                import pickle

                with open(path, "rb") as handle:
                    stored_tag, table = pickle.load(handle)
                if stored_tag == _TAG and isinstance(table, dict):
                    _MODULE_TABLE = table
            except Exception:  # missing or unreadable: an optimisation only
                pass
    return _MODULE_TABLE


def _store_module_table() -> None:
    """Add this process's misses to the stored table (atomically; silent when the folder
    cannot be written). Runs at exit, and only in a process that had misses."""
    path = _module_table_path()
    misses = list(_MODULE_MISSES)
    _MODULE_MISSES.clear()
    if path is None or not misses:
        return
    table = dict(_module_table())
    for pattern, flags in misses:
        table[(pattern, flags)] = code_entry(pattern, flags)  # None: not storable
    import pickle

    from .cache_location import write_cache_file

    write_cache_file(
        path, lambda handle: pickle.dump((_TAG, table), handle, protocol=pickle.HIGHEST_PROTOCOL)
    )
