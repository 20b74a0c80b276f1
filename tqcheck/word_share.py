"""How often a literal anchor occurs in English news: a rough estimate for ranking anchors.

The character model in anchors.py (`char_share`) treats every letter alike, so it rates "the "
as rare as "qzx ". That is enough to rank long literals, but choosing how to run a rule (try it
with `match` at each place a prefix occurs, or scan a window around a rarer literal) needs to
know that "the ", "at " and "in" occur dozens of times in every article. The table holds the
commonest English words with their rough share of word tokens; a literal that is, or is part
of, one of them is expected that often.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Share of word tokens (rough, from general English news counts).
COMMON_WORDS: dict[str, float] = {
    "the": 0.055,
    "of": 0.027,
    "and": 0.024,
    "to": 0.024,
    "a": 0.021,
    "in": 0.02,
    "is": 0.009,
    "that": 0.009,
    "for": 0.009,
    "it": 0.007,
    "was": 0.008,
    "on": 0.007,
    "with": 0.006,
    "he": 0.006,
    "as": 0.006,
    "by": 0.005,
    "at": 0.005,
    "his": 0.004,
    "from": 0.004,
    "her": 0.003,
    "be": 0.005,
    "are": 0.004,
    "have": 0.004,
    "has": 0.004,
    "had": 0.003,
    "not": 0.003,
    "but": 0.003,
    "this": 0.003,
    "they": 0.003,
    "she": 0.002,
    "which": 0.002,
    "or": 0.003,
    "an": 0.003,
    "were": 0.003,
    "been": 0.002,
    "their": 0.002,
    "will": 0.002,
    "would": 0.002,
    "said": 0.004,
    "who": 0.002,
    "its": 0.002,
    "after": 0.001,
    "also": 0.0015,
    "more": 0.0015,
    "can": 0.0015,
    "all": 0.0015,
    "one": 0.0015,
    "new": 0.001,
    "than": 0.001,
    "up": 0.001,
    "out": 0.001,
    "about": 0.001,
    "over": 0.001,
    "into": 0.001,
    "there": 0.001,
    "no": 0.001,
    "we": 0.001,
    "year": 0.001,
    "years": 0.001,
    "two": 0.001,
    "last": 0.0008,
    "first": 0.0008,
    "other": 0.0008,
    "some": 0.0008,
    "when": 0.0008,
    "could": 0.0008,
    "if": 0.0008,
    "so": 0.0008,
    "what": 0.0006,
    "government": 0.0006,
    "people": 0.0006,
    "president": 0.0006,
    "minister": 0.0006,
    "only": 0.0006,
    "time": 0.0006,
    "against": 0.0005,
    "before": 0.0005,
    "between": 0.0005,
    "since": 0.0005,
    "state": 0.0005,
    "country": 0.0004,
    "week": 0.0004,
    "under": 0.0004,
    "while": 0.0004,
    "where": 0.0004,
    "because": 0.0004,
    "did": 0.0004,
    "get": 0.0004,
    "made": 0.0004,
    "may": 0.0004,
    "being": 0.0004,
    "them": 0.0004,
    "these": 0.0004,
    "those": 0.0003,
    "three": 0.0003,
    "during": 0.0003,
    "both": 0.0003,
    "most": 0.0003,
    "told": 0.0003,
    "police": 0.0003,
    "party": 0.0003,
    "says": 0.0003,
    "day": 0.0003,
    "within": 0.0003,
    "without": 0.0003,
    "through": 0.0004,
    "around": 0.0003,
    "such": 0.0003,
    "very": 0.0003,
    "just": 0.0003,
    "even": 0.0003,
    "still": 0.0003,
    "then": 0.0004,
    "now": 0.0005,
    "how": 0.0003,
    "many": 0.0003,
    "much": 0.0003,
    "any": 0.0004,
    "our": 0.0004,
    "you": 0.0008,
    "your": 0.0003,
    "him": 0.0004,
    "do": 0.0006,
    "does": 0.0003,
    "make": 0.0003,
    "take": 0.0003,
    "say": 0.0003,
    "should": 0.0003,
    "must": 0.0002,
    "another": 0.0002,
    "second": 0.0002,
    "next": 0.0002,
    "same": 0.0002,
    "own": 0.0002,
    "part": 0.0002,
    "end": 0.0002,
    "high": 0.0002,
    "public": 0.0002,
    "national": 0.0002,
    "world": 0.0003,
    "report": 0.0004,
    "statement": 0.0002,
}

#: Word tokens per character of running text (about 5.5 characters a word with its space).
WORDS_PER_CHAR = 0.18


def expected_share(strings: Iterable[str], fallback: float) -> float:
    """Expected occurrences per character of any of `strings` (lowercase literals).

    A literal found inside a common word is expected as often as that word (summed over the
    words that contain it); `fallback` (the character model's figure) is used when it is
    higher, or when no common word contains the literal.
    """
    total = 0.0
    for s in strings:
        core = s.strip(" ")
        words = core.split(" ") if core else []
        share = 0.0
        if len(words) == 1:
            for word, freq in COMMON_WORDS.items():
                if _fits(s, word):
                    share += freq * WORDS_PER_CHAR
        elif words and all(w in COMMON_WORDS for w in words):
            share = min(COMMON_WORDS[w] for w in words) * WORDS_PER_CHAR * 0.2
        total += share
    return max(total, fallback)


def _fits(anchor: str, word: str) -> bool:
    """Can `anchor` occur inside an occurrence of `word` (a space meaning a word edge)?"""
    core = anchor.strip(" ")
    at_start, at_end = anchor.startswith(" "), anchor.endswith(" ")
    if at_start and at_end:
        return core == word
    if at_start:
        return word.startswith(core)
    if at_end:
        return word.endswith(core)
    return core in word
