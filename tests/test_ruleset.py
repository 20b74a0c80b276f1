"""A broken pack is refused with a message naming the file, the line and the rule."""

from __future__ import annotations

import pytest

from tqcheck.ruleset import RulesetError, load_pack, load_ruleset

RULE = """
pack: p
lang: fr
rules:
  - id: r1
    kind: pattern
    category: calque
    message: m
    why: w
    pattern: 'abc'
    examples: [{bad: 'abc'}, {good: 'x'}]
"""


def test_valid_pack_loads(write_pack) -> None:
    pack = load_pack(write_pack(RULE))
    assert [r.id for r in pack.rules] == ["r1"]


@pytest.mark.parametrize(
    ("broken", "expected", "line"),
    [
        (RULE.replace("why: w", "why: w\n    colour: red"), "unknown key 'colour'", 10),
        (RULE.replace("    why: w\n", ""), "missing required key 'why'", 5),
        (RULE.replace("'abc'\n", "'(abc'\n"), "not a valid regular expression", 10),
        (RULE.replace("calque", "grammar"), "unknown category 'grammar'", 7),
        (RULE.replace("kind: pattern", "kind: magic"), "unknown kind 'magic'", 6),
        (RULE.replace("{good: 'x'}", ""), "at least one 'bad' and one 'good'", 11),
        (RULE.replace("message: m", "message: [m"), "invalid YAML", 0),
        (RULE.replace("why: w", "why: w\n    why: again"), "duplicate key 'why'", 10),
        (RULE.replace("    why: w\n", "    why: ''\n"), "'why' must be a non-empty string", 9),
    ],
)
def test_broken_packs_name_file_line_and_rule(write_pack, broken, expected, line) -> None:
    path = write_pack(broken)
    with pytest.raises(RulesetError) as info:
        load_pack(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    if line:
        assert info.value.line == line
    if "YAML" not in message:
        assert info.value.rule_id == "r1"


def test_yaml_tags_cannot_build_python_objects(write_pack) -> None:
    path = write_pack(RULE.replace("why: w", "why: !!python/object/apply:os.system ['echo hi']"))
    with pytest.raises(RulesetError, match="invalid YAML"):
        load_pack(path)


def test_duplicate_rule_ids_across_packs(write_pack, tmp_path) -> None:
    write_pack(RULE, "a.yaml")
    write_pack(RULE.replace("pack: p", "pack: q"), "b.yaml")
    with pytest.raises(RulesetError, match="also defined in"):
        load_ruleset([tmp_path / "packs"], builtin=False)


def test_missing_rule_folder() -> None:
    with pytest.raises(RulesetError, match="does not exist"):
        load_ruleset(["/nonexistent/rules"], builtin=False)


def test_filtered_by_id_category_pack_and_glob(write_pack, tmp_path) -> None:
    write_pack(RULE + RULE.split("rules:\n")[1].replace("r1", "r2").replace("calque", "typography"))
    ruleset = load_ruleset([tmp_path / "packs"], builtin=False)
    assert [r.id for r in ruleset.filtered(select=["typography"]).rules] == ["r2"]
    assert [r.id for r in ruleset.filtered(ignore=["r*"]).rules] == []
    assert [r.id for r in ruleset.filtered(select=["p"]).rules] == ["r1", "r2"]
