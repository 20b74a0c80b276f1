"""The rule-kind registry: one module per kind, looked up by the `kind:` key of a rule.

Detector kinds that need heavy libraries (langdetect, rapidfuzz) register a dotted path and are
imported only when a pack uses them, so a plain run never pays for them.
"""

from __future__ import annotations

import importlib

from .base import CATEGORIES, Rule, RuleSpecError

#: kind -> "module:Class", imported on first use
KIND_PATHS: dict[str, str] = {
    "substitute": "tqcheck.checks.substitute:SubstituteRule",
    "pattern": "tqcheck.checks.pattern:PatternRule",
    "boilerplate": "tqcheck.checks.boilerplate:BoilerplateRule",
    "untranslated": "tqcheck.checks.untranslated:UntranslatedRule",
    "repeat": "tqcheck.checks.repeat:RepeatRule",
    "consistency": "tqcheck.checks.consistency:ConsistencyRule",
}


def rule_class(kind: str) -> type[Rule]:
    """The class implementing a rule kind; raises RuleSpecError for an unknown kind."""
    try:
        path = KIND_PATHS[kind]
    except KeyError:
        raise RuleSpecError(
            f"unknown kind {kind!r} (expected one of {', '.join(sorted(KIND_PATHS))})", "kind"
        ) from None
    module_name, _, class_name = path.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


__all__ = ["CATEGORIES", "KIND_PATHS", "Rule", "RuleSpecError", "rule_class"]
