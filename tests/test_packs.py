"""Every shipped rule is its own test: its bad examples are found (and fixed as written), its
good examples stay silent. The same code serves `tqcheck test-rules` for a user's pack."""

from __future__ import annotations

import pytest

from tqcheck.rule_examples import check_rule_examples
from tqcheck.ruleset import builtin_rules_dir, load_ruleset

RULESET = load_ruleset()


def test_shipped_packs_live_in_the_package_rules_folder() -> None:
    assert (builtin_rules_dir() / "fr").is_dir()
    assert {p.lang for p in RULESET.packs} >= {"fr", "common"}


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_rule_examples(rule) -> None:
    failures = check_rule_examples(rule)
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_rule_documents_itself(rule) -> None:
    assert rule.id.startswith((rule.lang + "-", "common-")), rule.id
    assert len(rule.why) >= 40, "the 'why' must explain what the translation did"
    assert any("bad" in e for e in rule.examples) and any("good" in e for e in rule.examples)
