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
from collections.abc import Callable, Iterable
from typing import Any

from .regex_cache import precompiled

#: A trigger whose leading class is expected more often than this per character is scanned on
#: its own: folded in, it would make the combined regex stop at most characters.
SHARED_SHARE = 0.05

_TOKEN = precompiled(r"\[(?:\\.|[^\]\\])+\](?:\{\d*,?\d*\}|[*+?])?")

TriggerKey = tuple[str, int]  # (source, flags)


def _single_literal(cls: str) -> bool:
    """Is the class one literal character? `re` finds such a prefix with a fast string search,
    cheaper alone than as part of the combined class."""
    inner = cls[1:-1]
    return (
        len(inner) == 1
        or (inner.startswith("\\x") and len(inner) == 4)
        or (inner.startswith("\\u") and len(inner) == 6)
    )


def rotate(source: str, share: Callable[[str], float]) -> tuple[int, str, str] | None:
    """(offset, behind, rest): the trigger rewritten to start at its rarest class.

    `[ ][,.]` stops at every space; `(?<=[ ])[,.]` only at commas and periods, and a hit at p
    means the trigger starts at p - offset. Only classes before the first quantified one can
    lead (a lookbehind must have a fixed width). `behind` is the classes up to and including
    the new leading one, `rest` what follows it.
    """
    tokens = _TOKEN.findall(source)
    if not tokens or "".join(tokens) != source or tokens[0].startswith("[^"):
        return None
    best, best_share = -1, 2.0
    for index, token in enumerate(tokens):
        if not token.endswith("]"):
            break
        if token.startswith("[^"):
            continue
        token_share = share(token)
        if token_share < best_share:
            best, best_share = index, token_share
    if best < 0:
        return None
    return best, "".join(tokens[: best + 1]), "".join(tokens[best + 1 :])


def _fold(source: str, share: Callable[[str], float]) -> tuple[int, str, str] | None:
    """rotate(source), when the trigger can join the combined pass: its new leading class is
    rare, and it is not led by one literal character (found faster alone)."""
    turned = rotate(source, share)
    if turned is None:
        return None
    offset, behind, rest = turned
    lead = _TOKEN.findall(behind)[-1]
    if share(lead) > SHARED_SHARE or (offset == 0 and rest and _single_literal(lead)):
        return None
    return turned


def cut(source: str, share: Callable[[str], float]) -> str | None:
    r"""The part of a trigger from its rarest class on, when that class follows a quantified
    one (`[drotu][\s]+[IVX][IVX]{0,4}[èe]` -> `[IVX][IVX]{0,4}[èe]`), else None.

    Every occurrence of the trigger contains one of the part, so the part's starts stand in
    for the trigger's: a rule match containing the trigger contains a start of the part, and
    the prefilter's window around a hit (the rule's width before it, its reach after it)
    holds every match containing that hit. The part is scanned from a class `re` stops at
    rarely, so it joins the combined pass instead of a pass of its own.
    """
    tokens = _TOKEN.findall(source)
    if not tokens or "".join(tokens) != source:
        return None
    best, best_share, segment, best_segment = -1, 2.0, 0, 0
    for index, token in enumerate(tokens):
        if not token.endswith("]"):
            segment = index + 1
            continue
        if token.startswith("[^"):
            continue
        token_share = share(token)
        if token_share < best_share:
            best, best_share, best_segment = index, token_share, segment
    if best < 0 or best_segment == 0:
        return None
    return "".join(tokens[best_segment:])


#: A class of capital letters only, in a case-sensitive trigger (`[IVX]`, `[U]`).
_CAPITALS = precompiled(r"\[(?:[A-Z](?:-[A-Z])?)+\]")


def _case_share(share: Callable[[str], float], token: str, flags: int) -> float:
    """share(token), a tenth of it for a class of capitals in a case-sensitive trigger: the
    character model rates a letter for both cases, and capitals are the rare ones."""
    value = share(token)
    if not flags & re.IGNORECASE and _CAPITALS.fullmatch(token):
        return value / 10
    return value


#: A class of digits only: `\d`, digits and ranges of digits.
_DIGIT_CLASS = precompiled(r"\[(?:\\d|[0-9](?:-[0-9])?)+\]")


def _plain_lead(lead: str) -> str:
    r"""`[\d0-3]` and `[1-3\d]` are `[\d]`: ASCII digits beside `\d` add nothing."""
    if _DIGIT_CLASS.fullmatch(lead) and "\\d" in lead:
        return "[\\d]"
    return lead


class TriggerScan:
    """Start offsets of every trigger in a text: `scan(text) -> {key: [offsets]}`."""

    def __init__(self, keys: Iterable[TriggerKey], share: Callable[[str], float]) -> None:
        self.keys = list(dict.fromkeys(keys))
        self._single = {key: re.compile(key[0], key[1]) for key in self.keys}
        groups: dict[int, list[tuple[TriggerKey, int, str, str]]] = {}
        self._alone: list[TriggerKey] = []
        #: the source each folded trigger is matched by: its own, or the part of it cut out
        #: from a rarer class on (see `cut`)
        self._member: dict[TriggerKey, re.Pattern[str]] = {}
        for key in self.keys:
            flags = key[1]

            def class_share(token: str, flags: int = flags) -> float:
                return _case_share(share, token, flags)

            folded = _fold(key[0], class_share)
            if folded is None:
                piece = cut(key[0], class_share)
                folded = None if piece is None else _fold(piece, class_share)
                if folded is None:
                    self._alone.append(key)
                    continue
                source = piece
            else:
                source = key[0]
            self._member[key] = re.compile(source, flags)
            groups.setdefault(flags, []).append((key, *folded))
        #: per flags: the combined regex and, per alternative, (key, offset)
        self._combined: list[tuple[re.Pattern[str], list[tuple[TriggerKey, int]]]] = []
        self._leading: dict[TriggerKey, re.Pattern[str]] = {}
        for flags, listed in groups.items():
            # Alternatives with the same leading class are grouped behind one test of it, so a
            # stop at a comma does not try every digit trigger's lookbehind.
            # Leading classes that differ only in digits \d already holds (`[\d0-3]`,
            # `[1-3\d]`) are one class, and the groups of classes of digits only sit behind
            # one test of `\d`, the others behind one test of their union: a stop at a digit
            # (half the stops) then skips the punctuation groups at once, and the reverse.
            by_lead: dict[str, list[tuple[TriggerKey, int, str, str]]] = {}
            for member in listed:
                by_lead.setdefault(_plain_lead(_TOKEN.findall(member[2])[-1]), []).append(member)
            families: list[list[str]] = [[], []]
            for lead in by_lead:
                families[0 if _DIGIT_CLASS.fullmatch(lead) else 1].append(lead)
            ordered = [lead for family in families for lead in family]
            members = [member for lead in ordered for member in by_lead[lead]]
            leads = [_TOKEN.findall(behind)[-1] for _, _, behind, _ in members]
            union = "".join(dict.fromkeys(lead[1:-1] for lead in leads))

            def group(lead: str, by_lead: dict[str, list[Any]] = by_lead) -> str:
                return (
                    f"(?<={lead})(?:"
                    + "|".join(f"(?<={behind})(?=({rest}))" for _, _, behind, rest in by_lead[lead])
                    + ")"
                )

            body = "|".join(
                f"(?<=[{''.join(dict.fromkeys(lead[1:-1] for lead in family))}])(?:"
                + "|".join(group(lead) for lead in family)
                + ")"
                for family in families
                if family
            )
            try:
                combined = re.compile(f"[{union}](?:{body})", flags)
            except re.error:  # pragma: no cover - a source that cannot be folded
                self._alone.extend(key for key, _, _, _ in members)
                continue
            self._combined.append((combined, [(key, offset) for key, offset, _, _ in members]))
            for (key, _, _, _), lead in zip(members, leads, strict=True):
                self._leading[key] = re.compile(lead, flags)
        #: (combined index, first matching alternative, character) -> later alternatives to try
        self._others: dict[tuple[int, int, str], tuple[tuple[TriggerKey, int], ...]] = {}

    def scan(self, text: str) -> dict[TriggerKey, list[int]]:
        found: dict[TriggerKey, list[int]] = {}
        for key in self._alone:
            found[key] = [m.start() for m in self._single[key].finditer(text)]
        for number, (combined, members) in enumerate(self._combined):
            for key, _ in members:
                found[key] = []
            for m in combined.finditer(text):
                at = m.start()
                first = m.lastindex - 1  # type: ignore[operator]
                key, offset = members[first]
                found[key].append(at - offset)
                memo = (number, first, text[at])
                others = self._others.get(memo)
                if others is None:
                    others = self._others[memo] = tuple(
                        (key, offset)
                        for key, offset in members[first + 1 :]
                        if self._leading[key].match(text[at])
                    )
                for key, offset in others:
                    if at >= offset and self._member[key].match(text, at - offset):
                        found[key].append(at - offset)
        return found
