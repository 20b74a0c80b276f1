"""`repeat`: a paragraph or sentence that comes back, word for word or nearly, later in the text.

Sites that publish machine translation often paste the standfirst (the lede) again as the first
body paragraph, or a scraper joins two versions of one story; after translation the two copies
differ by a word or two ("call" / "appeal"), so exact comparison misses them.

Comparing every unit with every earlier one is quadratic; instead each unit (a paragraph, or a
sentence) is cut into word shingles, an index maps each shingle to the earlier units holding it,
and only units sharing enough shingles are scored with rapidfuzz. Shingles that occur in many
units ("of the United States") are dropped from the index so a long article stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..document import Document, Span
from ..findings import Finding, Related
from .base import Rule, RuleSpecError

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_UNITS = ("paragraph", "sentence", "both")


@dataclass(frozen=True, slots=True)
class _Unit:
    span: Span
    norm: str  # lowercased words joined by one space: what is scored
    shingles: tuple[str, ...]  # distinct word n-grams, in text order (runs are reproducible)
    paragraph: int  # index of the paragraph holding it
    is_paragraph: bool


@dataclass
class RepeatRule(Rule):
    kind_name = "repeat"
    kind_keys = frozenset({"threshold", "min_words", "unit", "shingle", "max_shingle_units"})
    literal = False

    threshold: float = 0.8
    min_words: int = 8
    unit: str = "both"
    shingle: int = 3
    max_shingle_units: int = 8

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> RepeatRule:
        threshold = spec.get("threshold", 0.8)
        if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
            raise RuleSpecError("'threshold' must be a number in (0, 1]", "threshold")
        unit = spec.get("unit", "both")
        if unit not in _UNITS:
            raise RuleSpecError(f"'unit' must be one of {', '.join(_UNITS)}", "unit")
        ints = {}
        for key, default, low in (
            ("min_words", 8, 2),
            ("shingle", 3, 1),
            ("max_shingle_units", 8, 2),
        ):
            value = spec.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise RuleSpecError(f"'{key}' must be a whole number >= {low}", key)
            ints[key] = value
        if common.get("fix_safety") is not None and common["fix_safety"].value == "safe":
            raise RuleSpecError("deleting a repeat drops words; its fix must be 'unsafe'", "fix")
        return cls(**common, threshold=float(threshold), unit=unit, **ints)

    # ---- units --------------------------------------------------------------------------------

    def _units(self, doc: Document) -> list[_Unit]:
        """Paragraphs and sentences long enough to compare, in text order."""
        prose = doc.prose
        units: list[_Unit] = []
        sentences = doc.sentences
        s_index = 0
        for p_index, para in enumerate(doc.paragraphs):
            inside: list[Span] = []
            while s_index < len(sentences) and sentences[s_index].start < para.end:
                if sentences[s_index].start >= para.start:
                    inside.append(sentences[s_index])
                s_index += 1
            whole = self.unit in ("paragraph", "both") or len(inside) <= 1
            if not (self.unit in ("sentence", "both") and len(inside) > 1):
                if whole:
                    self._add(
                        units, para, p_index, True, _WORD.findall(prose, para.start, para.end)
                    )
                continue
            found = [_WORD.findall(prose, sentence.start, sentence.end) for sentence in inside]
            if whole:
                # The sentences tile the paragraph with white space between them: then no
                # word crosses from one to the next, and the paragraph's words are theirs.
                if all(a.end < b.start for a, b in pairwise(inside)):
                    words = [word for part in found for word in part]
                else:
                    words = _WORD.findall(prose, para.start, para.end)
                self._add(units, para, p_index, True, words)
            for sentence, words in zip(inside, found, strict=True):
                self._add(units, sentence, p_index, False, words)
        return units

    def _add(
        self, units: list[_Unit], span: Span, para: int, is_para: bool, found: list[str]
    ) -> None:
        if len(found) < self.min_words:
            return
        # Lowercasing the joined words equals joining the lowercased words (no word gains a
        # space, and a final sigma still ends its word), at one call instead of one per word.
        norm = " ".join(found).lower().replace("’", "'")
        words = norm.split(" ")
        n = min(self.shingle, len(words))
        if n == 1:
            grams: Iterable[str] = words
        else:
            grams = map(" ".join, zip(*(words[i:] for i in range(n)), strict=False))
        units.append(_Unit(span, norm, tuple(dict.fromkeys(grams)), para, is_para))

    # ---- finding repeats ----------------------------------------------------------------------

    def find(self, doc: Document) -> Iterator[Finding]:
        units = self._units(doc)
        if len(units) < 2:
            return
        from rapidfuzz.fuzz import ratio

        # shingle -> the units holding it: an int for one unit (most shingles), a list after
        index: dict[str, int | list[int]] = {}
        repeated_paragraphs: set[int] = set()
        cutoff = self.threshold * 100
        limit = self.max_shingle_units
        for i, unit in enumerate(units):
            shared: dict[int, int] = {}
            # The shingles seen before are few: find them with one set operation, and enter
            # all the new ones with one update, instead of a dictionary look-up each.
            seen = {sh: index[sh] for sh in index.keys() & unit.shingles}
            index.update(dict.fromkeys(unit.shingles, i))
            for sh, earlier in seen.items():
                if isinstance(earlier, int):
                    shared[earlier] = shared.get(earlier, 0) + 1
                    index[sh] = [earlier, i]
                    continue
                index[sh] = earlier
                if len(earlier) <= limit:
                    for j in earlier:
                        shared[j] = shared.get(j, 0) + 1
                    earlier.append(i)
            if not shared:
                continue
            if unit.paragraph in repeated_paragraphs:
                continue
            # A near copy keeps at least a fifth of its shingles (20% of words reworded
            # leaves more); fewer shared shingles is a shared phrase, not a repeat.
            need = max(1, len(unit.shingles) // 5)
            best: tuple[float, int] | None = None
            candidates = sorted((-count, j) for j, count in shared.items() if count >= need)
            for _, j in candidates[:8]:
                other = units[j]
                if other.paragraph == unit.paragraph and (other.is_paragraph or unit.is_paragraph):
                    continue  # a paragraph and its own sentence
                score = ratio(unit.norm, other.norm, score_cutoff=cutoff)
                if score and (best is None or score > best[0]):
                    best = (score, j)
            if best is None:
                continue
            first = units[best[1]]
            if unit.is_paragraph:
                repeated_paragraphs.add(unit.paragraph)
            yield self._finding(doc, unit, first, best[0] / 100)

    def _finding(self, doc: Document, unit: _Unit, first: _Unit, score: float) -> Finding:
        start, end = unit.span.start, unit.span.end
        line, col = doc.position(first.span.start)
        related = Related(
            first.span.start, first.span.end, f"first occurrence (line {line})", line, col
        )
        whole = unit.is_paragraph or _whole_paragraph(doc, unit.span)
        cut = _deletion(doc, unit.span, whole)
        return self.make_finding(
            doc,
            start,
            end,
            ("",),
            values={
                "line": str(line),
                "similarity": f"{score:.2f}",
                "unit": "paragraph" if whole else "sentence",
            },
            edit=cut,
            confidence=round(score, 3),
            related=(related,),
        )

    def describe_options(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "min_words": self.min_words,
            "unit": self.unit,
            "shingle": self.shingle,
        }


def _whole_paragraph(doc: Document, span: Span) -> bool:
    para = doc.paragraph_at(span.start)
    return para.start == span.start and para.end == span.end


def _deletion(doc: Document, span: Span, paragraph: bool) -> tuple[int, int, str]:
    """The edit deleting a repeated unit with the white space that separated it.

    A paragraph goes with the blank line after it (or, when it is the last one, the blank line
    before it); a sentence goes with the spaces after it (or before it, at a paragraph's end).
    """
    text = doc.text
    start, end = span.start, span.end
    if paragraph:
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        if after < len(text):
            line_start = text.rfind("\n", 0, start) + 1
            line_start = max(line_start, text.rfind("\r", 0, start) + 1)
            if not text[line_start:start].strip():
                start = line_start
            return start, _line_start_at_or_before(text, after), ""
        before = start
        while before > 0 and text[before - 1].isspace():
            before -= 1
        return before, end, ""
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] not in "\r\n":
        return start, after, ""
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before, end, ""


def _line_start_at_or_before(text: str, pos: int) -> int:
    """Start of the line holding `pos`, so the next paragraph keeps its indentation."""
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
