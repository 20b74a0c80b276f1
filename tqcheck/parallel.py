"""Check many files on several cores, with output identical to a one-process run.

Files are discovered in the parent in the usual stable order; workers (a process pool, each
holding its own copy of the Linter) read and check them, and results come back in that same
order, so the report does not depend on which worker finished first. Workers send back only
what is small (findings and the decoded source); the parent rebuilds each Document's line index,
which the text report needs for its excerpts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .sources import SourceError

if TYPE_CHECKING:
    from .api import FileResult
    from .runner import Runner

#: Below this many files a pool costs more to start than it saves.
MIN_FILES_PER_WORKER = 8

# One per worker process, set by the pool initializer; the parent never uses it.
_RUNNER: Runner | None = None


def resolve_jobs(jobs: str | int, paths: Sequence[str]) -> int:
    """`auto` means one worker per usable core when a folder is checked, else 1."""
    if isinstance(jobs, int):
        return max(1, jobs)
    if jobs != "auto":
        return max(1, int(jobs))
    if not any(os.path.isdir(p) for p in paths):
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init(runner: Runner) -> None:
    global _RUNNER
    _RUNNER = runner


def _check_one(item: tuple[str, str, bool, bool]) -> FileResult:
    path, display, fix, unsafe = item
    assert _RUNNER is not None
    result = _RUNNER.check_file(Path(path), display, fix, unsafe)
    result.document = None  # rebuilt by the parent: cheaper than pickling its line index
    return result


def check_in_pool(
    runner: Runner,
    items: Sequence[tuple[Path, str] | SourceError],
    fix: bool,
    unsafe: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[FileResult]:
    """Check discovered files on `jobs` processes; results in discovery order.

    Each worker holds its own copy of the runner (its configurations and Linters); findings
    the workers compute are stored in the parent's findings cache, which the parent saves.
    """
    from .api import FileResult

    todo = [(str(i[0]), i[1], fix, unsafe) for i in items if not isinstance(i, SourceError)]
    if len(todo) < MIN_FILES_PER_WORKER * 2:
        for done, item in enumerate(items, 1):
            if progress is not None:
                progress(done, len(items))
            if isinstance(item, SourceError):
                yield FileResult(path=item.path, error=item.reason)
            else:
                yield runner.check_file(item[0], item[1], fix, unsafe)
        return
    import multiprocessing  # only when a pool is used: a one-file run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, min(64, len(todo) // (jobs * 8)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init, initargs=(runner,)
    ) as pool:
        done = iter(pool.map(_check_one, todo, chunksize=chunk))
        for count, item in enumerate(items, 1):
            if progress is not None:
                progress(count, len(items))
            if isinstance(item, SourceError):
                yield FileResult(path=item.path, error=item.reason)
                continue
            result = next(done)
            if result.source is not None:
                text = result.source.text
                if result.fixed_text is not None and result.fixed_text != text:
                    text = result.fixed_text
                linter = runner.linter_for(item[0])
                result.document = linter.document(text, result.source.path)
                cache = None if fix else runner.cache_for(item[0])
                if cache is not None and not result.error:
                    cache.put(result.source.digest, result.findings)
            yield result
