"""`consistency`: one person or place spelt two ways in one article ("Poutine" and "Putin").

Machine translation handles each sentence alone: one sentence keeps the source-language form of
a name, the next uses the English one, and a human-edited lede uses a third. A reader sees the
inconsistency even when each form exists somewhere.

Spellings are joined three ways: a table of known variants in the rule ("Kiev" -> "Kyiv"), the
name packs' own dictionaries (every `substitute` rule of category name-form, handed over by
`bind`), and fuzzy matching over a transliteration skeleton (accents, y/i, ou/u, doubled
letters) with rapidfuzz. Different people with close names are kept apart: a name is never
joined to a form that only adds a suffix ("Martin"/"Martina", "Russia"/"Russian") or that
puts another ending on the same stem ("Mexicanos"/"Mexicans", "Pohořelický"/"Pohořelice"),
nor to one the skeleton alone brought close ("Marian"/"Mayan": the spellings as written must
be similar too); hyphenated names that differ in a whole part ("Jong-un"/"Jong-il") stay
apart, and two spellings each always preceded by its own first name ("Thomas Meyer", "Anna
Meier") are two people.
"""

from __future__ import annotations

import dataclasses
import functools
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any, overload

from ..document import Document
from ..findings import Finding, Related
from ..regex_cache import precompiled
from .base import Rule, RuleSpecError, carry_case, strip_accents

_CAPITAL = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_PREFIX = r"(?:al|el|ad|as|ash|at|az|ar|an|ibn|bin|ben|abu)-"
_NAME_TAIL = r"[\w]*(?:-[A-Za-zÀ-ÖØ-öø-ÿ]\w*)*"
_NAME = precompiled(rf"(?<![\w'’-])(?:{_NAME_PREFIX})?[{_CAPITAL}]{_NAME_TAIL}")
#: `_NAME` without the lowercase particles ("al-Assad"), led by the capital so the scan jumps
#: from capital to capital (the look-behind comes after it): 4x faster; `_find_names` uses it
#: when the text holds no particle before a capital
_CAPITALISED = precompiled(rf"[{_CAPITAL}](?<![\w'’-][{_CAPITAL}]){_NAME_TAIL}")
_HYPHEN_CAPITAL = precompiled(rf"-[{_CAPITAL}]")
_PREFIX_AT = precompiled(rf"(?<![\w'’-]){_NAME_PREFIX}")
_LOWER_WORD = precompiled(r"(?<![\w-])[a-zà-öø-ÿ][\w'’]*")
_PREVIOUS_WORD = precompiled(r"([A-ZÀ-ÖØ-Þ][\w.-]*)\s+$")
# Endings that make another word (demonym, plural, feminine), not another spelling.
_SUFFIXES = frozenset("s es n an ian ans ians ns ese i is a o e er ers".split())
#: Endings two words built on one stem may carry (with the empty one and `_SUFFIXES`):
#: Romance plurals ("Mexicanos" / "Mexicans"), the -ist of a follower ("Salafist" /
#: "Salafis"), Slavic adjectives from place names ("Pohořelický" / "Pohořelice").
_WORD_ENDINGS = _SUFFIXES | frozenset("os as ist ists ism ky ki ka ke ko".split()) | {""}
#: the shortest stem two such words must share
_MIN_STEM = 4
#: a fuzzy join needs this similarity of the spellings as written too (accents aside, before
#: the skeleton's y/i, ou/u and doubled letters): "Marian" / "Mayan" are 91 as skeletons
#: ("marian" / "maian") and 73 as written
_WRITTEN_FLOOR = 75.0
_SKELETON_STEPS = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("ou", "u"),
    ("ij", "i"),
    ("y", "i"),
    ("ph", "f"),
    ("kh", "h"),
    ("dh", "d"),
)
_DOUBLE = precompiled(r"(.)\1+")
#: a digit or an underscore: an identifier or a model number (MyProvider2, Su-35), not a
#: name that a translation can spell two ways
_CODE_LIKE = precompiled(r"[\d_]")
#: above this many characters the places of names are kept from the one scan: a long text
#: nearly always has a pair of spellings to compare, and a second scan would cost more
_LONG_TEXT = 50_000
_CHUNK = 1 << 20


#: where `bind` remembers its merged variants (on the rule's __dict__; pickled with it)
_BIND_MEMO = "_bound_variants"


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class ConsistencyRule(Rule):
    """One name spelt two ways in one article; the variants are joined by table and skeleton."""

    kind_name = "consistency"
    kind_keys = frozenset({"variants", "threshold", "min_length"})
    literal = False

    #: casefolded spelling -> preferred spelling (from the rule's table and the name packs)
    variants: dict[str, str] = field(default_factory=dict)
    threshold: float = 90.0
    min_length: int = 5
    #: casefolded spellings a running name-form rule already reports (not reported twice)
    reported_elsewhere: frozenset[str] = frozenset()

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> ConsistencyRule:
        table = spec.get("variants") or {}
        if not isinstance(table, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise RuleSpecError("'variants' must map a spelling to the preferred one", "variants")
        threshold = spec.get("threshold", 90)
        if not isinstance(threshold, (int, float)) or not 50 <= threshold <= 100:
            raise RuleSpecError("'threshold' must be a similarity from 50 to 100", "threshold")
        min_length = spec.get("min_length", 5)
        if not isinstance(min_length, int) or isinstance(min_length, bool) or min_length < 3:
            raise RuleSpecError("'min_length' must be a whole number >= 3", "min_length")
        return cls(
            **common,
            variants={k.casefold(): v for k, v in table.items()},
            threshold=float(threshold),
            min_length=min_length,
        )

    def bind(self, rules: Sequence[Rule]) -> Rule:
        """Learn the canonical forms of the name packs that run beside this rule.

        Merging ~6,000 name variants took ~4 ms of every start-up (each Ruleset built, as by
        `filtered`, binds again), so the result is remembered on this rule per set of name rules
        (by id: one loaded ruleset never holds two rules with one id); the pack cache stores it.
        """
        names = [
            rule
            for rule in rules
            if rule.kind == "substitute"
            and rule.category == "name-form"
            and getattr(rule, "entries", None)
        ]
        memo = self.__dict__.setdefault(_BIND_MEMO, {})
        key = tuple(rule.id for rule in names)
        bound = memo.get(key)
        if bound is None:
            variants = dict(self.variants)
            reported: set[str] = set()
            for rule in names:
                for variant, (_, suggestions) in rule.entries.items():  # type: ignore[attr-defined]
                    if suggestions and suggestions[0] and " " not in variant:
                        variants.setdefault(variant.casefold(), suggestions[0])
                        reported.add(variant.casefold())
            bound = memo[key] = (variants, frozenset(reported))
            if len(memo) > 8:
                memo.pop(next(iter(memo)))
        return dataclasses.replace(self, variants=bound[0], reported_elsewhere=bound[1])

    # ---- finding --------------------------------------------------------------------------

    def find(self, doc: Document) -> Iterator[Finding]:
        prose = doc.prose
        if len(prose) > _LONG_TEXT:
            # A long text nearly always has a close pair, whose places are needed: one scan
            # keeping them, as small as the spans it keeps.
            spans, shown = _names_with_places(prose, _lower_words(prose))
            groups = self._group(list(shown), _FirstNames(doc, spans)) if len(shown) > 1 else []
        else:
            groups, spans, shown = self._groups_of_short_text(doc)
        for members in groups:
            yield from self._report(doc, members, spans, shown)

    def _groups_of_short_text(
        self, doc: Document
    ) -> tuple[
        list[list[tuple[str, float]]], Mapping[str, Sequence[tuple[int, int]]], dict[str, str]
    ]:
        """The groups of an article, asking which capitalised words are also written in
        lowercase ("The", "President": words, not names) only when some spellings group.

        Gathering every lowercase word of an article cost more than the rest of the rule,
        and only one article in ~15 has a pair of close spellings at all. The names are first
        grouped with those words among them; when nothing groups, nothing would have grouped
        without them either (removing a spelling only removes joins). When something does, the
        words are gathered and the grouping is done again without them, exactly as if they had
        been left out from the start (the same spellings in the same order, so the same joins).
        """
        prose = doc.prose
        spans, shown = _names(prose, frozenset())
        if len(shown) < 2:
            return [], spans, shown
        first_names = _FirstNames(doc, spans)
        if not self._group(list(shown), first_names):
            return [], spans, shown
        lower_words = _lower_words(prose)
        kept = [key for key in shown if key not in lower_words]
        return self._group(kept, first_names), spans, shown

    def _group(self, keys: list[str], first_names: _FirstNames) -> list[list[tuple[str, float]]]:
        """Sets of spellings of one name, each with the score that joined it.

        Runs for every article, and most have no pair at all: the union-find is filled only
        when something joins, and a pair whose lengths alone keep its ratio below the
        threshold is not scored (rapidfuzz's ratio is at most 200 * shorter / (sum of the
        lengths)). The pairs are visited in the same order either way, so the joins, and the
        score each records, are the same.
        """
        parent: dict[str, str] = {}
        score: dict[str, float] = {}

        def root(k: str) -> str:
            while parent.get(k, k) != k:
                parent[k] = parent.get(parent[k], parent[k])
                k = parent[k]
            return k

        def join(a: str, b: str, how: float) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
                score[a] = min(score.get(a, 1.0), how)
                score[b] = min(score.get(b, 1.0), how)

        variants = self.variants
        present = set(keys)
        for key in keys:
            target = variants.get(key)
            if target and target.casefold() in present and target.casefold() != key:
                join(target.casefold(), key, 1.0)
        threshold = self.threshold
        min_length = self.min_length
        by_initial: dict[str, list[str]] = {}
        for k in keys:
            if len(k) >= min_length:
                sk = skeleton(k)
                bucket = by_initial.get(sk[:1])
                if bucket is None:
                    by_initial[sk[:1]] = [sk, k]
                else:
                    bucket += (sk, k)
        ratio: Callable[[str, str], float] | None = None  # rapidfuzz, imported on first need
        for bucket in by_initial.values():
            # [skeleton, key, skeleton, key, ...] in the order of `keys`
            size = len(bucket)
            for i in range(0, size - 2, 2):
                sa = bucket[i]
                la = len(sa)
                for j in range(i + 2, size, 2):
                    sb = bucket[j]
                    if sa == sb:
                        similarity = 100.0
                    else:
                        lb = len(sb)
                        if 200 * min(la, lb) < threshold * (la + lb):
                            continue
                        if ratio is None:
                            from rapidfuzz.fuzz import ratio
                        similarity = ratio(sa, sb)
                        if similarity < threshold:
                            continue
                    if not _same_name(sa, sb):
                        continue
                    a, b = bucket[i + 1], bucket[j + 1]
                    if not _same_written_name(a, b):
                        continue
                    if _different_people(first_names.of(a), first_names.of(b)):
                        continue
                    join(a, b, similarity / 100)
        if not parent:
            return []
        groups: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for key in keys:
            groups[root(key)].append((key, score.get(key, 1.0)))
        return [members for members in groups.values() if len(members) > 1]

    def _report(
        self,
        doc: Document,
        members: list[tuple[str, float]],
        spans: Mapping[str, Sequence[tuple[int, int]]],
        shown: Mapping[str, str],
    ) -> Iterator[Finding]:
        keys = [k for k, _ in members]
        targets = {self.variants[k].casefold() for k in keys if k in self.variants}
        canonical = [k for k in keys if k in targets and k not in self.variants]

        def weight(k: str) -> tuple[int, int, int]:
            # Most used; on a tie the shorter form (French transliteration adds letters:
            # Poutine, Loukachenko, Roublev), then the first written.
            return (len(spans[k]), -len(k), -spans[k][0][0])

        dominant = max(canonical or keys, key=weight)
        first_start, first_end = spans[dominant][0]
        line, col = doc.position(first_start)
        label = f"'{shown[dominant]}' at line {line + doc.lines_before}"  # the line in the file
        related = Related(first_start, first_end, label, line, col)
        for key, joined in members:
            if key == dominant or key in self.reported_elsewhere:
                continue
            for start, end in spans[key]:
                if not self.allowed(doc, start, end):
                    continue
                suggestion = carry_case(doc.text[start:end], shown[dominant])
                yield self.make_finding(
                    doc,
                    start,
                    end,
                    (suggestion,),
                    values={"count": _times(len(spans[dominant]))},
                    confidence=round(joined, 3),
                    related=(related,),
                )

    def describe_options(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "min_length": self.min_length,
            "known variants": len(self.variants),
        }


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


@functools.lru_cache(maxsize=8192)  # names recur from article to article of a run
def skeleton(name: str) -> str:
    """A spelling with transliteration noise removed: 'Poutine' -> 'putin', 'el-Assad' ->
    'al-asad', 'Zelenskyy' -> 'zelenski'. The first letter is kept as written (Karl/Carl)."""
    text = strip_accents(name).casefold()
    if text.startswith("el-"):
        text = "al-" + text[3:]
    head, rest = text[:1], text[1:]
    for old, new in _SKELETON_STEPS:
        rest = rest.replace(old, new)
    text = _DOUBLE.sub(r"\1", head + rest)
    if len(text) > 4 and text.endswith("e"):
        text = text[:-1]
    return text


def _same_name(a: str, b: str) -> bool:
    """False when the two skeletons are two words rather than two spellings of one."""
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short) :] in _SUFFIXES:
        return False
    parts_a, parts_b = a.split("-"), b.split("-")
    if len(parts_a) != len(parts_b):
        return True
    from rapidfuzz.fuzz import ratio

    return all(ratio(x, y) >= 60 for x, y in zip(parts_a, parts_b, strict=True))


def _same_written_name(a: str, b: str) -> bool:
    """False when the spellings as written (casefolded, accents aside) are two words: one stem
    with two endings ("Christian" / "Christiane", "Morales" / "Morals"), or too far apart
    for the skeleton's join to be a spelling ("Marian" / "Mayan")."""
    a, b = strip_accents(a), strip_accents(b)
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    for stem in range(shared, _MIN_STEM - 1, -1):
        if a[stem:] in _WORD_ENDINGS and b[stem:] in _WORD_ENDINGS:
            return False
        if shared - stem >= 3:
            break
    from rapidfuzz.fuzz import ratio  # imported already: a join was scored

    return ratio(a, b) >= _WRITTEN_FLOOR


def _lower_words(prose: str) -> set[str]:
    """The casefolded words written in lowercase, gathered a megabyte of text at a time, so
    that a long text never holds a list of all its words (3 million strings for 20 MB)."""
    words: set[str] = set()
    start, length = 0, len(prose)
    while start < length:
        # Cut at a white space: no word crosses it, and the look-behind sees across the cut.
        end = prose.find(" ", start + _CHUNK)
        end = length if end < 0 else end
        words.update(map(str.casefold, _LOWER_WORD.findall(prose, start, end)))
        start = end
    return words


def _names(
    prose: str, lower_words: Set[str]
) -> tuple[Mapping[str, Sequence[tuple[int, int]]], dict[str, str]]:
    """The places of the names kept (found on first use) and how to write each, by key.

    Each spelling is judged once, not each time it is written (a findall, then its distinct
    words in order of first use); where each is written is found only when a pair of
    spellings is compared closely, which most articles never need. `shown` is what the scan
    of `_names_with_places` gives: a key's first form not in capitals, else its last form.
    """
    names = _find_names(prose)  # no apostrophe in _NAME: "Poutine's" gives "Poutine"
    forms: dict[str, str] = {}  # each spelling kept -> its key, in order of first use
    shown: dict[str, str] = {}
    capitals: set[str] = set()
    for word in dict.fromkeys(names):
        key = word.casefold()
        if len(word) < 3 or key in lower_words or (word.isupper() and len(word) <= 4):
            continue
        if _CODE_LIKE.search(word):
            continue
        forms[word] = key
        if key not in shown:
            shown[key] = word
        elif shown[key].isupper():
            if word.isupper():
                capitals.add(key)
            shown[key] = word
    for key in capitals:
        if shown[key].isupper():
            # Only capital forms: the one written last.
            shown[key] = next(w for w in reversed(names) if forms.get(w) == key)
    return _Spans(prose, forms), shown


def _find_names(prose: str) -> list[str]:
    """`_NAME.findall(prose)`, through the faster `_CAPITALISED` when no particle ("al-",
    "ibn-") stands before a capital: then the two patterns match the same words, since
    `_NAME`'s particle branch is the only one that can start at a lowercase letter."""
    for hyphen in _HYPHEN_CAPITAL.finditer(prose):
        at = hyphen.start()
        for start in (at - 2, at - 3):  # particles are two or three letters
            if start >= 0 and (prefix := _PREFIX_AT.match(prose, start)) and prefix.end() == at + 1:
                return _NAME.findall(prose)
    return _CAPITALISED.findall(prose)


def _names_with_places(
    prose: str, lower_words: set[str]
) -> tuple[dict[str, _Places], dict[str, str]]:
    """`_names` in one scan that keeps each place (start, end) of a kept name, by key, in
    machine-integer arrays: a long text holds a million names, as tuples 200 MB."""
    spans: dict[str, _Places] = {}
    shown: dict[str, str] = {}
    for m in _NAME.finditer(prose):
        word = m.group()
        key = word.casefold()
        if len(word) < 3 or key in lower_words or (word.isupper() and len(word) <= 4):
            continue
        if _CODE_LIKE.search(word):
            continue
        places = spans.get(key)
        if places is None:
            places = spans[key] = _Places()
        start = m.start()
        places.starts.append(start)
        places.ends.append(start + len(word))
        if key not in shown or shown[key].isupper():
            shown[key] = word
    return spans, shown


class _Places(Sequence[tuple[int, int]]):
    """(start, end) pairs kept as two arrays of machine integers (16 bytes a place)."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts, self.ends = array("q"), array("q")

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], strict=True))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)


class _Spans(Mapping[str, list[tuple[int, int]]]):
    """key -> the (start, end) of each place a kept spelling of it is written, in text order;
    found by one scan of the names, on first use."""

    def __init__(self, prose: str, forms: Mapping[str, str]) -> None:
        self.prose, self.forms = prose, forms
        self._spans: dict[str, list[tuple[int, int]]] | None = None

    def _all(self) -> dict[str, list[tuple[int, int]]]:
        if self._spans is None:
            spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
            forms = self.forms
            for m in _NAME.finditer(self.prose):
                key = forms.get(m.group())
                if key is not None:
                    spans[key].append(m.span())
            self._spans = spans
        return self._spans

    def __getitem__(self, key: str) -> list[tuple[int, int]]:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _FirstNames:
    """The words written before each spelling, read only for the spellings that a pair could
    join (most capitalised words are never compared with another spelling)."""

    def __init__(self, doc: Document, spans: Mapping[str, Sequence[tuple[int, int]]]) -> None:
        self.doc, self.spans = doc, spans
        self._seen: dict[str, tuple[set[str], bool]] = {}

    def of(self, key: str) -> tuple[set[str], bool]:
        """(casefolded words before the spelling, whether it is ever written without one)."""
        found = self._seen.get(key)
        if found is None:
            prose, names, bare = self.doc.prose, set(), False
            for start, _ in self.spans[key]:
                before = _PREVIOUS_WORD.search(prose, max(0, start - 40), start)
                if before and self.doc.sentence_at(start).start != start:
                    names.add(before.group(1).casefold())
                else:
                    bare = True
            found = self._seen[key] = (names, bare)
        return found


def _different_people(a: tuple[set[str], bool], b: tuple[set[str], bool]) -> bool:
    """Each spelling always comes with its own first name: two people, not two spellings."""
    (names_a, bare_a), (names_b, bare_b) = a, b
    if bare_a or bare_b or not names_a or not names_b:
        return False
    return not (names_a & names_b)
