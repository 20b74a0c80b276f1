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

from ..document import Document
from ..findings import Finding
from ..prefilter import iter_matches
from ..regex_trie import trie_pattern
from .base import Rule, RuleSpecError, carry_case, normalise_key, strip_accents


@dataclass
class SubstituteRule(Rule):
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
        self, doc: Document, regions: Sequence[tuple[int, int]] | None = None
    ) -> Iterator[Finding]:
        """Findings in the whole text, or only in `regions` (the prefilter's windows)."""
        for m in iter_matches(self.regex, doc.prose, regions):
            start, end = m.span()
            key = normalise_key(m.group(0))
            if self.ignore_case:
                key = key.casefold()
            entry = self.entries.get(key)
            if entry is None or not self.allowed(doc, start, end):
                continue
            wrong, suggestions = entry
            cased = tuple(carry_case(m.group(0), s) for s in suggestions)
            yield self.make_finding(
                doc, start, end, cased, values={"note": self.notes.get(wrong, "")}
            )

    def dictionary(self) -> dict[str, tuple[str, ...]]:
        """The entries as written in the pack (key -> suggestions), without generated variants."""
        return {wrong: suggestions for wrong, suggestions in self.entries.values()}

    def describe_options(self) -> dict[str, Any]:
        return {"entries": len(self.dictionary())}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_regex"] = None
        return state


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
