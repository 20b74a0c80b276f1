"""Run every rule over a Document and turn raw matches into a clean, ordered list of findings.

Two rules may flag the same words; the report should show each problem once, and `--fix` must
never apply two edits to the same characters. The engine settles both here, once, so every
report and the fixer see the same findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING

from .checks import Rule
from .document import Document
from .findings import Edit, Finding, Fix, FixSafety
from .intervals import TakenSpans
from .regex_guard import RegexTimeout, report_failure
from .regions import drop_suppressed, guard_fixes

if TYPE_CHECKING:
    from .prefilter import Prefilter


def run_rules(doc: Document, rules: Iterable[Rule]) -> list[Finding]:
    """Every finding of every rule, unsorted and unresolved."""
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.find(doc))
        except RegexTimeout as exc:  # a hostile pattern: skip the rule, the run goes on
            report_failure(rule.id, exc)
    return findings


def run_planned(doc: Document, rules: Sequence[Rule], prefilter: Prefilter) -> list[Finding]:
    """Like run_rules, but only the rules the prefilter says can match, where they can."""
    findings: list[Finding] = []
    for _index, rule, regions in prefilter.plan(doc.prose).runs:
        try:
            found = rule.find(doc) if regions is None else rule.find(doc, regions)  # type: ignore[call-arg]
            findings.extend(found)
        except RegexTimeout as exc:  # a hostile pattern: skip the rule, the run goes on
            report_failure(rule.id, exc)
    return findings


def check_document(
    doc: Document, rules: Sequence[Rule], prefilter: Prefilter | None = None
) -> list[Finding]:
    """Findings of `rules` on `doc`: deduplicated, fix conflicts resolved, located, sorted.

    With a `prefilter` built from the same `rules`, only the rules that can match are run; the
    findings are the same.
    """
    order = prefilter.order if prefilter is not None else rule_order(rules)
    raw = run_rules(doc, rules) if prefilter is None else run_planned(doc, rules, prefilter)
    findings = drop_covered(dedupe(raw, order))
    if doc.suppressed:
        findings = drop_suppressed(findings, doc.suppressed, rules)
    if doc.protected is not None:
        findings = guard_fixes(findings, doc.protected)
    findings = resolve_fix_conflicts(findings, order)
    located = []
    for f in findings:
        line, col = doc.position(f.start)
        end_line, end_col = doc.position(f.end)
        located.append(f.with_position(line, col, end_line, end_col))
    located.sort(key=lambda f: (f.start, f.end, order.get(f.rule_id, 0), f.rule_id))
    return located


def rule_order(rules: Sequence[Rule]) -> dict[str, int]:
    """Rule id -> position in pack order (the tie-break of dedupe, conflicts and sorting)."""
    return {rule.id: index for index, rule in enumerate(rules)}


#: A finding of the key category says nothing new where one of the value categories already
#: covers the same words: "Aliev" spelt two ways is the name-form finding on "Ilham Aliev".
COVERED_BY = {"consistency": ("name-form",)}


def drop_covered(findings: list[Finding]) -> list[Finding]:
    """Drop findings that only restate, on the same words, a more specific finding."""
    covering = {
        category: [(f.start, f.end) for f in findings if f.category in stronger]
        for category, stronger in COVERED_BY.items()
    }
    return [
        f
        for f in findings
        if not any(s < f.end and f.start < e for s, e in covering.get(f.category, ()))
    ]


def dedupe(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per (span, category): the earliest rule in pack order wins.

    When packs of different source languages flag the same words ("3,5 %" is a decimal comma
    in French, German, Spanish and Italian alike; "since six months" renders French 'depuis'
    and German 'seit'), or overlapping words with the same category ("who had 122 years" for
    French 'il avait 122 ans', "had 122 years" for Italian 'aveva 122 anni'), that is one
    trace read by two languages: only one language's findings are kept, marked `common` for
    source-language inference, since the trace says nothing about which language the text came
    from. Their messages and explanations still name a language: the one kept is the language
    the rest of the text points to (the most traces that only one language's packs flagged),
    so a French article does not read "renders German 'seit'"; with no such evidence, the
    language of the earliest rule in pack order.
    """
    groups: dict[tuple[int, int, str], list[Finding]] = {}
    for f in sorted(findings, key=lambda f: order.get(f.rule_id, 0)):
        groups.setdefault((f.start, f.end, f.category), []).append(f)
    readings = _readings_of_one_trace(list(groups.values()))  # in the order of `groups`
    evidence: Counter[str] = Counter()
    ambiguous = False
    for cluster in readings:
        languages = {f.source_lang for group in cluster for f in group} - {"", "common"}
        if len(languages) > 1:
            ambiguous = True
        elif languages:
            evidence[languages.pop()] += 1
    if not ambiguous:
        return [group[0] for group in groups.values()]
    dominant = max(sorted(evidence), key=evidence.__getitem__) if evidence else None
    kept: list[Finding] = []
    for cluster in readings:
        if len(cluster) == 1:
            group = cluster[0]
            first = group[0]
            if len({f.source_lang for f in group} - {"", "common"}) <= 1:
                kept.append(first)
                continue
            if first.source_lang not in ("", "common"):  # a language-free rule keeps its place
                first = next((f for f in group if f.source_lang == dominant), first)
            kept.append(replace(first, source_lang="common"))
            continue
        # Several groups of one category over overlapping words, from different languages.
        members = sorted(chain.from_iterable(cluster), key=lambda f: order.get(f.rule_id, 0))
        languages = {f.source_lang for f in members}
        winner = dominant if dominant in languages else members[0].source_lang
        chosen = [group for group in cluster if any(f.source_lang == winner for f in group)]
        for group in cluster:
            if any(group is c for c in chosen):
                first = next(f for f in group if f.source_lang == winner)
                kept.append(replace(first, source_lang="common"))
            elif not any(_overlap(group[0], c[0]) for c in chosen):
                kept.append(group[0])
    return kept


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _readings_of_one_trace(groups: list[list[Finding]]) -> list[list[list[Finding]]]:
    """The exact-span groups, with those of one category whose words overlap and whose packs
    are of different languages put together (each group's languages disjoint from the
    other's, and no language-free rule in either): one trace read by two languages."""

    def languages(group: list[Finding]) -> frozenset[str] | None:
        found = frozenset(f.source_lang for f in group)
        return None if found & {"", "common"} else found

    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_category: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        by_category.setdefault(group[0].category, []).append(index)
    langs = [languages(group) for group in groups]
    for indexes in by_category.values():
        indexes.sort(key=lambda i: groups[i][0].start)
        for a, i in enumerate(indexes):
            end = groups[i][0].end
            for j in indexes[a + 1 :]:
                if groups[j][0].start >= end:
                    break
                li, lj = langs[i], langs[j]
                if li is not None and lj is not None and not li & lj:
                    parent[root(j)] = root(i)
    clusters: dict[int, list[list[Finding]]] = {}  # by root, in the order of first groups
    for index, group in enumerate(groups):
        clusters.setdefault(root(index), []).append(group)
    return list(clusters.values())


def _priority(f: Finding, order: dict[str, int]) -> tuple[int, int, int, int]:
    safe_first = 0 if f.fix is not None and f.fix.safety is FixSafety.SAFE else 1
    return (safe_first, -int(f.severity), -(f.end - f.start), order.get(f.rule_id, 0))


def resolve_fix_conflicts(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """Keep fixes that touch disjoint text; a finding whose fix collides keeps no fix.

    Safe fixes win over unsafe ones, then severity, then the longer span, so `--fix` makes the
    most trustworthy edit first; the loser's fix comes back on the next round of fixing.
    """
    taken = TakenSpans()
    result: list[Finding] = []
    for f in sorted(findings, key=lambda f: _priority(f, order)):
        if f.fix is None:
            result.append(f)
            continue
        near = [span for e in f.fix.edits for span in taken.near(e.start, e.end)]
        if any(_overlaps(e.start, e.end, s, t) for e in f.fix.edits for s, t in near):
            trimmed = _trim_deletions(f.fix.edits, near)
            if trimmed is None:
                result.append(f.without_fix())
                continue
            f = replace(f, fix=Fix(trimmed, f.fix.safety))
        for e in f.fix.edits:
            taken.add(e.start, e.end)
        result.append(f)
    return result


def _trim_deletions(
    edits: tuple[Edit, ...], taken: list[tuple[int, int]]
) -> tuple[Edit, ...] | None:
    """Two deletions may share their edge (two residue lines, each taking the blank lines
    around it): the later one keeps the part not already deleted. Anything else is a conflict."""
    result = []
    for edit in edits:
        if edit.replacement:
            return None
        start, end = edit.start, edit.end
        for s, t in taken:
            if not _overlaps(start, end, s, t):
                continue
            if s <= start < t < end:
                start = t
            elif start < s < end <= t:
                end = s
            else:
                return None
        result.append(Edit(start, end, ""))
    return tuple(result)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end or b_start == b_end:  # insertions conflict at the same point
        return b_start <= a_start <= b_end if a_start == a_end else a_start <= b_start <= a_end
    return a_start < b_end and b_start < a_end
