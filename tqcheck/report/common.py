"""Small helpers the renderers share: counting, and making article text safe to print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import Severity
from ..regex_cache import precompiled

if TYPE_CHECKING:
    from ..api import FileResult

# C0/C1 controls except tab; an article must not be able to move the cursor or recolour a
# terminal (ESC sequences), so they are shown as visible replacement characters.
_CONTROL = precompiled(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def severity_counts(results: Sequence[FileResult]) -> Counter[Severity]:
    return Counter(f.severity for r in results for f in r.findings)


def fixable_counts(results: Sequence[FileResult]) -> tuple[int, int]:
    """(fixable with --fix, further fixable with --unsafe-fixes)."""
    safe = sum(1 for r in results for f in r.findings if f.fixable(False))
    unsafe = sum(1 for r in results for f in r.findings if f.fixable(True)) - safe
    return safe, unsafe


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
