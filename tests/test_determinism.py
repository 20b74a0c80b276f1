"""Same input, same configuration: byte-identical reports across hash seeds and path orders.

Run as real processes, since PYTHONHASHSEED only takes effect when an interpreter starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "a.txt": "Vladimir Poutine met the head of Russian diplomacy in Pékin. . Then\n",
    "b.md": "# Title\n\nThe appeal between the two leaders lasted 3,5 hours, « he said ».\n",
    "c.txt": "US Presidents Joe Biden and Russian President Vladimir Poutine spoke.\n",
}


def _report(folder: Path, fmt: str, seed: str, order: list[str]) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck", "--format", fmt, *order],
        capture_output=True,
        cwd=folder,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_reports_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = sorted(ARTICLES)
    outputs = {
        (seed, tuple(order)): _report(tmp_path, fmt, seed, order)
        for seed in ("0", "1", "4242")
        for order in (names, names[::-1])
    }
    # neither the hash seed nor the order of the paths changes a byte
    assert len(set(outputs.values())) == 1
    report = next(iter(outputs.values()))
    assert report.index(b"a.txt") < report.index(b"b.md") < report.index(b"c.txt")
