"""Recall and precision of the `untranslated` detector on tests/data/untranslated/.

    python bench/untranslated_eval.py            # figures, and every miss / false alarm
    python bench/untranslated_eval.py --quiet    # figures only

A foreign sentence counts as found when the detector reports it (any language among the ones
the rule watches); the language must also be right for it to count as correctly identified.
Every report on an English sentence is a false positive.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqcheck.document import Document  # noqa: E402
from tqcheck.engine import check_document  # noqa: E402
from tqcheck.ruleset import assemble, load_pack  # noqa: E402

DATA = ROOT / "tests" / "data" / "untranslated"
WMT = ROOT.parent / "shared" / "corpora" / "wmt13-fren"


def load_cases() -> list[tuple[str, str]]:
    """(expected language or 'en', sentence) for every line of the test set."""
    cases: list[tuple[str, str]] = []
    for line in (DATA / "fr.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cases.append(("fr", line.strip()))
    for line in (DATA / "other.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, _, text = line.partition("\t")
            cases.append((lang, text.strip()))
    for line in (DATA / "en.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cases.append(("en", line.strip()))
    return cases


def evaluate(cases: list[tuple[str, str]]) -> dict[str, object]:
    pack = load_pack(ROOT / "rules" / "common" / "detectors.yaml")
    rules = [r for r in assemble([pack]).rules if r.kind == "untranslated"]
    tp = fn = fp = tn = wrong_lang = 0
    misses: list[str] = []
    alarms: list[str] = []
    outputs: list[str] = []
    for lang, text in cases:
        found = check_document(Document(text), rules)
        outputs.append(";".join(f"{f.source_lang}:{f.confidence}" for f in found))
        if lang == "en":
            if found:
                fp += 1
                alarms.append(f"{found[0].source_lang} {found[0].confidence}: {text}")
            else:
                tn += 1
        elif found:
            tp += 1
            if found[0].source_lang != lang:
                wrong_lang += 1
        else:
            fn += 1
            misses.append(f"{lang}: {text}")
    return {
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
        "wrong_lang": wrong_lang,
        "recall": tp / max(1, tp + fn),
        "precision": tp / max(1, tp + fp),
        "misses": misses,
        "alarms": alarms,
        "outputs": outputs,
    }


def result_rules() -> list:
    pack = load_pack(ROOT / "rules" / "common" / "detectors.yaml")
    return [r for r in assemble([pack]).rules if r.kind == "untranslated"]


def held_out(rules: list, quiet: bool) -> None:
    """Data never used for tuning: the WMT13 human reference (English) and system outputs."""
    ref = (WMT / "ref.en").read_text(encoding="utf-8").splitlines()
    flagged = [line for line in ref if check_document(Document(line), rules)]
    print(f"WMT13 human reference: {len(flagged)} of {len(ref)} sentences reported")
    total = 0
    systems = sorted(WMT.glob("mt.*.en"))
    for path in systems:
        for line in path.read_text(encoding="utf-8").splitlines():
            found = check_document(Document(line), rules)
            if found:
                total += 1
                if not quiet:
                    print(f"  {path.name}: {found[0].source_lang} {line[:90]}")
    print(f"WMT13 system outputs ({len(systems)} systems x {len(ref)}): {total} reported")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    cases = load_cases()
    result = evaluate(cases)
    counts = {
        lang: sum(1 for c, _ in cases if c == lang) for lang in ("fr", "de", "es", "it", "en")
    }
    print(f"test set: {counts}")
    print(
        f"recall {result['recall']:.3f}  precision {result['precision']:.3f}  "
        f"(tp {result['tp']}, fn {result['fn']}, fp {result['fp']}, tn {result['tn']}, "
        f"language wrong {result['wrong_lang']})"
    )
    if WMT.is_dir():
        held_out(result_rules(), args.quiet)
    if not args.quiet:
        for miss in result["misses"]:  # type: ignore[attr-defined]
            print("MISS ", miss)
        for alarm in result["alarms"]:  # type: ignore[attr-defined]
            print("FALSE", alarm)


if __name__ == "__main__":
    main()
