"""Wall and CPU time of whole `tqcheck` processes, start-up included: medians of N runs.

Run: python bench/startup.py [-n N] [--tree DIR ...] [-- ARGS...]
     (default ARGS: examples/article.txt; e.g. `-- --no-cache FILE` for an editor's save hook)

Each --tree (a checkout of tqcheck; default: this one) runs with PYTHONPATH set to it, and the
trees are run alternately, so a machine whose load changes during the benchmark disturbs them
alike. Each tree's packs cache (its own folder under TQCHECK_CACHE_DIR, or a temporary one) is
warmed by two untimed runs first. The CPU time is the child's user + system time
(getrusage), steadier than the wall time on a shared machine. Use the real interpreter, not a
shim: a pyenv shim adds ~0.1 s per process. Prints figures only; no target is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh_bytecode import ensure_bytecode  # bench/ is the script folder: on sys.path

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="timed runs per tree (default 15)")
    parser.add_argument("--tree", action="append", default=[], help="a tqcheck checkout")
    parser.add_argument("args", nargs="*", default=["examples/article.txt"])
    options = parser.parse_args()
    trees = [Path(t).resolve() for t in options.tree] or [ROOT]
    ensure_bytecode(*trees)
    # `-m` puts the working folder first on sys.path: each tree runs from its own folder, so
    # file arguments are made absolute
    args = [str(ROOT / a) if (ROOT / a).exists() else a for a in options.args]
    command = [sys.executable, "-m", "tqcheck", *args]
    base = os.environ.get("TQCHECK_CACHE_DIR") or tempfile.mkdtemp(prefix="tqcheck-startup-")
    envs = []
    for number, tree in enumerate(trees):
        env = {**os.environ, "PYTHONPATH": str(tree)}
        env["TQCHECK_CACHE_DIR"] = str(Path(base) / f"tree{number}")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tqcheck has its .pyc files
        envs.append(env)
        for _ in range(2):  # warm the packs cache and the bytecode
            subprocess.run(command, cwd=tree, env=env, capture_output=True)
    walls: list[list[float]] = [[] for _ in trees]
    cpus: list[list[float]] = [[] for _ in trees]
    for _ in range(options.n):
        for number, env in enumerate(envs):
            wall, cpu = _run(command, env, trees[number])
            walls[number].append(wall)
            cpus[number].append(cpu)
    for number, tree in enumerate(trees):
        w, c = walls[number], cpus[number]
        print(
            f"{tree}: {' '.join(options.args)}: wall median {statistics.median(w):.1f} ms "
            f"(min {min(w):.1f}, max {max(w):.1f}), CPU median {statistics.median(c):.1f} ms "
            f"(min {min(c):.1f}) ({options.n} runs)"
        )


if __name__ == "__main__":
    main()
