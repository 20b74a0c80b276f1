"""The `repeat` detector: recall on generated repeats, silence without them, time at 500 paragraphs.

    python bench/repeat_eval.py [--cases 200]

Cases come from tests/repeat_articles.py (seeded): a corpus article with one paragraph copied
later, reworded by up to 20% of its words. A case is found when a repetition finding covers the
copy and its `related` points at the first occurrence. Then one article of 500 distinct
paragraphs (and the same with 5 repeats planted) is checked, and the best of 5 times printed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from repeat_articles import CORPUS, cases  # noqa: E402

from tqcheck.api import Linter  # noqa: E402
from tqcheck.document import Document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    linter = Linter(select=["repetition"])
    generated = cases(args.cases)
    found = 0
    for case in generated:
        hits = [
            f
            for f in linter.check(case.text)
            if f.start < case.repeat[1]
            and case.repeat[0] < f.end
            and f.related[0].start < case.first[1]
            and case.first[0] < f.related[0].end
        ]
        found += bool(hits)
    originals = sorted({case.original for case in generated})
    noisy = sum(1 for text in originals if linter.check(text))
    share = [c.changed / c.words for c in generated]
    print(
        f"repeats found: {found}/{len(generated)} (recall {found / len(generated):.3f}); "
        f"reworded share mean {sum(share) / len(share):.2f}, max {max(share):.2f}"
    )
    print(f"articles without a repeat: {len(originals)}, with a repetition finding: {noisy}")

    paragraphs: list[str] = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    paragraphs = list(dict.fromkeys(paragraphs))
    # The corpus has fewer than 500 distinct paragraphs, so the first ones come back as exact
    # copies: each copy of 8 words or more is one expected finding.
    big = (paragraphs * (500 // len(paragraphs) + 1))[:500]
    copies = big[len(paragraphs) :]
    expected = sum(1 for p in copies if len(p.split()) >= 8)
    text = "\n\n".join(big) + "\n"
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        found_big = linter.check(text)
        best = min(best, time.perf_counter() - start)
    print(
        f"one article of {len(Document(text).paragraphs)} paragraphs, {len(text.split())} words, "
        f"{len(copies)} copies ({expected} long enough to compare): {len(found_big)} findings "
        f"in {best * 1000:.0f} ms (best of 5)"
    )


if __name__ == "__main__":
    main()
