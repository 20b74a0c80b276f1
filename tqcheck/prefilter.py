"""One pass over the text decides which rules can match, and where.

Running ~200 regexes over every article costs ~200 passes, most of them finding nothing. The
prefilter puts the literal anchors of every rule (anchors.py) into one Aho-Corasick automaton and
runs it once over the lowercased text. A rule none of whose anchors occurs is skipped; a regex
rule whose anchors occur is run only in the regions around them, so a 20 MB file costs a
regex pass over a few kilobytes per rule, not 20 MB per rule. Adding a pack adds anchors to
the automaton, not passes over the text.

Rules that declare `literal = False` (statistical detectors) and rules with no derivable anchor
always run over the whole text.

pyahocorasick (C) does the pass when installed; otherwise a pure-Python fallback with the same
results (one `re` lookahead alternation) does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import regex_cache
from .anchors import (
    Anchors,
    Trigger,
    anchors_share,
    first_class,
    key_anchor,
    leading_class_share,
    literal_anchors,
    regex_anchors,
    regex_trigger,
    start_prefixes,
)
from .regex_cache import precompiled
from .regex_guard import is_risky
from .trigger_scan import TriggerScan
from .word_share import expected_share

#: The text is lowercased and scanned in chunks so a 20 MB file never has a second 20 MB copy.
CHUNK = 1 << 20

#: Anchors expected more often than this per character ("," or "e" or "the") occur in nearly
#: every text: listing every place they occur would cost more than it saves, so such a rule
#: only asks "does one occur at all?" (a C substring test) and then runs over the whole text,
#: unless a character-class trigger (anchors.Trigger) narrows it better.
COARSE_SHARE = 2e-3

#: A trigger is used when it is expected less often than this (and less than the anchors).
TRIGGER_SHARE = 0.05

Region = tuple[int, int]


def rule_anchors(rule: Any) -> Anchors | None:
    """Anchors of a rule, or None when it must always run.

    A rule kind may provide its own with a `prefilter_anchors()` method; the shipped kinds are
    read here so their modules need not know about the prefilter.
    """
    if not getattr(rule, "literal", True):
        return None
    # Parsing ~200 regexes costs ~0.1 s, so the result is kept on the rule itself: it travels
    # with the rule into the compiled-pack cache and to distributed workers.
    memo = getattr(rule, "__dict__", {})
    if _MEMO in memo:
        return memo[_MEMO]  # type: ignore[no-any-return]
    anchors = _derive(rule)
    if hasattr(rule, "__dict__"):
        rule.__dict__[_MEMO] = anchors
    return anchors


_MEMO = "_prefilter_anchors"


def _derive(rule: Any) -> Anchors | None:
    custom = getattr(rule, "prefilter_anchors", None)
    if custom is not None:
        return custom()  # type: ignore[no-any-return]
    kind = getattr(rule, "kind_name", "")
    if kind == "substitute":
        return literal_anchors(rule.entries)
    if kind == "pattern":
        return regex_anchors([rule.pattern])
    if kind == "boilerplate":
        return regex_anchors(list(rule.lines))
    return None


def rule_trigger(rule: Any) -> Trigger | None:
    """The character-class trigger of a pattern rule (memoised on the rule like its anchors)."""
    if getattr(rule, "kind_name", "") != "pattern":
        return None
    memo = getattr(rule, "__dict__", {})
    if _TRIGGER_MEMO in memo:
        return memo[_TRIGGER_MEMO]  # type: ignore[no-any-return]
    trigger = regex_trigger(rule.pattern)
    if hasattr(rule, "__dict__"):
        rule.__dict__[_TRIGGER_MEMO] = trigger
    return trigger


_TRIGGER_MEMO = "_prefilter_trigger"


def rule_starts(rule: Any) -> frozenset[str] | None:
    """The literal prefixes of a pattern rule (anchors.start_prefixes), memoised on the rule."""
    if getattr(rule, "kind_name", "") != "pattern":
        return None
    memo = getattr(rule, "__dict__", {})
    if _STARTS_MEMO in memo:
        return memo[_STARTS_MEMO]  # type: ignore[no-any-return]
    # A guarded pattern (regex_guard) runs on the `regex` module, whose `match` without an end
    # reads on to the end of the text: tried at each prefix, a 20 MB file would cost
    # a scan per hit. Such a rule keeps its windows.
    starts = None if is_risky(rule.pattern) else start_prefixes(rule.pattern)
    if hasattr(rule, "__dict__"):
        rule.__dict__[_STARTS_MEMO] = starts
    return starts


_STARTS_MEMO = "_prefilter_starts"


class Starts(list[int]):
    """Offsets where a match may start (sorted, distinct): given to a rule instead of regions,
    it is tried there with `regex.match` (see iter_matches)."""


#: Rough costs in microseconds, for choosing how to run a rule: one `regex.match` at a place a
#: prefix occurs (with its automaton hit), one anchor hit, and one character of window scanned.
MATCH_COST = 1.2
HIT_COST = 0.3
SCAN_COST = 0.05


def _starts_pay(prefixes: frozenset[str], anchors: Anchors | None) -> bool:
    """Is trying the rule at its prefixes expected to cost less than scanning windows around
    its anchors? Per character of text: a prefix hit costs one match; an anchor hit costs its
    window (2 * width characters), and the windows of one text never exceed the text."""
    if anchors_share(prefixes) > COARSE_SHARE:  # a single common character: no
        return False
    by_prefix = expected_share(prefixes, anchors_share(prefixes)) * MATCH_COST
    if anchors is None:
        return True
    per_anchor = expected_share(anchors.strings, anchors_share(anchors.strings))
    window = 2 * anchors.width + max(len(s) for s in anchors.strings)
    by_window = per_anchor * HIT_COST + min(per_anchor * window, 1.0) * SCAN_COST
    return by_prefix <= by_window


#: A trigger with a digit class is used instead of literal anchors expected this many times
#: more often ("at " in `at (?:the )?hours? \d\d[.:]\d\d`).
FIGURES_GAIN = 20


def _figures_pay(trigger: Trigger, anchors: Anchors, prefixes: frozenset[str] | None) -> bool:
    """Should a rule with literal anchors run around its trigger instead? Only when the trigger
    holds a digit class: the character model knows figures are rare among words, while its
    guess for a run of letters (`time`) is no better than the anchors' own."""
    if trigger.share >= TRIGGER_SHARE or not all(_has_digits(p) for p in trigger.patterns):
        return False
    literal = expected_share(anchors.strings, anchors_share(anchors.strings))
    if prefixes is not None:
        literal = min(literal, expected_share(prefixes, anchors_share(prefixes)))
    return trigger.share * FIGURES_GAIN < literal


def _has_digits(source: str) -> bool:
    """Does a trigger source hold a class of digits only (`[\\d]`, `[0-5]`, `[0\\d]`)?"""
    return any(_DIGITS_ONLY.fullmatch(token) for token in _TOKEN.findall(source))


_TOKEN = precompiled(r"\[(?:\\.|[^\]\\])+\]")
_DIGITS_ONLY = precompiled(r"\[(?:\\d|[0-9](?:-[0-9])?)+\]")


class KeyHits(dict[str, list[int]]):
    """Where each anchor of a dictionary rule occurs (anchor -> offsets): given to the rule
    instead of regions (SubstituteRule.find_keys)."""


def _regionable(rule: Any) -> bool:
    """Kinds whose `find` accepts regions (a regex scanned between offsets; boilerplate looks
    only at the lines they overlap)."""
    return getattr(rule, "kind_name", "") in ("pattern", "substitute", "boilerplate")


@dataclass
class Plan:
    """What to run on one text: (rule index, rule to run, regions or None for the whole text).
    The rule to run is the ruleset's own, or a dictionary rule narrowed to the keys that can
    match (its findings carry the same id, message and fix)."""

    runs: list[tuple[int, Any, list[Region] | None]]


class Prefilter:
    """The combined automaton of a rule list. Build once per ruleset; safe to share and pickle
    (the automaton is rebuilt after unpickling, from the rules)."""

    def __init__(self, rules: Sequence[Any]) -> None:
        self.count = len(rules)
        self.rules = list(rules)
        #: rule id -> position, built once here rather than for every text (engine.rule_order)
        self.order = {rule.id: index for index, rule in enumerate(rules)}
        self.always: list[int] = []
        self.anchors: list[Anchors | None] = []
        self.regionable: list[bool] = []
        #: rules run around the hits of their character-class trigger instead of anchors
        self.triggers: dict[int, Trigger] = {}
        #: rules tried with `match` where one of their literal prefixes occurs
        self.starts: set[int] = set()
        for index, rule in enumerate(rules):
            anchors = rule_anchors(rule)
            regionable = _regionable(rule)
            prefixes = rule_starts(rule) if anchors is not None else None
            figures = rule_trigger(rule) if regionable and anchors is not None else None
            if figures is not None and _figures_pay(figures, anchors, prefixes):
                self.triggers[index] = figures
                self.anchors.append(None)
                self.regionable.append(regionable)
                continue
            if prefixes is not None and _starts_pay(prefixes, anchors):
                self.starts.add(index)
                self.anchors.append(Anchors(prefixes, 0, 0))
                self.regionable.append(regionable)
                continue
            share = anchors_share(anchors.strings) if anchors is not None else 1.0
            trigger = rule_trigger(rule) if regionable and share > COARSE_SHARE else None
            if trigger is not None and trigger.share < min(share, TRIGGER_SHARE):
                self.triggers[index] = trigger
                anchors = None
            elif anchors is None:
                self.always.append(index)
            self.anchors.append(anchors)
            self.regionable.append(regionable)
        self._build()

    def _build(self) -> None:
        # Dictionary rules are narrowed to the keys whose anchor occurs (see `narrowed`).
        self._keys_by_anchor: dict[int, dict[str, list[str]]] = {}
        self._narrowed: dict[tuple[int, frozenset[str]], Any] = {}
        for index, rule in enumerate(self.rules):
            if getattr(rule, "kind_name", "") == "substitute" and self.anchors[index] is not None:
                by_anchor: dict[str, list[str]] = {}
                for key in rule.entries:
                    by_anchor.setdefault(key_anchor(key), []).append(key)
                self._keys_by_anchor[index] = by_anchor
        owners: dict[str, list[int]] = {}
        #: dictionary rules owning an anchor: a hit counts only between word boundaries
        word_owners: dict[str, list[int]] = {}
        #: rules with a short anchor: (index, strings), tested by presence only
        self._coarse: list[tuple[int, tuple[str, ...]]] = []
        for index, anchors in enumerate(self.anchors):
            if anchors is None:
                continue
            if anchors_share(anchors.strings) > COARSE_SHARE:
                self._coarse.append((index, tuple(sorted(anchors.strings, key=len))))
                continue
            whole_words = index in self._keys_by_anchor
            for s in anchors.strings:
                (word_owners if whole_words else owners).setdefault(s, []).append(index)
        self._owners = {
            s: (tuple(owners.get(s, ())), tuple(word_owners.get(s, ())))
            for s in {*owners, *word_owners}
        }
        self.longest = max((len(s) for s in self._owners), default=1)
        self._scanner = _make_scanner(self._owners)
        keys = [(source, t.flags) for t in self.triggers.values() for source in t.patterns]
        self._trigger_scan = TriggerScan(keys, leading_class_share)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in (
            "_scanner",
            "_owners",
            "_coarse",
            "_keys_by_anchor",
            "_narrowed",
            "_trigger_scan",
        ):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build()

    def hits(
        self, text: str
    ) -> tuple[dict[int, list[int]], dict[int, dict[str, list[int]]], set[int], bool]:
        """One pass: anchor hit offsets per rule; where each anchor hit, per dictionary rule; the
        coarse rules whose anchor occurs; whether offsets are exact (lowercasing kept every
        character one character long).

        A dictionary rule's anchor is a whole word of a key, and its regex requires no word
        character before or after the key; inside the key a word is bounded by whitespace or an
        apostrophe. So a hit of such an anchor with a word character beside it ("ue" in
        "league") cannot be part of a match and is dropped here, before it costs a narrowed
        regex and a window. Lowercasing maps word characters to word characters, so the test
        on the lowercased text drops nothing the regex could match.
        """
        per_rule: dict[int, list[int]] = {}
        strings_hit: dict[int, dict[str, list[int]]] = {}
        present: set[int] = set()
        exact = True
        overlap = self.longest - 1
        narrowable = self._keys_by_anchor
        for chunk_start in range(0, len(text), CHUNK):
            chunk_end = min(len(text), chunk_start + CHUNK)
            piece = text[chunk_start : chunk_end + overlap]
            low = piece.lower()
            if len(low) != len(piece):
                exact = False
            for index, strings in self._coarse:
                if index not in present and any(s in low for s in strings):
                    present.add(index)
            limit = chunk_end - chunk_start  # hits starting in the overlap belong to the next
            size = len(low)
            for last, (string, owners, word_owners, back) in self._scanner(low):
                start = last - back
                if start >= limit and exact:
                    continue
                for index in owners:
                    per_rule.setdefault(index, []).append(chunk_start + start)
                if not word_owners:
                    continue
                end = last + 1
                if exact and (
                    (start > 0 and _is_word(low[start - 1])) or (end < size and _is_word(low[end]))
                ):
                    continue
                for index in word_owners:
                    per_rule.setdefault(index, []).append(chunk_start + start)
                    if index in narrowable:
                        strings_hit.setdefault(index, {}).setdefault(string, []).append(
                            chunk_start + start
                        )
        return per_rule, strings_hit, present, exact

    def plan(self, text: str) -> Plan:
        """Which rules to run on `text`, in rule order, each with its regions."""
        per_rule, strings_hit, present, exact = self.hits(text)
        runs: list[tuple[int, Any, list[Region] | None]] = [
            (i, self.rules[i], None) for i in (*self.always, *present)
        ]
        for index, starts in per_rule.items():
            rule = self.rules[index]
            if index in strings_hit:
                # Case-sensitive keys are compared at their anchors' hits in Python
                # (SubstituteRule.find_keys); others get a regex of the keys whose anchor hit.
                if exact and hasattr(rule, "find_keys") and not rule.ignore_case:
                    runs.append((index, rule, KeyHits(strings_hit[index])))
                    continue
                rule = self.narrowed(index, frozenset(strings_hit[index]))
            anchors = self.anchors[index]
            if not exact or not self.regionable[index] or anchors is None:
                runs.append((index, rule, None))
                continue
            if index in self.starts:
                runs.append((index, rule, Starts(sorted(set(starts)))))
                continue
            runs.append((index, rule, _regions(starts, anchors, len(text), self.longest)))
        found = self._trigger_scan.scan(text) if self.triggers else {}
        for index, trigger in self.triggers.items():
            starts: list[int] = []
            for source in trigger.patterns:
                starts.extend(found[(source, trigger.flags)])
            if starts:
                # finditer does not report a hit that starts inside the previous one, so the
                # window after a hit reaches one trigger length further
                after = trigger.reach + 2 * trigger.length
                runs.append(
                    (index, self.rules[index], _windows(starts, trigger.width, after, len(text)))
                )
        runs.sort(key=lambda run: run[0])
        return Plan(runs)

    def narrowed(self, index: int, strings: frozenset[str]) -> Any:
        """A dictionary rule keeping only the keys whose anchor occurs in the text.

        A key whose anchor is absent cannot match anywhere in the text, so dropping it changes
        no match; the regex of a few keys compiles in microseconds where the full dictionary's
        takes tens of milliseconds. Narrowed rules are remembered per set of anchors.
        """
        memo_key = (index, strings)
        rule = self._narrowed.get(memo_key)
        if rule is None:
            by_anchor = self._keys_by_anchor[index]
            keys = {k for s in strings for k in by_anchor.get(s, ())}
            full = self.rules[index]
            rule = replace(full, entries={k: v for k, v in full.entries.items() if k in keys})
            if len(self._narrowed) > 4096:
                self._narrowed.clear()
            self._narrowed[memo_key] = rule
        return rule


def _is_word(ch: str) -> bool:
    """Is `ch` matched by `\\w` (Python's `re`, str patterns)?"""
    return ch.isalnum() or ch == "_"


def _regions(starts: list[int], anchors: Anchors, length: int, longest: int) -> list[Region]:
    """Merged windows around anchor hits that hold every match containing one of them.

    A match containing an anchor at p starts at or after p - width and, lookaheads included,
    reads nothing past p + len(anchor) + reach. Lookbehinds may read before a region's start
    (Python's `re` sees the text before `pos`), so nothing is needed on that side.
    """
    return _windows(starts, anchors.width, anchors.reach + longest, length)


def _windows(starts: list[int], before: int, after: int, length: int) -> list[Region]:
    """Merged windows [p - before, p + after] around the hit offsets `starts`."""
    regions: list[Region] = []
    starts.sort()
    lo = starts[0] - before
    hi = starts[0] + after
    for p in starts:
        if p - before <= hi:
            if p + after > hi:
                hi = p + after
            continue
        regions.append((lo if lo > 0 else 0, hi if hi < length else length))
        lo, hi = p - before, p + after
    regions.append((lo if lo > 0 else 0, hi if hi < length else length))
    return regions


def iter_matches(
    regex: re.Pattern[str], text: str, regions: Sequence[Region] | None, fast: bool = False
) -> Iterator[re.Match[str]]:
    """`regex.finditer(text)`, restricted to `regions` when given.

    With `Starts`, the regex is tried with `match` at each offset not inside the previous
    match: since every match starts at one of them, that is what `finditer` over the whole
    text finds, at the cost of one call per offset instead of a scan of a window.
    With `fast`, scans use `scanning_regex(regex)` (for a regex used again and again: building
    it costs a compilation).
    """
    if isinstance(regions, Starts):
        match = regex.match
        end = 0
        for start in regions:
            if start < end:
                continue
            m = match(text, start)
            if m is not None:
                yield m
                end = m.end()
        return
    scan = scanning_regex(regex) if fast else regex
    if regions is None:
        yield from scan.finditer(text)
        return
    for lo, hi in regions:
        yield from scan.finditer(text, lo, hi)


def scanning_regex(regex: Any) -> Any:
    """`regex` led by a lookahead of the characters its matches can start with: the same
    matches, groups and spans, found faster by `finditer`.

    Python's `re` tries a pattern led by `\b`, a lookbehind or an alternation at every
    position of a scan; a one-class lookahead fails at most positions before any of that is
    tried (`fr-ff-delay`, an alternation of 50 words after `\b`, scans a third faster). A
    time-limited pattern (regex_guard) and a pattern whose first character cannot be listed
    are used as they are. The led pattern's text comes from `register_scanning` when the
    prefilter cache stored it, and its code from the regex code table: reading the first
    class off the parse tree and compiling took ~12 ms of a one-article run.
    """
    key = (regex.pattern, regex.flags) if isinstance(regex, re.Pattern) else None
    if key is None:
        return regex
    found = _SCANNING.get(key)
    if found is None:
        plain = key[1] & ~re.UNICODE
        source = _SCANNING_SOURCES.get((key[0], plain), _UNKNOWN)
        if source is _UNKNOWN:
            source = scanning_source(key[0], key[1])
        found = regex
        if source is not None:
            try:
                found = regex_cache.compile(source, plain)
            except re.error:  # pragma: no cover - a class the parser gave cannot be wrong
                found = regex
            if found.groups != regex.groups or found.groupindex != regex.groupindex:
                found = regex  # pragma: no cover
        if len(_SCANNING) > 4096:
            _SCANNING.clear()
        _SCANNING[key] = found
    return found


def scanning_source(pattern: str, flags: int = 0) -> str | None:
    """The text of `scanning_regex`'s pattern for (pattern, flags); None: use it as it is."""
    cls = first_class(pattern, flags)
    if cls is None:
        return None
    head = _GLOBAL_FLAGS.match(pattern)
    at = head.end() if head else 0
    return f"{pattern[:at]}(?={cls}){pattern[at:]}"


def scanning_sources(rules: Sequence[Any]) -> dict[tuple[str, int], str | None]:
    """`scanning_source` of every pattern rule's regex (flags without re.UNICODE), for the
    prefilter cache: what `scanning_regex` would otherwise work out in each process."""
    found: dict[tuple[str, int], str | None] = {}
    for rule in rules:
        if getattr(rule, "kind", None) != "pattern":
            continue
        regex = getattr(rule, "regex", None)
        if isinstance(regex, re.Pattern) and isinstance(regex.pattern, str):
            found[(regex.pattern, regex.flags & ~re.UNICODE)] = scanning_source(
                regex.pattern, regex.flags
            )
    return found


def register_scanning(sources: object) -> None:
    """Use stored `scanning_sources` (from the prefilter cache); anything else is ignored."""
    if isinstance(sources, dict):
        _SCANNING_SOURCES.update(sources)


_SCANNING: dict[tuple[str, int], Any] = {}
#: (pattern, flags without re.UNICODE) -> `scanning_source`, as stored with the prefilter.
_SCANNING_SOURCES: dict[tuple[str, int], str | None] = {}
_UNKNOWN = object()
#: Global inline flags must stay at the very start of a pattern.
_GLOBAL_FLAGS = precompiled(r"(?:\(\?[aiLmsux]+\))+")


# ---- the scanners --------------------------------------------------------------------------


def _make_scanner(owners: dict[str, tuple[Any, Any]]) -> Any:
    """A function text -> iterable of (end, (anchor, owners, word owners, len - 1)) for every
    occurrence of every anchor, `end` being the offset of its last character.

    The automaton's own C iterator is returned as it is: the caller's loop is the only Python
    code run per hit (a 20 MB file has close to a million).
    """
    if not owners:
        return lambda text: ()
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - exercised by a test that hides the module
        return _RegexScanner(owners)
    automaton = ahocorasick.Automaton()
    for s, (who, words) in owners.items():
        automaton.add_word(s, (s, who, words, len(s) - 1))
    automaton.make_automaton()
    return automaton.iter


class _RegexScanner:
    """Pure-Python fallback: a lookahead alternation reports, at every position, the longest
    anchor starting there; the anchors that are prefixes of it start there too."""

    def __init__(self, owners: dict[str, tuple[Any, Any]]) -> None:
        ordered = sorted(owners, key=lambda s: (-len(s), s))
        self.regex = re.compile("(?=(" + "|".join(re.escape(s) for s in ordered) + "))")
        self.owners = owners

    def __call__(self, text: str) -> Iterator[tuple[int, tuple[str, Any, Any, int]]]:
        for m in self.regex.finditer(text):
            s = m.group(1)
            for k in range(1, len(s) + 1):
                who = self.owners.get(s[:k])
                if who:
                    yield m.start() + k - 1, (s[:k], who[0], who[1], k - 1)
