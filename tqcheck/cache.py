"""Compiled packs, cached on disk, so a run never parses YAML on its hot path.

Parsing the shipped YAML packs and validating ~200 rules takes most of a cold start (~0.5 s);
unpickling the result takes a few milliseconds. The cache key is the content of every pack
file (and its name), the tqcheck version and the Python version, so editing a pack, upgrading
tqcheck or switching interpreters rebuilds it; nothing is ever invalidated by time.

The cache is an optimisation only: a missing or read-only folder, a corrupted or truncated file,
or a file from another version are all ignored and the packs are loaded normally. Writes are
atomic (a temporary file renamed into place), so two runs starting together never read half a
file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .ruleset import Ruleset, builtin_rules_dir, load_ruleset, pack_files

#: Bump when the pickled layout of rules changes without a version change (development).
FORMAT = 8


def cache_dir() -> Path:
    """$TQCHECK_CACHE_DIR, else $XDG_CACHE_HOME/tqcheck, else ~/.cache/tqcheck."""
    explicit = os.environ.get("TQCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "tqcheck"


def cache_disabled() -> bool:
    """TQCHECK_NO_CACHE=1 turns every cache off (benchmarks of a cold start use it)."""
    return os.environ.get("TQCHECK_NO_CACHE", "") not in ("", "0")


def packs_key(extra_dirs: Iterable[str | Path] = (), builtin: bool = True) -> str | None:
    """The content key of the packs a load would read; None if a folder cannot be listed (the
    loader then reports the problem itself)."""
    digest = hashlib.sha256()
    digest.update(f"tqcheck {__version__} format {FORMAT} py {sys.version}\n".encode())
    folders: list[tuple[Path, str]] = []
    if builtin:
        folders.append((builtin_rules_dir(), "<builtin>"))
    folders += [(Path(d), str(d)) for d in extra_dirs]
    try:
        for folder, label in folders:
            if not folder.exists():
                return None
            digest.update(f"folder {label}\n".encode())
            for path in pack_files(folder):
                data = path.read_bytes()
                digest.update(f"{path.as_posix()} {len(data)}\n".encode())
                digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


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
            self._compiled = re.compile(self.pattern, self.flags)
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
    """Pickles every compiled regex as a LazyPattern."""

    def reducer_override(self, obj: object) -> object:
        if isinstance(obj, re.Pattern):
            return (LazyPattern, (obj.pattern, obj.flags & ~re.UNICODE))
        return NotImplemented


def read_pickle(path: Path) -> object | None:
    """Unpickle a cache file; anything wrong with it (missing, truncated, foreign) is None."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # a cache must never make a run fail
        return None


def write_pickle(path: Path, value: object) -> None:
    """Pickle atomically into place; silently do nothing where the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            _LazyPickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(tmp, path)
    except Exception:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def load_ruleset_cached(extra_dirs: Iterable[str | Path] = (), builtin: bool = True) -> Ruleset:
    """`load_ruleset`, served from the compiled-pack cache when the packs are unchanged."""
    extra = list(extra_dirs)
    key = None if cache_disabled() else packs_key(extra, builtin)
    if key is None:
        return load_ruleset(extra, builtin=builtin)
    path = cache_dir() / f"packs-{key[:32]}.pickle"
    cached = read_pickle(path)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key:
        ruleset = cached[1]
        if isinstance(ruleset, Ruleset):
            return ruleset
    ruleset = load_ruleset(extra, builtin=builtin)
    _warm(ruleset)
    write_pickle(path, (key, ruleset))
    return ruleset


def _warm(ruleset: Ruleset) -> None:
    """Derive each rule's prefilter anchors before pickling, so no later run parses a regex."""
    from .prefilter import rule_anchors, rule_starts, rule_trigger

    for rule in ruleset.rules:
        rule_anchors(rule)
        rule_trigger(rule)
        rule_starts(rule)
