"""Check many files on several cores, with output identical to a one-process run.

Files are discovered in the parent in the usual stable order; workers (a process pool, each
holding its own copy of the Linter) read and check them, and results come back in that same
order, so the report does not depend on which worker finished first. Workers send back only
what is small (findings and the decoded source); the parent rebuilds each Document's line index,
which the text report needs for its excerpts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .sources import SourceError, discover

if TYPE_CHECKING:
    from .api import FileResult, Linter
    from .result_cache import ResultCache

#: Below this many files a pool costs more to start than it saves.
MIN_FILES_PER_WORKER = 8

# One per worker process, set by the pool initializer; the parent never uses them.
_LINTER: Linter | None = None
_CACHE: ResultCache | None = None


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


def _init(linter: Linter, cache: ResultCache | None) -> None:
    global _LINTER, _CACHE
    _LINTER, _CACHE = linter, cache


def _check_one(item: tuple[str, str, bool, bool]) -> FileResult:
    from .api import FileResult
    from .sources import read_source

    path, display, fix, unsafe = item
    assert _LINTER is not None
    try:
        source = read_source(Path(path), display)
    except SourceError as exc:
        return FileResult(path=exc.path, error=exc.reason)
    result = _LINTER.check_source(source, fix=fix, unsafe=unsafe, cache=_CACHE)
    result.document = None  # rebuilt by the parent: cheaper than pickling its line index
    return result


def check_paths_parallel(
    linter: Linter,
    paths: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str] = (),
    fix: bool = False,
    unsafe: bool = False,
    jobs: int = 2,
    cache: ResultCache | None = None,
) -> Iterator[FileResult]:
    """Like Linter.check_paths, on `jobs` processes; results in discovery order."""
    from .api import FileResult

    items: list[tuple[str, str, bool, bool] | SourceError] = [
        item if isinstance(item, SourceError) else (str(item[0]), item[1], fix, unsafe)
        for item in discover(paths, include, exclude)
    ]
    todo = [i for i in items if not isinstance(i, SourceError)]
    if jobs <= 1 or len(todo) < MIN_FILES_PER_WORKER * 2:
        yield from linter.check_paths(paths, include, exclude, fix=fix, unsafe=unsafe, cache=cache)
        return
    import multiprocessing  # only when a pool is used: a one-file run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, min(64, len(todo) // (jobs * 8)))
    setup = {"initializer": _init, "initargs": (linter, cache)}
    with ProcessPoolExecutor(jobs, mp_context=context, **setup) as pool:  # type: ignore[arg-type]
        done = iter(pool.map(_check_one, todo, chunksize=chunk))
        for item in items:
            if isinstance(item, SourceError):
                yield FileResult(path=item.path, error=item.reason)
                continue
            result = next(done)
            if result.source is not None:
                text = result.source.text
                if result.fixed_text is not None and result.fixed_text != text:
                    text = result.fixed_text
                result.document = linter.document(text, result.source.path)
                if cache is not None and not fix:
                    cache.put(result.source.digest, result.findings)
            yield result
