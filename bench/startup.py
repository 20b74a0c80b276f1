"""Wall time of whole `tqcheck` processes, start-up included: median, min and max of N runs.

Run: python bench/startup.py [-n N] [-- ARGS...]   (default ARGS: examples/article.txt)

The packs cache is warmed by one untimed run first; TQCHECK_CACHE_DIR is respected (set it to
a folder of your own). Use the real interpreter, not a shim, to time it: a pyenv shim adds
~0.1 s per process. Prints figures only; no target is asserted (machines differ).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="timed runs (default 10)")
    parser.add_argument("args", nargs="*", default=["examples/article.txt"])
    options = parser.parse_args()
    command = [sys.executable, "-m", "tqcheck", *options.args]
    subprocess.run(command, cwd=ROOT, capture_output=True)  # warm the packs cache
    times = []
    for _ in range(options.n):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{' '.join(options.args)}: median {statistics.median(times):.1f} ms, "
        f"min {min(times):.1f}, max {max(times):.1f} ({options.n} runs)"
    )


if __name__ == "__main__":
    main()
