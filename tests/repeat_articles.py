"""Articles with one repeated, slightly reworded paragraph, for the `repeat` detector.

Deterministic (seeded): case `i` always gives the same article. The base articles are the
corpus's own (tests/corpus), so the articles without a repeat are real, varied news prose.
Used by tests/test_detectors.py and bench/repeat_eval.py.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
_BLANK = re.compile(r"\n\s*\n")
# Words a rewrite brings in: what a second translation or an editor's touch changes.
_SWAPS = (
    "call appeal talks meeting said stated added noted officials sources minister ministers "
    "week month Thursday Friday new recent major several some many government authorities "
    "country nation city region people residents groups plans measures also still already"
).split()


@dataclass(frozen=True)
class RepeatCase:
    original: str  # the article as written (no repeat)
    text: str  # the article with the repeat inserted
    first: tuple[int, int]  # span of the repeated paragraph's first occurrence in `text`
    repeat: tuple[int, int]  # span of the inserted copy in `text`
    changed: int  # words changed in the copy
    words: int  # words in the paragraph


def base_articles() -> list[str]:
    paths = sorted((CORPUS / "clean").glob("*.txt")) + sorted((CORPUS / "mt").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def reword(words: list[str], rng: random.Random, max_share: float = 0.2) -> tuple[list[str], int]:
    """Change up to `max_share` of the words: replace, delete or insert one word at a time."""
    words = list(words)
    changes = rng.randint(0, int(len(words) * max_share))
    for _ in range(changes):
        op = rng.choice(("replace", "replace", "delete", "insert"))
        i = rng.randrange(len(words))
        if op == "replace":
            words[i] = rng.choice(_SWAPS)
        elif op == "delete" and len(words) > 2:
            del words[i]
        else:
            words.insert(i, rng.choice(_SWAPS))
    return words, changes


def make_case(index: int, articles: list[str] | None = None) -> RepeatCase:
    rng = random.Random(1000 + index)
    articles = articles or base_articles()
    text = articles[index % len(articles)].strip() + "\n"
    paragraphs = [p.strip() for p in _BLANK.split(text) if p.strip()]
    long_ones = [i for i, p in enumerate(paragraphs) if len(p.split()) >= 10]
    source = rng.choice(long_ones)
    words = paragraphs[source].split()
    copy, changed = reword(words, rng)
    at = rng.randint(source + 1, len(paragraphs))
    out = [*paragraphs[:at], " ".join(copy), *paragraphs[at:]]
    joined = "\n\n".join(out) + "\n"
    first_start = sum(len(p) + 2 for p in out[:source])
    repeat_start = sum(len(p) + 2 for p in out[:at])
    return RepeatCase(
        original="\n\n".join(paragraphs) + "\n",
        text=joined,
        first=(first_start, first_start + len(paragraphs[source])),
        repeat=(repeat_start, repeat_start + len(out[at])),
        changed=changed,
        words=len(words),
    )


def cases(count: int = 200) -> list[RepeatCase]:
    articles = base_articles()
    return [make_case(i, articles) for i in range(count)]
