"""Find where every character-class trigger (anchors.Trigger) occurs, in one regex pass.

A trigger regex such as `[\\d][\\x2c][\\d]` costs a pass over the whole text even when it
never matches: Python's `re` tests the leading class at every character, ~5 ns each, so 29
distinct triggers cost ~0.8 ms per 5 KB article, most of the prefilter's time. A plain
alternation of them is worse (every alternative is tried at every position). What is cheap
is one class scanned in C: the triggers whose leading class is rare are therefore folded into

    [U](?:(?<=C1)(?=(R1))|(?<=C2)(?=(R2))|...)

where U is the union of their leading classes Ck and Rk the rest of trigger k. The regex
consumes one character per match, so every position in U is tried; only where some trigger
matches does Python see a match, and there the other triggers starting with that character are
tried one by one. The result is every start of every trigger, a superset of what a separate
`finditer` reports (which skips starts inside an earlier hit), so the rule windows built from it
only grow. Triggers with a common leading class (a space) keep a pass of their own, and so do
those led by one literal character, which `re` finds with a fast string search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A trigger whose leading class is expected more often than this per character is scanned on
#: its own: folded in, it would make the combined regex stop at most characters.
SHARED_SHARE = 0.05

_LEADING_CLASS = re.compile(r"\[(?:\\.|[^\]\\])+\]")

TriggerKey = tuple[str, int]  # (source, flags)


def split_leading_class(source: str) -> tuple[str, str] | None:
    """(leading class, rest) of a trigger source, or None when it does not start with a
    bracketed class used exactly once (a class followed by a quantifier cannot be split)."""
    m = _LEADING_CLASS.match(source)
    if m is None or m.group(0).startswith("[^"):
        return None
    rest = source[m.end() :]
    if rest[:1] in ("*", "+", "?", "{"):
        return None
    return m.group(0), rest


def _single_literal(cls: str) -> bool:
    """Is the class one literal character? `re` finds such a prefix with a fast string search,
    cheaper alone than as part of the combined class."""
    inner = cls[1:-1]
    return (
        len(inner) == 1
        or (inner.startswith("\\x") and len(inner) == 4)
        or (inner.startswith("\\u") and len(inner) == 6)
    )


class TriggerScan:
    """Start offsets of every trigger in a text: `scan(text) -> {key: [offsets]}`."""

    def __init__(self, keys: Iterable[TriggerKey], leading_share: dict[TriggerKey, float]) -> None:
        self.keys = list(dict.fromkeys(keys))
        self._single = {key: re.compile(key[0], key[1]) for key in self.keys}
        groups: dict[int, list[tuple[TriggerKey, str, str]]] = {}
        self._alone: list[TriggerKey] = []
        for key in self.keys:
            split = split_leading_class(key[0])
            if (
                split is None
                or leading_share.get(key, 1.0) > SHARED_SHARE
                or (_single_literal(split[0]) and split[1])
            ):
                self._alone.append(key)
                continue
            groups.setdefault(key[1], []).append((key, *split))
        #: per flags: (combined regex, keys by alternative, leading class regex per key)
        self._combined: list[tuple[re.Pattern[str], list[TriggerKey]]] = []
        self._leading: dict[TriggerKey, re.Pattern[str]] = {}
        for flags, members in groups.items():
            union = "".join(cls[1:-1] for _, cls, _ in members)
            body = "|".join(f"(?<={cls})(?=({rest}))" for _, cls, rest in members)
            try:
                combined = re.compile(f"[{union}](?:{body})", flags)
            except re.error:  # pragma: no cover - a source that cannot be folded
                self._alone.extend(key for key, _, _ in members)
                continue
            self._combined.append((combined, [key for key, _, _ in members]))
            for key, cls, _ in members:
                self._leading[key] = re.compile(cls, flags)
        #: (combined index, first matching alternative, character) -> later alternatives to try
        self._others: dict[tuple[int, int, str], tuple[TriggerKey, ...]] = {}

    def scan(self, text: str) -> dict[TriggerKey, list[int]]:
        found: dict[TriggerKey, list[int]] = {}
        for key in self._alone:
            found[key] = [m.start() for m in self._single[key].finditer(text)]
        for number, (combined, keys) in enumerate(self._combined):
            for key in keys:
                found[key] = []
            for m in combined.finditer(text):
                start = m.start()
                first = m.lastindex - 1  # type: ignore[operator]
                found[keys[first]].append(start)
                memo = (number, first, text[start])
                others = self._others.get(memo)
                if others is None:
                    others = self._others[memo] = tuple(
                        key for key in keys[first + 1 :] if self._leading[key].match(text[start])
                    )
                for key in others:
                    if self._single[key].match(text, start):
                        found[key].append(start)
        return found
