"""The rule kinds, context conditions, overlap resolution and fixing, on a small test pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.document import Document
from tqcheck.engine import check_document
from tqcheck.findings import Edit, FixSafety, Severity
from tqcheck.fixes import apply_edits, fix_until_stable
from tqcheck.rule_examples import check_all_examples
from tqcheck.ruleset import assemble, load_pack

MINI = Path(__file__).parent / "packs" / "mini.yaml"


@pytest.fixture(scope="module")
def rules():
    return assemble([load_pack(MINI)]).rules


def findings(text: str, rules):
    return check_document(Document(text), rules)


def test_mini_pack_examples_pass(rules) -> None:
    assert check_all_examples(rules) == []


def test_substitute_case_accents_possessive_and_spacing(rules) -> None:
    text = "POUTINE'S PLAN. Talks in Pekin. Pilgrims reach la  Mecque."
    found = findings(text, rules)
    assert [(f.matched, f.suggestions[0]) for f in found] == [
        ("POUTINE", "PUTIN"),
        ("Pekin", "Beijing"),
        ("la  Mecque", "Mecca"),
    ]
    assert all(text[f.start : f.end] == f.matched for f in found)
    assert found[0].severity is Severity.ERROR
    assert found[0].fix is not None and found[0].fix.safety is FixSafety.SAFE
    assert found[0].message == "'POUTINE' is the French form; English writes 'PUTIN'"


def test_substitute_whole_words_only(rules) -> None:
    assert findings("Poutines and Poutinesque and xPoutine", rules) == []


def test_unless_condition_silences_the_dish(rules) -> None:
    assert findings("Poutine with gravy is good.", rules) == []
    assert len(findings("Poutine with gravy is good. Poutine spoke.", rules)) == 1


def test_pattern_table_lookup_and_missing_entry(rules) -> None:
    found = findings("The head of Russian diplomacy and the head of Martian diplomacy.", rules)
    assert [f.suggestions for f in found] == [("Russia's foreign minister",), ()]
    assert found[0].fix is not None and found[0].fix.safety is FixSafety.UNSAFE
    assert found[1].fix is None  # no table entry: reported, not fixed


def test_table_lookups_retry_in_lower_case_and_may_answer_the_empty_string(write_pack) -> None:
    path = write_pack(
        """
        pack: tables
        lang: fr
        tables:
          search: {perquisition: search, perquisitions: searches}
          particle: {n: "", l: "the "}
        rules:
          - id: t-perquisition
            kind: pattern
            category: untranslated
            fix: unsafe
            pattern: '\\b(?P<w>[Pp]erquisitions?)\\b'
            replace: '{w|search}'
            message: m
            why: w
            examples: [{bad: 'a perquisition', fixed: 'a search'}, {good: 'x'}]
          - id: t-particle
            kind: pattern
            category: untranslated
            fix: unsafe
            pattern: "\\\\b(?P<e>[nl])' "
            replace: '{e|particle}'
            message: m
            why: w
            examples: [{bad: "l' end", fixed: 'the end'}, {good: 'x'}]
        """
    )
    rules = assemble([load_pack(path)]).rules
    text = "Perquisitions took place. Two perquisitions. He n' is here for l' end."
    found = findings(text, rules)
    # The capitalised word finds the lower-case entry and gets its capital back; '' is the
    # entry's answer (delete the particle), not a failed lookup, so it has a fix too.
    assert [(f.matched, f.suggestions) for f in found] == [
        ("Perquisitions", ("Searches",)),
        ("perquisitions", ("searches",)),
        ("n' ", ("",)),
        ("l' ", ("the ",)),
    ]
    assert all(f.fix is not None for f in found)


def test_a_key_matched_as_written_keeps_the_tables_case_but_opens_a_sentence(write_pack) -> None:
    path = write_pack(
        """
        pack: acronyms
        lang: fr
        rules:
          - id: t-acronym
            kind: substitute
            category: untranslated
            fix: unsafe
            message: m
            why: w
            swap: {Smic: minimum wage, CDI: permanent contract}
            examples: [{bad: 'paid the Smic', fixed: 'paid the minimum wage'}, {good: 'x'}]
        """
    )
    rules = assemble([load_pack(path)]).rules
    text = "He earns the Smic. Smic rises. “CDI for all”. A HEADLINE ABOUT THE SMIC"
    found = findings(text, rules)
    # The capitals of Smic and CDI are the words' own: mid-sentence the expansion stays in
    # lower case, at a sentence's start (after a quotation mark too) it takes a capital, and a
    # headline in capitals keeps its capitals.
    assert [(f.matched, f.suggestions[0]) for f in found] == [
        ("Smic", "minimum wage"),
        ("Smic", "Minimum wage"),
        ("CDI", "Permanent contract"),
        ("SMIC", "MINIMUM WAGE"),
    ]


def test_boilerplate_only_near_end_and_deletes_line() -> None:
    rules = assemble([load_pack(MINI)]).rules
    text = "Source link -1\nBody.\nMore.\nEnd.\n\nSource link -112\n"
    found = [f for f in findings(text, rules) if f.rule_id == "t-source-link"]
    assert [f.line for f in found] == [6]
    fixed = fix_until_stable(text, lambda t: findings(t, rules)).text
    assert fixed == "Source link -1\nBody.\nMore.\nEnd.\n"


def test_fix_keeps_crlf_and_everything_outside_the_edits(rules) -> None:
    text = "Poutine said.\r\n\r\nIt ended. . Then\r\n"
    outcome = fix_until_stable(text, lambda t: findings(t, rules))
    assert outcome.text == "Putin said.\r\n\r\nIt ended. Then\r\n"
    again = fix_until_stable(outcome.text, lambda t: findings(t, rules))
    assert again.text == outcome.text and again.applied == 0


def test_unsafe_fixes_only_on_request(rules) -> None:
    text = "the head of French diplomacy"
    assert fix_until_stable(text, lambda t: findings(t, rules)).text == text
    unsafe = fix_until_stable(text, lambda t: findings(t, rules), unsafe=True).text
    assert unsafe == "France's foreign minister"


def test_overlapping_fixes_resolved(write_pack) -> None:
    path = write_pack(
        """
        pack: overlap
        lang: fr
        rules:
          - id: a-long
            kind: pattern
            category: calque
            fix: safe
            pattern: 'telephone interview'
            replace: 'phone call'
            message: m
            why: w
            examples: [{bad: 'telephone interview', fixed: 'phone call'}, {good: 'x'}]
          - id: b-short
            kind: pattern
            category: false-friend
            fix: safe
            pattern: 'interview'
            replace: 'talk'
            message: m
            why: w
            examples: [{bad: 'interview', fixed: 'talk'}, {good: 'x'}]
        """
    )
    rules = assemble([load_pack(path)]).rules
    found = findings("a telephone interview", rules)
    fixes = [f for f in found if f.fix]
    assert len(found) == 2 and len(fixes) == 1 and fixes[0].rule_id == "a-long"
    assert fix_until_stable("a telephone interview", lambda t: findings(t, rules)).text == (
        "a phone call"
    )


def test_apply_edits_refuses_overlap() -> None:
    assert apply_edits("abcdef", [Edit(4, 6, "X"), Edit(0, 1, "")]) == "bcdX"
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, ""), Edit(2, 4, "")])


def test_positions_with_emoji_and_crlf(rules) -> None:
    text = "😀😀 intro\r\nthen Poutine 😀 Poutine"
    found = findings(text, rules)
    assert [(f.line, f.col, f.end_col) for f in found] == [(2, 6, 13), (2, 16, 23)]
    assert all(text[f.start : f.end] == "Poutine" for f in found)


def test_condition_anchors_mean_immediately_before_and_after(write_pack) -> None:
    path = write_pack(
        """
        pack: anchors
        lang: fr
        rules:
          - id: a-anchor
            kind: pattern
            category: calque
            pattern: 'appeal'
            message: m
            why: w
            unless: [{after: '^\\s+court'}, {before: 'an\\s+$'}]
            examples: [{bad: 'the appeal between'}, {good: 'the appeal court'}]
        """
    )
    rules = assemble([load_pack(path)]).rules
    assert len(findings("the appeal between them", rules)) == 1
    assert findings("the appeal court ruled", rules) == []
    assert findings("an appeal for calm", rules) == []
    found = findings("appeal court? no: the appeal, court", rules)
    assert [f.start for f in found] == [22]  # only the one not immediately followed by court


def test_consistency_finding_dropped_where_a_name_form_covers_it() -> None:
    from tqcheck.engine import drop_covered
    from tqcheck.findings import Finding

    def finding(rule: str, category: str, start: int, end: int) -> Finding:
        return Finding(rule, category, Severity.WARNING, "m", "w", start, end, "x")

    name = finding("fr-name-person", "name-form", 10, 21)
    inside = finding("common-name-spelt-two-ways", "consistency", 16, 21)
    elsewhere = finding("common-name-spelt-two-ways", "consistency", 40, 45)
    assert drop_covered([name, inside, elsewhere]) == [name, elsewhere]


def test_same_words_flagged_by_two_languages_packs_count_for_neither() -> None:
    from dataclasses import replace

    from tqcheck.engine import dedupe
    from tqcheck.findings import Finding

    de = Finding(
        "de-typo-decimal-comma",
        "typography",
        Severity.WARNING,
        "m",
        "w",
        5,
        8,
        "3,5",
        source_lang="de",
    )
    fr = Finding(
        "fr-typo-decimal-comma",
        "typography",
        Severity.WARNING,
        "m",
        "w",
        5,
        8,
        "3,5",
        source_lang="fr",
    )
    other = Finding(
        "fr-name-place", "name-form", Severity.ERROR, "m", "w", 20, 26, "Moscou", source_lang="fr"
    )
    order = {"de-typo-decimal-comma": 0, "fr-typo-decimal-comma": 1}
    # The rest of the text is French: the French rule's message is the one kept.
    kept = dedupe([fr, de, other], order)
    assert [(f.rule_id, f.source_lang) for f in kept] == [
        ("fr-typo-decimal-comma", "common"),
        ("fr-name-place", "fr"),
    ]
    # Nothing else tells: the earliest rule in pack order.
    kept = dedupe([fr, de], order)
    assert [(f.rule_id, f.source_lang) for f in kept] == [("de-typo-decimal-comma", "common")]
    german = replace(other, rule_id="de-name-place", source_lang="de", start=30, end=36)
    kept = dedupe([fr, de, other, german, replace(german, start=40, end=46)], order)
    assert kept[0].rule_id == "de-typo-decimal-comma"
    assert kept[0].source_lang == "common"


def test_one_trace_read_by_two_languages_packs_is_reported_once() -> None:
    from dataclasses import replace

    from tqcheck.engine import dedupe
    from tqcheck.findings import Finding

    def make(rule: str, category: str, start: int, end: int) -> Finding:
        lang = rule.split("-")[0]
        return Finding(rule, category, Severity.ERROR, "m", "w", start, end, "x", source_lang=lang)

    order = {r: i for i, r in enumerate(["de-a", "es-guillemets", "fr-open", "fr-close", "it-age"])}
    french_age = make("fr-age", "calque", 10, 27)  # "who had 122 years"
    italian_age = make("it-age", "calque", 14, 27)  # "had 122 years"
    name = make("fr-name", "name-form", 40, 47)
    kept = dedupe([italian_age, french_age, name], {**order, "fr-age": 9})
    assert sorted((f.rule_id, f.source_lang) for f in kept) == [
        ("fr-age", "common"),
        ("fr-name", "fr"),
    ]
    # A whole quotation flagged by one pack, its two marks by another: the marks of the
    # article's language are both kept, the other reading is dropped; and the other way round.
    whole = make("es-guillemets", "typography", 100, 130)
    opening, closing = (
        make("fr-open", "typography", 100, 101),
        make("fr-close", "typography", 129, 130),
    )
    kept = dedupe([whole, opening, closing, name], order)
    assert sorted(f.rule_id for f in kept) == ["fr-close", "fr-name", "fr-open"]
    spanish = [
        replace(name, rule_id=f"es-n{i}", source_lang="es", start=200 + 10 * i) for i in range(2)
    ]
    kept = dedupe([whole, opening, closing, name, *spanish], order)
    assert sorted(f.rule_id for f in kept) == ["es-guillemets", "es-n0", "es-n1", "fr-name"]
    # Two rules of one language over overlapping words are two findings, as before.
    other = make("fr-other", "calque", 20, 30)
    kept = dedupe([french_age, other], {"fr-age": 0, "fr-other": 1})
    assert sorted(f.rule_id for f in kept) == ["fr-age", "fr-other"]
    assert all(f.source_lang == "fr" for f in kept)


def test_with_position_keeps_every_other_field() -> None:
    from dataclasses import fields, replace

    from tqcheck.findings import Edit, Finding, Fix, FixSafety, Related, Severity

    f = Finding(
        "r",
        "calque",
        Severity.ERROR,
        "m",
        "w",
        3,
        9,
        "matched",
        ("a", "b"),
        Fix((Edit(3, 9, "a"),), FixSafety.SAFE),
        "fr",
        "pack",
        0.5,
        (Related(1, 2, "first"),),
        extra={"k": 1},
    )
    moved = f.with_position(2, 4, 2, 10)
    assert moved == replace(f, line=2, col=4, end_line=2, end_col=10)
    assert all(
        getattr(moved, x.name) == getattr(f, x.name)
        for x in fields(f)
        if x.name not in ("line", "col", "end_line", "end_col")
    )
