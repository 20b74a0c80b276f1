"""Derive literal anchors from a regular expression: strings every match must contain.

The prefilter (prefilter.py) looks for all anchors of all rules in one pass, so a rule whose
anchors are absent from a text is never run on it. The anchors are read off the regex's parse
tree (Python's own `re` parser), so a pack author writes nothing extra and cannot get them wrong.

Anchors are lowercased: a case-sensitive `[Tt]he head` and a `(?i)source link` both become
plain lowercase strings looked up in the lowercased text, which only ever finds more places
than the regex can match, never fewer. The other thing derived here is how far a match can
reach from its anchor (`reach`), so a rule can be run only around the places its anchor occurs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: A repeat without an upper bound (`\s+`, `.*`) is assumed to span at most this many
#: characters when a rule is run only around its anchors. Matches longer than that (a run of
#: hundreds of spaces inside one match) are the one thing region scanning can miss; see
#: docs/performance.md.
UNBOUNDED_REACH = 256

#: A space in a dictionary key matches any run of whitespace; such a run is assumed to be at most
#: this long (a name split by a line break and indentation still fits).
SPACE_RUN = 16

_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | (
    {_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set()
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


@dataclass(frozen=True)
class Anchors:
    """Every match contains (lowercased) one of `strings`; a match spans at most `width`
    characters and its lookaheads read at most `reach` characters past its start."""

    strings: frozenset[str]
    width: int
    reach: int


def _lower_char(code: int) -> str | None:
    """The lowercase of a literal character, if lowercasing keeps it one character long."""
    low = chr(code).lower()
    if len(low) != 1 or low in "σς":  # final-sigma lowering depends on context
        return None
    return low


def _literal_of(op: Any, av: Any) -> str | None:
    """A single lowercase character this item always matches ('[Tt]' -> 't'), else None."""
    if op is _c.LITERAL:
        return _lower_char(av)
    if op is _c.IN and av and all(kind is _c.LITERAL for kind, _ in av):
        chars = {_lower_char(code) for _, code in av}
        if len(chars) == 1 and None not in chars:
            return chars.pop()
    return None


def _fixed_string(items: Sequence[Any]) -> str | None:
    """The literal text a (group's) item list always matches, if it is only literals."""
    out = []
    for op, av in items:
        ch = _literal_of(op, av)
        if ch is not None:
            out.append(ch)
        elif op is _c.SUBPATTERN:
            inner = _fixed_string(av[-1])
            if inner is None:
                return None
            out.append(inner)
        elif op not in _ZERO_WIDTH:
            return None
    return "".join(out)


def _score(req: frozenset[str]) -> tuple[int, int]:
    """Prefer anchors whose shortest alternative is longest (fewer false hits), then fewer."""
    return (min(len(s) for s in req), -len(req))


def required_strings(items: Sequence[Any]) -> frozenset[str] | None:
    """A set of strings one of which every match of `items` contains, or None if none is
    derivable (the rule then always runs)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(req: frozenset[str] | None) -> None:
        nonlocal best
        if req and all(req) and (best is None or _score(req) > _score(best)):
            best = req

    def close() -> None:
        if run:
            consider(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        ch = _literal_of(op, av)
        if ch is not None:
            run.append(ch)
            continue
        if op in _ZERO_WIDTH:  # consumes nothing: the literals around it stay adjacent
            continue
        if op is _c.SUBPATTERN or (_ATOMIC is not None and op is _ATOMIC):
            sub = av[-1] if op is _c.SUBPATTERN else av
            fixed = _fixed_string(sub)
            if fixed is not None:
                run.append(fixed)
                continue
            close()
            consider(required_strings(sub))
            continue
        close()
        if op is _c.BRANCH:
            reqs = [required_strings(branch) for branch in av[1]]
            if all(r is not None for r in reqs):
                consider(frozenset().union(*reqs))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            consider(required_strings(av[2]))
    close()
    return best


def _lookahead_width(items: Iterable[Any]) -> int:
    """The widest lookahead anywhere in the pattern (how far past a match it may read)."""
    widest = 0
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            if direction == 1:
                widest = max(widest, _capped(sub.getwidth()[1]))
            widest = max(widest, _lookahead_width(sub.data))
        elif op is _c.SUBPATTERN:
            widest = max(widest, _lookahead_width(av[-1].data))
        elif _ATOMIC is not None and op is _ATOMIC:
            widest = max(widest, _lookahead_width(av.data))
        elif op is _c.BRANCH:
            for branch in av[1]:
                widest = max(widest, _lookahead_width(branch.data))
        elif op in _REPEATS:
            widest = max(widest, _lookahead_width(av[2].data))
        elif op is _c.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    widest = max(widest, _lookahead_width(branch.data))
    return widest


def _capped(width: int) -> int:
    return UNBOUNDED_REACH if width >= _c.MAXREPEAT else min(width, UNBOUNDED_REACH)


def regex_anchors(patterns: Sequence[str]) -> Anchors | None:
    """Anchors of a rule made of one or more regexes (any of which may match)."""
    strings: set[str] = set()
    width = reach = 0
    for pattern in patterns:
        try:
            parsed = _sre_parse.parse(pattern)
        except Exception:  # an unparsable pattern simply always runs
            return None
        req = required_strings(parsed.data)
        if req is None:
            return None
        strings |= req
        lo, hi = parsed.getwidth()
        del lo
        w = _capped(hi) if hi < _c.MAXREPEAT else UNBOUNDED_REACH
        width = max(width, w)
        reach = max(reach, w + _lookahead_width(parsed.data))
    return Anchors(frozenset(strings), width, reach)


def literal_anchors(keys: Iterable[str]) -> Anchors | None:
    """Anchors of a dictionary rule: for each key, its longest word (a space in a key matches
    any run of spaces, an apostrophe either form, so only the words themselves are literal)."""
    strings: set[str] = set()
    width = 0
    for key in keys:
        low = key_anchor(key)
        if not low:
            return None
        strings.add(low)
        width = max(width, len(key) + SPACE_RUN * key.count(" "))
    if not strings:
        return None
    return Anchors(frozenset(strings), width, width)


def key_anchor(key: str) -> str:
    """The anchor of one dictionary key: its longest word, lowercased ('' if it has none
    usable)."""
    words = [w for w in key.replace("'", " ").replace("’", " ").split() if w]
    if not words:
        return ""
    word = max(words, key=len)
    low = word.lower()
    if len(low) != len(word) or any(c in "σς" for c in low):
        return ""
    return low
