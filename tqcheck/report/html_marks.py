"""Article text to HTML: paragraphs, findings highlighted in place, and the fixes as a diff.

Findings may overlap or cross a paragraph break, but HTML elements must nest. Each finding is
therefore cut into pieces wherever a piece would have to close across another element: the
first piece is the finding's mark (it has the id and takes focus), the others are marked as
continuations. All text goes through `html.escape`, so nothing an article holds becomes markup.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..regex_cache import precompiled

# A run of blank lines separates paragraphs; any newline style counts.
_BLANK_RUN = precompiled(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:(?:\r\n|\r|\n)[ \t\f\v]*)+")


@dataclass(frozen=True, slots=True)
class Span:
    """A highlight to draw: text[start:end] for the finding numbered `key`."""

    key: int
    start: int
    end: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, outer whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in [*_BLANK_RUN.finditer(text), None]:
        stop = m.start() if m else len(text)
        start, end = pos, stop
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        if m:
            pos = m.end()
    return spans


def place(spans: Sequence[Span], paras: Sequence[tuple[int, int]]) -> list[list[Span]]:
    """Cut each span into per-paragraph pieces; a span that falls between paragraphs (only
    whitespace) becomes an empty piece at the end of the paragraph before it, so that every
    finding still has exactly one focusable mark."""
    placed: list[list[Span]] = [[] for _ in paras]
    if not paras:
        return placed
    starts = [p[0] for p in paras]
    for span in spans:
        before = max(0, bisect.bisect_right(starts, span.start) - 1)
        found = False
        for i in range(before, len(paras)):
            ps, pe = paras[i]
            if span.start == span.end:
                if ps <= span.start <= pe:
                    placed[i].append(span)
                    found = True
                break
            if ps >= span.end:
                break
            lo, hi = max(span.start, ps), min(span.end, pe)
            if lo < hi:
                placed[i].append(Span(span.key, lo, hi))
                found = True
        if not found:
            ps, pe = paras[before]
            pos = min(max(span.start, ps), pe)
            placed[before].append(Span(span.key, pos, pos))
    return placed


def highlight(
    text: str,
    start: int,
    end: int,
    pieces: Sequence[Span],
    open_tag: Callable[[int, bool], str],
    close_tag: str = "</mark>",
    seen: set[int] | None = None,
) -> str:
    """HTML for text[start:end] with every piece wrapped in open_tag(key, first) ... close_tag.

    `seen` collects the keys already opened (pass one set for a whole article): the first piece
    of a key gets first=True. Pieces are well nested: outer (longer) spans open first, and a
    span that ends inside another is closed and reopened around it.
    """
    if seen is None:
        seen = set()
    out: list[str] = []

    def open_(key: int) -> None:
        out.append(open_tag(key, key not in seen))
        seen.add(key)

    by_start = sorted(pieces, key=lambda s: (s.start, -s.end, s.key))
    ends: dict[int, int] = {s.key: s.end for s in pieces}
    points = sorted({start, end, *(s.start for s in pieces), *(s.end for s in pieces)})
    stack: list[int] = []
    pos = start
    index = 0
    for point in points:
        if point < start or point > end:
            continue
        out.append(escape(text[pos:point], quote=False))
        pos = point
        # Close every open span ending here; spans above it that go on are reopened.
        if any(ends[k] == point for k in stack):
            reopen: list[int] = []
            while any(ends[k] == point for k in stack):
                key = stack.pop()
                out.append(close_tag)
                if ends[key] != point:
                    reopen.append(key)
            for key in reversed(reopen):
                stack.append(key)
                open_(key)
        while index < len(by_start) and by_start[index].start == point:
            piece = by_start[index]
            index += 1
            open_(piece.key)
            if piece.end == point:  # empty piece: a place, not a span
                out.append(close_tag)
            else:
                stack.append(piece.key)
    out.append(escape(text[pos:end], quote=False))
    out.extend(close_tag for _ in stack)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Change:
    """One fix edit to show: text[start:end] becomes `replacement`."""

    start: int
    end: int
    replacement: str
    safety: str
    rule_id: str


def changes_html(
    text: str, changes: Sequence[Change], start: int = 0, end: int | None = None
) -> str:
    """text[start:end] with each change as <del>old</del><ins>new</ins> in a span whose class
    names its safety (the CSS labels it); the changes must lie within start..end.

    Dropping the <del> elements gives the fixed text; dropping the <ins> gives the original. The
    page shows it as a diff, or with deletions hidden as the fixed article.
    """
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        if change.start < pos:  # overlapping edits never come from the engine; skip, not crash
            continue
        out.append(escape(text[pos : change.start], quote=False))
        old = text[change.start : change.end]
        out.append(
            f'<span class="chg chg-{escape(change.safety)}" data-rule="{escape(change.rule_id)}">'
        )
        if old:
            out.append(f"<del>{escape(old, quote=False)}</del>")
        if change.replacement:
            out.append(f"<ins>{escape(change.replacement, quote=False)}</ins>")
        out.append("</span>")
        pos = change.end
    out.append(escape(text[pos:end], quote=False))
    return "".join(out)


def change_blocks(
    text: str, changes: Sequence[Change], paras: Sequence[tuple[int, int]]
) -> list[tuple[int, int, list[Change]]]:
    """The stretches of text the diff view shows: (start, end, changes within) for each run of
    paragraphs that a change touches, the paragraphs in between left out.

    A change that touches no paragraph (it lies in blank lines) joins the paragraph before it,
    or the first; a change that reaches across paragraphs joins them into one stretch. The
    stretches do not overlap and each holds its changes whole, so each is a true diff of its
    own slice of the text.
    """
    starts = [p[0] for p in paras]
    ranges: list[tuple[int, int]] = []
    for change in changes:
        lo, hi = change.start, change.end
        # paragraphs that overlap the change, or hold an empty one (an insertion)
        first = max(0, bisect.bisect_right(starts, change.start) - 1)
        touched = False
        for i in range(first, len(paras)):
            ps, pe = paras[i]
            if ps > change.end or (ps == change.end and change.start < change.end):
                break
            if (ps < change.end and change.start < pe) or ps <= change.start <= pe:
                lo, hi, touched = min(lo, ps), max(hi, pe), True
        if not touched and paras:
            lo, hi = min(lo, paras[first][0]), max(hi, paras[first][1])
        ranges.append((lo, hi))
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    ordered = sorted(changes, key=lambda c: (c.start, c.end))
    keys = [c.start for c in ordered]
    return [
        (lo, hi, ordered[bisect.bisect_left(keys, lo) : bisect.bisect_right(keys, hi)])
        for lo, hi in merged
    ]
