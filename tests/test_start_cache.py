"""The start-up caches (stored regex code, the built prefilter) change how fast, never what."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from tqcheck import regex_cache
from tqcheck.api import Linter
from tqcheck.cache import LazyPattern, load_prefilter_cached, load_ruleset_cached
from tqcheck.findings import Severity
from tqcheck.prefilter import Prefilter
from tqcheck.regex_guard import GuardedPattern, compile_pattern
from tqcheck.ruleset import Ruleset, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").rglob("*.txt"))]
TEXTS += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]

TRICKY = [
    (r"(?P<who>[A-Z]\w+) (?P=who)", 0),
    (r"(?i)caf[eé]s?\b", 0),
    (r"colou?r", re.IGNORECASE),
    (r"^\s*#.*$", re.MULTILINE),
    (r"(?<=\d),(?=\d{3}\b)", 0),
    (r"a  b # spaced", re.VERBOSE),
    (r"(?:x|y)+?z{2,5}", re.DOTALL),
    (r"[^\W\d_]+", re.ASCII),
]


@pytest.fixture(autouse=True)
def _clean_table():
    regex_cache.clear()
    yield
    regex_cache.clear()


def _sample_patterns() -> list[tuple[str, int]]:
    ruleset = load_ruleset()
    found = list(TRICKY)
    for rule in ruleset.rules:
        if isinstance(getattr(rule, "pattern", None), str):
            found.append((rule.pattern, 0))
    return found


def test_stored_code_rebuilds_a_regex_equal_to_re_compile() -> None:
    text = "\n".join(TEXTS)
    for pattern, flags in _sample_patterns():
        entry = regex_cache.code_entry(pattern, flags)
        assert entry is not None, pattern
        assert regex_cache.register({(pattern, flags): entry}, regex_cache.tag())
        fast = regex_cache.compile(pattern, flags)
        slow = re.compile(pattern, flags)
        assert fast == slow and fast is not slow
        assert (fast.flags, fast.groups, fast.groupindex) == (
            slow.flags,
            slow.groups,
            slow.groupindex,
        )
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_a_bad_or_foreign_entry_falls_back_to_re_compile() -> None:
    pattern = r"(?P<n>\d+) km"
    good = regex_cache.code_entry(pattern)
    assert good is not None
    broken = (good[0], b"\xff\xff\xff\xff" * 3, *good[2:])
    regex_cache.register({(pattern, 0): broken}, regex_cache.tag())
    assert regex_cache.compile(pattern) == re.compile(pattern)
    # an entry that does not rebuild what re.compile gives is never stored
    other = regex_cache.code_entry("x+")
    assert other is not None
    assert regex_cache.code_entry(r"(?P<n>\d+ km") is None  # does not compile
    # a table made by another interpreter is not used
    assert not regex_cache.register({(pattern, 0): good}, ("sre", -1, 4, 4))
    assert regex_cache.known_risky(pattern) is None


def test_guarded_pattern_from_the_table_stays_guarded() -> None:
    risky = r"(?:\w+,?\s*)+$"
    entry = regex_cache.code_entry(risky, 0, True)
    assert entry is not None
    regex_cache.register({(risky, 0): entry}, regex_cache.tag())
    compiled = compile_pattern(risky)
    assert isinstance(compiled, GuardedPattern)
    assert compiled.search("a, b, c") is not None


def test_pack_cache_registers_codes_and_lazy_patterns_use_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    load_ruleset_cached()  # writes
    regex_cache.clear()
    ruleset = load_ruleset_cached()  # reads and registers
    assert ruleset.key is not None
    rule = next(r for r in ruleset.rules if isinstance(getattr(r, "pattern", None), str))
    assert regex_cache.known_risky(rule.pattern) is not None
    lazy = LazyPattern(rule.pattern)
    assert lazy._get() == re.compile(rule.pattern)


def _plans(prefilter: Prefilter) -> list[list[tuple[int, str, object]]]:
    return [[(i, rule.id, regions) for i, rule, regions in prefilter.plan(t).runs] for t in TEXTS]


def test_cached_prefilter_plans_what_a_built_one_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    ruleset = load_ruleset_cached()
    built = Prefilter(ruleset.rules)
    first = load_prefilter_cached(ruleset)  # builds and stores
    assert len(list((tmp_path / "cache").glob("prefilter-*.pickle"))) == 1
    second = load_prefilter_cached(ruleset)  # loads
    assert second is not first
    assert _plans(second) == _plans(built) == _plans(first)
    # the rules run are the ruleset's own objects, not stored copies
    assert all(a is b for a, b in zip(second.rules, ruleset.rules, strict=True))
    # a corrupted file is rebuilt
    for f in (tmp_path / "cache").glob("prefilter-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert _plans(load_prefilter_cached(ruleset)) == _plans(built)


def test_cached_prefilter_follows_selection_and_severities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    ruleset = load_ruleset_cached()
    load_prefilter_cached(ruleset)
    small = ruleset.filtered(select=["fr-*"])
    narrowed = load_prefilter_cached(small)
    assert narrowed.count == len(small.rules) < len(ruleset.rules)
    assert len(list((tmp_path / "cache").glob("prefilter-*.pickle"))) == 2
    copies = []
    for rule in ruleset.rules:
        rule = copy.copy(rule)
        rule.severity = Severity.ERROR
        copies.append(rule)
    changed = Ruleset(ruleset.packs, copies, ruleset.key)
    loaded = load_prefilter_cached(changed)
    assert all(a is b for a, b in zip(loaded.rules, changed.rules, strict=True))
    text = "Vladimir Poutine met the head of Russian diplomacy. ."
    findings = Linter(changed).check(text)
    assert findings and all(f.severity is Severity.ERROR for f in findings)


def test_prefilter_cache_in_an_unwritable_place_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    ruleset = load_ruleset_cached()
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker / "cache"))
    assert _plans(load_prefilter_cached(ruleset)) == _plans(Prefilter(ruleset.rules))
    assert not (blocker / "cache").exists()


def test_consistency_binding_from_the_cache_equals_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_ruleset()
    load_ruleset_cached()
    cached = load_ruleset_cached()
    for select in ((), ("fr-*", "common-*"), ("consistency",)):
        a = fresh.filtered(select=select)
        b = cached.filtered(select=select)
        for x, y in zip(a.rules, b.rules, strict=True):
            if x.kind == "consistency":
                assert x.variants == y.variants  # type: ignore[attr-defined]
                assert x.reported_elsewhere == y.reported_elsewhere  # type: ignore[attr-defined]


def test_cached_prefilter_stores_the_scanning_patterns_and_their_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck import prefilter

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    ruleset = load_ruleset_cached()
    load_prefilter_cached(ruleset)  # builds and stores
    regex_cache.clear()
    monkeypatch.setattr(prefilter, "_SCANNING_SOURCES", {})
    monkeypatch.setattr(prefilter, "_SCANNING", {})
    load_prefilter_cached(ruleset)  # loads: registers the led patterns and their code
    stored = prefilter._SCANNING_SOURCES
    patterns = [r for r in ruleset.rules if r.kind == "pattern"]
    assert len(stored) >= len({r.pattern for r in patterns}) - 5  # a few are guarded
    led = 0
    for rule in patterns:
        regex = rule.regex
        if not isinstance(regex, re.Pattern):
            continue
        key = (regex.pattern, regex.flags & ~re.UNICODE)
        assert stored[key] == prefilter.scanning_source(regex.pattern, regex.flags)
        scanning = prefilter.scanning_regex(regex)
        if stored[key] is None:
            assert scanning is regex
            continue
        led += 1
        assert regex_cache.known_risky(stored[key], key[1]) is not None  # its code is stored
        assert scanning == re.compile(stored[key], regex.flags)
    assert led > 100


def test_pack_cache_stores_the_code_of_merged_unless_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck.checks import base

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    load_ruleset_cached()  # writes
    regex_cache.clear()
    monkeypatch.setattr(base, "_MERGED", {})
    ruleset = load_ruleset_cached()  # reads and registers
    merged = [r for r in ruleset.rules if r.unless and len(base._merged_unless(r.unless)) > 0]
    assert merged
    for rule in merged:
        for pattern, flags in base.unless_patterns(rule.unless):
            assert regex_cache.known_risky(pattern, flags) is not None, (rule.id, pattern)


def test_pack_cache_keeps_dictionary_key_shapes_equal_to_fresh_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    load_ruleset_cached()  # writes
    cached = load_ruleset_cached()  # reads
    fresh = {r.id: r for r in load_ruleset().rules}
    dictionaries = [r for r in cached.rules if r.kind == "substitute"]
    assert dictionaries
    for rule in dictionaries:
        stored = rule.__dict__.get("_key_shapes")
        assert stored is not None, rule.id  # loaded, not rebuilt on first use
        assert stored == fresh[rule.id]._shapes(), rule.id


def test_module_patterns_are_stored_then_rebuilt_equal(tmp_path: Path, monkeypatch) -> None:
    """`precompiled`: a first process compiles and stores its module-level patterns at exit;
    the next rebuilds each from the table, equal to `re.compile`'s, without compiling; a
    corrupted table or TQCHECK_NO_CACHE=1 only means compiling as usual."""
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_MODULE_TABLE", None)
    monkeypatch.setattr(regex_cache, "_MODULE_MISSES", {})
    monkeypatch.setattr("atexit.register", lambda function: None)  # stored by hand below
    patterns = [*TRICKY, (r"[.!?…\r\n](?:(?<=[.!?…])[ \t]+)", 0), (rb"bytes?", 0)]
    first = [regex_cache.precompiled(p, f) for p, f in patterns]
    regex_cache._store_module_table()
    [stored] = tmp_path.glob("module-regexes-*.pickle")

    monkeypatch.setattr(regex_cache, "_MODULE_TABLE", None)
    compiled: list[object] = []
    real_compile = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: compiled.append(p) or real_compile(p, f))
    again = [regex_cache.precompiled(p, f) for p, f in patterns]
    assert again == first == [real_compile(p, f) for p, f in patterns]
    assert compiled == [rb"bytes?"]  # only the pattern that cannot be stored (bytes)
    assert not regex_cache._MODULE_MISSES  # nothing new to store: no write at exit

    stored.write_bytes(b"not a pickle")
    monkeypatch.setattr(regex_cache, "_MODULE_TABLE", None)
    assert [regex_cache.precompiled(p, f) for p, f in patterns] == first

    monkeypatch.setenv("TQCHECK_NO_CACHE", "1")
    stored.unlink()
    monkeypatch.setattr(regex_cache, "_MODULE_TABLE", None)
    monkeypatch.setattr(regex_cache, "_MODULE_MISSES", {})
    assert [regex_cache.precompiled(p, f) for p, f in patterns] == first
    regex_cache._store_module_table()
    assert not list(tmp_path.glob("module-regexes-*.pickle"))


def test_cached_packs_land_in_the_oldest_generation_and_stay_collectable(
    tmp_path: Path, monkeypatch
) -> None:
    # read_with_codes puts what it unpickled straight into the collector's oldest generation
    # (no young collection walks ~100,000 long-lived objects), and freezes nothing for good.
    import gc

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    load_ruleset_cached()  # builds and stores the cache
    ruleset = load_ruleset_cached()  # read back from it
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(ruleset) in oldest and id(ruleset.rules) in oldest
    assert all(id(rule) in oldest for rule in ruleset.rules)
