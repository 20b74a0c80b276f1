"""A large file's findings and slim Document, kept compressed section by section.

A 20 MB archive dump has tens of thousands of findings; as objects they take about 1 KB each,
and the lines they sit on (tqcheck/slim.py) as much again: more than the file itself, held
until the report is written. Packed, each section's findings and slim Document are one
zlib-compressed pickle (about a tenth of that). Reports read a file's findings in order, and
each finding's lines in the same order, so they unpack one section at a time; the findings of
a section are unpacked again only when a reader goes back to it.

`PackedFindings` is a read-only sequence of findings; `PackedSlimDocument` answers what a
`SlimDocument` answers (tests/test_sections.py renders every report from both and compares).
"""

from __future__ import annotations

import bisect
import pickle
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar, overload

if TYPE_CHECKING:
    from .findings import Finding
    from .slim import SlimDocument


T = TypeVar("T")


def pack(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> object:
    return pickle.loads(
        zlib.decompress(blob)
    )  # made by `pack`: here, in a worker, or the findings cache (pickles too)


class PackedFindings(Sequence["Finding"]):
    """Findings stored as compressed chunks (one per section), in order."""

    def __init__(self) -> None:
        self._blobs: list[bytes] = []
        self._ends: list[int] = []  # how many findings up to the end of each chunk
        self._open: tuple[int, list[Finding]] | None = None  # the last chunk unpacked

    def append_chunk(self, findings: list[Finding]) -> None:
        if findings:
            self.append_packed(pack(findings), len(findings))

    def append_packed(self, blob: bytes, count: int) -> None:
        """Add `count` findings already packed (by `pack`, here or in a worker process)."""
        self._blobs.append(blob)
        self._ends.append(len(self) + count)

    def _chunk(self, index: int) -> list[Finding]:
        if self._open is None or self._open[0] != index:
            self._open = (index, unpack(self._blobs[index]))  # type: ignore[arg-type]
        return self._open[1]

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self) -> Iterator[Finding]:
        for index in range(len(self._blobs)):
            yield from self._chunk(index)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("finding index out of range")
        chunk = bisect.bisect_right(self._ends, index)
        before = self._ends[chunk - 1] if chunk else 0
        return self._chunk(chunk)[index - before]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedFindings):
            return self._blobs == other._blobs
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, object]:
        return {"_blobs": self._blobs, "_ends": self._ends, "_open": None}


class PackedSlimDocument:
    """A slim Document made of per-section slim Documents (already at the file's offsets and
    line numbers), stored packed; a question about an offset or a line goes to its section."""

    is_slim = True  # as SlimDocument: `slim_result` leaves it as it is

    def __init__(self, path: str) -> None:
        self.path = path
        self.line_count = 0  # set by `finish`
        self.text = _PackedText(self, 0)
        self._blobs: list[bytes] = []
        self._starts: list[int] = []  # first offset of each packed section
        self._first_lines: list[int] = []  # first line of each packed section
        self._open: tuple[int, SlimDocument] | None = None

    def append_section(self, start: int, first_line: int, part: SlimDocument) -> None:
        """Add the slim Document of the section that starts at offset `start`, line
        `first_line` (its kept offsets and lines are already the file's)."""
        self.append_packed(start, first_line, pack(part))

    def append_packed(self, start: int, first_line: int, blob: bytes) -> None:
        """`append_section` for a slim Document already packed (by `pack`)."""
        self._blobs.append(blob)
        self._starts.append(start)
        self._first_lines.append(first_line)

    def finish(self, length: int, line_count: int) -> None:
        """Set the file's length and line count, once every section is added."""
        self.text._length = length
        self.line_count = line_count

    def _section(self, index: int) -> SlimDocument:
        if index < 0:
            raise LookupError("text before the first kept section")
        if self._open is None or self._open[0] != index:
            self._open = (index, unpack(self._blobs[index]))  # type: ignore[arg-type]
        return self._open[1]

    def ask(self, offset: int, question: Callable[[SlimDocument], T]) -> T:
        """`question` answered by the section holding `offset`; at a section's first offset,
        which is also the end of the one before (where a deletion of its last line ends), by
        the one before when the first does not know."""
        index = bisect.bisect_right(self._starts, offset) - 1
        try:
            return question(self._section(index))
        except LookupError:
            if index > 0 and offset == self._starts[index]:
                return question(self._section(index - 1))
            raise

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        return self.ask(offset, lambda part: part.position(offset))

    def line_span(self, line: int) -> tuple[int, int, int]:
        return self._section(bisect.bisect_right(self._first_lines, line) - 1).line_span(line)

    def line_text(self, line: int) -> str:
        start, end, _ = self.line_span(line)
        return self.text[start:end]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PackedSlimDocument)
            and (self.path, self.line_count, len(self.text))
            == (other.path, other.line_count, len(other.text))
            and self._blobs == other._blobs
        )

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_open": None}


class _PackedText:
    """The kept text of a `PackedSlimDocument`: `str`-like slices and searches, each answered
    by the section holding its start (a finding never spans two sections)."""

    def __init__(self, owner: PackedSlimDocument, length: int) -> None:
        self._owner = owner
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, int):
            key = slice(key, key + 1 if key != -1 else None)
        lo, hi, _ = key.indices(self._length)
        if lo >= hi:
            return ""
        return self._owner.ask(lo, lambda part: part.text[key])

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        """Like `SparseText.find`: within the kept text holding `start`."""
        lo, _, _ = slice(start, end).indices(self._length)
        return self._owner.ask(lo, lambda part: part.text.find(sub, start, end))

    def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:
        """Like `SparseText.rfind`: within the kept text holding `end`."""
        _, hi, _ = slice(start, end).indices(self._length)
        return self._owner.ask(hi, lambda part: part.text.rfind(sub, start, end))
