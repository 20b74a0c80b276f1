"""A hostile rule cannot hang a run: risky patterns run under a time limit, the rule is named."""

from __future__ import annotations

import pickle
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck import regex_guard
from tqcheck.api import Linter
from tqcheck.cli import main
from tqcheck.regex_guard import GuardedPattern, RegexTimeout, compile_pattern, is_risky
from tqcheck.ruleset import load_ruleset

HOSTILE_PACK = r"""
pack: hostile
lang: fr
rules:
  - id: h-catastrophic
    kind: pattern
    category: calque
    pattern: '(a|aa)+$'
    message: "backtracks"
    why: "An attacker's pattern."
    examples:
      - bad: "aaa"
      - good: "b"
  - id: h-condition
    kind: pattern
    category: calque
    pattern: 'Zorglub'
    when: {after: '^\s(x|xx)+$', window: 200}
    message: "condition backtracks"
    why: "An attacker's condition."
    examples:
      - bad: "Zorglub xx"
      - good: "Zorglub y"
  - id: h-honest
    kind: substitute
    category: name-form
    swap: {Poutine: Putin}
    message: "French form"
    why: "A rule that must still run."
    examples:
      - bad: "Poutine spoke."
      - good: "Putin spoke."
"""


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        (r"(a+)+$", True),
        (r"(a|aa)+$", True),
        (r"(?:\w+\s)+x", True),
        (r"(?=(a+)+)", True),
        (r"(?:x{1,3}){2,}", True),
        (r"\w+\s+\w+", False),
        (r"(?:foo|bar)\b", False),
        (r"a{2,5}(?:b)?", False),
        (r"[ab]+c*", False),
        (r"(?:\w+\s+){0,2}?x", False),  # two copies written out: polynomial
        (r"(\s+\S+){0,3}\s+was", False),
        (r"(?:a*a*a*){0,3}", True),  # too many repeats to write out
        (r"(?:(?:\w+\s+){0,2})+", True),  # written out inside a repeat: still nested
    ],
)
def test_static_check_flags_nested_repeats(pattern: str, risky: bool) -> None:
    assert is_risky(pattern) is risky
    compiled = compile_pattern(pattern)
    assert isinstance(compiled, GuardedPattern) is risky
    assert not risky or isinstance(compiled, GuardedPattern)


def test_guarded_pattern_times_out_and_pickles(monkeypatch) -> None:
    monkeypatch.setattr(regex_guard, "BASE_SECONDS", 0.05)
    guarded = compile_pattern(r"(a|aa)+$")
    assert isinstance(guarded, GuardedPattern)
    assert [m.span() for m in guarded.finditer("xaaa")] == [(1, 4)]
    started = time.monotonic()
    with pytest.raises(RegexTimeout, match="time limit"):
        list(guarded.finditer("a" * 60 + "b"))
    assert time.monotonic() - started < 5
    with pytest.raises(RegexTimeout):
        guarded.search("a" * 60 + "b")
    copy = pickle.loads(pickle.dumps(guarded))
    assert isinstance(copy, GuardedPattern) and copy.pattern == guarded.pattern


def test_guarded_matches_agree_with_re_on_shipped_shapes() -> None:
    """The shipped patterns that are guarded find exactly what `re` finds."""
    text = "Share this article. The direction of the party, blamed him for it,, and ,, twice"
    for source in (r"(?:\w+\s)+party", r",(?:[ \u00a0]*,)+", r"(?i)(?:share|tweet)(?:\s+\w+)+"):
        assert [m.span() for m in compile_pattern(source).finditer(text)] == [
            m.span() for m in re.finditer(source, text)
        ]


def test_hostile_rule_is_skipped_named_and_the_run_goes_on(
    tmp_path: Path, monkeypatch, write_pack
) -> None:
    monkeypatch.setattr(regex_guard, "BASE_SECONDS", 0.05)
    monkeypatch.setattr(regex_guard, "SECONDS_PER_MILLION", 0.0)
    pack = write_pack(HOSTILE_PACK)
    article = tmp_path / "a.txt"
    article.write_text("Poutine said: " + "a" * 80 + "b\nZorglub " + "x" * 150 + "y\n")
    other = tmp_path / "b.txt"
    other.write_text("Poutine again.\n")
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["--no-default-rules", "--rules", str(pack), str(article), str(other)]
    )
    assert time.monotonic() - started < 30
    assert result.exit_code == 2, result.output
    assert "rule h-catastrophic skipped: pattern '(a|aa)+$' ran over" in result.output
    assert r"rule h-condition skipped: pattern '^\\s(x|xx)+$' ran over" in result.output
    # the honest rule still ran, in both files
    assert f"{article}:1:1: h-honest" in result.output
    assert f"{other}:1:1: h-honest" in result.output
    assert "Traceback" not in result.output


def test_shipped_packs_keep_their_findings_under_the_guard() -> None:
    """Guarded shipped rules still pass their own examples (the pack tests run them all);
    here: each guarded rule compiled to a GuardedPattern finds its first bad example."""
    ruleset = load_ruleset([], builtin=True)
    guarded = [
        r
        for r in ruleset.rules
        if isinstance(getattr(r, "_regex", None), GuardedPattern)
        or any(isinstance(x, GuardedPattern) for x in getattr(r, "_regexes", None) or ())
    ]
    assert guarded, "expected some shipped patterns to have a risky shape"
    for rule in guarded:
        bad = next(e["bad"] for e in rule.examples if "bad" in e)
        # the rule alone: in the full set another pack may claim the same words first
        alone = Linter(ruleset, select=[rule.id])
        assert any(f.rule_id == rule.id for f in alone.check(bad)), rule.id
