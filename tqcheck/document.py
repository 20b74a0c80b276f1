"""Document: the text to check, with its line index, paragraphs and sentences as offsets.

Every position tqcheck reports is an offset into the original decoded text, so reports, fixes and
editors agree on where a finding is, whatever the newlines (LF, CRLF, CR), tabs or characters
outside the BMP. Markup front ends hand over a `prose` mask of the same length, in which what is
not prose (code, front matter, tags) is blanked with spaces: checks read `prose`, so offsets need
no mapping back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .regex_cache import precompiled
from .regions import Protected, Suppression

_NEWLINE = precompiled(r"\r\n|\r|\n")
_BLANK_LINES = precompiled(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:(?:\r\n|\r|\n)[ \t\f\v]*)+")

# A sentence ends at . ! ? (and closing quotes/brackets after it) followed by space and an
# opening that looks like a new sentence. Abbreviations are filtered afterwards.
# A line break ends a sentence unless the next line continues it in lowercase (hard-wrapped
# prose): a headline has no final period but is not part of the next sentence.
# Written as one leading character class, then per-character branches guarded by look-behinds,
# rather than as "[.!?…]+...|[ \t]*\n...": the engine then jumps from one of those characters
# to the next instead of trying both branches at every position. A line-break end starts at
# the break, not at the spaces before it (so spaces are skipped too): `sentences` trims them.
# The sentences are the same; only such a match's start moves.
_OPENING = r"(?=[\"“‘'(\[]?[A-Z0-9À-Ý])"
_LINE_OPENING = r"(?=[\"“‘'(\[]?[A-Z0-9À-Ý«\-*•])"
_SENTENCE_END = precompiled(
    r"[.!?…\r\n](?:"
    rf"(?<=[.!?…])[.!?…]*[\"”’')\]]*[ \t]+{_OPENING}"
    rf"|(?<=\r)\n?[ \t]*{_LINE_OPENING}"
    rf"|(?<=\n)[ \t]*{_LINE_OPENING})"
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt gen col lt sgt capt rep sen gov pres jr sr vs no fig inc ltd co "
    "corp jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e etc approx dept est "
    "m mme mlle".split()
)
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


@dataclass(frozen=True, slots=True)
class Span:
    """Offsets [start, end) of a paragraph or sentence in the document's text."""

    start: int
    end: int


@dataclass
class Document:
    """A text and its structure. Build it once per text; checks share it.

    `prose` equals `text` for plain text. For Markdown/HTML it is `text` with non-prose
    characters replaced by spaces (newlines kept), the same length, so offsets are shared.
    """

    text: str
    path: str = "<text>"
    prose: str = ""
    #: regions silenced by `tqcheck-disable` comments (markup readers fill these two)
    suppressed: tuple[Suppression, ...] = ()
    #: markup characters fixes must not edit; None for plain text
    protected: Protected | None = None
    #: lines of the file before this text: nonzero for a section of a large file
    #: (tqcheck/sections.py). Positions stay relative to this text; only line numbers written
    #: into messages ("first occurrence (line 12)") add it, because no later step can.
    lines_before: int = 0
    #: more of the file follows this text: a section of a large file that is not the last.
    #: Residue looked for near the end of an article (boilerplate `where: end`) is then not
    #: looked for here: the whole file's end is elsewhere, as a whole-file check would see it.
    more_follows: bool = False
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.prose:
            self.prose = self.text
        if len(self.prose) != len(self.text):
            raise ValueError("prose mask must have the same length as the text")
        starts = [0]
        starts += [m.end() for m in _NEWLINE.finditer(self.text)]
        self._line_starts = starts

    # ---- lines ---------------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; column counts code points."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_span(self, line: int) -> tuple[int, int, int]:
        """(start, end without newline, end with newline) of a 1-based line."""
        start = self._line_starts[line - 1]
        if line < len(self._line_starts):
            full_end = self._line_starts[line]
            end = full_end
            while end > start and self.text[end - 1] in "\r\n":
                end -= 1
        else:
            full_end = end = len(self.text)
        return start, end, full_end

    def line_text(self, line: int) -> str:
        start, end, _ = self.line_span(line)
        return self.text[start:end]

    def offset_of(self, line: int, col: int) -> int:
        """Inverse of `position` (1-based line and column)."""
        return self._line_starts[line - 1] + col - 1

    # ---- paragraphs and sentences ------------------------------------------------------

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Runs of text separated by blank lines, trimmed of surrounding whitespace."""
        spans: list[Span] = []
        pos = 0
        prose = self.prose
        for m in _BLANK_LINES.finditer(prose):
            _append_trimmed(spans, prose, pos, m.start())
            pos = m.end()
        _append_trimmed(spans, prose, pos, len(prose))
        return spans

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences inside paragraphs; a heading line without final punctuation is its own.

        One regex pass over the whole prose, not one per paragraph: a sentence end never
        crosses a paragraph's edge (its white space is on one line, or is the single line
        break inside a paragraph, and what follows it is not space), so the matches inside a
        paragraph are those a scan of the paragraph alone would find; the ones in the blank
        lines between paragraphs are skipped.

        Guarantee (tested; the repeat detector relies on it): consecutive sentences are parted
        by at least one character, and only by white space, so no word runs from one into the
        next. Every end is punctuation or a line break followed by white space, and a
        sentence is trimmed before that white space.
        """
        spans: list[Span] = []
        prose = self.prose
        ends = _SENTENCE_END.finditer(prose)
        m = next(ends, None)
        for para in self.paragraphs:
            m = _split_paragraph(prose, para, m, ends, spans)
        return spans

    def sentences_in(self, para: Span) -> list[Span]:
        """The sentences of one paragraph (a span of `paragraphs`), the same as in `sentences`.

        For a check that needs the sentences of a few paragraphs only (the untranslated
        detector: those with foreign-looking words): when the whole list is not built yet,
        only this paragraph is scanned. A scan starting at the paragraph finds the ends the
        whole scan finds there: no end's match reaches across the paragraph's first character
        (a match ends before the non-space character its look-ahead sees).
        """
        built = self.__dict__.get("sentences")
        if built is not None:
            starts = self._sentence_starts
            low = bisect.bisect_left(starts, para.start)
            high = bisect.bisect_left(starts, para.end, low)
            return built[low:high]
        spans: list[Span] = []
        ends = _SENTENCE_END.finditer(self.prose, para.start)
        _split_paragraph(self.prose, para, next(ends, None), ends, spans)
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def sentence_at(self, offset: int) -> Span:
        return _span_at(self.sentences, self._sentence_starts, offset, len(self.text))

    def paragraph_at(self, offset: int) -> Span:
        return _span_at(self.paragraphs, self._paragraph_starts, offset, len(self.text))


def _split_paragraph(
    prose: str,
    para: Span,
    m: re.Match[str] | None,
    ends: Iterator[re.Match[str]],
    spans: list[Span],
) -> re.Match[str] | None:
    """Append the sentences of `para` to `spans`, reading sentence ends from `m` then `ends`;
    give back the first end not used (it belongs to a later paragraph)."""
    append = spans.append
    start, para_end = para.start, para.end
    while m is not None and m.start() < start:
        m = next(ends, None)
    while m is not None and m.start() < para_end:
        dot = m.start()
        if prose[dot] == "." and _ends_with_abbreviation(prose, start, dot):
            m = next(ends, None)
            continue
        end = m.end()
        # `start` is never space (a paragraph's trimmed start, or the character the end's
        # look-ahead saw); only the end needs trimming.
        trimmed = dot if prose[dot] in " \t\r\n" else end
        while trimmed > start and prose[trimmed - 1].isspace():
            trimmed -= 1
        if trimmed > start:
            append(Span(start, trimmed))
        start = end
        m = next(ends, None)
    _append_trimmed(spans, prose, start, para_end)
    return m


def _span_at(spans: Sequence[Span], starts: Sequence[int], offset: int, length: int) -> Span:
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return Span(0, 0) if not spans else Span(0, spans[0].end)
    return spans[index]


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation (Mr., U.S., M.) not a sentence."""
    if text[dot] != ".":
        return False
    # Walk back at most one letter more than the longest abbreviation: a longer word is none.
    low = max(start, dot - _LONGEST_ABBREVIATION - 1)
    word_start = dot
    while word_start > low and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    if dot - word_start > _LONGEST_ABBREVIATION:
        return False
    word = text[word_start:dot].lower()
    if not word:
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and text[word_start].isupper())
