"""A verdict per article: how strongly it shows machine-translation traces, and from what.

An editor triaging a folder of scraped articles wants one number per file, not forty findings:
the MT score (0-100) ranks files, and the likely source language with its evidence
("fr: 6 name forms, 3 calques, French typography") says what kind of clean-up each needs.
How the score is computed, and why, is in docs/verdict.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .findings import Finding, Severity
from .languages import LANGUAGE_NAMES
from .regex_cache import precompiled

#: How much one finding of a category says "this was machine translated". A French name form or
#: a calque almost never appears in edited English; a doubled space or boilerplate line can.
CATEGORY_WEIGHTS: dict[str, float] = {
    "untranslated": 5.0,
    "name-form": 3.0,
    "calque": 3.0,
    "false-friend": 2.5,
    "agreement": 2.5,
    "typography": 1.5,
    "consistency": 1.5,
    "repetition": 1.5,
    "punctuation": 1.0,
    "boilerplate": 0.5,
}
SEVERITY_FACTORS: dict[Severity, float] = {
    Severity.ERROR: 1.0,
    Severity.WARNING: 0.7,
    Severity.INFO: 0.25,
}
#: Weighted findings per 1,000 words at which the score reaches 63 (1 - 1/e).
SCALE = 12.0
#: Texts shorter than this count as this long, so a two-line text with one finding is not 100.
MIN_WORDS = 150
#: Categories that tell the source language when the rule is language-specific.
_LANGUAGE_EVIDENCE = ("name-form", "calque", "false-friend", "agreement", "untranslated")
_LABELS = {
    "name-form": ("name form", "name forms"),
    "calque": ("calque", "calques"),
    "false-friend": ("false friend", "false friends"),
    "agreement": ("agreement slip", "agreement slips"),
    "untranslated": ("untranslated passage", "untranslated passages"),
    "punctuation": ("punctuation habit", "punctuation habits"),
}
_WORD = precompiled(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Verdict:
    """One article's MT score, likely source language (None if nothing tells) and evidence."""

    mt_score: int
    source_lang: str | None
    evidence: str
    words: int
    weight: float


def count_words(text: str) -> int:
    # subn counts the matches without making a string of each: 0.12 vs 0.22 ms an article of
    # `many` on an idle core, about the same under load; every file shown with a verdict pays it.
    return _WORD.subn("", text)[1]


def finding_weight(finding: Finding) -> float:
    """What one finding adds to an article's MT weight."""
    category = CATEGORY_WEIGHTS.get(finding.category, 1.0)
    return category * SEVERITY_FACTORS.get(finding.severity, 0.5)


def mt_score(weight: float, words: int) -> int:
    """Weighted findings per 1,000 words through a saturating curve: 0 for none, towards 100.

    Saturating, because past a dozen traces per thousand words the article is plainly machine
    translated and more findings should not keep widening the gap with the next file.
    """
    density = weight * 1000 / max(words, MIN_WORDS)
    return round(100 * (1 - math.exp(-density / SCALE)))


def verdict(findings: Iterable[Finding], text: str, words: int | None = None) -> Verdict:
    """The verdict for one article from its findings and its text (or its word count, known
    from the findings cache: counting is the verdict's whole cost)."""
    tally = Tally()
    tally.add(findings)
    return tally.verdict(count_words(text) if words is None else words)


def source_language(findings: Iterable[Finding]) -> tuple[str | None, str]:
    """The language whose traces weigh most, and the evidence as one short line."""
    tally = Tally()
    tally.add(findings)
    return tally.source_language()


class Tally:
    """What a verdict reads of the findings, gathered in one pass as they come.

    A large file's findings arrive section by section and are then packed (tqcheck/packed.py):
    tallying each section's findings as they are made spares unpacking them all again. Sections
    checked in worker processes bring their own tallies, which `merge` appends in file order.
    The weights, and the language evidence with its weights, are kept in order and summed as
    `sum` would sum the findings', so the verdict is the same to the last bit however the
    findings were gathered.
    """

    def __init__(self) -> None:
        self.weights: list[float] = []
        #: (source language, category, weight) of each finding that tells the language
        self.evidence: list[tuple[str, str, float]] = []

    def add(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            weight = finding_weight(f)
            self.weights.append(weight)
            if f.source_lang in ("", "common") or (
                f.category not in _LANGUAGE_EVIDENCE
                and f.category not in ("typography", "punctuation")
            ):
                continue
            self.evidence.append((f.source_lang, f.category, weight))

    def merge(self, later: Tally) -> None:
        """Append the tally of the findings that come after these (the next section's)."""
        self.weights += later.weights
        self.evidence += later.evidence

    def verdict(self, words: int) -> Verdict:
        weight = sum(self.weights)
        lang, evidence = self.source_language()
        return Verdict(mt_score(weight, words), lang, evidence, words, round(weight, 2))

    def source_language(self) -> tuple[str | None, str]:
        by_lang: dict[str, Counter[str]] = {}
        weights: Counter[str] = Counter()
        for code, category, weight in self.evidence:
            by_lang.setdefault(code, Counter())[category] += 1
            weights[code] += weight
        if not weights:
            return None, ""
        lang = max(sorted(weights), key=lambda code: weights[code])
        counts = by_lang[lang]
        parts = []
        for category in sorted(counts, key=lambda c: (-counts[c], c)):
            if category == "typography":
                parts.append(f"{LANGUAGE_NAMES.get(lang, lang)} typography")
                continue
            singular, plural = _LABELS.get(category, (category, category))
            parts.append(f"{counts[category]} {singular if counts[category] == 1 else plural}")
        return lang, f"{lang}: " + ", ".join(parts)


def file_verdict(result: Any) -> Verdict | None:
    """The verdict of one checked file (None when it could not be checked).

    A handled file may have been slimmed (tqcheck/slim.py) and no longer hold its text; the
    verdict computed before that is kept on the result.
    """
    if result.error:
        return None
    if getattr(result, "verdict", None) is not None:
        return result.verdict
    if result.document is None:
        return None
    return verdict(result.findings, result.document.text)
