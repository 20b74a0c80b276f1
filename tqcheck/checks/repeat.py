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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..document import Document, Span
from ..findings import Finding, Related
from .base import Rule, RuleSpecError

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_UNITS = ("paragraph", "sentence", "both")


@dataclass(slots=True)
class _Unit:
    span: Span
    norm: str  # lowercased words joined by one space: what is scored
    #: distinct word n-grams, in text order (runs are reproducible); `_find_both` empties it
    #: once the unit is indexed, so a long text does not keep every shingle twice
    shingles: tuple[str, ...]
    paragraph: int  # index of the paragraph holding it
    is_paragraph: bool


def _best(
    unit: _Unit,
    shared: dict[int, int],
    units: list[_Unit],
    ratio: Callable[..., float],
    cutoff: float,
) -> tuple[float, int] | None:
    """The earlier unit `unit` repeats, with its score, among those sharing enough shingles."""
    # A near copy keeps at least a fifth of its shingles (20% of words reworded leaves
    # more); fewer shared shingles is a shared phrase, not a repeat.
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
    return best


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
        if self.unit == "both" and self.min_words >= self.shingle:
            yield from self._find_both(doc)
        else:
            yield from self._find_units(doc, self._units(doc))

    def _find_units(self, doc: Document, units: list[_Unit]) -> Iterator[Finding]:
        """Every unit against the earlier ones through one shingle index (any `unit` setting)."""
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
            if not shared or unit.paragraph in repeated_paragraphs:
                continue
            best = _best(unit, shared, units, ratio, cutoff)
            if best is None:
                continue
            if unit.is_paragraph:
                repeated_paragraphs.add(unit.paragraph)
            yield self._finding(doc, unit, units[best[1]], best[0] / 100)

    def _find_both(self, doc: Document) -> Iterator[Finding]:
        """`_find_units` for `unit: both` (the default), with the same findings, 3x cheaper.

        The units of a paragraph are the paragraph and its sentences, and a sentence's words
        and shingles are slices of its paragraph's: each paragraph is tokenised, lowercased
        and cut into shingles once, and its sentences share those strings. In `_find_units`
        most of the time went on the shingles a sentence shares with nothing but its own
        paragraph: each counted one for the paragraph and became a list [paragraph, sentence]
        in the index, one look-up at a time. Here those "simple" shingles (not held before the
        paragraph, nor by two of its sentences) are counted at once and entered with one dict
        update, their value the shared tuple (paragraph, sentence), which reads as that list;
        only the others go through the per-shingle loop. The index then tells every later unit
        what `_find_units`'s would, so candidates, ties and findings are the same.
        """
        prose = doc.prose
        sentences = doc.sentences
        min_words, n, limit = self.min_words, self.shingle, self.max_shingle_units
        back = n - 1
        units: list[_Unit] = []
        # shingle -> the units holding it: an int for one, a (paragraph, sentence) tuple for a
        # simple shingle, a list (of at most limit + 1) otherwise
        index: dict[str, int | tuple[int, int] | list[int]] = {}
        repeated_paragraphs: set[int] = set()
        cutoff = self.threshold * 100
        ratio: Any = None
        s_index = 0
        for p_index, para in enumerate(doc.paragraphs):
            inside: list[Span] = []
            while s_index < len(sentences) and sentences[s_index].start < para.end:
                if sentences[s_index].start >= para.start:
                    inside.append(sentences[s_index])
                s_index += 1
            found: list[list[str]] = []
            if len(inside) > 1:
                found = [_WORD.findall(prose, sentence.start, sentence.end) for sentence in inside]
                if not all(a.end < b.start for a, b in pairwise(inside)):
                    # Words may cross from one sentence to the next: the general algorithm.
                    yield from self._find_units(doc, self._units(doc))
                    return
                words = [word for part in found for word in part]
            else:
                words = _WORD.findall(prose, para.start, para.end)
            if len(words) < min_words:
                continue  # nor is any of its sentences a unit
            # Lowercasing the joined words lowercases each as joining a sentence's alone
            # would: no word holds a space, and each ends at one or at the end.
            norm = " ".join(words).lower().replace("’", "'")
            lowered = norm.split(" ")
            grams = list(map(" ".join, zip(*(lowered[i:] for i in range(n)), strict=False)))
            distinct = dict.fromkeys(grams)
            base = len(units)
            units.append(_Unit(para, norm, tuple(distinct), p_index, True))
            start = 0
            for sentence, part in zip(inside, found, strict=False):
                if len(part) >= min_words:
                    a, b = start, start + len(part)
                    shingles = tuple(dict.fromkeys(grams[a : b - back]))
                    units.append(_Unit(sentence, " ".join(lowered[a:b]), shingles, p_index, False))
                start += len(part)
            # The shingles held before this paragraph, with their holders, and those held
            # twice in it (maybe by two of its sentences): the only ones counted one by one.
            seen = {sh: index[sh] for sh in index.keys() & distinct}
            busy = seen.keys()
            if len(distinct) < len(grams):
                busy = busy | {g for g, c in Counter(grams).items() if c > 1}
            index.update(dict.fromkeys(distinct, base))
            for i in range(base, len(units)):
                unit = units[i]
                shared: dict[int, int] = {}
                if i == base:
                    held: Iterable[tuple[str, int | tuple[int, int] | list[int]]] = seen.items()
                else:
                    mine = busy & set(unit.shingles)
                    if len(mine) < len(unit.shingles):
                        # Held before it by its paragraph alone: one each for the paragraph.
                        shared[base] = len(unit.shingles) - len(mine)
                        simple = unit.shingles if not mine else set(unit.shingles) - mine
                        index.update(dict.fromkeys(simple, (base, i)))
                    held = [(sh, index[sh]) for sh in mine]
                for sh, earlier in held:
                    if isinstance(earlier, int):
                        shared[earlier] = shared.get(earlier, 0) + 1
                        index[sh] = [earlier, i]
                    elif isinstance(earlier, tuple):
                        for j in earlier:
                            shared[j] = shared.get(j, 0) + 1
                        index[sh] = [*earlier, i]
                    else:
                        index[sh] = earlier
                        if len(earlier) <= limit:
                            for j in earlier:
                                shared[j] = shared.get(j, 0) + 1
                            earlier.append(i)
                if not shared or unit.paragraph in repeated_paragraphs:
                    continue
                if ratio is None:
                    from rapidfuzz.fuzz import ratio
                best = _best(unit, shared, units, ratio, cutoff)
                if best is None:
                    continue
                if unit.is_paragraph:
                    repeated_paragraphs.add(unit.paragraph)
                yield self._finding(doc, unit, units[best[1]], best[0] / 100)
            for unit in units[base:]:
                unit.shingles = ()

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
