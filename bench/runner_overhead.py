"""How much per-file configuration, .gitignore and baselines cost on a folder of articles.

Builds N copies of the example article in a temporary git-like tree with a .tqcheck.yaml
(per_path override), a .gitignore and nested folders, then times `tqcheck` runs in-process.
Run: python bench/runner_overhead.py [N]. Prints seconds per configuration; no target is
asserted here (machines differ), the figures go in the report of the change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(tmp: Path, count: int) -> None:
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    (tmp / ".git").mkdir()
    (tmp / ".gitignore").write_text("cache/\n", encoding="utf-8")
    (tmp / ".tqcheck.yaml").write_text(
        "per_path:\n  - paths: ['archive/**']\n    ignore: [typography]\n", encoding="utf-8"
    )
    for i in range(count):
        folder = tmp / ("archive" if i % 2 else "news") / f"{i % 20:02}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    shutil.copytree(tmp / "news", tmp / "cache")


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tqcheck", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        build(tmp, count)
        runs = {
            "config + gitignore (default)": ["--format", "json", "."],
            "no gitignore (also cache/)": ["--format", "json", "--no-gitignore", "."],
            "write baseline": ["--write-baseline", "b.json", "."],
            "with baseline": ["--baseline", "b.json", "--format", "json", "."],
            "sarif": ["--format", "sarif", "-o", "r.sarif", "."],
        }
        for label, args in runs.items():
            print(f"{label:32} {timed(args, tmp):6.2f} s")


if __name__ == "__main__":
    main()
