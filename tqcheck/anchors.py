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


def _score(req: frozenset[str]) -> tuple[float, int]:
    """Prefer anchors expected least often in English news (word_share.py: "within" is a
    common word, "delay" is not), then those whose shortest alternative is longest."""
    from .word_share import expected_share

    return (-expected_share(req, anchors_share(req)), min(len(s) for s in req))


def _alternatives(op: Any, av: Any) -> list[str] | None:
    """The strings a group or alternation of plain literals matches (`(?:Mme|Mlle)`), else
    None: they multiply out the literal run around them ("den" + "ounce"|"unciation")."""
    if op is _c.SUBPATTERN:
        fixed = _fixed_string(av[-1])
        if fixed is not None:
            return [fixed]
        items = list(av[-1])
        if len(items) == 1:
            return _alternatives(*items[0])
        prefix = []
        for item in items[:-1]:
            ch = _literal_of(*item)
            if ch is None:
                return None
            prefix.append(ch)
        tail = _alternatives(*items[-1])
        return None if tail is None else ["".join(prefix) + t for t in tail]
    if op is _c.BRANCH:
        found: list[str] = []
        for branch in av[1]:
            fixed = _fixed_string(branch)
            if fixed is None:
                return None
            found.append(fixed)
        return found
    return None


def required_strings(items: Sequence[Any]) -> frozenset[str] | None:
    """A set of strings one of which every match of `items` contains, or None if none is
    derivable (the rule then always runs)."""
    best: frozenset[str] | None = None
    run: set[str] = {""}

    def consider(req: frozenset[str] | None) -> None:
        nonlocal best
        if req and all(req) and (best is None or _score(req) > _score(best)):
            best = req

    def close() -> None:
        nonlocal run
        if run != {""}:
            consider(frozenset(run))
            run = {""}

    for op, av in items:
        ch = _literal_of(op, av)
        if ch is not None:
            run = {r + ch for r in run}
            continue
        if op in _ZERO_WIDTH:  # consumes nothing: the literals around it stay adjacent
            continue
        alternatives = _alternatives(op, av)
        if alternatives is not None and len(run) * len(alternatives) <= _MAX_RUNS:
            run = {r + a for r in run for a in alternatives}
            continue
        if op is _c.SUBPATTERN or (_ATOMIC is not None and op is _ATOMIC):
            sub = av[-1] if op is _c.SUBPATTERN else av
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


#: A literal run multiplied out by alternatives is given up beyond this many strings.
_MAX_RUNS = 64


def _lookahead_width(items: Iterable[Any], direction: int = 1) -> int:
    """The widest lookahead anywhere in the pattern (how far past a match it may read); with
    `direction=-1`, the widest lookbehind (how far before a match it may read)."""
    widest = 0
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            looks, sub = av
            if looks == direction:
                widest = max(widest, _capped(sub.getwidth()[1]))
            widest = max(widest, _lookahead_width(sub.data, direction))
        elif op is _c.SUBPATTERN:
            widest = max(widest, _lookahead_width(av[-1].data, direction))
        elif _ATOMIC is not None and op is _ATOMIC:
            widest = max(widest, _lookahead_width(av.data, direction))
        elif op is _c.BRANCH:
            for branch in av[1]:
                widest = max(widest, _lookahead_width(branch.data, direction))
        elif op in _REPEATS:
            widest = max(widest, _lookahead_width(av[2].data, direction))
        elif op is _c.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    widest = max(widest, _lookahead_width(branch.data, direction))
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


# ---- how rare an anchor is -------------------------------------------------------------------


def char_share(ch: str) -> float:
    """Rough share of `ch` among the characters of English news text (lowercase letters stand
    for both cases): only used to rank anchors, so rough is enough."""
    if ch == " ":
        return 0.16
    if ch.isalpha():
        return 0.03 if ch.isascii() else 0.0003
    if ch.isdigit():
        return 0.002 if ch.isascii() else 0.0001
    if ch in ",.":
        return 0.01
    if ch in "-'\"\n":
        return 0.003
    return 0.001 if ch.isascii() else 0.0003


def anchors_share(strings: Iterable[str]) -> float:
    """Expected hits per character of a set of anchor strings (sum of their shares)."""
    total = 0.0
    for s in strings:
        share = 1.0
        for ch in s:
            share *= char_share(ch)
        total += share
    return total


# ---- character-class triggers ----------------------------------------------------------------

#: Longest trigger, in items: a longer one costs more to try and is rarely more selective.
_TRIGGER_ITEMS = 6
#: A fixed repeat (`\d{3}`) up to this long becomes that many items.
_FIXED_REPEAT = 4

_CATEGORY_SOURCE = {
    _c.CATEGORY_DIGIT: (r"\d", 0.02),
    _c.CATEGORY_NOT_DIGIT: (r"\D", 1.0),
    _c.CATEGORY_SPACE: (r"\s", 0.18),
    _c.CATEGORY_NOT_SPACE: (r"\S", 1.0),
    _c.CATEGORY_WORD: (r"\w", 0.85),
    _c.CATEGORY_NOT_WORD: (r"\W", 0.3),
}


@dataclass(frozen=True)
class Trigger:
    """Short regexes (runs of character classes, `,\\d`), one of which every match of a rule
    contains: for rules whose literal anchors are too common (`,`) or missing. Each starts with
    a character class, which Python's `re` scans for in C, so a pass per trigger finds the few
    places worth running the rule. `share` estimates hits per character; `length` is the widest
    trigger match; `width` and `reach` are the rule's, as in Anchors."""

    patterns: tuple[str, ...]
    flags: int
    share: float
    length: int
    width: int
    reach: int


# A character class: (inside of the brackets, share); negated classes are not unioned.
_Class = tuple[str, float]
# One token of a run: (source, share, max width, required)
_Token = tuple[str, float, int, bool]


def _class_of(op: Any, av: Any) -> tuple[str, float, bool] | None:
    """(source inside brackets, share, negated) of one single-character item, or None."""
    if op is _c.LITERAL:
        return _escape(av), char_share(chr(av).lower()), False
    if op is _c.NOT_LITERAL:
        return _escape(av), 1.0, True
    if op is not _c.IN:
        return None
    parts, share, negate = [], 0.0, False
    for kind, value in av:
        if kind is _c.NEGATE:
            negate = True
        elif kind is _c.LITERAL:
            parts.append(_escape(value))
            share += char_share(chr(value).lower())
        elif kind is _c.RANGE:
            lo, hi = value
            parts.append(f"{_escape(lo)}-{_escape(hi)}")
            share += sum(char_share(chr(c).lower()) for c in range(lo, min(hi, lo + 300) + 1))
            if hi - lo > 300:
                share = 1.0
        elif kind is _c.CATEGORY and value in _CATEGORY_SOURCE:
            source, part_share = _CATEGORY_SOURCE[value]
            parts.append(source)
            share += part_share
        else:
            return None
    if not parts:
        return None
    share = min(share, 1.0)
    if negate:
        share = max(1.0 - share, 0.3)
    return "".join(parts), share, negate


def _token(cls: tuple[str, float, bool]) -> _Token:
    inner, share, negate = cls
    return (f"[{'^' if negate else ''}{inner}]", share, 1, True)


def _escape(code: int) -> str:
    ch = chr(code)
    if ch.isalnum():
        return ch
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else ch


def _edge_class(items: Sequence[Any], last: bool) -> tuple[str, float, bool] | None:
    """The class of the first (or last) character every match of `items` consumes."""
    seq = list(items)[::-1] if last else list(items)
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        cls = _class_of(op, av)
        if cls is not None:
            return cls
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            return _edge_class(av[-1], last)
        if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
            return _class_of(*av[2][0])
        if op is _c.BRANCH:
            return _union([_edge_class(alt, last) for alt in av[1]])
        return None
    return None


def _union(classes: Sequence[tuple[str, float, bool] | None]) -> tuple[str, float, bool] | None:
    if not classes or any(c is None or c[2] for c in classes):
        return None
    inner = "".join(dict.fromkeys(c[0] for c in classes if c))
    return inner, min(1.0, sum(c[1] for c in classes if c)), False


def _candidates(items: Sequence[Any]) -> list[tuple[tuple[str, ...], float, int]]:
    """Trigger sets (sources, share, widest) every match of `items` contains one of."""
    found: list[tuple[tuple[str, ...], float, int]] = []
    run: list[_Token] = []

    def close() -> None:
        if run:
            window = _best_window(run)
            if window is not None:
                tokens, share = window
                found.append((("".join(t[0] for t in tokens),), share, sum(t[2] for t in tokens)))
            run.clear()

    def walk(seq: Sequence[Any]) -> None:
        for op, av in seq:
            cls = _class_of(op, av)
            if cls is not None:
                run.append(_token(cls))
            elif op is _c.AT or op is _c.ASSERT_NOT:
                continue  # consumes nothing: leaving it out only matches more
            elif op is _c.ASSERT:
                direction, sub = av
                if direction < 0:  # what it reads ends where the next item starts
                    close()
                    walk(sub.data)
                else:  # what it reads starts where the next item starts
                    walk(sub.data)
                    close()
            elif op is _c.SUBPATTERN:
                if av[1] or av[2]:  # local flags: not copied into a trigger
                    close()
                else:
                    walk(av[-1])
            elif op in _REPEATS:
                lo, hi, sub = av
                inner = _class_of(*sub[0]) if len(sub) == 1 else None
                if inner is None:
                    close()
                    if lo >= 1:
                        found.extend(_candidates(sub))
                elif lo == hi and lo <= _FIXED_REPEAT:
                    run.extend([_token(inner)] * lo)
                elif hi >= _c.MAXREPEAT or hi > 8:
                    # unbounded: assumed to span at most UNBOUNDED_REACH, like the anchors' reach
                    plain = _token(inner)[0]
                    if lo >= 1:  # at either end of a trigger, one instance stands for it
                        run.append((f"{plain}+", inner[1], UNBOUNDED_REACH, True))
                    else:
                        run.append((f"{plain}*", 1.0, UNBOUNDED_REACH, False))
                elif lo >= 1:
                    run.append(_token(inner))
                    run.append((f"{_token(inner)[0]}{{0,{hi - 1}}}", 1.0, hi - 1, False))
                else:
                    run.append((f"{_token(inner)[0]}{{0,{hi}}}", 1.0, hi, False))
            elif op is _c.BRANCH:
                alternatives = [_best(alt) for alt in av[1]]
                if all(alternatives):
                    sources = tuple(dict.fromkeys(s for a in alternatives for s in a[0]))  # type: ignore[index]
                    share = sum(a[1] for a in alternatives)  # type: ignore[index]
                    found.append((sources, share, max(a[2] for a in alternatives)))  # type: ignore[index]
                firsts = _union([_edge_class(alt, False) for alt in av[1]])
                if firsts is not None:
                    run.append(_token(firsts))
                close()
                lasts = _union([_edge_class(alt, True) for alt in av[1]])
                if lasts is not None:
                    run.append(_token(lasts))
            else:
                close()

    walk(items)
    close()
    return found


def _best(items: Sequence[Any]) -> tuple[tuple[str, ...], float, int] | None:
    candidates = _candidates(items)
    return min(candidates, key=lambda c: c[1]) if candidates else None


#: The cost of trying a trigger at a character its first class matches, relative to a hit.
_TRY_COST = 0.002


def _best_window(run: list[_Token]) -> tuple[list[_Token], float] | None:
    """The most selective stretch of a run that starts and ends with a required item.

    A required repeat (`\\s+`) at either end is cut to one instance: every match of the
    stretch contains that shorter one, which starts with a class re can scan for in C.
    """
    best: tuple[list[_Token], float] | None = None
    best_cost = 2.0
    for i, first in enumerate(run):
        if not first[3]:
            continue
        share = 1.0
        for j in range(i, min(len(run), i + _TRIGGER_ITEMS)):
            share *= run[j][1]
            # Each hit costs a window of the rule (tens of microseconds); re also tries the
            # rest wherever the first class occurs, which costs far less per character.
            cost = share + first[1] * _TRY_COST
            if run[j][3] and (best is None or cost < best_cost):
                best = ([_single(t) for t in (run[i],)] + run[i + 1 : j + 1], share)
                best_cost = cost
                if j > i:
                    best[0][-1] = _single(best[0][-1])
    return best


def _single(token: _Token) -> _Token:
    source, share, _width, required = token
    if source.endswith("+") and required:
        return (source[:-1], share, 1, True)
    return token


def leading_class_share(source: str) -> float:
    """Expected share of characters a trigger's leading class matches (1.0 if unknown): how
    often a scan for it stops (trigger_scan.py folds the rare ones into one pass)."""
    try:
        items = _sre_parse.parse(source).data
    except Exception:
        return 1.0
    if not items:
        return 1.0
    cls = _class_of(*items[0])
    return 1.0 if cls is None else cls[1]


def regex_trigger(pattern: str) -> Trigger | None:
    """The most selective set of character-class runs of a regex, or None if it has none."""
    import re

    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return None
    best = _best(parsed.data)
    if best is None:
        return None
    sources, share, length = best
    flags = parsed.state.flags & (re.IGNORECASE | re.ASCII)
    try:
        for source in sources:
            re.compile(source, flags)
    except re.error:
        return None
    width = _capped(parsed.getwidth()[1])
    ahead = _lookahead_width(parsed.data)
    behind = _lookahead_width(parsed.data, -1)
    # A trigger may be read inside a lookaround: inside a lookahead its hit lies up to `ahead`
    # past where the match could have started, inside a lookbehind up to `behind` before it, so
    # the window around a hit reaches that much further on each side.
    return Trigger(
        tuple(sorted(sources)), flags, share, length, width + ahead, width + ahead + behind
    )


# ---- literal prefixes: where a match starts -------------------------------------------------

#: At most this many prefix strings per rule: beyond it the alternatives are not multiplied out.
_MAX_PREFIXES = 64
#: A character class of up to this many letters (`[ae]`) is multiplied out in a prefix.
_MAX_CLASS = 3


def _class_chars(op: Any, av: Any) -> set[str] | None:
    """The lowercase characters a one-character item matches, when they are few literals."""
    ch = _literal_of(op, av)
    if ch is not None:
        return {ch}
    if op is _c.IN and av and len(av) <= 2 * _MAX_CLASS and all(k is _c.LITERAL for k, _ in av):
        chars = {_lower_char(code) for _, code in av}
        if None not in chars and len(chars) <= _MAX_CLASS:
            return chars  # type: ignore[return-value]
    return None


def _prefixes(items: Sequence[Any], heads: set[str]) -> tuple[set[str], bool]:
    """Extend `heads` by what every match of `items` starts with; True when `items` were
    literal to their end (so what follows them can extend the prefixes further)."""
    for op, av in items:
        if op in _ZERO_WIDTH:  # consumes nothing: the next item starts at the same place
            continue
        chars = _class_chars(op, av)
        if chars is not None:
            if len(heads) * len(chars) > _MAX_PREFIXES:
                return heads, False
            heads = {h + c for h in heads for c in chars}
            continue
        if op is _c.SUBPATTERN:
            heads, complete = _prefixes(av[-1], heads)
            if not complete:
                return heads, False
            continue
        if op is _c.BRANCH:
            grown: set[str] = set()
            complete = True
            for branch in av[1]:
                sub, whole = _prefixes(branch, heads)
                grown |= sub
                complete = complete and whole
                if len(grown) > _MAX_PREFIXES:
                    return heads, False
            heads = grown
            if not complete:
                return heads, False
            continue
        return heads, False
    return heads, True


def start_prefixes(pattern: str) -> frozenset[str] | None:
    """Lowercase strings one of which every match of `pattern` starts with, or None.

    With them a rule need not be run over a window around each place a literal occurs: the
    only places a match can start are where a prefix occurs, so `regex.match` there finds
    exactly what `finditer` over the whole text finds (prefilter.iter_matches). Lookarounds
    consume nothing and are skipped; the prefixes come from consumed literals only, so a
    match is never empty.
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return None
    heads, _ = _prefixes(parsed.data, {""})
    if not heads or not all(heads):
        return None
    # a prefix that starts with another adds only places the shorter one already gives
    return frozenset(h for h in heads if not any(o != h and h.startswith(o) for o in heads))


# ---- first characters: where a match can start ----------------------------------------------


def _class_source(op: Any, av: Any) -> str | None:
    """The inside of a character class matching what one item matches, or None."""
    if op is _c.LITERAL:
        return _escape(av)
    if op is not _c.IN:
        return None
    parts = []
    for kind, value in av:
        if kind is _c.LITERAL:
            parts.append(_escape(value))
        elif kind is _c.RANGE:
            parts.append(f"{_escape(value[0])}-{_escape(value[1])}")
        elif kind is _c.CATEGORY and value in _CATEGORY_SOURCE:
            parts.append(_CATEGORY_SOURCE[value][0])
        else:  # a negation, or a category without a class form
            return None
    return "".join(parts) or None


def _firsts(items: Sequence[Any], fold: bool = False) -> tuple[list[str], bool] | None:
    """(class parts, may be empty): the characters the first consumed character of a match of
    `items` is among; None when they cannot be listed (any character, a negated class, a
    back-reference, local flags other than `(?i:...)`). A part inside `(?i:...)` (`fold`)
    is marked with a leading "i"; the others with "-"."""
    mark = "i" if fold else "-"
    parts: list[str] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the first character is the next item's
        source = _class_source(op, av)
        if source is not None:
            parts.append(mark + source)
            return parts, False
        if op is _c.SUBPATTERN:
            add, remove = av[1], av[2]
            if remove or add & ~_IGNORECASE:
                return None
            inner = _firsts(av[-1], fold or bool(add))
        elif _ATOMIC is not None and op is _ATOMIC:
            inner = _firsts(av, fold)
        elif op is _c.BRANCH:
            empty = False
            union: list[str] = []
            for branch in av[1]:
                sub = _firsts(branch, fold)
                if sub is None:
                    return None
                union.extend(sub[0])
                empty = empty or sub[1]
            inner = (union, empty)
        elif op in _REPEATS:
            sub = _firsts(av[2], fold)
            if sub is None:
                return None
            inner = (sub[0], sub[1] or av[0] == 0)
        else:
            return None
        if inner is None:
            return None
        parts.extend(inner[0])
        if not inner[1]:
            return parts, False
    return parts, True


_IGNORECASE = 2  # re.IGNORECASE


def first_class(pattern: str, flags: int = 0) -> str | None:
    """What the first character of every match of `pattern` (compiled with `flags`) is among,
    as a lookahead body: a class (`[ADIadi]`), or with parts under `(?i:...)` an alternation
    (`[D]|(?i:[a])`); None when there is none: a pattern that can match the empty string, or
    starts with any character, a negated class or other local flags."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:
        return None
    found = _firsts(parsed.data)
    if found is None or found[1] or not found[0]:
        return None
    plain = "".join(dict.fromkeys(p[1:] for p in found[0] if p[0] == "-"))
    folded = "".join(dict.fromkeys(p[1:] for p in found[0] if p[0] == "i"))
    if not folded:
        return f"[{plain}]"
    either = [f"(?i:[{folded}])"]
    return "|".join(([f"[{plain}]"] if plain else []) + either)
