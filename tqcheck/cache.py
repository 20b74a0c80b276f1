"""Compiled packs, cached on disk, so a run never parses YAML on its hot path.

Parsing the shipped YAML packs and validating ~200 rules takes most of a cold start (~0.5 s);
unpickling the result takes a few milliseconds. The cache key is the content of every pack
file (and its name), the tqcheck version and the Python version, so editing a pack, upgrading
tqcheck or switching interpreters rebuilds it; nothing is ever invalidated by time. (The key
itself is remembered against the pack files' stat data, so an unchanged pack is not re-read.)

The cache is an optimisation only: a missing or read-only folder, a corrupted or truncated file,
or a file from another version are all ignored and the packs are loaded normally. Writes are
atomic (a temporary file renamed into place), so two runs starting together never read half a
file.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import __version__, regex_cache
from .cache_location import cache_dir, cache_disabled, write_cache_file
from .ruleset import Ruleset, builtin_rules_dir, load_ruleset, pack_files

if TYPE_CHECKING:
    from .prefilter import Prefilter

#: Bump when the pickled layout of rules changes without a version change (development).
FORMAT = 12


def packs_key(extra_dirs: Iterable[str | Path] = (), builtin: bool = True) -> str | None:
    """The content key of the packs a load would read; None if a folder cannot be listed (the
    loader then reports the problem itself).

    Hashing the content means reading every pack (~0.7 MB for the shipped ones) on every run,
    so the key is remembered in the cache folder against the packs' stat data (`_stat_line`);
    while no pack file has changed, a run reads that small memo instead (`_KEY_MEMO`).
    """
    header = f"tqcheck {__version__} format {FORMAT} py {sys.version}\n"
    folders: list[tuple[Path, str]] = []
    if builtin:
        folders.append((builtin_rules_dir(), "<builtin>"))
    folders += [(Path(d), str(d)) for d in extra_dirs]
    listing: list[tuple[str, list[Path]]] = []
    try:
        for folder, label in folders:
            if not folder.exists():
                return None
            listing.append((label, pack_files(folder)))
        signature = _stat_signature(header, listing)
        memo = _read_key_memo() if signature is not None else {}
        if signature in memo:
            return memo[signature]
        digest = hashlib.sha256(header.encode())
        for label, paths in listing:
            digest.update(f"folder {label}\n".encode())
            for path in paths:
                data = path.read_bytes()
                digest.update(f"{path.as_posix()} {len(data)}\n".encode())
                digest.update(data)
    except OSError:
        return None
    key = digest.hexdigest()
    if signature is not None:
        _write_key_memo(memo, signature, key)
    return key


#: The file, in the cache folder, mapping the packs' stat signature to their content key.
_KEY_MEMO = "packs-key-memo.pickle"

#: Signatures remembered at most (one per distinct set of pack folders used lately).
_KEY_MEMO_SIZE = 16

#: A file changed less than this long ago (ns) is not trusted to its stat data: a second edit
#: within the file system's timestamp granularity could leave size and times unchanged.
_SETTLED_NS = 2_000_000_000


def _stat_line(path: Path, now_ns: int) -> str | None:
    """What identifies a pack file's content without reading it: path, size, modification and
    change times, inode and device; None when it changed too recently to be trusted.

    The change time (ctime) moves on every write and cannot be set back by the user (unlike the
    modification time), so an edit that keeps the size and restores the mtime is still seen.
    """
    st = path.stat()
    if max(st.st_mtime_ns, st.st_ctime_ns) > now_ns - _SETTLED_NS:
        return None
    return (
        f"{path.as_posix()} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}"
    )


def _stat_signature(header: str, listing: list[tuple[str, list[Path]]]) -> str | None:
    """The packs' stat data as one string (None if the memo must not be used: caches off, or a
    file changed too recently). Raises OSError as reading the packs would."""
    if cache_disabled():
        return None
    import time

    now_ns = time.time_ns()
    lines = [header]
    for label, paths in listing:
        lines.append(f"folder {label}\n")
        for path in paths:
            line = _stat_line(path, now_ns)
            if line is None:
                return None
            lines.append(line + "\n")
    return "".join(lines)


def _read_key_memo() -> dict[str, str]:
    """The remembered keys by stat signature; empty if the memo is missing or unreadable."""
    memo = read_pickle(cache_dir() / _KEY_MEMO)
    if isinstance(memo, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in memo.items()
    ):
        return memo
    return {}


def _write_key_memo(memo: dict[str, str], signature: str, key: str) -> None:
    """Remember `key` for `signature` (the most recent `_KEY_MEMO_SIZE` kept); silently nothing
    where the cache folder cannot be written."""
    memo.pop(signature, None)
    memo[signature] = key
    kept = dict(list(memo.items())[-_KEY_MEMO_SIZE:])
    write_cache_file(
        cache_dir() / _KEY_MEMO,
        lambda handle: pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL),
    )


class LazyPattern:
    """A compiled regex that compiles itself on first use.

    Unpickling a real `re.Pattern` recompiles it at once; the packs hold ~300 context
    regexes (`when`/`unless`), most never needed in a run, so the cache stores them as this
    stand-in, which offers the methods rules call and pickles back to itself.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex_cache.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, *args: object) -> re.Match[str] | None:
        return self._get().search(*args)  # type: ignore[arg-type]

    def match(self, *args: object) -> re.Match[str] | None:
        return self._get().match(*args)  # type: ignore[arg-type]

    def fullmatch(self, *args: object) -> re.Match[str] | None:
        return self._get().fullmatch(*args)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self._get(), name)

    def __reduce__(self) -> tuple[object, ...]:
        return (LazyPattern, (self.pattern, self.flags))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyPattern, re.Pattern)):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))


class _LazyPickler(pickle.Pickler):
    """Pickles every compiled regex as a LazyPattern, noting (pattern, flags) of each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patterns: dict[tuple[str, int], None] = {}

    def reducer_override(self, obj: object) -> object:
        if isinstance(obj, re.Pattern):
            flags = obj.flags & ~re.UNICODE
            if isinstance(obj.pattern, str):
                self.patterns[(obj.pattern, flags)] = None
            return (LazyPattern, (obj.pattern, flags))
        if isinstance(obj, LazyPattern):
            self.patterns[(obj.pattern, obj.flags)] = None
        return NotImplemented


def read_pickle(path: Path) -> object | None:
    """Unpickle a cache file; anything wrong with it (missing, truncated, foreign) is None."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # a cache must never make a run fail
        return None


def write_pickle(
    path: Path, value: object, regex_codes: Iterable[tuple[str, int]] | None = None
) -> None:
    """Pickle atomically into place; silently do nothing where the folder is not writable.

    With `regex_codes` (patterns beyond those inside `value`; may be empty), the file also
    holds the stored code of every regex in it (regex_cache), read back by `read_with_codes`.
    """

    def fill(handle: BinaryIO) -> None:
        pickler = _LazyPickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(value)
        if regex_codes is not None:
            wanted = {**pickler.patterns, **dict.fromkeys(regex_codes)}
            pickler.clear_memo()  # the table is read by a second, separate load
            pickler.dump((regex_cache.tag(), _code_table(wanted)))

    write_cache_file(path, fill)


def _code_table(patterns: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    from .regex_guard import is_risky

    table = {}
    for pattern, flags in patterns:
        entry = regex_cache.code_entry(pattern, flags, is_risky(pattern, flags))
        if entry is not None:
            table[(pattern, flags)] = entry
    return table


def read_with_codes(path: Path) -> object | None:
    """Unpickle a file written with `regex_codes`, registering its regex code table; None for
    anything wrong with it."""
    # Unpickling builds ~100,000 objects, none of them garbage: the cyclic collector would
    # walk them several times for nothing (~4 ms of CPU of the ~25 the two files take).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
            table_tag, table = pickle.load(handle)
    except Exception:  # a cache must never make a run fail
        return None
    finally:
        if collecting:
            _promote_to_oldest()
            gc.enable()
    regex_cache.register(table, table_tag)
    return value


def _promote_to_oldest() -> None:
    """Move every object the collector tracks into its oldest generation.

    The objects just unpickled are all long-lived, but they start in the youngest generation:
    the next young collection would walk them all, then the middle one would walk them again
    before they reach the oldest (the collector's time in a one-article run, measured with
    gc.callbacks: ~7 ms before, ~3 ms after).
    `gc.freeze()` then `gc.unfreeze()` puts them straight into the oldest generation, as if
    they had survived both; they stay collectable there (unlike after `freeze` alone).
    """
    gc.freeze()
    gc.unfreeze()


def load_ruleset_cached(extra_dirs: Iterable[str | Path] = (), builtin: bool = True) -> Ruleset:
    """`load_ruleset`, served from the compiled-pack cache when the packs are unchanged."""
    extra = list(extra_dirs)
    key = None if cache_disabled() else packs_key(extra, builtin)
    if key is None:
        return load_ruleset(extra, builtin=builtin)
    path = cache_dir() / f"packs-{key[:32]}.pickle"
    cached = read_with_codes(path)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key:
        ruleset = cached[1]
        if isinstance(ruleset, Ruleset):
            ruleset.key = key
            return ruleset
    ruleset = load_ruleset(extra, builtin=builtin)
    _warm(ruleset)
    write_pickle(path, (key, ruleset), _rule_patterns(ruleset))
    ruleset.key = key
    return ruleset


def _rule_patterns(ruleset: Ruleset) -> list[tuple[str, int]]:
    """The regexes rules compile after loading (pattern rules', boilerplate lines, merged
    `unless` tests)."""
    from .checks.base import unless_patterns

    found = []
    for rule in ruleset.rules:
        if isinstance(getattr(rule, "pattern", None), str):
            found.append((rule.pattern, 0))
        found += [(line, 0) for line in getattr(rule, "lines", ()) if isinstance(line, str)]
        if getattr(rule, "unless", None):
            # the alternations `allowed` merges the tests into (checks/base.py)
            found += unless_patterns(rule.unless)
    return found


#: Modules whose code decides what a built Prefilter holds: part of its cache key.
_PREFILTER_MODULES = ("prefilter", "anchors", "trigger_scan", "word_share", "regex_guard")

#: Built parts of a Prefilter that are not stored (the rules are the Linter's own).
_PREFILTER_SKIP = ("rules", "_narrowed")


def load_prefilter_cached(ruleset: Ruleset) -> Prefilter:
    """`Prefilter(ruleset.rules)`, served from the cache when the packs, the rules selected (by
    id) and the prefilter's own code are unchanged.

    Building it costs ~0.1 s (the cost model ranks ~300 anchors, the automaton takes ~6,000
    keys); loading its stored parts a few milliseconds. The rules themselves are not stored:
    the cached decisions depend only on each rule's pattern or keys, which the packs key and
    the ids fix, so the Linter's own rules (severities overridden, consistency bound) are put
    back in.
    """
    from .prefilter import Prefilter, register_scanning, scanning_sources

    rules = ruleset.rules
    packs = getattr(ruleset, "key", None)
    if packs is None or cache_disabled():
        return Prefilter(rules)
    ids = [rule.id for rule in rules]
    key = _prefilter_key(packs, ids)
    if key is None:
        return Prefilter(rules)
    path = cache_dir() / f"prefilter-{key[:32]}.pickle"
    cached = read_with_codes(path)
    if (
        isinstance(cached, tuple)
        and len(cached) == 4
        and cached[0] == key
        and cached[1] == ids
        and isinstance(cached[2], dict)
    ):
        prefilter = Prefilter.__new__(Prefilter)
        prefilter.__dict__.update(cached[2])
        prefilter.rules = list(rules)
        prefilter._narrowed = {}
        if prefilter.count == len(rules) and prefilter.order == {r: i for i, r in enumerate(ids)}:
            register_scanning(cached[3])
            return prefilter
    prefilter = Prefilter(rules)
    state = {k: v for k, v in prefilter.__dict__.items() if k not in _PREFILTER_SKIP}
    # The led patterns pattern rules scan with (prefilter.scanning_regex), and their code:
    # a run then neither parses a rule's regex for its first class nor compiles the result.
    scanning = scanning_sources(rules)
    codes = [(source, flags) for (_, flags), source in scanning.items() if source is not None]
    write_pickle(path, (key, ids, state, scanning), codes)
    return prefilter


def _prefilter_key(packs: str, ids: list[str]) -> str | None:
    import importlib

    digest = hashlib.sha256(f"{packs}\n".encode())
    try:
        for name in _PREFILTER_MODULES:
            module = importlib.import_module(f"{__package__}.{name}")
            digest.update(Path(module.__file__ or "").read_bytes())
    except (OSError, ImportError):
        return None
    digest.update("\n".join(ids).encode())
    return digest.hexdigest()


def _warm(ruleset: Ruleset) -> None:
    """Derive each rule's prefilter anchors before pickling, so no later run parses a regex."""
    from .prefilter import rule_anchors, rule_starts, rule_trigger

    for rule in ruleset.rules:
        rule_anchors(rule)
        rule_trigger(rule)
        rule_starts(rule)
        rule.bind(ruleset.rules)  # a detector that merges what other rules know memoises it
        shapes = getattr(rule, "_shapes", None)
        if callable(shapes):
            shapes()  # a dictionary's keys by anchor word (checks/substitute.py), kept
