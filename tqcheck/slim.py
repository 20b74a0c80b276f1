"""Make a checked file's result small: keep its findings and only the lines they sit on.

A run over 50,000 articles collects one FileResult per file before rendering the report (the
formats need totals and a sorted rule table). Each result held its whole text, its Document
(line index, paragraph and sentence spans, prose mask) and its fixed text, so memory grew with
the size of the archive. Once a file is handled, the reports need only: the lines the findings
are on (text excerpt, baseline fingerprints) and the line/column of the finding and fix offsets
(SARIF fix regions). `slim_result` keeps exactly that.

`SparseText` answers the slices and searches those readers make with the original offsets;
asking for text that was dropped raises `LookupError`, so a new reader that needs more text
fails loudly in the tests (tests/test_slim.py compares every report on slim and full results)
instead of printing wrong text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .sources import Source

if TYPE_CHECKING:
    from .api import FileResult
    from .document import Document
    from .findings import Finding


class SparseText:
    """Some segments of a text, at their original offsets; behaves like `str` for them."""

    def __init__(self, length: int, segments: Iterable[tuple[int, str]]) -> None:
        merged: list[tuple[int, str]] = []
        for start, piece in sorted(segments):
            if merged and start <= merged[-1][0] + len(merged[-1][1]):
                prev_start, prev = merged[-1]
                overlap = prev_start + len(prev) - start
                merged[-1] = (prev_start, prev + piece[overlap:])
            elif piece:
                merged.append((start, piece))
        self._length = length
        self._starts = [s for s, _ in merged]
        self._pieces = [p for _, p in merged]

    def __len__(self) -> int:
        return self._length

    def _segment(self, start: int, end: int) -> tuple[int, str]:
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0:
            seg_start, piece = self._starts[index], self._pieces[index]
            if end <= seg_start + len(piece):
                return seg_start, piece
        raise LookupError(f"text {start}:{end} was not kept by slim_result")

    def _bounds(self, start: int | None, end: int | None) -> tuple[int, int]:
        lo = 0 if start is None else (start if start >= 0 else self._length + start)
        hi = self._length if end is None else (end if end >= 0 else self._length + end)
        lo, hi = max(0, min(lo, self._length)), max(0, min(hi, self._length))
        return lo, max(lo, hi)

    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, int):
            lo, _ = self._bounds(key, None)
            return self[lo : lo + 1]
        if key.step not in (None, 1):
            raise LookupError("SparseText slices have no step")
        lo, hi = self._bounds(key.start, key.stop)
        if lo == hi:
            return ""
        seg_start, piece = self._segment(lo, hi)
        return piece[lo - seg_start : hi - seg_start]

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        """Like str.find, within the kept segment that holds `start` (to its end or `end`).

        -1 means "not in the kept lines". Readers search for line ends from inside a finding's
        line, and each kept segment runs one character past the line's own newline, so the
        answer they use is the same as on the whole text (tests/test_slim.py checks it).
        """
        lo, hi = self._bounds(start, end)
        seg_start, piece = self._segment(lo, lo)
        found = piece.find(sub, lo - seg_start, hi - seg_start)
        return -1 if found < 0 else seg_start + found

    def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        """Like str.rfind, within the kept segment that holds `end`; -1: not in the kept lines."""
        lo, hi = self._bounds(start, end)
        seg_start, piece = self._segment(hi, hi)
        found = piece.rfind(sub, max(0, lo - seg_start), hi - seg_start)
        return -1 if found < 0 else seg_start + found


@dataclass
class SlimDocument:
    """What reports read from a Document after the file was handled, for its findings only."""

    #: what `slim_result` asks of a result's document (packed.PackedSlimDocument says so too,
    #: without this module importing it on every run)
    is_slim: ClassVar[bool] = True

    text: SparseText
    path: str
    line_count: int
    _positions: dict[int, tuple[int, int]] = field(default_factory=dict)
    _lines: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        try:
            return self._positions[offset]
        except KeyError:
            raise LookupError(f"position of {offset} was not kept by slim_result") from None

    def line_span(self, line: int) -> tuple[int, int, int]:
        try:
            return self._lines[line]
        except KeyError:
            raise LookupError(f"line {line} was not kept by slim_result") from None

    def line_text(self, line: int) -> str:
        start, end, _ = self.line_span(line)
        return self.text[start:end]


def slim_document(doc: Document, findings: Sequence[Finding]) -> SlimDocument:
    """Keep the lines of each finding (with the newline before and after) and the positions
    of every finding and fix offset."""
    text = doc.text
    length = len(text)
    segments: list[tuple[int, str]] = []
    lines: dict[int, tuple[int, int, int]] = {}
    positions: dict[int, tuple[int, int]] = {}
    for f in findings:
        if f.line and 0 <= f.start <= f.end <= length:
            # located by the engine: its own line/col are the positions of start and end
            positions[f.start] = (f.line, f.col)
            positions[f.end] = (f.end_line, f.end_col)
            first, last = f.line, f.end_line
            offsets = []
        else:
            offsets = [f.start, f.end]
            first, last = doc.position(f.start)[0], doc.position(f.end)[0]
        if f.fix is not None:
            offsets.extend(o for e in f.fix.edits for o in (e.start, e.end))
        for offset in offsets:
            clamped = max(0, min(offset, length))
            if clamped not in positions:
                positions[clamped] = doc.position(clamped)
        for number in (first, last):
            lines[number] = doc.line_span(number)
        lo = max(0, doc.line_span(first)[0] - 1)
        hi = min(len(text), doc.line_span(last)[2] + 1)
        segments.append((lo, text[lo:hi]))
    return SlimDocument(SparseText(len(text), segments), doc.path, doc.line_count, positions, lines)


def slim_parts(doc: SlimDocument) -> tuple[object, ...]:
    """A slim Document without its path, as plain values (the findings cache stores them:
    tqcheck/result_cache.py); `slim_from_parts` rebuilds it."""
    text = doc.text
    return (text._length, text._starts, text._pieces, doc.line_count, doc._positions, doc._lines)


def slim_from_parts(parts: tuple[object, ...], path: str) -> SlimDocument:
    """The slim Document `slim_parts` describes, for the file at `path` (a copy or a renamed
    file has the same parts)."""
    length, starts, pieces, line_count, positions, lines = parts
    text = SparseText.__new__(SparseText)
    text._length, text._starts, text._pieces = length, starts, pieces  # type: ignore[assignment]
    return SlimDocument(text, path, line_count, positions, lines)  # type: ignore[arg-type]


def slim_result(result: FileResult, verdict: bool = True) -> FileResult:
    """Drop the text, Document and fixed text of a handled file; keep what reports read.

    Only for reports that do not show whole articles (the HTML report does) and after
    `--fix` has written the file (a fix needs the source text and its digest). A result that
    is already slim (a pool worker slims what it sends back) is returned as it is.
    `verdict=False` skips computing the verdict (a word count over the whole text, the largest
    per-file cost of a run besides the check) for reports that do not show it
    (`report.VERDICT_FORMATS`).
    """
    if getattr(result.document, "is_slim", False):
        return result
    if result.document is not None:
        if verdict and result.verdict is None and not result.error:
            from .verdict import verdict as file_verdict

            result.verdict = file_verdict(result.findings, result.document.text)
        if result.findings:
            result.document = slim_document(result.document, result.findings)  # type: ignore[assignment]
        else:
            result.document = None
    if result.source is not None:
        source = result.source
        result.source = Source(
            path=source.path, text="", encoding=source.encoding, bom=source.bom, digest=""
        )
    result.fixed_text = None
    return result
