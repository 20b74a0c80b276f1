"""`substitute`: a dictionary of wrong -> right forms, matched as whole words.

Name forms are the biggest dictionaries (hundreds of entries per pack), so one rule compiles to
one alternation and finds every entry in one pass; the matched text is then looked up to find
its replacement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..anchors import key_anchor
from ..document import Document
from ..findings import Finding
from ..prefilter import KeyHits, iter_matches
from ..regex_cache import precompiled
from ..regex_trie import trie_pattern
from .base import Rule, RuleSpecError, carry_case, normalise_key, strip_accents


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class SubstituteRule(Rule):
    """A dictionary of wrong -> right forms, found in one pass by one alternation."""

    kind_name = "substitute"
    kind_keys = frozenset({"swap", "ignore_case", "fold_accents", "notes"})

    #: normalised variant (casefolded when ignore_case) -> (dictionary key, suggestions)
    entries: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    ignore_case: bool = False
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> SubstituteRule:
        swap = spec.get("swap")
        if not isinstance(swap, Mapping) or not swap:
            raise RuleSpecError("'swap' must be a non-empty mapping of wrong -> right", "swap")
        ignore_case = _flag(spec, "ignore_case", False)
        fold_accents = _flag(spec, "fold_accents", True)
        notes = spec.get("notes") or {}
        if not isinstance(notes, Mapping):
            raise RuleSpecError("'notes' must be a mapping of entry -> note", "notes")
        entries: dict[str, tuple[str, tuple[str, ...]]] = {}
        for wrong, right in swap.items():
            if not isinstance(wrong, str) or not wrong.strip():
                raise RuleSpecError(f"'swap' key {wrong!r} must be a non-empty string", "swap")
            suggestions = _suggestions(wrong, right)
            variants = {wrong}
            folded = strip_accents(wrong)
            if fold_accents and folded.lower() not in {s.lower() for s in suggestions}:
                variants.add(folded)
            if not ignore_case:
                variants |= {v.upper() for v in variants}
            for variant in variants:
                key = normalise_key(variant)
                key = key.casefold() if ignore_case else key
                entries.setdefault(key, (wrong, suggestions))
        return cls(
            **common,
            entries=entries,
            notes={str(k): str(v) for k, v in notes.items()},
            ignore_case=ignore_case,
        )

    @property
    def regex(self) -> re.Pattern[str]:
        """Every variant in one trie-shaped regex (longest key wins), compiled on first use."""
        if self._regex is None:
            body = trie_pattern(self.entries)
            flags = re.IGNORECASE if self.ignore_case else 0
            self._regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
        return self._regex

    def literals(self) -> list[str]:
        """Every variant, for the prefilter."""
        return list(self.entries)

    def find(
        self, doc: Document, regions: Sequence[tuple[int, int]] | KeyHits | None = None
    ) -> Iterator[Finding]:
        """Findings in the whole text, or only in `regions` (the prefilter's windows), or at
        the anchor hits of a KeyHits (find_keys)."""
        prose = doc.prose
        if isinstance(regions, KeyHits):
            spans = self.find_keys(prose, regions)
        else:
            spans = [m.span() for m in iter_matches(self.regex, prose, regions)]
        for start, end in spans:
            matched = prose[start:end]
            key = normalise_key(matched)
            if self.ignore_case:
                key = key.casefold()
            entry = self.entries.get(key)
            if entry is None or not self.allowed(doc, start, end):
                continue
            wrong, suggestions = entry
            cased = _cased(matched, wrong, suggestions, _opens_sentence(prose, start))
            yield self.make_finding(
                doc, start, end, cased, values={"note": self.notes.get(wrong, "")}
            )

    def find_keys(self, prose: str, hits: KeyHits) -> list[tuple[int, int]]:
        """The spans `self.regex.finditer(prose)` finds, computed from the anchor hits alone.

        Compiling a regex of the keys whose anchor occurs cost ~0.25 ms an article (a new set
        of names in nearly every one); comparing the few keys of each anchor at its hits costs
        microseconds. For case-sensitive keys at most one branch of the dictionary's trie can
        go on at each character, so its regex matches the longest key at a position; taking,
        left to right, the longest key match at each position the previous match does not
        cover is what its finditer does. Every key match contains its anchor word, so every
        match is seen from some hit.
        """
        shapes = self._shapes()
        longest: dict[int, int] = {}
        for anchor, positions in hits.items():
            for key, offset in shapes.get(anchor, ()):
                for hit in positions:
                    span = match_key(prose, hit, key, offset, len(anchor))
                    if span is not None and span[1] > longest.get(span[0], -1):
                        longest[span[0]] = span[1]
        spans: list[tuple[int, int]] = []
        covered = 0
        for start in sorted(longest):
            if start >= covered:
                covered = longest[start]
                spans.append((start, covered))
        return spans

    def _shapes(self) -> dict[str, list[tuple[str, int]]]:
        """anchor -> (key, offset of the anchor word in the key), built on first use."""
        shapes: dict[str, list[tuple[str, int]]] | None = self.__dict__.get("_key_shapes")
        if shapes is None:
            shapes = self.__dict__["_key_shapes"] = {}
            for key in self.entries:
                anchor = key_anchor(key)
                if anchor:
                    shapes.setdefault(anchor, []).append((key, _anchor_offset(key, anchor)))
        return shapes

    def dictionary(self) -> dict[str, tuple[str, ...]]:
        """The entries as written in the pack (key -> suggestions), without generated variants."""
        return {wrong: suggestions for wrong, suggestions in self.entries.values()}

    def describe_options(self) -> dict[str, Any]:
        return {"entries": len(self.dictionary())}

    def __getstate__(self) -> dict[str, Any]:
        # `_key_shapes` travels: it follows from `entries` alone, and the pack cache stores it
        # (built in cache._warm) so a run does not rebuild it (~2 ms for the shipped names)
        state = dict(self.__dict__)
        state["_regex"] = None
        return state


def _anchor_offset(key: str, anchor: str) -> int:
    """Where the word `key_anchor` chose starts in the key (words split at spaces and
    apostrophes, as there)."""
    for m in _KEY_WORD.finditer(key):
        if m.group(0).lower() == anchor:
            return m.start()
    raise ValueError(f"anchor {anchor!r} is not a word of {key!r}")  # pragma: no cover


_KEY_WORD = precompiled(r"[^ '’]+")


def _is_word(ch: str) -> bool:
    """Is `ch` matched by `\\w` (`re`, str patterns)?"""
    return ch.isalnum() or ch == "_"


def match_key(prose: str, hit: int, key: str, offset: int, length: int) -> tuple[int, int] | None:
    """The span of `key` matched as the dictionary regex would (a space: any run of
    whitespace; an apostrophe: ' or ’; no word character before or after), with the anchor
    word at offset `offset` of the key found at `hit` of the text; None if it does not match.
    """
    if prose[hit : hit + length] != key[offset : offset + length]:
        return None
    p = hit - 1
    for c in reversed(key[:offset]):
        if c == " ":
            if p < 0 or not prose[p].isspace():
                return None
            while p >= 0 and prose[p].isspace():
                p -= 1
        elif p < 0 or (prose[p] != c and not (c == "'" and prose[p] == "’")):
            return None
        else:
            p -= 1
    start = p + 1
    if start > 0 and _is_word(prose[start - 1]):
        return None
    q, size = hit + length, len(prose)
    for c in key[offset + length :]:
        if c == " ":
            if q >= size or not prose[q].isspace():
                return None
            while q < size and prose[q].isspace():
                q += 1
        elif q >= size or (prose[q] != c and not (c == "'" and prose[q] == "’")):
            return None
        else:
            q += 1
    if q < size and _is_word(prose[q]):
        return None
    return start, q


def _flag(spec: Mapping[str, Any], key: str, default: bool) -> bool:
    value = spec.get(key, default)
    if not isinstance(value, bool):
        raise RuleSpecError(f"'{key}' must be true or false", key)
    return value


def _suggestions(wrong: str, right: Any) -> tuple[str, ...]:
    values = right if isinstance(right, list) else [right]
    if not values or not all(isinstance(v, str) for v in values):
        raise RuleSpecError(
            f"'swap' value for {wrong!r} must be a string or a list of strings", "swap"
        )
    return tuple(values)


def _cased(matched: str, key: str, suggestions: tuple[str, ...], opens: bool) -> tuple[str, ...]:
    """The suggestions in the case the sentence needs.

    A match written exactly as its key has the key's own capitals, which belong to the word
    (CDI, Smic, Cisjordanie) and say nothing about the sentence: the suggestion keeps the
    table's case ('permanent contract', 'the West Bank'), with a capital only where the match
    opens a sentence. A match in another case than its key (ETATS-UNIS in a headline for
    États-Unis) carries that case over.
    """
    if normalise_key(matched) != normalise_key(key):
        return tuple(carry_case(matched, s) for s in suggestions)
    if opens:
        return tuple(s[:1].upper() + s[1:] if s[:1].islower() else s for s in suggestions)
    return suggestions


#: what may stand between a sentence's end and its first word: spaces, opening quotes, brackets
_OPENERS = frozenset(" \t\u00a0\"'“‘«([")


def _opens_sentence(prose: str, start: int) -> bool:
    """Does the word at `start` begin a sentence (text, paragraph or line start, or after the
    end of the previous sentence)?"""
    i = start
    while i > 0 and prose[i - 1] in _OPENERS:
        i -= 1
    return i == 0 or prose[i - 1] in ".!?:\n\r…"
