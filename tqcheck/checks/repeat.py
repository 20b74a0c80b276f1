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

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any
from zlib import crc32

from ..document import Document, Span
from ..findings import Finding, Related
from ..regex_cache import precompiled
from .base import Rule, RuleSpecError

_WORD = precompiled(r"\w+(?:['’]\w+)*")
_UNITS = ("paragraph", "sentence", "both")
#: a repeat must share a run of this many words with its first occurrence
_RUN = 4
#: texts up to this many characters are screened for such a run before anything else
_SCREEN_CHARS = 200_000
#: a candidate shares at least 1 in this many of the hashes of the larger of the two
_SHARE = 5
#: a sentence of more shingles than this keeps only the hashes h with h & _MASK == 0 (1 in 4);
#: a shorter one keeps all (a short reworded copy may share only a few)
_FULL = 10
_MASK = 3
#: the units' texts kept (characters), so a candidate is not read again
_KEEP = 1 << 19


@dataclass(slots=True)
class _Unit:
    """A paragraph or sentence compared with the others: its span, text and shingles."""

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


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class RepeatRule(Rule):
    """Paragraphs or sentences that come back nearly word for word later in the text."""

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
        # The sampled index reads a paragraph's words as its sentences' words, which holds
        # only when no word runs from one sentence into the next; otherwise, and for units
        # shorter than a shingle, the general algorithm runs from the start. The screen comes
        # first, before the sentences are split (most articles stop there): it is the sampled
        # index's, and the sampled index is the one that applies, because the sentences of a
        # Document are always parted by white space (a guarantee of Document, tested).
        if self.min_words >= self.shingle:
            prose = doc.prose
            if len(prose) <= _SCREEN_CHARS and not _shares_a_run(prose, self.shingle):
                return
            if all(a.end < b.start for a, b in pairwise(doc.sentences)):
                yield from self._find_sampled(doc)
                return
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

    def _find_sampled(self, doc: Document) -> Iterator[Finding]:
        """Every unit against the earlier ones through one index of hashed shingles (default).

        Each sentence of a paragraph long enough to compare is one *slot*; its shingles are
        hashed stably (CRC-32 of each word, then the tuple hash of n of them: the same under
        any PYTHONHASHSEED) and a paragraph's hashes are its sentences'. The index maps a hash
        to the slots holding it (at most `max_shingle_units` + 1 are counted); a unit's
        candidates are the slots that are sentence units and the paragraphs of the slots
        sharing its hashes. A candidate is scored with rapidfuzz only when it shares at least
        1 in `_SHARE` of the hashes of the larger of the two and its length allows the
        threshold (ratio <= 2 min / (len1 + len2)). Units keep no shingles and at most `_KEEP`
        characters of text in all: a candidate's words are read again from the Document.
        """
        prose = doc.prose
        sentences = doc.sentences
        paragraphs = doc.paragraphs
        min_words, n, limit = self.min_words, self.shingle, self.max_shingle_units
        back = n - 1
        want_para = self.unit in ("paragraph", "both")
        want_sent = self.unit in ("sentence", "both")
        cutoff = self.threshold * 100
        ratio: Any = None
        # fingerprint -> the slots holding it: an int for one, a list (at most limit + 1) after
        index: dict[int, int | list[int]] = {}
        slot_sentence = array("i")  # index in doc.sentences, -1 for a paragraph read whole
        slot_para = array("i")  # its paragraph
        slot_size = array("i")  # its text's length when it is a sentence unit, else 0
        slot_prints = array("i")  # how many hashes it keeps
        slot_samp = array("i")  # how many of its hashes are sampled (h & _MASK == 0)
        para_size = array("i", bytes(4 * len(paragraphs)))  # as slot_size, for paragraphs
        para_prints = array("i", bytes(4 * len(paragraphs)))
        para_samp = array("i", bytes(4 * len(paragraphs)))
        para_slots = array("i", bytes(4 * len(paragraphs)))  # its first slot
        repeated_paragraphs: set[int] = set()
        # the units' texts, kept while they add up to less than _KEEP characters
        norms: dict[int, str] = {}
        room = _KEEP

        def text_of(unit: int) -> str:
            """A unit's normalised words: kept, or read again from the Document."""
            kept = norms.get(unit)
            if kept is not None:
                return kept
            if unit >= 0:
                sentence = sentences[slot_sentence[unit]]
                words = _WORD.findall(prose, sentence.start, sentence.end)
            else:
                q = -1 - unit
                first = para_slots[q]
                if slot_sentence[first] < 0:
                    para = paragraphs[q]
                    words = _WORD.findall(prose, para.start, para.end)
                else:
                    words = []
                    s = first
                    while s < len(slot_para) and slot_para[s] == q:
                        sentence = sentences[slot_sentence[s]]
                        words += _WORD.findall(prose, sentence.start, sentence.end)
                        s += 1
            return " ".join(words).lower().replace("’", "'")

        def span_of(unit: int) -> Span:
            return sentences[slot_sentence[unit]] if unit >= 0 else paragraphs[-1 - unit]

        def best(
            size: int, prints: int, samp: int, norm: str, shared: dict[int, int]
        ) -> tuple[float, int] | None:
            # ratio <= 2 min / (len1 + len2): lengths too far apart cannot reach the cutoff
            low = size * cutoff / (200 - cutoff) - 1e-9
            high = size * (200 - cutoff) / cutoff + 1e-9
            picked = []
            floor = samp / _SHARE  # the gate below needs at least this much in every case
            for j, c in shared.items():
                if c < floor:
                    continue
                if j >= 0:
                    other, others, osamp = slot_size[j], slot_prints[j], slot_samp[j]
                else:
                    q = -1 - j
                    other, others, osamp = para_size[q], para_prints[q], para_samp[q]
                # Both kept whole: all their hashes can be shared; else only sampled ones.
                if prints != samp and others != osamp:
                    need = max(prints, others)
                else:
                    need = max(samp, osamp)
                if low <= other <= high and c * _SHARE >= need:
                    picked.append((-c, span_of(j).start, j >= 0, j))
            if not picked:
                return None
            nonlocal ratio
            if ratio is None:
                from rapidfuzz.fuzz import ratio
            found: tuple[float, int] | None = None
            for _, _, _, j in sorted(picked)[:8]:
                score = ratio(norm, text_of(j), score_cutoff=cutoff)
                if score and (found is None or score > found[0]):
                    found = (score, j)
            return found

        s_index = 0
        for p_index, para in enumerate(paragraphs):
            inside: list[Span] = []
            inside_at: list[int] = []
            while s_index < len(sentences) and sentences[s_index].start < para.end:
                if sentences[s_index].start >= para.start:
                    inside.append(sentences[s_index])
                    inside_at.append(s_index)
                s_index += 1
            multi = len(inside) > 1
            if multi:
                found = [_WORD.findall(prose, sentence.start, sentence.end) for sentence in inside]
                words = list(chain.from_iterable(found))
            else:
                words = _WORD.findall(prose, para.start, para.end)
                found = [words]
            if len(words) < min_words:
                continue  # nor is any of its sentences a unit
            norm = " ".join(words).lower().replace("’", "'")
            lowered = norm.split(" ")
            hashes = list(map(crc32, norm.encode().split(b" ")))
            if n > 1:
                hashes = list(map(hash, zip(*(hashes[i:] for i in range(n)), strict=False)))
            # the slots of this paragraph: (first word, end word, fingerprints, sentence unit?)
            base = len(slot_para)
            para_slots[p_index] = base
            prints: list[set[int]] = []
            samps: list[int] = []
            start = 0
            for k, part in enumerate(found):
                end = start + len(part)
                grams = hashes[start : end - back]
                if len(grams) > _FULL:
                    mine = {h for h in grams if not h & _MASK} or {min(grams)}
                    samp = len(mine)
                else:
                    mine = set(grams)
                    samp = len([h for h in mine if not h & _MASK])
                samps.append(samp)
                prints.append(mine)
                is_unit = multi and want_sent and len(part) >= min_words
                slot_sentence.append(inside_at[k] if multi else -1)
                slot_para.append(p_index)
                if is_unit:
                    text = " ".join(lowered[start:end])
                    slot_size.append(len(text))
                    if room > 0:
                        norms[base + k] = text
                        room -= len(text)
                else:
                    slot_size.append(0)
                slot_prints.append(len(mine))
                slot_samp.append(samp)
                start = end
            union = set().union(*prints)
            para_prints[p_index] = len(union)
            if len(union) == sum(samps):
                para_samp[p_index] = len(union)
            else:
                para_samp[p_index] = len([h for h in union if not h & _MASK])
            # The earlier slots and paragraphs holding this paragraph's hashes, with how many
            # each holds (a hash held by more than limit + 1 slots is too common to count);
            # one pass serves the paragraph and, through `live`, its sentences.
            slot_hits: dict[int, int] = {}
            para_hits: dict[int, int] = {}
            live: dict[int, int | list[int]] = {}
            for sh in index.keys() & union:
                holders = index[sh]
                if type(holders) is int:
                    live[sh] = holders
                    slot_hits[holders] = slot_hits.get(holders, 0) + 1
                    q = slot_para[holders]
                    para_hits[q] = para_hits.get(q, 0) + 1
                elif len(holders) <= limit:
                    live[sh] = holders
                    done = -1
                    for h in holders:
                        slot_hits[h] = slot_hits.get(h, 0) + 1
                        q = slot_para[h]
                        if q != done:  # a paragraph's slots are consecutive: count it once
                            para_hits[q] = para_hits.get(q, 0) + 1
                            done = q
            if want_para or not multi:
                para_size[p_index] = len(norm)
                if room > 0:
                    norms[-1 - p_index] = norm
                    room -= len(norm)
                if live:
                    shared = {h: c for h, c in slot_hits.items() if slot_size[h]}
                    for q, c in para_hits.items():
                        if para_size[q]:
                            shared[-1 - q] = c
                    hit = best(len(norm), len(union), para_samp[p_index], norm, shared)
                    if hit is not None:
                        repeated_paragraphs.add(p_index)
                        yield self._finding(
                            doc,
                            _Unit(para, norm, (), p_index, True),
                            _Unit(span_of(hit[1]), "", (), 0, hit[1] < 0),
                            hit[0] / 100,
                        )
            if multi and want_sent and p_index not in repeated_paragraphs:
                # A sentence's count with a candidate is at most the paragraph's: only slots and
                # paragraphs whose whole-paragraph count passes the share gate can be its
                # candidates, besides the earlier sentences of its own paragraph.
                wanted = {
                    h for h, c in slot_hits.items() if slot_size[h] and c * _SHARE >= slot_samp[h]
                }
                wanted_paras = {
                    q for q, c in para_hits.items() if para_size[q] and c * _SHARE >= para_samp[q]
                }
                for k, mine in enumerate(prints):
                    slot = base + k
                    if not slot_size[slot]:
                        continue
                    shared = {}
                    if wanted or wanted_paras:
                        for sh in live.keys() & mine:
                            holders = live[sh]
                            done = -1
                            for h in (holders,) if type(holders) is int else holders:
                                if h in wanted:
                                    shared[h] = shared.get(h, 0) + 1
                                q = slot_para[h]
                                if q != done and q in wanted_paras:
                                    shared[-1 - q] = shared.get(-1 - q, 0) + 1
                                    done = q
                    for j in range(k):
                        if slot_size[base + j]:
                            c = len(mine & prints[j])
                            if c:
                                shared[base + j] = c
                    if shared:
                        text = text_of(slot)
                        hit = best(slot_size[slot], len(mine), samps[k], text, shared)
                        if hit is not None:
                            yield self._finding(
                                doc,
                                _Unit(inside[k], text, (), p_index, False),
                                _Unit(span_of(hit[1]), "", (), 0, hit[1] < 0),
                                hit[0] / 100,
                            )
            for k, mine in enumerate(prints):
                slot = base + k
                old = index.keys() & mine
                for sh in old:
                    holders = index[sh]
                    if type(holders) is int:
                        index[sh] = [holders, slot]
                    elif len(holders) <= limit:
                        holders.append(slot)
                if len(old) < len(mine):
                    index.update(dict.fromkeys(mine - old if old else mine, slot))

    def _finding(self, doc: Document, unit: _Unit, first: _Unit, score: float) -> Finding:
        start, end = unit.span.start, unit.span.end
        line, col = doc.position(first.span.start)
        shown = line + doc.lines_before  # the line in the file (Document.lines_before)
        related = Related(
            first.span.start, first.span.end, f"first occurrence (line {shown})", line, col
        )
        whole = unit.is_paragraph or _whole_paragraph(doc, unit.span)
        cut = _deletion(doc, unit.span, whole)
        return self.make_finding(
            doc,
            start,
            end,
            ("",),
            values={
                "line": str(shown),
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


def _shares_a_run(prose: str, shingle: int) -> bool:
    """Whether some run of `_RUN` words (at least `shingle`) comes twice in the text.

    A repeat, even reworded by a fifth of its words, keeps such a run; most articles have none,
    and this one scan and one set of word tuples clears them. The runs go into the set in
    blocks that double in size, and the first block holding a run seen before answers: text
    that repeats itself (a template, a pasted lede) usually does so early, and stops there.
    """
    # White space splits words more coarsely than `_WORD` (punctuation stays on them), at a
    # fifth of the cost; a copy still shares a run of words with the same punctuation.
    words = prose.lower().split()
    k = max(_RUN, shingle)
    if len(words) < 2 * k:
        return False
    runs = len(words) - k + 1
    seen: set[tuple[str, ...]] = set()
    start, block = 0, 128
    while start < runs:
        end = min(runs, start + block)
        before = len(seen)
        seen.update(zip(*(words[start + i : end + i] for i in range(k)), strict=True))
        if len(seen) - before < end - start:
            return True
        start, block = end, block * 2
    return False


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
