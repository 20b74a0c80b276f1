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
from array import array
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
