"""The detector kinds (untranslated, repeat, consistency) and their pack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.document import Document
from tqcheck.engine import check_document
from tqcheck.fixes import fix_until_stable
from tqcheck.rule_examples import check_all_examples
from tqcheck.ruleset import assemble, load_pack, load_ruleset

from .repeat_articles import cases as repeat_cases

ROOT = Path(__file__).resolve().parent.parent
DETECTORS = ROOT / "rules" / "common" / "detectors.yaml"
DATA = Path(__file__).parent / "data" / "untranslated"


@pytest.fixture(scope="module")
def pack_rules():
    return assemble([load_pack(DETECTORS)]).rules


def rules_of(rules, kind):
    return [r for r in rules if r.kind == kind]


def run(text: str, rules):
    return check_document(Document(text), rules)


def lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def test_detector_pack_examples_pass(pack_rules) -> None:
    assert {r.kind for r in pack_rules} == {"untranslated", "repeat", "consistency"}
    assert check_all_examples(pack_rules) == []


def test_every_shipped_pack_example_passes() -> None:
    assert check_all_examples(load_ruleset().rules) == []


# ---- untranslated ----------------------------------------------------------------------------


def test_untranslated_recall_and_precision_on_the_test_set(pack_rules) -> None:
    rules = rules_of(pack_rules, "untranslated")
    foreign = [("fr", s) for s in lines("fr.txt")] + [
        tuple(ln.split("\t", 1)) for ln in lines("other.txt")
    ]
    english = lines("en.txt")
    assert len([1 for lang, _ in foreign if lang == "fr"]) >= 100
    assert len([1 for lang, _ in foreign if lang != "fr"]) >= 100
    assert len(english) >= 300
    found = [(lang, run(text, rules)) for lang, text in foreign]
    tp = sum(1 for _, f in found if f)
    right_lang = sum(1 for lang, f in found if f and f[0].source_lang == lang)
    fp = sum(1 for text in english if run(text, rules))
    assert tp / len(foreign) >= 0.95
    assert tp / (tp + fp) >= 0.98
    assert right_lang >= 0.95 * len(foreign)


def test_untranslated_sentence_finding_names_language_and_confidence(pack_rules) -> None:
    text = (
        "The minister spoke on Tuesday. Les syndicats appellent à une nouvelle journée de grève "
        "jeudi dans toute la France. He left at noon."
    )
    [f] = run(text, rules_of(pack_rules, "untranslated"))
    assert f.matched.startswith("Les syndicats") and f.matched.endswith("France.")
    assert f.source_lang == "fr" and f.category == "untranslated"
    assert f.confidence is not None and 0.8 <= f.confidence <= 1
    assert f.message == f"this sentence is in French ({f.confidence:.2f}), not English"
    assert f.fix is None


def test_untranslated_whole_paragraph_is_one_finding(pack_rules) -> None:
    para = (
        "Les négociations se poursuivront demain matin. Aucun accord n'a été trouvé. "
        "Les deux camps restent très éloignés sur la question des salaires."
    )
    text = f"The talks went on late into the night.\n\n{para}\n\nThe unions left at dawn.\n"
    [f] = run(text, rules_of(pack_rules, "untranslated"))
    assert f.matched == para
    assert "paragraph is in French" in f.message


def test_untranslated_silent_on_names_quotes_lists_urls_numbers(pack_rules) -> None:
    rules = rules_of(pack_rules, "untranslated")
    for text in (
        "She said the plan had a certain je ne sais quoi, and the Assemblée nationale agreed.",
        "Jean de La Fontaine, Pierre du Pont, Marie de Gaulle et Louis de Broglie",
        "LE PRÉSIDENT DE LA RÉPUBLIQUE EN VISITE DANS LES HAUTS-DE-FRANCE",
        "https://example.com/le-president-de-la-republique-en-visite-dans-le-nord.html",
        "12 345 678 ; 98,7 % ; 3 456 ; 10 h 30 ; 2 500 000 €",
    ):
        assert run(text, rules) == [], text


def test_import_and_english_run_do_not_load_langdetect(sample_text) -> None:
    english = (ROOT / "examples" / "clean-article.txt").read_text(encoding="utf-8")
    code = (
        "import sys, tqcheck\n"
        "assert 'langdetect' not in sys.modules, 'import'\n"
        "from tqcheck.api import Linter\n"
        "found = Linter().check(sys.stdin.read())\n"
        "assert any(r.kind == 'untranslated' for r in Linter().ruleset.rules)\n"
        "print('langdetect' in sys.modules, len(found))\n"
    )
    for text in (english, sample_text):
        out = subprocess.run(
            [sys.executable, "-c", code], input=text, capture_output=True, text=True, cwd=ROOT
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.split()[0] == "False"


def test_untranslated_output_identical_under_any_hash_seed() -> None:
    sample = lines("fr.txt")[:15] + [ln.split("\t")[1] for ln in lines("other.txt")[::7]]
    text = "\n\n".join(sample + lines("en.txt")[:20]) + "\n"
    code = (
        "import json, sys\n"
        "from tqcheck.api import Linter\n"
        "found = Linter(select=['untranslated']).check(sys.stdin.read())\n"
        "print(json.dumps([(f.start, f.end, f.source_lang, f.confidence) for f in found]))\n"
    )
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=text,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert out.returncode == 0, out.stderr
        outputs.add(out.stdout)
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) >= 15


# ---- repeat ----------------------------------------------------------------------------------


def test_repeat_finds_the_sample_lede(sample_text, pack_rules) -> None:
    [f] = run(sample_text, rules_of(pack_rules, "repeat"))
    assert f.matched.startswith("The appeal between the two heads of state")
    assert sample_text[f.related[0].start : f.related[0].end].startswith("The call between")
    assert f.related[0].start < f.start and f.confidence is not None and f.confidence >= 0.8
    fixed = fix_until_stable(sample_text, lambda t: run(t, rules_of(pack_rules, "repeat")), True)
    assert "The appeal between" not in fixed.text and "The call between" in fixed.text


def test_repeat_recall_on_generated_articles_and_silence_without_repeat(pack_rules) -> None:
    rules = rules_of(pack_rules, "repeat")
    generated = repeat_cases(200)
    found = 0
    for case in generated:
        hits = [
            f
            for f in run(case.text, rules)
            if f.start < case.repeat[1]
            and case.repeat[0] < f.end
            and f.related[0].start < case.first[1]
            and case.first[0] < f.related[0].end
        ]
        found += bool(hits)
    assert found / len(generated) >= 0.95
    assert any(case.changed > 0 for case in generated)
    originals = {case.original for case in generated}
    assert len(originals) > 30
    assert [o[:40] for o in originals if run(o, rules)] == []


def test_repeat_skips_short_lines_and_deletes_paragraph_with_its_blank_line(pack_rules) -> None:
    rules = rules_of(pack_rules, "repeat")
    assert run("Read more here.\n\nRead more here.\n", rules) == []
    para = "Prices of bread and milk rose again in March, the statistics office said."
    text = f"{para}\n\nExporters worried.\n\n{para}\n\nThe end of the story is near.\n"
    [f] = run(text, rules)
    assert f.confidence == 1.0 and f.line == 5
    fixed = fix_until_stable(text, lambda t: run(t, rules), unsafe=True).text
    assert fixed == f"{para}\n\nExporters worried.\n\nThe end of the story is near.\n"


def test_repeat_threshold_is_read_from_yaml(write_pack) -> None:
    spec = DETECTORS.read_text(encoding="utf-8").replace("threshold: 0.8\n", "threshold: 0.99\n")
    strict = [r for r in assemble([load_pack(write_pack(spec))]).rules if r.kind == "repeat"]
    assert strict[0].threshold == 0.99
    a = "The call between the two leaders will come two weeks before the talks in Geneva."
    b = "The appeal between the two leaders will come two weeks before the talks in Geneva."
    assert run(f"{a}\n\n{b}\n", strict) == []


def test_repeat_needs_a_shared_run_of_four_words(pack_rules) -> None:
    rules = rules_of(pack_rules, "repeat")
    a = "Officials said the new bridge over the river would open to traffic in the spring."
    # Every fourth word changed: no run of four words is shared, so no repeat is reported.
    b = "Officials say the new bridges over the river could open to traffic by the spring."
    assert run(f"{a}\n\nThe mayor left.\n\n{b}\n", rules) == []
    [f] = run(f"{a}\n\nThe mayor left.\n\n{a}\n", rules)
    assert f.confidence == 1.0


def test_repeat_screen_in_blocks_answers_as_one_set_of_runs() -> None:
    from tqcheck.checks.repeat import _shares_a_run

    def one_set(prose: str) -> bool:
        words = prose.lower().split()
        if len(words) < 8:
            return False
        runs = set(zip(words, words[1:], words[2:], words[3:], strict=False))
        return len(runs) < len(words) - 3

    distinct = [f"w{i}" for i in range(1200)]
    texts = [" ".join(distinct), " ".join(distinct[:7]), ""]
    # A run of four words copied to end before, at, across and after each block boundary
    # (blocks of 128, 256, 512 runs), in capitals once; and runs of only three words.
    for first, copy_at, length, upper in (
        (0, 120, 4, False),
        (0, 121, 4, False),
        (10, 124, 4, True),
        (200, 380, 4, False),
        (5, 381, 4, False),
        (600, 1193, 4, False),
        (1000, 1100, 4, False),
        (0, 500, 3, False),
        (700, 1197, 3, False),
    ):
        words = list(distinct)
        run = words[first : first + length]
        words[copy_at : copy_at + length] = [w.upper() for w in run] if upper else run
        texts.append(" ".join(words))
    corpus = ROOT / "tests" / "corpus"
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))[:60]]
    answers = [_shares_a_run(t, 3) for t in texts]
    assert answers == [one_set(t) for t in texts]
    assert True in answers and False in answers


def test_consistency_keeps_two_words_of_one_stem_and_far_spellings_apart() -> None:
    from tqcheck.checks.consistency import _same_written_name

    two_words = [
        ("christian", "christiane"),
        ("mexicanos", "mexicans"),
        ("pohořelický", "pohořelice"),
        ("hořické", "hořice"),
        ("salafist", "salafis"),
        ("morales", "morals"),
        ("marián", "mayan"),
    ]
    one_name = [
        ("bogota", "bogotá"),
        ("rothschield", "rothschild"),
        ("zelensky", "zelenskyy"),
        ("mohammed", "mohamed"),
        ("tadjikistan", "tajikistan"),
        ("poutine", "putin"),
        ("terechkova", "tereshkova"),
        ("ecuadorian", "ecuadorean"),
        ("mexican-americans", "mexico-americans"),
    ]
    for a, b in two_words:
        assert not _same_written_name(a, b), (a, b)
        assert not _same_written_name(b, a), (b, a)
    for a, b in one_name:
        assert _same_written_name(a, b), (a, b)
        assert _same_written_name(b, a), (b, a)


def test_repeat_findings_do_not_depend_on_hash_seed() -> None:
    texts = [case.text for case in repeat_cases(20)]
    script = (
        "import json, sys\n"
        "from tqcheck.api import Linter\n"
        "linter = Linter(select=['repetition'])\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([[(f.start, f.end, f.confidence, f.related[0].start) "
        "for f in linter.check(t)] for t in texts]))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1 and json.loads(outputs.pop())


# ---- consistency -----------------------------------------------------------------------------


def test_consistency_reports_minority_with_dominant_form(pack_rules) -> None:
    rules = rules_of(pack_rules, "consistency")
    text = "Zelensky spoke. Zelensky flew to Rome. Zelenskyy met the pope. Zelensky left."
    [f] = run(text, rules)
    assert f.matched == "Zelenskyy" and f.suggestions == ("Zelensky",)
    assert f.related[0].start == 0 and "3 times" in f.message


def test_consistency_keeps_different_people_apart(pack_rules) -> None:
    rules = rules_of(pack_rules, "consistency")
    for text in (
        "Ivanka Trump and Donald Trump arrived. Trump spoke and Ivanka Trump listened.",
        "Kim Jong-un honoured Kim Jong-il. Kim Jong-un then left.",
        "Karl Weber met Carl Weber. Karl Weber left.",
        "Austria and Australia voted. The Russian envoy left Russia. Iran and Iraq abstained.",
        "Thomas Meyer wrote to Anna Meier. Thomas Meyer got no answer from Anna Meier.",
    ):
        assert run(text, rules) == [], text


def test_consistency_uses_name_pack_canonical_forms(write_pack) -> None:
    names = write_pack(
        """
        pack: names
        lang: fr
        rules:
          - id: fr-names
            kind: substitute
            category: name-form
            fix: safe
            message: "'{match}' -> '{suggestion}'"
            why: w
            swap: {Pékin: Beijing, Loukachenko: Lukashenko}
            examples: [{bad: 'Pékin', fixed: 'Beijing'}, {good: 'x'}]
        """,
        "names.yaml",
    )
    rules = load_ruleset([names, DETECTORS], builtin=False).rules
    consistency = next(r for r in rules if r.kind == "consistency")
    assert consistency.variants["pékin"] == "Beijing"
    text = "Loukachenko spoke. Loukachenko left. Lukashenko was not there. Pékin and Beijing."
    found = run(text, rules)
    by_rule = {(f.rule_id, f.matched) for f in found}
    # The name pack reports its own forms; consistency adds nothing on top of them.
    assert ("fr-names", "Loukachenko") in by_rule and ("fr-names", "Pékin") in by_rule
    assert not any(f.category == "consistency" for f in found)
    # Without the name pack, consistency reports the two spellings by itself.
    alone = load_ruleset([DETECTORS], builtin=False).filtered(["consistency"]).rules
    assert [(f.matched, f.suggestions) for f in run(text, alone)] == [
        ("Lukashenko", ("Loukachenko",))
    ]


def test_repeat_units_read_the_words_of_each_span(pack_rules) -> None:
    # A paragraph's words are taken from its sentences' when white space separates them; each
    # unit must still hold exactly the words a scan of its own span finds.
    from tqcheck.checks.repeat import _WORD

    (rule,) = rules_of(pack_rules, "repeat")
    texts = [
        (ROOT / "examples" / "article.txt").read_text(encoding="utf-8"),
        "The minister said it again.The talks would go on, aides said, next week in Rome.\n\n"
        "Mr. Smith met the envoy of the U.S. on Tuesday and they talked for a long time. "
        "He said l’accord était proche! Then he left the building with all of his aides.",
        "One two three four five six seven eight nine.’Ten eleven twelve thirteen fourteen.",
    ]
    for text in texts:
        doc = Document(text)
        units = rule._units(doc)
        assert units
        for unit in units:
            words = _WORD.findall(doc.prose, unit.span.start, unit.span.end)
            assert unit.norm == " ".join(words).lower().replace("’", "'")


def test_paragraph_screen_lets_through_all_the_old_screen_did() -> None:
    """The translate-and-split screen may pass more than the regex one it replaced, never
    less: what it rejects, no sentence of the paragraph could pass. (Words with letters English
    lacks are left out here: the screen now weighs them as `prefilter` does, tested below.)"""
    import random
    import re

    from tqcheck.checks.untranslated import (
        _FOREIGN,
        _URL,
        _WORD,
        _has_url,
        _may_be_foreign,
    )

    elision = re.compile(r"(?:^| )(?:l|d|qu|n|j|c|s|m|t|dell|all|nell|sull|dall)'\w", re.IGNORECASE)

    def old(text: str) -> bool:
        words = _WORD.findall(text)
        if not words:
            return False
        joined = " ".join(words).lower().replace("’", "'")
        return bool(
            not _FOREIGN.isdisjoint(joined.split(" "))
            or elision.search(joined)
            or _URL.search(text)
        )

    rng = random.Random(3)
    pieces = [*sorted(_FOREIGN)[:60], "LE", "Été", "DELL", "qu", "the", "x", "2", "²", "_"]
    pieces += [*" '’-.,(«»/@:éàÉßẞıİſKk\n", "www.", "http://"]
    passed = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if old(text):
            passed += 1
            assert _may_be_foreign(text), text
    assert passed > 8_000
    alphabet = "htps:/w.@ax\n-é"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _has_url(text) == bool(_URL.search(text)), text


def test_paragraph_screen_never_rejects_what_the_prefilter_passes() -> None:
    """What the paragraph screen rejects, no piece of the paragraph (a sentence, the whole)
    passes `prefilter`: capitalised words with accents (names) stay half a point at most."""
    import random

    from tqcheck.checks.untranslated import _may_be_foreign, prefilter

    rng = random.Random(11)
    pieces = ["Élysée", "élysée", "Sergueï", "ÉTÉ", "l'État", "xyz'État", "O'Séan", "3élan"]
    pieces += ["the", "said", "we", "on", "dans", "mais", "Le", "river", "named", "½é", "ß"]
    pieces += [" ", " ", " ", ". ", "’", "'", "-", '"', "(", "İ", "www.", "x@y.fr"]
    pieces += ["Être", "über", "ÜBER", "Où", "“", "”", "—", "\u212aann", "KANN", "İm"]
    rejected = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if _may_be_foreign(text):
            continue
        rejected += 1
        # sentences and paragraphs start and end between words, never inside one
        cuts = [0, len(text)] + [i for i, char in enumerate(text) if char == " "]
        for _ in range(4):
            a, b = sorted(rng.choice(cuts) for _ in range(2))
            assert prefilter(text[a:b], 1) is None, (text, a, b)
        assert prefilter(text, 1) is None, text
    assert rejected > 2_000
    # names with accents alone no longer open the paragraph; a lowercase accented word does
    assert not _may_be_foreign("Sergueï Lavrov met officials at the Élysée on Monday.")
    assert _may_be_foreign("The officials praised the élan of the négociateurs.")


def test_consistency_long_text_path_finds_the_same(pack_rules, monkeypatch) -> None:
    """Above _LONG_TEXT the places of names come from the first scan instead of a second."""
    from tqcheck.checks import consistency

    corpus = Path(__file__).parent / "corpus"
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("mt/*.txt"))[:20])
    text += "\n\nZelensky spoke. Zelenskyy flew to Kiev. Later Kyiv and ZELENSKY. Poutine, Putin.\n"
    [rule] = rules_of(pack_rules, "consistency")
    doc = Document(text)
    short = [repr(f) for f in rule.find(doc)]
    monkeypatch.setattr(consistency, "_LONG_TEXT", 0)
    long = [repr(f) for f in rule.find(Document(text))]
    assert short and long == short


def test_consistency_lower_words_in_chunks_equal_one_findall(monkeypatch) -> None:
    import random

    from tqcheck.checks import consistency

    monkeypatch.setattr(consistency, "_CHUNK", 5)
    corpus = Path(__file__).parent / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*/*.txt"))[:30]]
    rng = random.Random(4)
    texts += ["".join(rng.choice(" a-b'’éXy\n_1") for _ in range(40)) for _ in range(3000)]
    for text in texts:
        whole = set(map(str.casefold, consistency._LOWER_WORD.findall(text)))
        assert consistency._lower_words(text) == whole, text


def test_langdetect_profiles_from_the_cache_give_identical_answers(tmp_path, monkeypatch) -> None:
    """The cached table is langdetect's own: same n-grams, same doubles, same guesses; a
    corrupted record is ignored and the JSON profiles are read instead."""
    from tqcheck import langid_profiles
    from tqcheck.checks.untranslated import _PROFILES

    codes = sorted(_PROFILES)
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TQCHECK_NO_CACHE", "1")
    plain = langid_profiles.load_factory(codes, seed=0)
    assert not list(tmp_path.iterdir())  # caching off: nothing written
    monkeypatch.delenv("TQCHECK_NO_CACHE")
    langid_profiles.load_factory(codes, seed=0)  # writes the record
    [record] = tmp_path.glob("langdetect-*.marshal")
    cached = langid_profiles.load_factory(codes, seed=0)
    assert isinstance(cached.word_lang_prob_map, langid_profiles._LazyRows)
    assert cached.langlist == plain.langlist
    assert set(cached.word_lang_prob_map) == set(plain.word_lang_prob_map)
    for word in list(plain.word_lang_prob_map)[::97]:
        assert cached.word_lang_prob_map[word] == plain.word_lang_prob_map[word]
    texts = [
        "Le gouvernement a annoncé une série de mesures pour les agriculteurs.",
        "Die Regierung hat am Montag neue Maßnahmen angekündigt.",
        "El presidente viajó ayer a Madrid para reunirse con los ministros.",
        "The minister said the talks would resume next week in Brussels.",
    ]

    def guesses(factory: object) -> list[list[tuple[str, float]]]:
        out = []
        for text in texts:
            detector = factory.create()  # type: ignore[attr-defined]
            detector.append(text)
            out.append([(g.lang, g.prob) for g in detector.get_probabilities()])
        return out

    assert guesses(cached) == guesses(plain)
    record.write_bytes(b"\x00not a record")
    broken = langid_profiles.load_factory(codes, seed=0)
    assert not isinstance(broken.word_lang_prob_map, langid_profiles._LazyRows)
    assert guesses(broken) == guesses(plain)


def test_consistency_groups_as_if_lowercase_words_were_left_out_from_the_start(
    pack_rules,
) -> None:
    """The short-text path asks which words are also written in lowercase only once some
    spellings group; its groups must equal those of leaving such words out before grouping."""
    import random

    from tqcheck.checks.consistency import _FirstNames, _lower_words, _names

    [rule] = rules_of(pack_rules, "consistency")
    pieces = ["Putin", "Poutine", "putin", "poutine", "Kiev", "Kyiv", "kiev", "Zelensky"]
    pieces += ["Zelenskyy", "Later", "Latter", "later", "Martin", "Martina", "Anna Meier"]
    pieces += ["Thomas Meyer", "meyer", "Meier", "The", "the", "said", "Sergueï", "Sergei"]
    pieces += ["Lavrov", "Lavrof", "lavrov", "Assad", "el-Assad", "al-Assad", "ASSAD"]
    rng = random.Random(13)
    grouped = 0
    for _ in range(1_500):
        words = [rng.choice(pieces) for _ in range(rng.randint(2, 16))]
        text = " ".join(w + rng.choice(["", "", ".", ","]) for w in words)
        doc = Document(text)
        spans, shown = _names(text, _lower_words(text))
        expected = rule._group(list(shown), _FirstNames(doc, spans)) if len(shown) > 1 else []
        got, _, _ = rule._groups_of_short_text(Document(text))
        assert got == expected, text
        grouped += bool(expected)
    assert grouped > 300


def test_byte_level_screen_passes_all_the_str_level_screen_does() -> None:
    """The screen splits UTF-8 bytes into ASCII letter runs; it must let through every text the
    split of the lowercased str lets through (the case traps and accented function words
    included), and its list of characters lowering to ASCII letters must be complete."""
    import random

    from tqcheck.checks.untranslated import (
        _FOREIGN,
        _LOWERS_TO_ASCII,
        _NON_ENGLISH_LETTER,
        _may_be_foreign,
        _may_be_foreign_str,
    )

    lowers_to_ascii = [
        chr(code)
        for code in range(0x80, 0x110000)
        if any(c.isascii() and c.isalpha() for c in chr(code).lower())
    ]
    assert sorted(lowers_to_ascii) == sorted(_LOWERS_TO_ASCII)
    assert all(_NON_ENGLISH_LETTER.search(w) for w in _FOREIGN if not w.isascii())
    rng = random.Random(17)
    pieces = [*sorted(_FOREIGN)[::7], "Être", "ÜBER", "Más", "según", "été", "Élysée", "the"]
    pieces += [" ", " ", "“", "”", "’", "—", "é", "É", "\u212a", "İ", "ß", "x", "-", "ǅ"]
    passed = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        if _may_be_foreign_str(text):
            passed += 1
            assert _may_be_foreign(text), text
    assert passed > 10_000


def test_consistency_fast_name_scan_matches_the_full_pattern() -> None:
    """`_find_names` takes the capital-led pattern unless a particle ("al-") precedes a
    capital; either way it must give `_NAME.findall`'s words, in order."""
    import random

    from tqcheck.checks.consistency import _NAME, _find_names

    rng = random.Random(1)
    pieces = ["al-", "el-", "ash-", "ibn-", "Assad", "Sharaa", "-", "'", "’", "x", "Jean"]
    pieces += ["-Luc", " ", "ab", "as", "ash", "É", "é", "1", "_", "Al", "A", "-a", "bin", "d'"]
    with_particle = 0
    for _ in range(60_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        expected = _NAME.findall(text)
        assert _find_names(text) == expected, text
        with_particle += any(name[:1].islower() for name in expected)
    assert with_particle > 1_000


def test_prefilter_shortcuts_give_the_plain_counts_answer() -> None:
    """`prefilter` skips its substitutions when their characters are absent and stops once
    the English words alone settle it; the answer must be that of counting every word."""
    import random

    from tqcheck.checks import untranslated as u

    def plain(text: str, min_words: int) -> tuple[str, str] | None:
        text = u._QUOTED.sub(u._drop_short_quote, u._URL.sub(" ", text))
        words = u._WORD.findall(text)
        if len(words) < min_words:
            return None
        kept = [
            w
            for i, w in enumerate(words)
            if not ((w.isupper() and len(w) > 1) or (w[0].isupper() and i > 0))
        ]
        lowered = [w.lower().replace("’", "'") for w in kept]
        if len([w for w in lowered if w not in u._NAME_PARTICLES]) < 3:
            return None
        if len(kept) * 10 < len(words) * 3:
            return None
        english = sum(w in u._ENGLISH for w in lowered)
        foreign = sum(
            0
            if w in u._ENGLISH
            else 1
            if w in u._FOREIGN or u._ELISION.match(w)
            else 0.5
            if u._NON_ENGLISH_LETTER.search(w)
            else 0
            for w in lowered
        )
        if (english * 5 < len(kept) and foreign >= 1) or (foreign >= 2 and foreign > english):
            return " ".join(text.split()), " ".join(kept)
        return None

    rng = random.Random(2)
    pieces = sorted(u._FOREIGN)[::5] + sorted(u._ENGLISH)[::5] + ["Le", "UN", "Jean", "é"]
    pieces += ["«", "»", '"', "“", "”", "‘", "’", "http://x.fr", "a@b.fr", "www.x", "l'", "état"]
    pieces += [" ", " ", " ", "."]
    passed = 0
    for _ in range(30_000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for min_words in (1, 6):
            got = u.prefilter(text, min_words)
            expected = plain(text, min_words)
            assert (None if got is None else (got.text, got.unnamed)) == expected, text
            passed += expected is not None
    assert passed > 10_000


def test_apostrophe_led_elision_pattern_finds_what_the_plain_one_finds() -> None:
    import random
    import re

    from tqcheck.checks.untranslated import _ELISION_IN_TEXT

    plain = re.compile(
        r"(?<![^\W\d_])(?:l|d|qu|n|j|c|s|m|t|dell|all|nell|sull|dall)['’]\w", re.IGNORECASE
    )
    rng = random.Random(3)
    pieces = ["l", "d", "qu", "n", "j", "c", "s", "m", "t", "dell", "all", "nell", "sull"]
    pieces += ["dall", "L", "QU", "Dell", "x", "é", "1", "_", "'", "’", " ", "a", "-", "É"]
    found = 0
    for _ in range(100_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        # the screen asks only whether there is one (`search`); compare where the first ends
        first = plain.search(text)
        got = _ELISION_IN_TEXT.search(text)
        assert (got and got.end()) == (first and first.end()), text
        found += first is not None
    assert found > 3_000
