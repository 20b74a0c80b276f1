"""The library surface: check_text, fix_text, check_paths, and the Linter behind them.

The CLI, the editor integration and a distributed job (Dask, Spark, Ray) all come through here.
A Linter holds only its compiled ruleset and options, pickles cleanly, and keeps no state between
calls, so the same object can be shipped to workers and give the CLI's findings byte for byte.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .findings import Finding
from .regex_guard import collect_failures
from .sources import DEFAULT_INCLUDE, Source, SourceError, discover, read_source

if TYPE_CHECKING:
    from .fixes import FixOutcome
    from .prefilter import Prefilter
    from .result_cache import ResultCache
    from .ruleset import Ruleset
    from .verdict import Verdict


@dataclass
class FileResult:
    """What happened to one file: its findings, or the reason it could not be checked."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: Source | None = None
    fixed_text: str | None = None
    fixes_applied: int = 0
    document: Document | None = None
    #: Set when the result is slimmed (its text dropped): see tqcheck.verdict.file_verdict.
    verdict: Verdict | None = None


class Linter:
    """A compiled ruleset with its selection; the one object every face of tqcheck uses."""

    def __init__(
        self,
        ruleset: Ruleset | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        rules_dirs: Iterable[str | Path] = (),
        builtin: bool = True,
        langs: Sequence[str] = (),
        loader: Callable[[], Ruleset] | None = None,
    ) -> None:
        """`loader`, instead of `ruleset`, defers loading the packs to the first check: a run
        whose files are all answered by the findings cache never unpickles a rule (nor imports
        the detectors), which is most of a warm one-file run's start-up."""
        if ruleset is None and loader is None:
            from .cache import load_ruleset_cached

            ruleset = load_ruleset_cached(rules_dirs, builtin=builtin)
        self._selection = (tuple(select), tuple(ignore), tuple(langs))
        self._loader = loader
        self._ruleset = None if ruleset is None else ruleset.filtered(*self._selection)
        self._prefilter: Prefilter | None = None

    @property
    def ruleset(self) -> Ruleset:
        """The selected rules (loaded on first use when the Linter was given a `loader`)."""
        if self._ruleset is None:
            assert self._loader is not None
            self._ruleset = self._loader().filtered(*self._selection)
            self._loader = None
        return self._ruleset

    @property
    def prefilter(self) -> Prefilter:
        """The rules' combined anchor automaton, built on first use (and after unpickling)."""
        if self._prefilter is None:
            from .cache import load_prefilter_cached

            self._prefilter = load_prefilter_cached(self.ruleset)
        return self._prefilter

    def __getstate__(self) -> dict[str, object]:
        # The automaton is rebuilt where the Linter lands; only rules and options travel (the
        # loader may be a closure over a Runner: load here, send the rules).
        self.ruleset  # noqa: B018 - loads the rules
        return {**self.__dict__, "_prefilter": None, "_loader": None}

    def document(self, text: str, path: str = "<text>") -> Document:
        """The Document for a text; the file name picks the markup reader."""
        from .markup import reader_for

        reader = reader_for(path)
        if reader is None:
            return Document(text, path=path)
        markup = reader(text)
        return Document(
            text,
            path=path,
            prose=markup.prose,
            suppressed=markup.suppressed,
            protected=markup.protected,
        )

    def check(self, text: str, path: str = "<text>") -> list[Finding]:
        return self.check_document(self.document(text, path))

    def check_document(self, doc: Document) -> list[Finding]:
        from .engine import check_document

        return check_document(doc, self.ruleset.rules, self.prefilter)

    def fix(self, text: str, path: str = "<text>", unsafe: bool = False) -> FixOutcome:
        from .fixes import fix_until_stable

        return fix_until_stable(text, lambda t: self.check(t, path), unsafe=unsafe)

    def check_source(
        self,
        source: Source,
        fix: bool = False,
        unsafe: bool = False,
        cache: ResultCache | None = None,
    ) -> FileResult:
        """Check one decoded source; with `fix`, also compute its fixed text. A `cache` serves
        and records the findings of a plain check by the source's content digest.

        A rule whose pattern ran over its time limit was skipped for this file: that is an
        error of the file (exit code 2), named with the rule, and its other findings stand.
        """
        with collect_failures() as failures:
            result = self._check_source(source, fix, unsafe, cache)
        if failures:
            result.error = "; ".join(failures)
        elif cache is not None and not fix:
            cache.put(source.cache_key, result.findings)  # never a check cut short by a limit
        return result

    def _check_source(
        self, source: Source, fix: bool, unsafe: bool, cache: ResultCache | None
    ) -> FileResult:
        result = FileResult(path=source.path, warnings=list(source.warnings), source=source)
        result.document = self.document(source.text, source.path)
        if cache is not None and not fix:
            cached = cache.get(source.cache_key)
            if cached is not None:
                result.findings = list(cached)
                return result
        if fix:
            outcome = self.fix(source.text, source.path, unsafe=unsafe)
            result.fixed_text = outcome.text
            result.fixes_applied = outcome.applied
            if outcome.text != source.text:
                result.findings = self.check(outcome.text, source.path)
                result.document = self.document(outcome.text, source.path)
                return result
        result.findings = self.check_document(result.document)
        return result

    def check_paths(
        self,
        paths: Sequence[str],
        include: Sequence[str] = DEFAULT_INCLUDE,
        exclude: Sequence[str] = (),
        fix: bool = False,
        unsafe: bool = False,
        cache: ResultCache | None = None,
    ) -> Iterator[FileResult]:
        """Check files and folders in a stable order; unreadable files yield an error result."""
        for item in discover(paths, include, exclude):
            if isinstance(item, SourceError):
                yield FileResult(path=item.path, error=item.reason)
                continue
            path, display = item
            try:
                source = read_source(path, display)
            except SourceError as exc:
                yield FileResult(path=exc.path, error=exc.reason)
                continue
            yield self.check_source(source, fix=fix, unsafe=unsafe, cache=cache)


@functools.lru_cache(maxsize=1)
def default_linter() -> Linter:
    """The shipped packs, loaded once per process."""
    return Linter()


def check_text(text: str, path: str = "<text>", linter: Linter | None = None) -> list[Finding]:
    """Findings for one text with the shipped packs (or the given linter)."""
    return (linter or default_linter()).check(text, path)


def fix_text(
    text: str, path: str = "<text>", unsafe: bool = False, linter: Linter | None = None
) -> str:
    """The text with its safe fixes applied (and unsafe ones with `unsafe`)."""
    return (linter or default_linter()).fix(text, path, unsafe=unsafe).text


def check_paths(
    paths: Sequence[str], linter: Linter | None = None, **options: object
) -> list[FileResult]:
    """Check files and folders; see Linter.check_paths for the options."""
    return list((linter or default_linter()).check_paths(paths, **options))  # type: ignore[arg-type]
