"""The `untranslated` detector gives identical output under 10 different PYTHONHASHSEED values.

    python bench/untranslated_seeds.py [--runs 10]

Each run is a fresh process checking the whole test set (tests/data/untranslated) joined as one
article; the printed digest of its findings (span, language, confidence) must be the same.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "untranslated"
CODE = (
    "import sys\nfrom tqcheck.api import Linter\n"
    "for f in Linter(select=['untranslated']).check(sys.stdin.read()):\n"
    "    print(f.start, f.end, f.source_lang, f.confidence)\n"
)


def article() -> str:
    lines = []
    for name in ("fr.txt", "other.txt", "en.txt"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lines.append(line.split("\t")[-1])
    return "\n\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    text = article()
    digests = []
    for seed in range(args.runs):
        env = dict(os.environ, PYTHONHASHSEED=str(seed * 7919 + 1))
        out = subprocess.run(
            [sys.executable, "-c", CODE],
            input=text,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        ).stdout
        digests.append(hashlib.sha256(out.encode()).hexdigest()[:16])
        print(
            f"PYTHONHASHSEED={env['PYTHONHASHSEED']:>6}: {len(out.splitlines())} findings, "
            f"digest {digests[-1]}"
        )
    print(f"identical over {args.runs} runs: {len(set(digests)) == 1}")


if __name__ == "__main__":
    main()
