"""The prefilter and the pack cache change how fast findings come, never which."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from tqcheck.anchors import regex_anchors, regex_trigger
from tqcheck.api import Linter
from tqcheck.cache import load_ruleset_cached, packs_key
from tqcheck.document import Document
from tqcheck.engine import check_document
from tqcheck.prefilter import Prefilter, _RegexScanner
from tqcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset()
PREFILTER = Prefilter(RULESET.rules)


def _texts() -> list[str]:
    corpus = sorted((ROOT / "tests" / "corpus").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in corpus]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for rule in RULESET.rules:
        texts += [e.get("bad") or e.get("good") or "" for e in rule.examples]
    return texts


def test_anchors_are_read_off_the_regex() -> None:
    anchors = regex_anchors([r"\b[Tt]he head of (?P<d>[A-Z][a-z]+) diplomacy\b"])
    assert anchors is not None and anchors.strings == {"the head of "}
    either = regex_anchors([r"(?:envoy|correspondent)s?"])
    assert either is not None and either.strings == {"envoy", "correspondent"}
    assert regex_anchors([r"[a-z]+\d"]) is None  # nothing literal: the rule always runs


def test_triggers_are_character_class_runs_every_match_contains() -> None:
    decimal = regex_trigger(r"(?<![\w.,])(?P<int>0(?=,\d)|\d+(?=,\d{1,2}(?!\d))),(?P<dec>\d+)")
    assert decimal is not None and decimal.patterns == ("[0\\d][\\x2c][\\d]",)
    spaced = regex_trigger(r"(?:[ \u00a0]+-|-[ \u00a0]+)\w")
    assert spaced is not None and len(spaced.patterns) == 2  # one per alternative
    assert regex_trigger(r"(?i:abc)") is None  # local flags are not copied


def test_triggered_rules_find_what_a_full_scan_finds_in_figures() -> None:
    text = " ".join(
        f"Growth was {i},{i % 10} % at {i % 24} h {i % 60:02d}; {i}.{i:03d}.000 people ; ok."
        for i in range(300)
    )
    doc = Document(text)
    assert check_document(doc, RULESET.rules, PREFILTER) == check_document(doc, RULESET.rules)
    assert PREFILTER.triggers  # the digit rules run around their triggers


def test_prefiltered_findings_equal_full_scan_on_every_corpus_text() -> None:
    texts = _texts()
    assert len(texts) > 500
    differing = [
        t[:60]
        for t in texts
        if check_document(Document(t), RULESET.rules)
        != check_document(Document(t), RULESET.rules, PREFILTER)
    ]
    assert differing == []


def test_regions_in_a_long_text_give_the_full_scan_findings() -> None:
    article = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    text = (article + "\n\n") * 60  # ~140 KB: rules run only around their anchors
    full = check_document(Document(text), RULESET.rules)
    assert len(full) > 500
    assert check_document(Document(text), RULESET.rules, PREFILTER) == full


def test_rules_without_hits_are_not_run() -> None:
    plan = PREFILTER.plan("A short clean sentence.")
    ran = {RULESET.rules[i].id for i, _, _ in plan.runs}
    assert "fr-name-person" not in ran and "fr-calque-head-of-diplomacy" not in ran
    assert len(ran) < len(RULESET.rules) // 4


def test_pure_python_scanner_finds_what_the_automaton_finds() -> None:
    owners = {"poutine": ((1,), ()), "pou": ((2,), ()), "tine": ((3,), ())}
    found = sorted(_RegexScanner(owners)("vladimir poutine"))
    assert found == [
        (11, ("pou", (2,), (), 2)),
        (15, ("poutine", (1,), (), 6)),
        (15, ("tine", (3,), (), 3)),
    ]


def test_linter_pickles_and_rebuilds_its_prefilter() -> None:
    linter = Linter()
    text = "Vladimir Poutine met the head of Russian diplomacy. ."
    before = linter.check(text)
    clone = pickle.loads(pickle.dumps(linter))
    assert clone.check(text) == before and len(before) >= 3


def test_pack_cache_is_used_invalidated_and_survives_corruption(
    tmp_path: Path, write_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(
        """
        pack: t
        lang: fr
        rules:
          - id: t-name
            kind: substitute
            category: name-form
            message: m
            why: w
            swap: {Poutine: Putin}
            examples: [{bad: Poutine}, {good: Putin}]
        """
    )
    folder = pack.parent
    first = load_ruleset_cached([folder], builtin=False)
    files = list((tmp_path / "cache").glob("packs-*.pickle"))
    assert len(files) == 1
    again = load_ruleset_cached([folder], builtin=False)
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    key = packs_key([folder], builtin=False)
    edit = pack.read_text().replace("{Poutine: Putin}", "{Poutine: Putin, Pékin: Beijing}")
    pack.write_text(edit)
    assert packs_key([folder], builtin=False) != key  # an edited pack is a new key
    edited = load_ruleset_cached([folder], builtin=False)
    assert "Pékin" in edited.rules[0].entries
    for f in (tmp_path / "cache").glob("packs-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert "Pékin" in load_ruleset_cached([folder], builtin=False).rules[0].entries


def test_unwritable_cache_location_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A path below a plain file can be neither created nor written, even by root.
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker / "cache"))
    assert len(load_ruleset_cached().rules) == len(RULESET.rules)
    assert not (blocker / "cache").exists()


def test_trie_regex_matches_what_the_longest_first_alternation_matched() -> None:
    import re

    def alternation(keys: list[str], flags: int) -> re.Pattern[str]:
        ordered = sorted(keys, key=lambda k: (-len(k), k))
        parts = [
            r"\s+".join(re.escape(w).replace("'", "['’]") for w in k.split(" ")) for k in ordered
        ]
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", flags)

    texts = "\n\n".join(_texts())
    for rule in RULESET.rules:
        if rule.kind != "substitute":
            continue
        flags = re.IGNORECASE if rule.ignore_case else 0
        old = [m.span() for m in alternation(list(rule.entries), flags).finditer(texts)]
        assert [m.span() for m in rule.regex.finditer(texts)] == old, rule.id


def test_warm_pack_cache_run_does_not_import_yaml(tmp_path: Path) -> None:
    # With the compiled packs cached, a run over an article parses no YAML.
    import subprocess
    import sys

    env = {**os.environ, "TQCHECK_CACHE_DIR": str(tmp_path / "cache")}
    article = str(Path(__file__).resolve().parent.parent / "examples" / "article.txt")
    script = (
        "import sys\n"
        "from tqcheck.cli import main\n"
        "try:\n"
        f"    main([{article!r}, '--no-cache'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('yaml' in sys.modules)\n"
    )
    cold = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert cold.stdout.splitlines()[-1] == "True"
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert warm.stdout.splitlines()[-1] == "False"


# ---- literal prefixes: rules tried with `match` where a match can start ------------------


def test_start_prefixes_multiply_out_literal_alternatives() -> None:
    from tqcheck.anchors import start_prefixes

    assert start_prefixes(r"\b[Tt]he\ (?:\w+\ )?company") == {"the "}
    assert start_prefixes(r"(?<![\w.])(?:Mme|Mlle|MME)\.?") == {"mme", "mlle"}
    assert start_prefixes(r"\b[Tt]o (?:read|see|listen(?: to)?) also") == {
        "to read",
        "to see",
        "to listen",
    }
    assert start_prefixes(r"(?:a|)b") == {"ab", "b"}
    assert start_prefixes(r"alle(?: ore)?") == {"alle"}  # "alle ore" starts where "alle" does
    assert start_prefixes(r"\d+ years") is None
    assert start_prefixes(r"(?=the)\w+") is None  # a lookahead consumes nothing


def test_matching_at_starts_finds_what_finditer_finds() -> None:
    import re

    from tqcheck.prefilter import Starts, iter_matches

    cases = [
        (r"\b[Tt]he (?:\w+ )?(?:company|firm)\b", "The big company and the firm, the the firm."),
        (r"(?:ab|a)b*", "abbb ab a abab aab"),
        (r"at (?:the )?hours?\b", "at hour at the hours at at the hour"),
    ]
    for pattern, text in cases:
        regex = re.compile(pattern)
        prefixes = __import__("tqcheck.anchors", fromlist=["x"]).start_prefixes(pattern)
        low = text.lower()
        starts = sorted({i for p in prefixes for i in range(len(low)) if low.startswith(p, i)})
        got = [m.span() for m in iter_matches(regex, text, Starts(starts))]
        assert got == [m.span() for m in regex.finditer(text)], pattern


def test_a_rule_with_common_prefixes_keeps_its_rare_anchor() -> None:
    from tqcheck.anchors import Anchors
    from tqcheck.prefilter import _starts_pay

    assert not _starts_pay(frozenset({"at ", "in ", "on "}), Anchors(frozenset({"margin"}), 18, 18))
    assert _starts_pay(frozenset({"the "}), Anchors(frozenset({"the "}), 256, 256))


def test_a_dictionary_anchor_inside_a_longer_word_is_no_hit() -> None:
    """'UE' (the EU in French) is a key; 'ue' inside 'league' cannot match it."""
    from tqcheck.prefilter import Prefilter

    rule = next(r for r in RULESET.rules if r.id == "fr-name-org")
    prefilter = Prefilter([rule])
    per_rule, strings_hit, _, _ = prefilter.hits("The league met the UE and the blue team.")
    assert strings_hit[0] == {"ue": [19]}
    assert len(per_rule[0]) == 1
    assert prefilter.hits("The league met the blue team.")[0] == {}


def test_a_figures_trigger_beats_a_common_literal() -> None:
    """`[Oo]re 10:30`: the digits are far rarer than "ore" (in "more", "before"); a run of
    letters is not trusted to be (the character model rates every letter alike)."""
    from tqcheck.prefilter import _has_digits

    index = next(i for i, r in enumerate(RULESET.rules) if r.id == "it-typo-time-ore")
    assert index in PREFILTER.triggers
    assert _has_digits(r"[\x2e][0-5][\d]") and not _has_digits(r"[t][i][m][e]")
    assert not _has_digits(r"[i][n][c][e][\x20][\doatfsenm]")


def test_dictionary_keys_compared_at_hits_match_the_full_regex() -> None:
    """find_keys gives the spans of the whole dictionary's regex on texts built from its keys,
    with whitespace runs, both apostrophes, case changes, glued letters and overlapping keys."""
    import random

    from tqcheck.prefilter import KeyHits

    rng = random.Random(7)
    for rule_id in ("fr-name-place", "fr-name-person", "fr-name-org", "de-name-place"):
        rule = next(r for r in RULESET.rules if r.id == rule_id)
        prefilter = Prefilter([rule])
        keys = list(rule.entries)
        for _ in range(60):
            parts = []
            for _ in range(rng.randint(1, 8)):
                key = rng.choice(keys)
                key = key.replace(" ", rng.choice([" ", "  ", "\n", " \t "]))
                key = key.replace("'", rng.choice(["'", "’"]))
                if rng.random() < 0.2:
                    key = key.lower()
                parts.append(key)
                parts.append(rng.choice([" ", "", "x", ", ", "-", " and ", "_"]))
            text = "".join(parts)
            _, strings_hit, _, exact = prefilter.hits(text)
            assert exact
            got = rule.find_keys(text, KeyHits(strings_hit.get(0, {})))
            assert got == [m.span() for m in rule.regex.finditer(text)], (rule_id, text)


def test_first_class_lists_where_a_match_can_start() -> None:
    from tqcheck.anchors import first_class

    assert first_class(r"\b(?:[Tt]he|[Aa])\s+delay") == "[TtAa]"
    assert first_class(r"(?<![\w.])(?:Mme|Mlle)\.?") == "[M]"
    assert first_class(r"(?:ab)?\d+") == r"[a\d]"
    assert first_class(r"x?") is None  # may match the empty string
    assert first_class(r".x") is None and first_class(r"[^a]b") is None
    assert first_class(r"(?i:re|co)-") == "(?i:[rc])"
    assert first_class(r"(?:X|(?i:ab))c") == "[X]|(?i:[a])"
    assert first_class(r"(?s:a)b") is None  # other local flags


def test_scanning_regex_finds_what_the_regex_finds() -> None:
    """Every pattern rule, led by the lookahead of its first characters, finds the same spans
    and groups on every corpus text and rule example, whole and in windows."""
    import re as _re

    from tqcheck.prefilter import iter_matches, scanning_regex

    texts = _texts()
    led = 0
    for rule in RULESET.rules:
        if getattr(rule, "kind_name", "") != "pattern" or not isinstance(rule.regex, _re.Pattern):
            continue
        fast = scanning_regex(rule.regex)
        led += fast is not rule.regex
        assert fast.groupindex == rule.regex.groupindex
        for text in texts:
            want = [(m.span(), m.groups()) for m in rule.regex.finditer(text)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, rule.id
            regions = [(0, len(text) // 2), (len(text) // 2 + 1, len(text))]
            got = list(iter_matches(rule.regex, text, regions, fast=True))
            slow = list(iter_matches(rule.regex, text, regions))
            assert [m.span() for m in got] == [m.span() for m in slow], rule.id
    assert led > 100
    flagged = scanning_regex(_re.compile(r"(?i)(?s)\bab.c"))
    assert flagged.pattern.startswith("(?i)(?s)(?=") and flagged.search("x AB\nC")


def test_boilerplate_rules_look_only_at_lines_their_windows_touch() -> None:
    text = (
        "Read also: another story\n\nA line of prose.\n\n"
        + "Plain words here.\n" * 50
        + "\nSee also: the archive\nRead more\n"
    )
    doc = Document(text)
    plan = PREFILTER.plan(doc.prose)
    windowed = {RULESET.rules[i].id: r for i, _, r in plan.runs}
    assert isinstance(windowed["common-boilerplate-read-also"], list)
    for rule in RULESET.rules:
        if getattr(rule, "kind_name", "") == "boilerplate":
            whole = list(rule.find(doc))
            assert list(rule.find(doc, [(0, len(text))])) == whole
            if rule.id in windowed and windowed[rule.id] is not None:
                assert list(rule.find(doc, windowed[rule.id])) == whole, rule.id
    read_also = next(r for r in RULESET.rules if r.id == "common-boilerplate-read-also")
    assert len(list(read_also.find(doc))) == 3
    assert list(read_also.find(doc, [(60, 70)])) == []


def test_merged_unless_tests_agree_with_each_condition() -> None:
    """A rule's `unless` tests searched as one alternation per place give the answer the
    conditions give one by one, at every word of the corpus texts."""
    import re as _re

    from tqcheck.checks.base import _any_found, _merged_unless, _scoped

    texts = _texts()[:12]
    merged_some = False
    for rule in RULESET.rules:
        if not rule.unless:
            continue
        merged = _merged_unless(rule.unless)
        merged_some = merged_some or len(merged) < sum(len(c.tests) for c in rule.unless)
        for text in texts:
            doc = Document(text)
            for m in list(_re.finditer(r"\w+", doc.prose))[::3]:
                one_by_one = any(
                    c.holds(doc, m.start(), m.end(), require_all=False) for c in rule.unless
                )
                assert _any_found(merged, doc, m.start(), m.end()) == one_by_one, rule.id
    assert merged_some
    assert _scoped(_re.compile(r"(?i)(?s)a.b")) == "(?is:a.b)"
    assert _scoped(_re.compile(r"(a)\1")) is None and _scoped(_re.compile("a", _re.X)) is None


def test_a_trigger_read_inside_a_lookahead_still_finds_every_match(write_pack) -> None:
    """A trigger taken from a lookahead lies up to the lookahead's width past where the match
    starts: the window around its hits must reach back that far, or the match is missed."""
    from tqcheck.ruleset import assemble, load_pack

    path = write_pack(
        r"""
        pack: lookahead
        lang: fr
        rules:
          - id: semicolon-before-year
            kind: pattern
            category: typography
            pattern: '(?i:;)(?=[^\n]{0,100}[0-9]{4})'
            message: m
            why: w
            examples: [{bad: '; in 2020'}, {good: '; in May'}]
        """
    )
    rules = assemble([load_pack(path)]).rules
    prefilter = Prefilter(rules)
    assert prefilter.triggers  # the rule runs around its figures trigger
    text = ("Words and; " + "x" * 60 + " then 2020. ") * 40
    doc = Document(text)
    full = check_document(doc, rules)
    assert len(full) == 40
    assert check_document(doc, rules, prefilter) == full


_MEMO_PACK = """
pack: t
lang: fr
rules:
  - id: t-name
    kind: substitute
    category: name-form
    message: m
    why: w
    swap: {Poutine: Putin}
    examples: [{bad: Poutine}, {good: Putin}]
"""


def _content_key(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The key from the packs' content alone (caches off: no memo read or written)."""
    with monkeypatch.context() as patch:
        patch.setenv("TQCHECK_NO_CACHE", "1")
        return packs_key([folder], builtin=False)


def test_packs_key_memo_is_read_and_follows_an_edited_pack(
    tmp_path: Path, write_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck import cache

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)  # trust files written a moment ago
    pack = write_pack(_MEMO_PACK)
    folder = pack.parent
    key = packs_key([folder], builtin=False)
    assert key is not None and key == _content_key(folder, monkeypatch)
    memo_file = tmp_path / "cache" / cache._KEY_MEMO
    memo = pickle.loads(memo_file.read_bytes())
    assert list(memo.values()) == [key]
    # The memo is what answers while the files are unchanged: a forged entry is believed.
    memo_file.write_bytes(pickle.dumps({signature: "forged" for signature in memo}))
    assert packs_key([folder], builtin=False) == "forged"
    # An edit of the same size, with the modification time put back, still changes the key
    # (the change time moved): the memo is not believed for the edited file.
    before = pack.stat()
    for pause in (0.05, 1.1):  # past the file system's timestamp granularity (1 s on some)
        time.sleep(pause)
        pack.write_text(pack.read_text().replace("Putin", "Putyn"))
        os.utime(pack, ns=(before.st_atime_ns, before.st_mtime_ns))
        if pack.stat().st_ctime_ns != before.st_ctime_ns:
            break
    after = pack.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    edited = packs_key([folder], builtin=False)
    assert edited not in (key, "forged")
    assert edited == _content_key(folder, monkeypatch)
    # A new pack in the folder is a new key too.
    write_pack(_MEMO_PACK.replace("t-name", "t-other"), name="more.yaml")
    assert packs_key([folder], builtin=False) not in (edited, "forged")


def test_packs_key_memo_skips_files_changed_just_now(
    tmp_path: Path, write_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two edits within one tick of the file system's clock could leave size and times equal:
    # a file that changed less than _SETTLED_NS ago is hashed, and no memo is written for it.
    from tqcheck import cache

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_pack(_MEMO_PACK).parent
    assert packs_key([folder], builtin=False) == _content_key(folder, monkeypatch)
    assert not (tmp_path / "cache" / cache._KEY_MEMO).exists()


def test_packs_key_without_a_writable_cache_folder(
    tmp_path: Path, write_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck import cache

    blocker = tmp_path / "file"  # a path below a plain file can be neither created nor read
    blocker.write_text("")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)
    folder = write_pack(_MEMO_PACK).parent
    first = packs_key([folder], builtin=False)
    assert first is not None and first == packs_key([folder], builtin=False)
    assert first == _content_key(folder, monkeypatch)
    assert not (blocker / "cache").exists()
