"""Calibrate the MT score on the labelled corpus: every MT article must outscore every clean one.

    python bench/verdict_calibration.py
    python bench/verdict_calibration.py --no-builtin --rules DIR [--rules DIR ...] --corpus DIR

Prints each article's score, source language and evidence, then the lowest MT score, the highest
clean score and the margin between them (positive: the score separates the two sets), and how
often the likely source language matches the gold `source_lang`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqcheck.api import Linter  # noqa: E402
from tqcheck.ruleset import load_ruleset  # noqa: E402
from tqcheck.verdict import verdict  # noqa: E402


def load_gold(corpus: Path) -> list[dict]:
    entries: list[dict] = []
    for path in sorted((corpus / "gold").glob("*.yaml")):
        entries.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", action="append", default=[], metavar="DIR")
    parser.add_argument("--no-builtin", action="store_true", help="do not load the shipped packs")
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"), metavar="DIR")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    linter = Linter(load_ruleset(args.rules, builtin=not args.no_builtin))
    rows = []
    for entry in load_gold(corpus):
        path = corpus / entry["file"]
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        v = verdict(linter.check(text, str(path)), text)
        rows.append((entry["type"], entry.get("source_lang"), entry["file"], v))
    rows.sort(key=lambda row: (-row[3].mt_score, row[2]))
    if not args.quiet:
        for kind, _gold_lang, name, v in rows:
            print(
                f"{v.mt_score:>4}  {kind:<5}  {v.source_lang or '-':<3}  {name:<28}  {v.evidence}"
            )
    mt = [row[3].mt_score for row in rows if row[0] == "mt"]
    clean = [row[3].mt_score for row in rows if row[0] == "clean"]
    if not mt or not clean:
        sys.exit("corpus has no mt or no clean article")
    lang_ok = sum(1 for kind, gold, _, v in rows if kind == "mt" and v.source_lang == gold)
    print(f"articles: {len(mt)} mt, {len(clean)} clean; rules: {len(linter.ruleset.rules)}")
    print(
        f"lowest mt score {min(mt)}, highest clean score {max(clean)}, "
        f"margin {min(mt) - max(clean)}"
    )
    print(
        f"mt articles scoring 0: {sum(1 for s in mt if s == 0)}; source language right: "
        f"{lang_ok}/{len(mt)}"
    )
    below = sorted(name for kind, _, name, v in rows if kind == "mt" and v.mt_score <= max(clean))
    if below:
        print("mt articles not above every clean one:", ", ".join(below))


if __name__ == "__main__":
    main()
