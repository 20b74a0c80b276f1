"""Regions of a marked-up text that change what the engine keeps: suppressed and protected.

A markup reader knows things a rule cannot see in the prose mask: where an author wrote
`<!-- tqcheck-disable ... -->`, and which characters are markup (a tag, a code block, an
entity) that a fix must never edit. It hands both over with the Document; the engine calls the
two filters here once, so every rule kind, report and the fixer obey them alike.

This module imports nothing from tqcheck at load time, so `document.py` can name its types.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checks import Rule
    from .findings import Edit, Finding, Fix


@dataclass(frozen=True, slots=True)
class Suppression:
    """Findings starting in text[start:end] are dropped for rules named by `selectors`.

    No selectors means every rule. A selector matches like `--select`: rule id, category, pack,
    language or a glob of them (`ruleset.rule_matches`).
    """

    start: int
    end: int
    selectors: tuple[str, ...] = ()

    def silences(self, finding: Finding, rule: Rule | None) -> bool:
        if not self.start <= finding.start < self.end:
            return False
        if not self.selectors:
            return True
        if rule is None:  # a finding from no known rule: match its id only
            import fnmatch

            return any(fnmatch.fnmatchcase(finding.rule_id, s) for s in self.selectors)
        from .ruleset import rule_matches

        return any(rule_matches(rule, s) for s in self.selectors)


@dataclass(frozen=True)
class Protected:
    """The characters of a marked-up text that fixes must leave alone.

    `spans` are markup (tags, code, comments, URLs, front matter), sorted and disjoint: an edit
    touching one is dropped. `entities` are character references (`&eacute;`) whose first
    character is the decoded one in the prose mask and the rest padding: an edit that reaches
    into one is widened to the whole reference, so a fix replaces `&laquo;` whole or not at all.
    `escape` means replacements are HTML text and get `& < >` escaped.
    """

    spans: tuple[tuple[int, int], ...] = ()
    entities: tuple[tuple[int, int], ...] = ()
    escape: bool = False
    _span_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _entity_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._span_starts.extend(s for s, _ in self.spans)
        self._entity_starts.extend(s for s, _ in self.entities)

    def touches_markup(self, start: int, end: int) -> bool:
        """Would replacing text[start:end] (or inserting at start, when equal) edit markup?

        Spans are sorted and disjoint, so among those beginning before `end` the last one
        reaches furthest; an insertion touches a span only strictly inside it.
        """
        index = bisect.bisect_left(self._span_starts, end)
        return index > 0 and self.spans[index - 1][1] > start

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """Move edit ends that fall inside a character reference to the reference's end.

        Inside a reference the prose mask holds padding after the decoded character, so an
        end there means "after the decoded character": the whole reference. A start there
        can only follow the decoded character, so it moves past the padding too.
        """

        def snap(pos: int) -> int:
            index = bisect.bisect_right(self._entity_starts, pos) - 1
            if index >= 0:
                a, b = self.entities[index]
                if a < pos < b:
                    return b
            return pos

        start, end = snap(start), snap(end)
        return start, max(start, end)

    def guard(self, fix: Fix) -> Fix | None:
        """The fix made safe for the markup, or None when it would edit markup."""
        edits: list[Edit] = []
        for edit in fix.edits:
            start, end = self.widen(edit.start, edit.end)
            if self.touches_markup(start, end):
                return None
            text = edit.replacement
            if self.escape:
                import html  # only HTML documents pay for it

                text = html.escape(text, quote=False)
            edits.append(replace(edit, start=start, end=end, replacement=text))
        return replace(fix, edits=tuple(edits))


def drop_suppressed(
    findings: Iterable[Finding], suppressions: Sequence[Suppression], rules: Sequence[Rule]
) -> list[Finding]:
    """Findings that no inline `tqcheck-disable` comment silences."""
    by_id = {rule.id: rule for rule in rules}
    return [
        f for f in findings if not any(s.silences(f, by_id.get(f.rule_id)) for s in suppressions)
    ]


def guard_fixes(findings: Iterable[Finding], protected: Protected) -> list[Finding]:
    """Findings whose fixes never edit markup: widened to whole entities, or withdrawn."""
    result = []
    for f in findings:
        if f.fix is None:
            result.append(f)
            continue
        guarded = protected.guard(f.fix)
        result.append(f.without_fix() if guarded is None else replace(f, fix=guarded))
    return result
