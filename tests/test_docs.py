"""Rule documentation: docs/rules.md is generated from the packs and must match them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.docs import REGENERATE, explain_text, rule_doc, rules_markdown
from tqcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"

PACK = """\
pack: t-docs
lang: fr
description: A pack for the documentation tests.
rules:
  - id: fr-t-name
    kind: substitute
    category: name-form
    severity: error
    fix: safe
    message: "'{match}' is French; write '{suggestion}'"
    why: "French spells foreign names its own way and the translation keeps them."
    swap:
      Poutine: Putin
      Pékin: [Beijing, Peking]
      a|b: c
    notes:
      Pékin: "capital"
    examples:
      - bad: "Poutine spoke `twice`."
        fixed: "Putin spoke `twice`."
      - good: "A plate of poutine."
"""


def test_docs_rules_md_is_up_to_date() -> None:
    ruleset = load_ruleset()
    expected = rules_markdown(ruleset.packs, ruleset.rules)
    current = DOCS.read_text(encoding="utf-8") if DOCS.is_file() else ""
    assert current == expected, f"docs/rules.md is out of date with the packs; run: {REGENERATE}"


def test_markdown_lists_every_rule_with_why_and_examples() -> None:
    ruleset = load_ruleset()
    text = rules_markdown(ruleset.packs, ruleset.rules)
    for rule in ruleset.rules:
        assert f"### `{rule.id}`" in text
        assert rule.why.split()[0] in text
    assert text.count("### `") == len(ruleset.rules)


def test_dictionary_table_notes_and_code_spans(write_pack) -> None:
    ruleset = load_ruleset([write_pack(PACK)], builtin=False)
    text = rules_markdown(ruleset.packs, ruleset.rules)
    assert "| wrong | right | also | note |" in text
    assert "| Poutine | Putin |  |  |" in text
    assert "| Pékin | Beijing | Peking | capital |" in text
    assert "| a\\|b | c |  |  |" in text  # a pipe in a key must not break the table
    # the example holds a backtick: the code span uses a longer fence
    assert "- bad: ``Poutine spoke `twice`.`` → fixed: ``Putin spoke `twice`.``" in text
    assert "- good: `A plate of poutine.`" in text


def test_explain_and_markdown_share_one_source(write_pack) -> None:
    ruleset = load_ruleset([write_pack(PACK)], builtin=False)
    rule = ruleset.rules[0]
    doc = rule_doc(rule)
    assert [d[0] for d in doc.dictionary] == ["Poutine", "Pékin", "a|b"]  # pack order, no variants
    explained = explain_text(rule)
    assert "Pékin -> Beijing (also Peking)  [capital]" in explained
    assert doc.why in explained and doc.why in rules_markdown(ruleset.packs, ruleset.rules)


def test_cli_rules_markdown(write_pack) -> None:
    path = write_pack(PACK)
    result = CliRunner().invoke(
        main, ["rules", "--format", "markdown", "--no-default-rules", "--rules", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Rules\n")
    assert "### `fr-t-name`" in result.output


def test_docs_names_md_is_up_to_date() -> None:
    from tqcheck.docs import names_markdown

    expected = names_markdown(load_ruleset().rules)
    names = ROOT / "docs" / "names.md"
    current = names.read_text(encoding="utf-8") if names.is_file() else ""
    regenerate = "python -m tqcheck rules --format names > docs/names.md"
    assert current == expected, f"docs/names.md is out of date with the packs; run: {regenerate}"


def test_one_english_form_per_source_spelling_across_languages() -> None:
    """A spelling two packs share (OTAN, ONU, Bruxelles ...) must get one English form."""
    english: dict[str, dict[str, str]] = {}
    for rule in load_ruleset().rules:
        if rule.kind == "substitute" and rule.category == "name-form":
            for key, suggestions in rule.dictionary().items():
                english.setdefault(key, {})[rule.lang] = suggestions[0]
    shared = {k: v for k, v in english.items() if len(v) > 1}
    assert len(shared) >= 20
    disagree = {k: v for k, v in shared.items() if len(set(v.values())) > 1}
    assert not disagree
