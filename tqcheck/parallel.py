"""Check many files on several cores, with output identical to a one-process run.

Files are discovered in the parent in the usual stable order and results come back in that same
order, so the report does not depend on which worker finished first.

What makes a pool pay off is keeping the parent idle: on a two-core machine it shares a core
with a worker, so every millisecond it spends per file is taken from the checking.

- The parent checks the first file itself before the pool starts: that loads the packs, builds
  the prefilter automaton and whatever the detectors build on first use, once; the workers are
  forked from it (fork start method where there is one) and inherit all of it instead of each
  loading it again. `gc.freeze()` keeps the inherited objects out of the workers' collections,
  so the pages stay shared instead of being copied when the collector touches them.
- Files go to workers in large chunks (a few per worker), so the per-task cost of the pool's
  queues is paid a few dozen times per run, not once per file.
- A worker sends back what the report needs, not the text: when the report is built from slim
  results (every format but HTML, and no fixing), it slims each result itself (the verdict,
  the lines the findings sit on: tqcheck/slim.py), so neither the text nor a line index crosses
  the pipe and the parent rebuilds nothing. Otherwise it drops the Document, and the parent
  rebuilds it from the text (fixes and the HTML report need the whole text anyway).
- Findings the workers computed go into the parent's findings cache (the parent saves it); a
  worker answers from its inherited copy of the cache and says which files were misses.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .sources import SourceError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .api import FileResult, Linter
    from .runner import Learned, Runner
    from .sections import SectionOutcome

#: Below this many files a pool costs more to start than it saves.
MIN_FILES_PER_WORKER = 8
#: Chunks per worker: enough to even out files of unequal size, few enough to keep the
#: per-task queue traffic negligible.
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 256

# One per worker process, inherited from the parent at fork (or set by the initializer); the
# parent never uses them.
_RUNNER: Runner | None = None
_SLIM = False
_VERDICT = True

#: One job: (path, display name), the same for every file of a chunk: fix, unsafe.
Job = tuple[str, str]


def resolve_jobs(jobs: str | int, paths: Sequence[str]) -> int:
    """`auto` means one worker per usable core when a folder is checked, else 1."""
    if isinstance(jobs, int):
        return max(1, jobs)
    if jobs != "auto":
        return max(1, int(jobs))
    if not any(os.path.isdir(p) for p in paths):
        return 1
    return _cores()


def resolve_section_jobs(jobs: str | int) -> int:
    """Worker processes for the sections of one large file: only a number asks for them.

    `auto` keeps one process: workers check two sections at once and hold more memory (`big`,
    21 MB: 5.6x the file with two workers against 3.2x with one process), and the default run
    keeps the memory bound of a large file. `-j 2` trades memory for time (1.9x faster there).
    """
    if isinstance(jobs, int):
        return max(1, jobs)
    if jobs == "auto":
        return 1
    return max(1, int(jobs))


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init(runner: Runner, slim: bool, verdict: bool) -> None:
    global _RUNNER, _SLIM, _VERDICT
    _RUNNER, _SLIM, _VERDICT = runner, slim, verdict
    runner.section_jobs = 1  # a worker checks a large file's sections itself: no nested pool


def _check_chunk(
    jobs: list[Job], fix: bool, unsafe: bool
) -> list[tuple[FileResult, Learned | None]]:
    """Check a chunk of files in a worker: each result (slim, or without its Document) and what
    the parent's findings cache is to store of it (Runner.check_file_noting; None: nothing)."""
    runner = _RUNNER
    assert runner is not None
    out: list[tuple[FileResult, str]] = []
    for path_name, display in jobs:
        result, learned = runner.check_file_noting(
            Path(path_name), display, fix, unsafe, _SLIM, _VERDICT
        )
        if not _SLIM:
            result.document = None  # rebuilt by the parent: cheaper than pickling a line index
        out.append((result, learned))
    return out


def check_in_pool(
    runner: Runner,
    items: Sequence[tuple[Path, str] | SourceError],
    fix: bool,
    unsafe: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    slim: bool = False,
    verdict: bool = True,
) -> Iterator[FileResult]:
    """Check discovered files on `jobs` processes; results in discovery order.

    With `slim`, results come back already slimmed (tqcheck/slim.py), as the CLI would make
    them (with their verdict when `verdict`); `slim_result` leaves such a result as it is.
    """
    from .api import FileResult

    total = len(items)
    todo = [(str(i[0]), i[1]) for i in items if not isinstance(i, SourceError)]
    done = 0
    pending = list(items)
    pending.reverse()  # popped from the end: discovery order

    def step(result: FileResult) -> FileResult:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
        return result

    # Up to and including the first file, in the parent: errors, then the warm-up check.
    first_checked = False
    while pending and not first_checked:
        item = pending.pop()
        if isinstance(item, SourceError):
            yield step(FileResult(path=item.path, error=item.reason))
            continue
        first_checked = True
        yield step(runner.check_file(item[0], item[1], fix, unsafe, slim, verdict))
    rest = [i for i in reversed(pending)]
    todo = todo[1:] if first_checked else []
    if len(todo) < MIN_FILES_PER_WORKER * 2:
        for item in rest:
            if isinstance(item, SourceError):
                yield step(FileResult(path=item.path, error=item.reason))
            else:
                yield step(runner.check_file(item[0], item[1], fix, unsafe, slim, verdict))
        return

    for folder in {os.path.dirname(job[0]) for job in todo}:
        runner.folder_config(folder)  # a bad configuration stops the run here, not in a worker
    import gc
    import multiprocessing  # only when a pool is used: a one-file run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(MAX_CHUNK, -(-len(todo) // (jobs * CHUNKS_PER_WORKER))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    gc.collect()
    gc.freeze()  # the workers inherit these objects: keep their pages shared
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init, initargs=(runner, slim, verdict)
        ) as pool:
            futures = [pool.submit(_check_chunk, chunk, fix, unsafe) for chunk in chunks]
            results: Iterator[tuple[FileResult, Learned | None]] = (
                pair for future in futures for pair in future.result()
            )
            for item in rest:
                if isinstance(item, SourceError):
                    yield step(FileResult(path=item.path, error=item.reason))
                    continue
                result, learned = next(results)
                if learned is not None:
                    cache = runner.checker_for(item[0])[1]
                    if cache is not None:
                        digest, new, parts = learned
                        if new:
                            cache.put(digest, result.findings)
                        if parts is not None:
                            cache.put_report(digest, parts)
                if not slim and result.source is not None:
                    text = result.source.text
                    if result.fixed_text is not None and result.fixed_text != text:
                        text = result.fixed_text
                    linter = runner.checker_for(item[0])[0]
                    result.document = linter.document(text, result.source.path)
                yield step(result)
    finally:
        gc.unfreeze()


# ---- the sections of one large file (tqcheck/sections.py) --------------------------------------

_SECTION_LINTER: Linter | None = None


def _init_sections(linter: Linter) -> None:
    global _SECTION_LINTER
    _SECTION_LINTER = linter


def _check_section(
    text: str, display: str, chars: int, lines: int, verdict: bool, last: bool
) -> SectionOutcome:
    from .sections import check_section

    assert _SECTION_LINTER is not None
    return check_section(_SECTION_LINTER, text, display, chars, lines, verdict, last)


class SectionPool:
    """Worker processes checking the sections of one large file while the parent reads on.

    At most two sections per worker are in flight, so memory stays a few sections' whatever
    the file's size; outcomes come back in the order the sections were submitted. The workers
    are forked after the Linter has loaded its rules and prefilter, and inherit them (as the
    file pool's do).
    """

    def __init__(self, linter: Linter, jobs: int) -> None:
        self._linter = linter
        self._jobs = jobs
        self._pending: deque[tuple[Future[SectionOutcome], int, int]] = deque()

    def __enter__(self) -> SectionPool:
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._linter.prefilter  # noqa: B018 - loads the rules and the automaton before forking
        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else "spawn")
        gc.collect()
        gc.freeze()
        self._pool = ProcessPoolExecutor(
            self._jobs, mp_context=context, initializer=_init_sections, initargs=(self._linter,)
        )
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        try:
            self._pool.shutdown(cancel_futures=True)
        finally:
            gc.unfreeze()

    def submit(
        self, text: str, display: str, chars: int, lines: int, verdict: bool, last: bool = True
    ) -> list[tuple[SectionOutcome, int, int]]:
        """Send the section that starts `chars` characters and `lines` line breaks into the
        file (`last`: the file ends with it); the outcomes (with the section's first offset and
        line) ready to be taken."""
        future = self._pool.submit(_check_section, text, display, chars, lines, verdict, last)
        self._pending.append((future, chars, lines + 1))
        ready = []
        while len(self._pending) > 2 * self._jobs:
            ready.append(self._take())
        return ready

    def drain(self) -> Iterator[tuple[SectionOutcome, int, int]]:
        """The outcomes of the sections still in flight, in order."""
        while self._pending:
            yield self._take()

    def _take(self) -> tuple[SectionOutcome, int, int]:
        future, start, first_line = self._pending.popleft()
        return future.result(), start, first_line
