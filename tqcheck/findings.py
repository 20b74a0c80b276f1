"""The one model every report renders: Finding, Fix, Edit, Severity.

Checks create findings; the engine locates them (line/column) and orders them; reports only read
them. Keeping this module free of any other tqcheck import lets every layer depend on it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    """How much a finding matters. Ordered, so `--fail-on warning` is a simple comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Read a severity from a pack or the command line ('error', 'warning', 'info')."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected error, warning or info)"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


class FixSafety(str, enum.Enum):
    """Whether `--fix` may apply a fix unattended (safe) or only with `--unsafe-fixes`."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] (offsets in code points of the decoded text) with `replacement`."""

    start: int
    end: int
    replacement: str

    def __reduce__(self) -> tuple[object, ...]:
        # By value, like Finding: the state protocol of frozen slotted dataclasses (a `fields()`
        # call per object) was the largest cost of loading the findings cache.
        return (Edit, (self.start, self.end, self.replacement))


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that resolve one finding, and whether they may be applied unattended."""

    edits: tuple[Edit, ...]
    safety: FixSafety

    def __reduce__(self) -> tuple[object, ...]:
        return (Fix, (self.edits, self.safety))  # by value: see Edit.__reduce__

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Related:
    """Another place in the same text the finding points at (e.g. the first occurrence)."""

    start: int
    end: int
    message: str
    line: int = 0
    col: int = 0

    def __reduce__(self) -> tuple[object, ...]:
        # by value: see Edit.__reduce__
        return (Related, (self.start, self.end, self.message, self.line, self.col))


@dataclass(frozen=True, slots=True)
class Finding:
    """One error found in one text.

    Offsets are code-point offsets into the decoded text (a UTF-8 BOM is not part of it).
    `line`/`col` are 1-based and filled in by the engine from the document's line index; `col`
    counts code points, so an emoji is one column.
    """

    rule_id: str
    category: str
    severity: Severity
    message: str
    why: str
    start: int
    end: int
    matched: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    source_lang: str = "common"
    pack: str = ""
    confidence: float | None = None
    related: tuple[Related, ...] = ()
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def _located_at(self) -> tuple[object, ...]:
        """The constructor arguments before the position fields, in declaration order."""
        return (
            self.rule_id,
            self.category,
            self.severity,
            self.message,
            self.why,
            self.start,
            self.end,
            self.matched,
            self.suggestions,
            self.fix,
            self.source_lang,
            self.pack,
            self.confidence,
            self.related,
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled by value, rebuilt by the constructor: the dataclass's own state protocol for
        # frozen slotted classes looks its fields up again for every object, which made
        # unpickling the findings from pool workers and from the findings cache twice as slow.
        position = (self.line, self.col, self.end_line, self.end_col, self.extra)
        return (Finding, (*self._located_at(), *position))

    def with_position(self, line: int, col: int, end_line: int, end_col: int) -> Finding:
        # Every finding of a run passes here once; `dataclasses.replace` reads each field by
        # name and cost half the engine's post-processing on a 20 MB file.
        return Finding(*self._located_at(), line, col, end_line, end_col, self.extra)

    def moved(self, chars: int, lines: int) -> Finding:
        """The finding `chars` characters and `lines` lines further into a text: what a finding
        of a large file's section is in the whole file (tqcheck/sections.py). Built by the
        constructor, like `with_position`, not by `dataclasses.replace`."""
        fix = self.fix
        if fix is not None:
            edits = tuple(Edit(e.start + chars, e.end + chars, e.replacement) for e in fix.edits)
            fix = Fix(edits, fix.safety)
        related = tuple(
            Related(
                r.start + chars, r.end + chars, r.message, r.line + lines if r.line else 0, r.col
            )
            for r in self.related
        )
        return Finding(
            self.rule_id,
            self.category,
            self.severity,
            self.message,
            self.why,
            self.start + chars,
            self.end + chars,
            self.matched,
            self.suggestions,
            fix,
            self.source_lang,
            self.pack,
            self.confidence,
            related,
            self.line + lines,
            self.col,
            self.end_line + lines,
            self.end_col,
            self.extra,
        )

    def without_fix(self) -> Finding:
        return replace(self, fix=None)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule_id)

    def fixable(self, unsafe: bool) -> bool:
        """True if `--fix` (or `--fix --unsafe-fixes` when `unsafe`) would apply this finding."""
        if self.fix is None:
            return False
        return self.fix.safety is FixSafety.SAFE or unsafe
