"""In-process cost of the three statistical detectors (repeat, untranslated, consistency).

    python bench/detectors_inproc.py                      # ms/article over bench/out/corpus/many
    python bench/detectors_inproc.py --big                # seconds and peak RSS on big.txt
    python bench/detectors_inproc.py --trees /work/main . # two checkouts, alternately, same run
    python bench/detectors_inproc.py --dump out.json      # the detectors' findings, to compare

Each pass builds a fresh Document per article (timed as "document": construction, paragraphs
and sentences) and then runs each detector's `find` on it in turn, so a structure a detector
caches on the Document (shared tokens) is charged to the first detector that asks for it.
Times are CPU time (`time.process_time`), best of `--runs` passes per phase, because the
machine is shared. With `--trees`, each tree is measured in its own subprocess, the trees
alternating `--rounds` times, and the best figure per tree is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))
CORPUS = HERE / "out" / "corpus"
KINDS = ("repeat", "untranslated", "consistency")
PHASES = ("document", *KINDS)


def _rules() -> dict[str, object]:
    from tqcheck.cache import load_ruleset_cached

    ruleset = load_ruleset_cached((), builtin=True)
    return {rule.kind: rule for rule in ruleset.rules if rule.kind in KINDS}


def _texts(path: Path, files: int) -> list[str]:
    chosen = [path] if path.is_file() else sorted(path.rglob("*.txt"))[:files]
    return [f.read_text(encoding="utf-8") for f in chosen]


def _pass(texts: list[str], rules: dict[str, object]) -> dict[str, float]:
    from tqcheck.document import Document

    spent = dict.fromkeys(PHASES, 0.0)
    clock = time.process_time
    for text in texts:
        t0 = clock()
        doc = Document(text)
        doc.paragraphs  # noqa: B018 - cached properties, built here on purpose
        doc.sentences  # noqa: B018
        t1 = clock()
        spent["document"] += t1 - t0
        for kind in KINDS:
            for _ in rules[kind].find(doc):  # type: ignore[attr-defined]
                pass
            t2 = clock()
            spent[kind] += t2 - t1
            t1 = t2
    return spent


def measure(path: Path, files: int, runs: int) -> dict[str, float]:
    """Best-of-`runs` CPU seconds per phase over the texts."""
    rules = _rules()
    texts = _texts(path, files)
    _pass(texts[:5], rules)  # warm: lazy imports, langdetect profiles, caches
    best = dict.fromkeys(PHASES, float("inf"))
    for _ in range(runs):
        for phase, spent in _pass(texts, rules).items():
            best[phase] = min(best[phase], spent)
    return {"articles": len(texts), **best}


def measure_big(path: Path, kinds: tuple[str, ...] = KINDS) -> dict[str, float]:
    """CPU seconds and the rise of peak RSS (MB) of each phase on one big file, run once.

    A rise is over the peak so far, so only the first detector's is its own: `--kind` runs one.
    """
    from tqcheck.document import Document

    rules = _rules()
    text = path.read_text(encoding="utf-8")
    rules_warm = Document("Le gouvernement a annoncé une série de mesures pour les agriculteurs.")
    for rule in rules.values():
        list(rule.find(rules_warm))  # type: ignore[attr-defined]
    out: dict[str, float] = {"size_mb": len(text.encode()) / 1e6}

    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    out["rss_start"] = rss()
    t0 = time.process_time()
    doc = Document(text)
    doc.paragraphs  # noqa: B018
    t1 = time.process_time()
    doc.sentences  # noqa: B018
    t2 = time.process_time()
    out["paragraphs"], out["sentences"] = t1 - t0, t2 - t1
    out["rss_document"] = rss()
    for kind in kinds:
        before_rss, t0 = rss(), time.process_time()
        count = sum(1 for _ in rules[kind].find(doc))  # type: ignore[attr-defined]
        out[kind] = time.process_time() - t0
        out[f"{kind}_rss_rise"] = rss() - before_rss
        out[f"{kind}_findings"] = count
    out["rss_peak"] = rss()
    return out


def dump(path: Path, files: int, target: Path) -> None:
    """Write every detector finding (rule, span, message, fix) over the corpus, for diffing."""
    from tqcheck.document import Document

    rules = _rules()
    chosen = [path] if path.is_file() else sorted(path.rglob("*.txt"))[:files]
    rows = []
    for f in chosen:
        doc = Document(f.read_text(encoding="utf-8"), path=str(f))
        for kind in KINDS:
            for finding in rules[kind].find(doc):  # type: ignore[attr-defined]
                rows.append([str(f), kind, repr(finding)])
    target.write_text(json.dumps(rows, indent=0, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} findings over {len(chosen)} files -> {target}")


def _report(label: str, result: dict[str, float]) -> None:
    n = result["articles"]
    parts = [f"{phase} {1000 * result[phase] / n:.3f}" for phase in PHASES]
    detectors = sum(result[k] for k in KINDS)
    print(
        f"{label}: {int(n)} articles, ms/article: {', '.join(parts)}; "
        f"detectors {1000 * detectors / n:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, help="folder or file (default: many, or big.txt)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="time and memory on big/big.txt")
    parser.add_argument("--kind", choices=KINDS, help="with --big: run only this detector")
    parser.add_argument("--trees", nargs="+", type=Path, help="checkouts to compare")
    parser.add_argument("--rounds", type=int, default=3, help="with --trees: alternations")
    parser.add_argument("--dump", type=Path, help="write the detectors' findings here")
    parser.add_argument("--json", action="store_true", help="print one JSON line (internal)")
    args = parser.parse_args()
    if args.path is None:
        args.path = CORPUS / "big" / "big.txt" if args.big else CORPUS / "many"
    if args.trees:
        best: dict[Path, dict[str, float]] = {}
        for _ in range(args.rounds):
            for tree in args.trees:
                command = [sys.executable, str(Path(__file__).resolve()), "--json"]
                command += ["--path", str(args.path.resolve()), "--files", str(args.files)]
                command += ["--runs", str(args.runs), *(["--big"] if args.big else [])]
                env = {"PYTHONPATH": str(tree.resolve()), "PATH": "/usr/bin:/bin"}
                out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                if tree not in best:
                    best[tree] = result
                else:
                    for key, value in result.items():
                        if key in PHASES or key in ("paragraphs", "sentences"):
                            best[tree][key] = min(best[tree][key], value)
        for tree, result in best.items():
            if args.big:
                print(f"{tree}: {json.dumps(result)}")
            else:
                _report(str(tree), result)
        return
    if args.dump:
        dump(args.path, args.files, args.dump)
        return
    if args.big:
        result = measure_big(args.path, (args.kind,) if args.kind else KINDS)
    else:
        result = measure(args.path, args.files, args.runs)
    if args.json:
        print(json.dumps(result))
    elif args.big:
        for key, value in result.items():
            print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
    else:
        _report("this tree", result)


if __name__ == "__main__":
    main()
