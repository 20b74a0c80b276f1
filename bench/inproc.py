"""In-process throughput of Linter.check, for quick iteration (no start-up, no report).

    python bench/inproc.py                       # 300 articles of bench/out/corpus/many
    python bench/inproc.py --files 2000 --profile 25
    python bench/inproc.py --path bench/out/corpus/big/big.txt

Prints MB/s of checking alone (the Linter is built and warmed on one article first). Whole-
process figures, start-up and report included, come from bench/run.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=HERE / "out" / "corpus" / "many")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--select", default="")
    parser.add_argument("--profile", type=int, default=0, help="print the N top cumtime lines")
    args = parser.parse_args()
    from tqcheck.api import Linter

    files = [args.path] if args.path.is_file() else sorted(args.path.rglob("*.txt"))
    texts = [(str(f), f.read_text(encoding="utf-8")) for f in files[: args.files]]
    size = sum(len(t.encode()) for _, t in texts)
    linter = Linter(select=[s for s in args.select.split(",") if s])
    linter.check(texts[0][1], texts[0][0])  # warm: prefilter, lazy imports
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    found = sum(len(linter.check(text, path)) for path, text in texts)
    wall = time.perf_counter() - start
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumtime").print_stats(args.profile)
    print(
        f"{len(texts)} files, {size / 1e6:.2f} MB, {found} findings: {wall:.3f} s, "
        f"{size / 1e6 / wall:.2f} MB/s"
    )


if __name__ == "__main__":
    main()
