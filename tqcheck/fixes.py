"""Apply fixes: non-overlapping edits to a text, repeated until nothing is left to fix.

One round of fixing can uncover another (two rules wanted the same words; the loser's fix is
valid once the winner's is in), so fixing runs in rounds until a round changes nothing. A rule
whose fix would feed itself forever is stopped by the round limit, and its examples test fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .findings import Edit, Finding

MAX_ROUNDS = 10


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits given as offsets into `text`. Overlapping edits are a programming error."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"edit {edit} overlaps another or lies outside the text")
        pieces.append(text[pos : edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def fixable_edits(findings: Sequence[Finding], unsafe: bool) -> list[Edit]:
    """The edits `--fix` applies for these findings (the engine already removed overlaps)."""
    return [e for f in findings if f.fixable(unsafe) and f.fix for e in f.fix.edits]


@dataclass(frozen=True)
class FixOutcome:
    text: str
    applied: int
    rounds: int


def fix_until_stable(
    text: str,
    check: Callable[[str], Sequence[Finding]],
    unsafe: bool = False,
    max_rounds: int = MAX_ROUNDS,
) -> FixOutcome:
    """Check and fix in rounds until no fixable finding is left (or the round limit)."""
    applied = 0
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - rounds is reported
        edits = fixable_edits(check(text), unsafe)
        if not edits:
            break
        new_text = apply_edits(text, edits)
        applied += len(edits)
        if new_text == text:
            break
        text = new_text
    return FixOutcome(text, applied, rounds)
