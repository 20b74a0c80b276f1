"""Regular expressions from packs that cannot hang a run.

A pack may come from an untrusted pull request, and one catastrophic pattern (`(a|aa)+$` on a
long line) makes Python's `re` backtrack for longer than the age of the universe, stalling CI
with secrets nearby. `re` has no time limit, so a pattern whose shape allows exponential
backtracking (a repeated group that itself holds a repeat or an alternation) is compiled with
the third-party `regex` module instead, whose matching takes a `timeout`. Every other pattern
keeps `re`: the shipped packs are tested, and `re` is what their authors wrote against.

A timeout raises `RegexTimeout`; the engine catches it per rule, skips that rule for that text,
and records the failure (`failures()`), so the run goes on and the exit code says so.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from . import regex_cache

try:  # Python 3.11+: the parser is private but stable; older: the deprecated public name
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]


def _regex_module() -> Any:
    """The `regex` module, imported on first need (a run without a risky pattern never pays
    for it); None when it is missing (a declared dependency: risky patterns are refused)."""
    try:
        import regex
    except ImportError:  # pragma: no cover
        return None
    return regex


#: seconds a risky pattern may spend on one call, plus this much per million characters
#: searched (a legitimate rule over a 200 MB file must not be cut off)
BASE_SECONDS = 1.0
SECONDS_PER_MILLION = 1.0

_REPEATS = {_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT}
if hasattr(_sre_parse, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_sre_parse.POSSESSIVE_REPEAT)


class RegexTimeout(Exception):
    """A guarded pattern ran past its time limit on some text."""

    def __init__(self, pattern: str, seconds: float) -> None:
        self.pattern, self.seconds = pattern, seconds
        super().__init__(f"pattern {pattern!r} ran over its {seconds:.1f} s time limit")


# ---- the static check ---------------------------------------------------------------------


def is_risky(source: str, flags: int = 0) -> bool:
    """Can this pattern backtrack exponentially? True for a repeat (`+ * {n,m}` with more
    than one possible pass) around another such repeat or around an alternation.

    Deliberately broad (it also flags `(?:\\w+\\s)+`, which is harmless): a flagged pattern is
    not refused, only run under a time limit. Polynomial blow-ups (`\\s*\\s*\\s*$`) are not
    flagged; `re` handles those in bounded time on one article.
    """
    try:
        tree = _sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return True
    try:
        return _has_nested_repeat(tree, inside_repeat=False)
    except RecursionError:
        return True


#: A repeat of at most this many passes (`(?:\w+\s+){0,2}`) around at most _UNROLLED_REPEATS
#: repeats is the same as that many copies written out: its worst case is polynomial of a low
#: degree, which the docstring of is_risky accepts, not exponential. Guarding it cost the
#: `regex` module's speed (2-4 times slower than `re` on these rules) for nothing.
_UNROLLED = 3
_UNROLLED_REPEATS = 2


def _count_repeats(tree: Any) -> int:
    """How many repeats of more than one pass `tree` holds, at any depth."""
    count = 0
    for op, av in tree:
        if op in _REPEATS:
            high = av[1]
            count += 1 if high is _sre_parse.MAXREPEAT or high > 1 else 0
            count += _count_repeats(av[2])
        elif op is _sre_parse.BRANCH:
            count += sum(_count_repeats(branch) for branch in av[1])
        elif op is _sre_parse.SUBPATTERN:
            count += _count_repeats(av[-1])
        elif op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            count += _count_repeats(av[1])
        elif op is getattr(_sre_parse, "ATOMIC_GROUP", None):
            count += _count_repeats(av)
    return count


def _has_nested_repeat(tree: Any, inside_repeat: bool) -> bool:
    for op, av in tree:
        inner = inside_repeat
        if op in _REPEATS:
            _low, high, body = av
            repeats = high is _sre_parse.MAXREPEAT or high > 1
            if (
                repeats
                and not inside_repeat
                and high <= _UNROLLED
                and _count_repeats(body) <= _UNROLLED_REPEATS
            ):
                repeats = False  # a few copies in a row, like `\s*\s*\s*`: polynomial
            if repeats and inside_repeat:
                return True
            children, inner = [body], inside_repeat or repeats
        elif op is _sre_parse.BRANCH:
            if inside_repeat:
                return True
            children = list(av[1])
        elif op is _sre_parse.SUBPATTERN:
            children = [av[-1]]
        elif op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            children = [av[1]]
        elif op is getattr(_sre_parse, "ATOMIC_GROUP", None):
            children = [av]
        else:
            continue
        if any(_has_nested_repeat(child, inner) for child in children):
            return True
    return False


# ---- compiling ------------------------------------------------------------------------------


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str] | GuardedPattern:
    """`re.compile`, or a time-limited `regex` pattern for a risky shape.

    `re.compile` runs first in both cases so a syntax error reads the same whatever the shape.
    Raises re.error for a bad pattern, or one that is risky and cannot be guarded.
    """
    compiled = regex_cache.compile(source, flags)
    risky = regex_cache.known_risky(source, flags)
    if risky is None:
        risky = is_risky(source, flags)
    elif risky:  # from the pack cache: `regex` compiled it when the packs were loaded
        return GuardedPattern(source, flags, compiled=False)
    if not risky:
        return compiled
    return GuardedPattern(source, flags)


class GuardedPattern:
    """The parts of `re.Pattern` the checks use, each call under a time limit.

    Built from source it compiles at once (a pattern `regex` refuses is a pack error); built
    from a pickle (the packs cache, a process pool) it compiles on first use, since the pattern
    compiled before it was pickled and most runs never reach most rules.
    """

    def __init__(self, source: str, flags: int = 0, compiled: bool = True) -> None:
        self.pattern = source
        self.flags = flags
        self._regex: Any = None
        if compiled:
            self._compile()

    def _compile(self) -> Any:
        regex = _regex_module()
        if regex is None:  # pragma: no cover
            raise re.error("nested repeats need the 'regex' module for a time limit")
        try:
            self._regex = regex.compile(self.pattern, self.flags | regex.VERSION0)
        except regex.error as exc:
            raise re.error(f"cannot be run under a time limit: {exc}") from None
        return self._regex

    @property
    def _compiled(self) -> Any:
        return self._regex if self._regex is not None else self._compile()

    def __reduce__(self) -> tuple[Any, ...]:
        # compiled regex objects pickle, but recompiling keeps a process pool's payload small
        return (GuardedPattern, (self.pattern, self.flags, False))

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self._compiled.groupindex)

    @property
    def groups(self) -> int:
        return int(self._compiled.groups)

    def _limit(self, string: str) -> float:
        return BASE_SECONDS + SECONDS_PER_MILLION * len(string) / 1_000_000

    def _call(self, method: str, string: str, *args: Any) -> Any:
        limit = self._limit(string)
        try:
            return getattr(self._compiled, method)(string, *args, timeout=limit)
        except TimeoutError:
            raise RegexTimeout(self.pattern, limit) from None

    def search(self, string: str, *args: Any) -> Any:
        return self._call("search", string, *args)

    def match(self, string: str, *args: Any) -> Any:
        return self._call("match", string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return self._call("fullmatch", string, *args)

    def findall(self, string: str, *args: Any) -> Any:
        return self._call("findall", string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[Any]:
        """Matches one by one; the limit covers the whole scan (regex measures from the call)."""
        limit = self._limit(string)
        iterator = self._compiled.finditer(string, *args, timeout=limit)
        while True:
            try:
                match = next(iterator)
            except StopIteration:
                return
            except TimeoutError:
                raise RegexTimeout(self.pattern, limit) from None
            yield match

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        limit = self._limit(string)
        try:
            return str(self._compiled.sub(repl, string, count, timeout=limit))
        except TimeoutError:
            raise RegexTimeout(self.pattern, limit) from None


# ---- reporting ------------------------------------------------------------------------------

_FAILURES: ContextVar[list[str] | None] = ContextVar("tqcheck_rule_failures", default=None)


def report_failure(rule_id: str, exc: RegexTimeout) -> None:
    """Record that `rule_id` was skipped (the engine calls this; no collector: dropped)."""
    failures = _FAILURES.get()
    if failures is not None:
        message = f"rule {rule_id} skipped: {exc}"
        if message not in failures:
            failures.append(message)


@contextlib.contextmanager
def collect_failures() -> Iterator[list[str]]:
    """Collect the rule failures of everything checked inside the block."""
    failures: list[str] = []
    token = _FAILURES.set(failures)
    try:
        yield failures
    finally:
        _FAILURES.reset(token)
