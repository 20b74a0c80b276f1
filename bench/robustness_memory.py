"""Peak memory of a check run: one very large file, and a folder of many small files.

    python bench/robustness_memory.py                     # 200 MB file, 50,000 files
    python bench/robustness_memory.py --size-mb 20 --files 5000

Each run is a fresh `python -m tqcheck` process; its peak resident set size comes from
getrusage(RUSAGE_CHILDREN) (the figure `/usr/bin/time -f %M` prints). The target (issue 7):
a large file takes at most about 4x its size; many files do not each keep their text.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's tqcheck, not an installed one
CLEAN = (
    "The minister said on Tuesday that the talks had been constructive and would continue "
    "next week, according to officials who asked not to be named.\n\n"
)
PARAGRAPH = (
    "Vladimir Poutine met the head of Russian diplomacy in Pékin on Tuesday, the Kremlin said. "
    "The appeal between the two leaders lasted 3,5 hours.\n\n"
    "Officials from both countries said the talks were constructive and would continue.\n\n"
)


def peak_of(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(peak MB, seconds, exit code) of one tqcheck process."""
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tqcheck", *args],
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=errors,
            text=True,
        )
        # A folder is checked by worker processes (--jobs auto): their memory adds up, which
        # the largest child's maximum does not show; sample the tree's PSS as bench/run.py does.
        tree_kib = 0
        while proc.poll() is None:
            tree_kib = max(tree_kib, tree_pss_kib(proc.pid, include_root=True))
            time.sleep(0.02)
        errors.seek(0)
        stderr = errors.read()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before and tree_kib <= before:
        print("  (peak not above an earlier child's; run this case alone for its figure)")
    if proc.returncode == 2:
        print("  stderr:", stderr.strip()[:500])
    return max(peak, tree_kib) / 1024, seconds, proc.returncode


def tree_pss_kib(root: int, include_root: bool = False) -> int:
    """Sum of the PSS (KiB) of `root`'s descendants (and `root` itself with `include_root`)."""
    from run import tree_pss_kib as descendants  # bench/run.py, beside this script

    own = 0
    if include_root:
        try:
            for line in Path(f"/proc/{root}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    own = int(line.split()[1])
                    break
        except (OSError, ValueError):
            pass
    return own + descendants(root)


def big_file(folder: Path, size_mb: int, dense: bool = False) -> Path:
    """An article of `size_mb` MB: clean prose with one paragraph of findings per ~100 KB
    (or, `dense`, findings in every paragraph: then findings and report dominate memory)."""
    path = folder / "big.txt"
    if dense:
        block = PARAGRAPH * max(1, (1 << 20) // len(PARAGRAPH))
    else:
        block = (CLEAN * (100_000 // len(CLEAN)) + PARAGRAPH) * 10
    with path.open("w", encoding="utf-8") as handle:
        written = 0
        while written < size_mb << 20:
            handle.write(block)
            written += len(block.encode("utf-8"))
    return path


def many_files(folder: Path, count: int) -> Path:
    root = folder / "many"
    for i in range(count):
        sub = root / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        body = f"Article {i}.\n\n" + CLEAN * 10 + PARAGRAPH + CLEAN * 10  # ~3.5 KB
        (sub / f"a{i:05d}.txt").write_text(body, encoding="utf-8")
    return root


def held_per_file(folder: Path, count: int) -> None:
    """Bytes the collected results hold per file, full (before tqcheck/slim.py) and slim."""
    import tracemalloc

    from tqcheck.runner import Runner, RunOptions
    from tqcheck.slim import slim_result

    root = many_files(folder / "held", count)
    runner = Runner(RunOptions())
    list(runner.check_paths([str(root / "d000" / "a00000.txt")]))  # load the packs first
    for label, keep in (("full", lambda r: r), ("slim", slim_result)):
        tracemalloc.start()
        kept = [keep(r) for r in runner.check_paths([str(root)])]
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        print(f"{count} files, {label} results held: {held / count / 1024:.1f} KB per file")
        del kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--format", default="json")
    parser.add_argument("--dense", action="store_true", help="findings in every paragraph")
    parser.add_argument("--held", type=int, default=0, help="in-process: KB held per file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.size_mb:
            path = big_file(folder, args.size_mb, args.dense)
            size = path.stat().st_size / (1 << 20)
            peak, seconds, code = peak_of(["--format", args.format, "-o", "out", str(path)], folder)
            print(
                f"one file of {size:.0f} MB: peak RSS {peak:.0f} MB = {peak / size:.1f}x the file "
                f"({seconds:.0f} s, exit {code})"
            )
            path.unlink()
        if args.held:
            held_per_file(folder, args.held)
        if args.files:
            root = many_files(folder, args.files)
            peak, seconds, code = peak_of(["--format", args.format, "-o", "out", str(root)], folder)
            print(f"{args.files} files: peak RSS {peak:.0f} MB ({seconds:.0f} s, exit {code})")


if __name__ == "__main__":
    main()
