"""Rule documentation from the packs themselves: `tqcheck explain`, docs/rules.md and the HTML
report's rule glossary all read `rule_doc`, so what a user is told can never drift from what the
pack says.

Regenerate docs/rules.md with `python -m tqcheck rules --format markdown > docs/rules.md`
(the test suite fails, naming that command, when it is out of date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .checks import Rule

if TYPE_CHECKING:
    from .ruleset import Pack

REGENERATE = "python -m tqcheck rules --format markdown > docs/rules.md"


@dataclass(frozen=True)
class RuleDoc:
    """Everything a reader needs about one rule, independent of how it is printed."""

    id: str
    kind: str
    pack: str
    lang: str
    category: str
    severity: str
    fix: str
    message: str
    why: str
    examples: tuple[dict[str, str], ...]
    settings: dict[str, Any] = field(default_factory=dict)
    #: substitute rules: (wrong, right, further suggestions, note) in pack order
    dictionary: tuple[tuple[str, str, tuple[str, ...], str], ...] = ()
    source: str = ""
    line: int = 0


def rule_doc(rule: Rule) -> RuleDoc:
    """Collect a rule's documentation from its compiled form."""
    entries = getattr(rule, "entries", None)
    notes: dict[str, str] = getattr(rule, "notes", {}) or {}
    dictionary: list[tuple[str, str, tuple[str, ...], str]] = []
    if isinstance(entries, dict):
        seen: set[str] = set()
        for wrong, suggestions in entries.values():
            if wrong in seen:
                continue
            seen.add(wrong)
            first, *rest = suggestions or ("",)
            dictionary.append((wrong, first, tuple(rest), notes.get(wrong, "")))
    settings = {k: v for k, v in rule.describe_options().items() if k != "entries"}
    return RuleDoc(
        id=rule.id,
        kind=rule.kind,
        pack=rule.pack,
        lang=rule.lang,
        category=rule.category,
        severity=rule.severity.label,
        fix=rule.fix_safety.value if rule.fix_safety else "none",
        message=rule.message,
        why=rule.why,
        examples=rule.examples,
        settings=settings,
        dictionary=tuple(dictionary),
        source=rule.source,
        line=rule.line,
    )


# ---- plain text: `tqcheck explain` ------------------------------------------------------------


def explain_text(rule: Rule) -> str:
    """What a rule catches, why translation produces it, its fix safety and its examples."""
    doc = rule_doc(rule)
    fix = doc.fix if doc.fix != "none" else "none (suggestion only)"
    lines = [
        f"{doc.id}  ({doc.kind}, pack {doc.pack}, source language {doc.lang})",
        "",
        f"Category:  {doc.category}",
        f"Severity:  {doc.severity}",
        f"Fix:       {fix}",
        f"Message:   {doc.message}",
        "",
        "Why:",
        f"  {doc.why}",
    ]
    settings = dict(doc.settings)
    if doc.dictionary:
        settings["entries"] = len(doc.dictionary)
    if settings:
        lines += ["", "Settings:"] + [f"  {k}: {v}" for k, v in settings.items()]
    if doc.dictionary:
        lines += ["", "Dictionary:"]
        for wrong, right, more, note in doc.dictionary:
            extra = f" (also {', '.join(more)})" if more else ""
            lines.append(f"  {wrong} -> {right}{extra}" + (f"  [{note}]" if note else ""))
    lines += ["", "Examples:"]
    for example in doc.examples:
        if "bad" in example:
            lines.append(f"  bad:   {example['bad']!r}")
            if "fixed" in example:
                lines.append(f"  fixed: {example['fixed']!r}")
        else:
            lines.append(f"  good:  {example['good']!r}")
    lines.append(f"\nDefined in {doc.source}:{doc.line}")
    return "\n".join(lines)


# ---- Markdown: docs/rules.md ------------------------------------------------------------------


def _code(text: str) -> str:
    """An inline code span that survives backticks and edge spaces in the text."""
    ticks = 1
    while "`" * ticks in text:
        ticks += 1
    fence = "`" * ticks
    body = text.replace("\n", "\\n")
    pad = " " if body.startswith(("`", " ")) or body.endswith(("`", " ")) or not body else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _cell(text: str) -> str:
    """Plain text for a table cell: pipes escaped, newlines flattened."""
    return " ".join(text.replace("|", "\\|").split())


def rules_markdown(packs: Sequence[Pack], rules: Sequence[Rule]) -> str:
    """docs/rules.md: every rule of every pack, grouped by pack, in load order."""
    wanted = {rule.id for rule in rules}
    out = [
        "# Rules",
        "",
        "<!-- Generated from the packs; do not edit. Regenerate with:",
        f"     {REGENERATE} -->",
        "",
        f"{len(rules)} rules in {len(packs)} packs. Fix **safe**: applied by `--fix`; "
        "**unsafe**: only with `--unsafe-fixes`; **none**: suggestion only. "
        "`tqcheck explain RULE-ID` prints the same text for one rule.",
        "",
    ]
    for pack in packs:
        pack_rules = [r for r in pack.rules if r.id in wanted]
        if not pack_rules:
            continue
        count = f"{len(pack_rules)} rule" + ("" if len(pack_rules) == 1 else "s")
        out += [f"- [{pack.name}](#pack-{pack.name}) ({pack.lang}): {count}"]
    for pack in packs:
        pack_rules = [r for r in pack.rules if r.id in wanted]
        if not pack_rules:
            continue
        out += [
            "",
            f'<a id="pack-{pack.name}"></a>',
            "",
            f"## Pack `{pack.name}` ({pack.lang})",
            "",
        ]
        if pack.description:
            out += [" ".join(pack.description.split()), ""]
        out.append(f"Source: `{pack.path}`")
        for rule in pack_rules:
            out += _rule_markdown(rule_doc(rule))
    return "\n".join(out) + "\n"


def _rule_markdown(doc: RuleDoc) -> list[str]:
    out = [
        "",
        f"### `{doc.id}`",
        "",
        "| category | severity | fix | kind |",
        "|---|---|---|---|",
        f"| {doc.category} | {doc.severity} | {doc.fix} | {doc.kind} |",
        "",
        f"**Catches:** {_cell(doc.message)}",
        "",
        f"**Why machine translation does this:** {_cell(doc.why)}",
    ]
    for key, value in doc.settings.items():
        shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        out += ["", f"**{key}:** {_code(shown)}"]
    if doc.dictionary:
        has_notes = any(note for *_, note in doc.dictionary)
        out += ["", f"**Dictionary** ({len(doc.dictionary)} entries):", ""]
        out.append("| wrong | right | also | note |" if has_notes else "| wrong | right | also |")
        out.append("|---|---|---|---|" if has_notes else "|---|---|---|")
        for wrong, right, more, note in doc.dictionary:
            row = f"| {_cell(wrong)} | {_cell(right)} | {_cell(', '.join(more))} |"
            out.append(row + (f" {_cell(note)} |" if has_notes else ""))
    out += ["", "**Examples:**", ""]
    for example in doc.examples:
        if "bad" in example:
            line = f"- bad: {_code(example['bad'])}"
            if "fixed" in example:
                line += f" → fixed: {_code(example['fixed'])}"
            out.append(line)
        else:
            out.append(f"- good: {_code(example['good'])}")
    return out


def names_markdown(rules: Sequence[Rule]) -> str:
    """The cross-language name table: one row per English form, the spellings each source
    language's packs correct to it. Generated, so the packs stay the one source of truth."""
    rows: dict[str, dict[str, set[str]]] = {}
    langs: set[str] = set()
    for rule in rules:
        if rule.kind != "substitute" or rule.category != "name-form":
            continue
        for key, suggestions in getattr(rule, "dictionary", dict)().items():
            rows.setdefault(suggestions[0], {}).setdefault(rule.lang, set()).add(key)
            langs.add(rule.lang)
    order = sorted(langs)
    lines = [
        "# Name forms by source language",
        "",
        "Generated by `tqcheck rules --format names > docs/names.md` from the name-form packs:",
        "one row per English form, with the spellings each source language's packs correct to",
        "it. One entity, one English form, whatever the language it was translated from.",
        "",
        "| English | " + " | ".join(order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for english in sorted(rows, key=str.casefold):
        cells = [", ".join(sorted(rows[english].get(lang, ()))) for lang in order]
        lines.append(f"| {_cell(english)} | " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
