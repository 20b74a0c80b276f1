"""`boilerplate`: whole lines of scraper and paywall residue ("Source link -112").

Residue is a standalone line, mostly at the top or bottom of an article; requiring the regex to
match the whole line, and optionally only among the first or last few lines, is what keeps
"Read also the ministry's statement, which ..." in a real paragraph silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..document import Document
from ..findings import Finding
from .base import Rule, RuleSpecError, compile_regex

_WHERE = ("start", "end", "anywhere")


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class BoilerplateRule(Rule):
    """Whole lines of residue, matched line by line, optionally only near the top or bottom."""

    kind_name = "boilerplate"
    kind_keys = frozenset({"lines", "where", "within"})

    lines: tuple[str, ...] = ()
    where: str = "anywhere"
    within: int = 3
    _regexes: tuple[re.Pattern[str], ...] | None = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> BoilerplateRule:
        lines = spec.get("lines")
        if isinstance(lines, str):
            lines = [lines]
        if not isinstance(lines, list) or not lines:
            raise RuleSpecError("'lines' must be a list of regular expressions", "lines")
        regexes = tuple(compile_regex(line, "lines") for line in lines)
        where = spec.get("where", "anywhere")
        if where not in _WHERE:
            raise RuleSpecError(f"'where' must be one of {', '.join(_WHERE)}", "where")
        within = spec.get("within", 3)
        if not isinstance(within, int) or within < 1:
            raise RuleSpecError("'within' must be a positive whole number", "within")
        rule = cls(**common, lines=tuple(r.pattern for r in regexes), where=where, within=within)
        rule._regexes = regexes
        return rule

    @property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        if self._regexes is None:
            self._regexes = tuple(compile_regex(p, "lines") for p in self.lines)
        return self._regexes

    def _candidate_lines(
        self, doc: Document, regions: Sequence[tuple[int, int]] | None = None
    ) -> list[int]:
        """The non-blank lines the rule looks at (the first or last `within` of them, or all),
        keeping only those that overlap `regions` when given."""
        prose = doc.prose

        def non_blank(number: int) -> bool:
            start, end, _ = doc.line_span(number)
            return bool(prose[start:end].strip())

        count = doc.line_count
        # A section of a large file (tqcheck/sections.py) has the file's start only if it is
        # the first and its end only if it is the last: elsewhere a section's edge is where the
        # reader cut, and a whole-file check would not look there.
        if (self.where == "start" and doc.lines_before) or (
            self.where == "end" and doc.more_follows
        ):
            return []
        if self.where == "start":
            found = _first(filter(non_blank, range(1, count + 1)), self.within)
        elif self.where == "end":
            found = _first(filter(non_blank, range(count, 0, -1)), self.within)[::-1]
        elif regions is None:
            return [n for n in range(1, count + 1) if non_blank(n)]
        else:
            # Only lines a region overlaps can match (every match holds an anchor hit, and
            # the prefilter's windows hold the hits): a 20 MB file has ~90k lines.
            touched: set[int] = set()
            for lo, hi in regions:
                touched.update(range(doc.position(lo)[0], doc.position(hi)[0] + 1))
            return [n for n in sorted(touched) if n <= count and non_blank(n)]
        if regions is not None:
            found = [n for n in found if _touches(doc, n, regions)]
        return found

    def find(
        self, doc: Document, regions: Sequence[tuple[int, int]] | None = None
    ) -> Iterator[Finding]:
        """Findings on the candidate lines; with `regions` (the prefilter's windows around
        the rule's anchors), only on lines they overlap."""
        prose = doc.prose
        for number in self._candidate_lines(doc, regions):
            start, end, full_end = doc.line_span(number)
            line = prose[start:end]
            stripped = line.strip()
            if not any(r.fullmatch(stripped) for r in self.regexes):
                continue
            lead = len(line) - len(line.lstrip())
            span_start, span_end = start + lead, start + lead + len(stripped)
            if not self.allowed(doc, span_start, span_end):
                continue
            cut_start, cut_end = start, full_end
            if not doc.text[full_end:].strip():
                # Last words of the article: take the blank lines before it too, so the text
                # ends where the article did.
                keep_newline = full_end != end
                cut_start = _end_of_previous_text_line(doc.text, start, keep_newline)
                cut_end = len(doc.text) if keep_newline else full_end
            yield self.make_finding(doc, span_start, span_end, ("",), edit=(cut_start, cut_end, ""))

    def describe_options(self) -> dict[str, Any]:
        return {"where": self.where, "within": self.within}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_regexes"] = None
        return state


def _first(numbers: Iterable[int], count: int) -> list[int]:
    """The first `count` of `numbers`."""
    return list(islice(numbers, count))


def _touches(doc: Document, number: int, regions: Sequence[tuple[int, int]]) -> bool:
    """Does line `number` overlap one of `regions`?"""
    start, _, full_end = doc.line_span(number)
    return any(lo <= full_end and start <= hi for lo, hi in regions)


def _end_of_previous_text_line(text: str, start: int, keep_newline: bool) -> int:
    """Where the last non-blank line before `start` ends: after its newline if `keep_newline`
    (the article ended with a newline and still will), else before it."""
    pos = start
    while pos > 0 and text[pos - 1] in " \t\r\n":
        pos -= 1
    if pos == 0 or not keep_newline:
        return pos
    # keep the newline that ends that line (\r\n, \r or \n)
    if text[pos : pos + 2] == "\r\n":
        return pos + 2
    if pos < start and text[pos] in "\r\n":
        return pos + 1
    return pos
