"""Compile tqcheck's modules before a timed run, as an installed copy would have them.

Every process of a benchmark imports tqcheck; a module whose `.pyc` is missing or older than
its source is compiled from source on each import when bytecode cannot be written
(`PYTHONDONTWRITEBYTECODE`, set in some sandboxes and CI images), which adds milliseconds per
edited module to every timed process. A user's install has its bytecode after the first run,
so the benchmarks compile it once, up front.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path


def ensure_bytecode(*trees: Path, python: str = sys.executable) -> None:
    """Compile the `tqcheck` package of each tree (a checkout) with `python`."""
    for tree in trees:
        package = Path(tree) / "tqcheck"
        if python == sys.executable:
            compileall.compile_dir(str(package), quiet=1)
        else:
            subprocess.run([python, "-m", "compileall", "-q", str(package)], check=False)
