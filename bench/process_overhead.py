"""What a run costs around the checking itself, per file: the parent's share with a ~0 ms checker.

    python bench/process_overhead.py FOLDER [--rounds 5]

The rule engine and detectors keep getting faster, so reading, decoding, the findings cache,
building results, the pool and rendering the report must not become the bottleneck. This
replaces `Linter.check_document` with a lookup of findings computed once beforehand (same
findings, ~0 ms), then runs the CLI in-process over FOLDER and over one of its files, and
prints (time(FOLDER) - time(one file)) / files for each mode: the per-file cost of everything
but the check. `-j 2` forks, and the workers inherit the fake checker. Modes alternate within
each round; the best round is printed (the machine is shared: noise only ever adds time).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = {
    "-j 1 --no-cache text": ["--no-cache", "-j", "1"],
    "-j 1 --no-cache json": ["--no-cache", "-j", "1", "--format", "json"],
    "-j 1 cache warm json": ["-j", "1", "--format", "json"],
    "-j 2 --no-cache json": ["--no-cache", "-j", "2", "--format", "json"],
    "-j 2 --no-cache text": ["--no-cache", "-j", "2"],
}


def fake_checker(folder: Path) -> None:
    """Compute every file's findings once, then make checking a dictionary lookup."""
    from tqcheck import api
    from tqcheck.runner import Runner, RunOptions

    real = api.Linter.check_document
    known: dict[tuple[str, str], list[object]] = {}

    def remember(self: api.Linter, doc: object) -> list[object]:
        key = (doc.path, doc.text)  # type: ignore[attr-defined]
        found = known.get(key)
        if found is None:
            found = known[key] = real(self, doc)  # type: ignore[arg-type]
        return found

    api.Linter.check_document = remember  # type: ignore[method-assign]
    runner = Runner(RunOptions(gitignore=False))
    for _ in runner.check_paths([str(folder)]):
        pass


def run(args: list[str]) -> float:
    from tqcheck.cli import main

    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink), contextlib.suppress(SystemExit):
        main(args, standalone_mode=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated mode names")
    options = parser.parse_args()
    files = sorted(options.folder.rglob("*.txt"))
    one = str(files[0])
    with tempfile.TemporaryDirectory() as cache:
        os.environ["TQCHECK_CACHE_DIR"] = cache
        print(f"computing the findings of {len(files)} files once ...", file=sys.stderr)
        fake_checker(options.folder)
        modes = {m: MODES[m] for m in options.modes.split(",")}
        for args in modes.values():  # warm: the findings cache, the pack cache, imports
            run([*args, "--no-gitignore", str(options.folder)])
        best: dict[str, float] = {}
        for _ in range(options.rounds):
            for label, args in modes.items():
                whole = run([*args, "--no-gitignore", str(options.folder)])
                single = run([*args, "--no-gitignore", one])
                per_file = (whole - single) / max(1, len(files) - 1) * 1000
                best[label] = min(best.get(label, per_file), per_file)
        for label, value in best.items():
            print(f"{label:24} {value:6.3f} ms per file ({len(files)} files)")


if __name__ == "__main__":
    main()
