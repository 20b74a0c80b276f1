"""Rule documentation from the packs themselves: `tqcheck explain` and docs/rules.md share it."""

from __future__ import annotations

from .checks import Rule


def explain_text(rule: Rule) -> str:
    """What a rule catches, why translation produces it, its fix safety and its examples."""
    fix = rule.fix_safety.value if rule.fix_safety else "none (suggestion only)"
    lines = [
        f"{rule.id}  ({rule.kind}, pack {rule.pack}, source language {rule.lang})",
        "",
        f"Category:  {rule.category}",
        f"Severity:  {rule.severity.label}",
        f"Fix:       {fix}",
        f"Message:   {rule.message}",
        "",
        "Why:",
        f"  {rule.why}",
    ]
    options = rule.describe_options()
    if options:
        lines += ["", "Settings:"] + [f"  {k}: {v}" for k, v in options.items()]
    lines += ["", "Examples:"]
    for example in rule.examples:
        if "bad" in example:
            lines.append(f"  bad:   {example['bad']!r}")
            if "fixed" in example:
                lines.append(f"  fixed: {example['fixed']!r}")
        else:
            lines.append(f"  good:  {example['good']!r}")
    lines.append(f"\nDefined in {rule.source}:{rule.line}")
    return "\n".join(lines)
