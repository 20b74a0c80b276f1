"""Run a rule's own `bad`/`good` examples: every rule is its own test.

The same function serves the test suite (every shipped rule), `tqcheck test-rules DIR` (a user's
pack) and the loader (a user's pack is refused when its examples fail).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .checks import Rule
from .document import Document
from .engine import check_document
from .fixes import fix_until_stable


@dataclass(frozen=True)
class ExampleFailure:
    rule_id: str
    source: str
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.source}:{self.line}: {self.rule_id}: {self.reason}\n    example: {self.text!r}"
        )


def check_rule_examples(rule: Rule) -> list[ExampleFailure]:
    """Failures of one rule's examples (an empty list means the rule passes)."""
    failures: list[ExampleFailure] = []

    def fail(text: str, reason: str) -> None:
        failures.append(ExampleFailure(rule.id, rule.source, rule.line, text, reason))

    def findings(text: str) -> list:
        return check_document(Document(text), [rule])

    for example in rule.examples:
        if "good" in example:
            text = example["good"]
            for f in findings(text):
                fail(text, f"good example flagged: {f.matched!r} at offset {f.start}")
            continue
        text = example["bad"]
        found = findings(text)
        if not found:
            fail(text, "bad example not flagged")
            continue
        if "fixed" in example:
            outcome = fix_until_stable(text, findings, unsafe=True)
            if outcome.text != example["fixed"]:
                fail(text, f"fix gives {outcome.text!r}, expected {example['fixed']!r}")
            elif any(f.fixable(True) for f in findings(outcome.text)):
                fail(text, "the fixed text still has a fixable finding (fix is not idempotent)")
    return failures


def check_all_examples(rules: Iterable[Rule]) -> list[ExampleFailure]:
    return [failure for rule in rules for failure in check_rule_examples(rule)]
