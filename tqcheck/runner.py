"""A check run over files that may each have their own configuration.

`Linter` checks with one ruleset; a repository may hold several `.tqcheck.yaml` files and
`per_path` overrides, so one run needs several selections. The runner finds each file's
configuration, builds (and caches) the Linter for that selection, honours `.gitignore` and
configured excludes, and reports progress. Command-line settings override the files. No click
here: the CLI, the editor integration and scripts share it.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .api import FileResult, Linter
from .cache import cache_disabled, load_ruleset_cached, packs_key
from .config import Config, ConfigResolver, git_root
from .findings import Severity
from .gitignore import GitIgnore
from .parallel import check_in_pool, resolve_jobs, resolve_section_jobs
from .result_cache import ReportParts, ResultCache, context_key
from .ruleset import Ruleset, rule_matches
from .slim import SlimDocument, slim_from_parts, slim_parts, slim_result
from .sources import DEFAULT_INCLUDE, Source, SourceError, discover, is_large, read_source

if TYPE_CHECKING:
    from .checks import Rule
    from .findings import Finding


class RunError(Exception):
    """The run cannot start (bad rules, bad configuration). Each line of `lines` is printable."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a pool worker when its packs load there; it must arrive whole.
        return (RunError, (self.lines,))


@dataclass(frozen=True)
class RunOptions:
    """What the command line said; empty means "not given" (the configuration decides)."""

    config_file: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    builtin: bool = True
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True
    source_lang: tuple[str, ...] = ()
    #: Remember findings by file content between runs (tqcheck/result_cache.py).
    cache: bool = False
    #: Worker processes for folders: "auto" (one per core) or a number.
    jobs: str = "1"


class Runner:
    """Checks paths, each with the Linter its configuration asks for."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.resolver = ConfigResolver(options.config_file)
        self._rulesets: dict[tuple[str, ...], Ruleset] = {}
        self._linters: dict[tuple[object, ...], Linter] = {}
        self._repo_of: dict[str, Path | None] = {}
        self._gitignores: dict[Path, GitIgnore] = {}
        self._caches: dict[tuple[object, ...], ResultCache | None] = {}
        # folder (as discovery spells it) -> its Config, and -> (Linter, cache) when no
        # `per_path` entry makes the choice depend on the file: a run over thousands of files
        # then pays one dictionary lookup per file, not path parsing and glob matching.
        self._folder_configs: dict[str, Config] = {}
        #: worker processes for the sections of a large file (`check_paths` sets it)
        self.section_jobs = 1
        self._folder_checkers: dict[str, tuple[Linter, ResultCache | None]] = {}

    # -- configuration -----------------------------------------------------------------

    def run_config(self, paths: Sequence[str], stdin_filename: str | None = None) -> Config:
        """The configuration that decides run-wide settings (fail_on, baseline).

        `--config` if given, else the one found from the first path (for stdin: from
        --stdin-filename's folder, or the working folder).
        """
        if not paths or paths[0] == "-":
            return self.resolver.for_path(stdin_filename or Path.cwd())
        return self.resolver.for_path(paths[0])

    def _ruleset(self, config: Config) -> Ruleset:
        dirs = (*self.options.rules, *(str(p) for p in config.rules))
        ruleset = self._rulesets.get(dirs)
        if ruleset is None:
            from .ruleset import RulesetError

            try:
                ruleset = load_ruleset_cached(dirs, builtin=self.options.builtin)
            except RulesetError as exc:
                raise RunError([str(exc)]) from None
            user = [r for r in ruleset.rules if any(r.source.startswith(d) for d in dirs)]
            failures = _example_failures(user)
            if failures:
                raise RunError(
                    [str(f) for f in failures]
                    + [f"{len(failures)} rule example(s) failed; the pack is refused"]
                )
            self._rulesets[dirs] = ruleset
        return ruleset

    def linter_for(self, file: Path | str | None, config: Config | None = None) -> Linter:
        """The Linter for one file: its configuration's rules, selection and severities."""
        if config is None:
            config = self.resolver.for_path(file if file is not None else Path.cwd())
        select, ignore = config.selection(file, self.options.select, self.options.ignore)
        key = self._linter_key(file, config)
        linter = self._linters.get(key)
        if linter is None:
            # The packs load at the first check that needs them (none when the findings cache
            # answers every file); a broken pack still stops the run before any report.
            linter = self._linters[key] = Linter(
                loader=lambda: with_severities(self._ruleset(config), config.severity),
                select=select,
                ignore=ignore,
                langs=key[-1],  # type: ignore[arg-type]
            )
        return linter

    def _linter_key(self, file: Path | str | None, config: Config) -> tuple[object, ...]:
        select, ignore = config.selection(file, self.options.select, self.options.ignore)
        langs = self.options.source_lang or config.source_lang
        return (config.rules, select, ignore, config.severity, langs)

    def cache_for(
        self, file: Path | str | None, config: Config | None = None
    ) -> ResultCache | None:
        """The findings cache of the file's rule set and selection (None when caching is off:
        by option, by TQCHECK_NO_CACHE, or when the packs cannot be keyed)."""
        if not self.options.cache or cache_disabled():
            return None
        if config is None:
            config = self.resolver.for_path(file if file is not None else Path.cwd())
        key = self._linter_key(file, config)
        if key not in self._caches:
            dirs = (*self.options.rules, *(str(p) for p in config.rules))
            packs = packs_key(dirs, builtin=self.options.builtin)
            context = None
            if packs is not None:
                extra = [f"severity {k}={v}" for k, v in key[3]] + [f"lang {x}" for x in key[4]]
                context = context_key(packs, key[1], (*key[2], *extra))
            self._caches[key] = None if context is None else ResultCache(context)
        return self._caches[key]

    def save_caches(self) -> None:
        for cache in self._caches.values():
            if cache is not None:
                cache.save()

    def folder_config(self, folder: str) -> Config:
        """The Config for files in `folder` (a discovered file's dirname), once per folder."""
        config = self._folder_configs.get(folder)
        if config is None:
            config = self._folder_configs[folder] = self.resolver.for_folder(Path(folder or "."))
        return config

    def checker_for(self, path: Path) -> tuple[Linter, ResultCache | None]:
        """The Linter and findings cache for a discovered file (not a folder, not stdin)."""
        folder = os.path.dirname(path)
        found = self._folder_checkers.get(folder)
        if found is not None:
            return found
        config = self.folder_config(folder)
        checker = (self.linter_for(path, config), self.cache_for(path, config))
        if not config.per_path:
            self._folder_checkers[folder] = checker
        return checker

    def check_file(
        self,
        path: Path,
        display: str,
        fix: bool,
        unsafe: bool,
        slim: bool = False,
        verdict: bool = True,
    ) -> FileResult:
        """Read and check one discovered file with its own Linter (and findings cache).

        With `slim`, the result comes back slimmed (tqcheck/slim.py, with its verdict when
        `verdict`), as the caller would make it; a file the findings cache knows with its
        report parts is then answered without building its Document.
        """
        return self.check_file_noting(path, display, fix, unsafe, slim, verdict)[0]

    def check_file_noting(
        self,
        path: Path,
        display: str,
        fix: bool,
        unsafe: bool,
        slim: bool = False,
        verdict: bool = True,
    ) -> tuple[FileResult, Learned | None]:
        """`check_file`, and what the findings cache learnt from the file: (digest, whether its
        findings are new, its report parts or None). A pool worker's cache is a copy that is
        never saved, so the worker sends this to the parent (tqcheck/parallel.py)."""
        if slim and not fix and is_large(path):
            checked = self._check_in_sections(path, display, verdict)
            if checked is not None:
                return checked
        try:
            source = read_source(path, display)
        except SourceError as exc:
            return FileResult(path=exc.path, error=exc.reason), None
        linter, cache = self.checker_for(path)
        if fix or cache is None or not source.cache_key:
            result = linter.check_source(source, fix=fix, unsafe=unsafe, cache=None)
            return (slim_result(result, verdict) if slim else result), None
        digest = source.cache_key
        if slim:
            hit = cache.get_report(digest)
            if hit is not None and (not verdict or hit[1][0] is not None):
                return _slim_hit(source, hit[0], hit[1], verdict), None
        miss = cache.get(digest) is None
        result = linter.check_source(source, unsafe=unsafe, cache=cache)
        if result.error:
            return (slim_result(result, verdict) if slim else result), None
        if not slim:
            return result, ((digest, True, None) if miss else None)
        result = slim_result(result, verdict)
        document = result.document
        parts: ReportParts = (
            None if result.verdict is None else result.verdict.words,
            None if not isinstance(document, SlimDocument) else slim_parts(document),
        )
        cache.put_report(digest, parts)
        return result, (digest, miss, parts)

    def _check_in_sections(
        self, path: Path, display: str, verdict: bool
    ) -> tuple[FileResult, Learned | None] | None:
        """`check_file_noting` for a large file, read in sections (tqcheck/sections.py) so its
        memory stays near one section's; None when it is not plain UTF-8 text."""
        from .sections import check_in_sections, plan_sections, sections_result

        plan = plan_sections(path, display)
        if plan is None:
            return None
        linter, cache = self.checker_for(path)
        key = plan.cache_key
        if cache is not None:
            hit = cache.get_report(key)
            if hit is not None and (not verdict or hit[1][0] is not None):
                findings, (words, (document, cut)) = hit  # type: ignore[misc]
                known = None
                if verdict:
                    from .verdict import verdict as file_verdict

                    known = file_verdict(findings, "", words)
                return sections_result(plan, findings, document, known, cut), None
        result = check_in_sections(plan, linter, verdict, self.section_jobs)
        if cache is None or result.error:
            return result, None
        # Stored packed as they are (the key's suffix keeps them apart from whole-file entries).
        cut = bool(result.warnings)  # the sections warning: more than one section
        parts: ReportParts = (
            None if result.verdict is None else result.verdict.words,
            (result.document, cut),  # type: ignore[assignment]
        )
        miss = cache.get(key) is None
        cache.put(key, result.findings)
        cache.put_report(key, parts)
        return result, (key, miss, parts)

    def all_rules(self) -> Ruleset:
        """Every rule used in this run (for SARIF rule metadata), in first-seen order."""
        seen: dict[str, object] = {}
        packs = []
        for linter in self._linters.values():
            packs.extend(p for p in linter.ruleset.packs if p not in packs)
            for rule in linter.ruleset.rules:
                seen.setdefault(rule.id, rule)
        return Ruleset(packs, list(seen.values()))  # type: ignore[arg-type]

    # -- files -------------------------------------------------------------------------

    def _prune(self, path: Path, is_dir: bool) -> bool:
        # Called for every file of a walk: the folder's configuration and repository are
        # looked up by the folder's name as the walk spells it, not by parsing paths again.
        parent = os.path.dirname(path)
        if self.folder_config(parent).excluded(path, is_dir):
            return True
        if not self.options.gitignore:
            return False
        if parent not in self._repo_of:
            self._repo_of[parent] = git_root(Path(os.path.abspath(parent or ".")))
        repo = self._repo_of[parent]
        if repo is None:  # like git (and ripgrep), .gitignore matters only in a repository
            return False
        if repo not in self._gitignores:
            self._gitignores[repo] = GitIgnore(repo)
        return self._gitignores[repo].ignored(path, is_dir)

    def files(self, paths: Sequence[str]) -> list[tuple[Path, str] | SourceError]:
        """Every file to check, in a stable order (discovery is cheap; progress needs a total)."""
        found = []
        for item in discover(
            paths,
            self.options.include or DEFAULT_INCLUDE,
            self.options.exclude,
            prune=self._prune,
        ):
            if not isinstance(item, SourceError):
                path, _ = item
                if self.folder_config(os.path.dirname(path)).excluded(path):
                    continue
            found.append(item)
        return found

    def check_paths(
        self,
        paths: Sequence[str],
        fix: bool = False,
        unsafe: bool = False,
        progress: Callable[[int, int], None] | None = None,
        slim: bool = False,
        verdict: bool = True,
    ) -> Iterator[FileResult]:
        """Check files and folders in discovery order; unreadable files yield an error result.

        With `jobs` above 1 and enough files, a process pool checks them (tqcheck/parallel.py);
        the results, and so every report, are the same as with one process. `slim` allows the
        pool to hand back results already slimmed (tqcheck/slim.py), as the caller would
        (with their verdict when `verdict`).
        """
        items = self.files(paths)
        jobs = resolve_jobs(self.options.jobs, paths)
        self.section_jobs = resolve_section_jobs(self.options.jobs)
        if jobs > 1:
            yield from check_in_pool(self, items, fix, unsafe, jobs, progress, slim, verdict)
            return
        for done, item in enumerate(items, 1):
            if progress is not None:
                progress(done, len(items))
            if isinstance(item, SourceError):
                yield FileResult(path=item.path, error=item.reason)
                continue
            yield self.check_file(item[0], item[1], fix, unsafe, slim, verdict)


def _example_failures(rules: Sequence[Rule]) -> list[object]:
    """The failing examples of a run's own packs' rules. Without such rules (the shipped packs
    only, as in most runs) rule_examples and the fixer it needs are never imported."""
    if not rules:
        return []
    from .rule_examples import check_all_examples

    return list(check_all_examples(rules))


#: What checking a file taught the findings cache: (digest, findings new, report parts).
Learned = tuple[str, bool, "ReportParts | None"]


def _slim_hit(
    source: Source, findings: list[Finding], parts: ReportParts, verdict: bool
) -> FileResult:
    """The slim result of a file the findings cache knows with its report parts: what
    `slim_result` makes of a checked file, without its Document or a word count."""
    words, document = parts
    result = FileResult(path=source.path, warnings=list(source.warnings), findings=list(findings))
    result.source = Source(
        path=source.path, text="", encoding=source.encoding, bom=source.bom, digest=""
    )
    if document is not None:
        result.document = slim_from_parts(document, source.path)  # type: ignore[assignment]
    if verdict:
        from .verdict import verdict as file_verdict

        result.verdict = file_verdict(result.findings, "", words)
    return result


def with_severities(ruleset: Ruleset, overrides: Sequence[tuple[str, str]]) -> Ruleset:
    """A copy of the ruleset with `severity:` overrides applied (selector -> level).

    Rules are copied, never changed in place: the same loaded ruleset serves files whose
    configurations differ.
    """
    if not overrides:
        return ruleset
    rules = []
    for rule in ruleset.rules:
        level = None
        for selector, value in overrides:
            if rule_matches(rule, selector):
                level = value
        if level is not None and Severity.parse(level) is not rule.severity:
            rule = copy.copy(rule)
            rule.severity = Severity.parse(level)
        rules.append(rule)
    return Ruleset(ruleset.packs, rules, ruleset.key)
