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


#: Spanish and Italian rules that read a trace French MT leaves too, with the French rule's
#: pattern and conditions copied verbatim (only the message, explanation and examples differ)
SHARED_WITH_FRENCH = [
    *(
        f"{lang}-calque-{name}"
        for lang in ("es", "it")
        for name in (
            "has-declared",
            "the-title-name",
            "the-one-of",
            "the-years-decade",
            "these-last-years",
            "number-million-of",
        )
    ),
    "es-calque-this-weekday",
    "it-calque-the-country",
]


@pytest.mark.parametrize("rule_id", SHARED_WITH_FRENCH)
def test_a_shared_trace_is_matched_as_the_french_rule_matches_it(rule_id: str) -> None:
    # The copies must not drift from the French rule: one trace, one definition.
    rules = {rule.id: rule for rule in RULESET.rules}
    copy, french = rules[rule_id], rules["fr" + rule_id[2:]]
    assert copy.pattern == french.pattern
    assert copy.replace == french.replace
    assert _sources(copy.when) == _sources(french.when)
    assert _sources(copy.unless) == _sources(french.unless)


def _sources(conditions) -> list[tuple[tuple[str, str], ...]]:
    """Conditions as their regexes' sources (a time-guarded regex compares by identity)."""
    return [tuple((where, regex.pattern) for where, regex in c.tests) for c in conditions]
