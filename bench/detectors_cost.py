"""What the detectors add to a run over a folder of 1,000 ordinary articles.

    python bench/detectors_cost.py [--articles 1000] [--runs 3] [--cpu] [-- extra tqcheck options]

Builds the folder (seeded) from the paragraphs of tests/corpus, then times the CLI `--runs`
times with `--ignore untranslated,repetition,consistency` and with every rule, alternating,
and prints the best times, the overhead best against best, and the median overhead of the
alternating pairs (the figure that survives a noisy machine). Options after `--` go to both
runs (e.g. `--no-default-rules --rules DIR` to measure with another rule set). With `--api`
the two runs are timed in process through the Linter (no start-up, no example check of
`--rules` packs, so in-progress packs can be measured): `--api --rules DIR
[--no-default-rules]`. Also reports whether langdetect was imported by a run over one
article with no foreign passage.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh_bytecode import ensure_bytecode  # bench/ is the script folder: on sys.path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
DETECTORS = "untranslated,repetition,consistency"
CPU = False  # set by --cpu


def build_folder(folder: Path, count: int) -> None:
    paragraphs: list[str] = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    rng = random.Random(7)
    for i in range(count):
        chosen = rng.sample(paragraphs, rng.randint(6, 12))
        (folder / f"article-{i:04d}.txt").write_text("\n\n".join(chosen) + "\n", encoding="utf-8")


def timed(args: list[str]) -> float:
    """Wall time of one run; with --cpu, the CPU time (user + system) of the child, which
    other processes on a shared machine disturb less."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "tqcheck", "--exit-zero", "--format", "json", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return _children_cpu() - cpu if CPU else time.perf_counter() - start


def timed_pairs(base: list[str], full: list[str], runs: int) -> tuple[list[float], list[float]]:
    """`runs` times of each run, alternating (base, full, base, ...), so a slow spell of the
    machine falls on both and the paired ratios stay comparable."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(timed(base))
        times[1].append(timed(full))
    return times


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_api(folder: Path, rules: list[str], builtin: bool, runs: int) -> tuple[float, float]:
    sys.path.insert(0, str(ROOT))
    from tqcheck.api import Linter
    from tqcheck.ruleset import load_ruleset

    ruleset = load_ruleset(rules, builtin=builtin)
    linters = [Linter(ruleset, ignore=DETECTORS.split(",")), Linter(ruleset)]
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for i, linter in enumerate(linters):
            start = time.perf_counter()
            for _result in linter.check_paths([str(folder)]):
                pass
            best[i] = min(best[i], time.perf_counter() - start)
    print(f"rules: {len(linters[0].ruleset.rules)} without detectors, {len(ruleset.rules)} in all")
    return best[0], best[1]


def langdetect_loaded(article: Path) -> bool:
    code = (
        "import sys\nfrom tqcheck.cli import main\n"
        "try:\n    main([sys.argv[1], '--exit-zero'], standalone_mode=False)\n"
        "finally:\n    sys.stderr.write(str('langdetect' in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(article)], cwd=ROOT, capture_output=True, text=True
    )
    return out.stderr.strip().endswith("True")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--api", action="store_true", help="time in process via the Linter")
    parser.add_argument("--rules", action="append", default=[], help="with --api: rule folders")
    parser.add_argument("--no-default-rules", action="store_true", help="with --api")
    parser.add_argument("--cpu", action="store_true", help="time CPU, not wall (CLI runs)")
    parser.add_argument("extra", nargs="*", help="options passed to both tqcheck runs")
    args = parser.parse_args()
    global CPU
    CPU = args.cpu
    ensure_bytecode(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_folder(folder, args.articles)
        words = sum(len(p.read_text().split()) for p in folder.glob("*.txt"))
        ignore = [part for name in DETECTORS.split(",") for part in ("--ignore", name)]
        pairs: list[float] = []
        medians = (0.0, 0.0)
        if args.api:
            base, full = timed_api(folder, args.rules, not args.no_default_rules, args.runs)
        else:
            bases, fulls = timed_pairs(
                [str(folder), *ignore, *args.extra], [str(folder), *args.extra], args.runs
            )
            base, full = min(bases), min(fulls)
            pairs = sorted(f / b - 1 for b, f in zip(bases, fulls, strict=True))
            medians = statistics.median(bases), statistics.median(fulls)
        loaded = langdetect_loaded(ROOT / "examples" / "clean-article.txt")
    clock = "CPU" if args.cpu and not args.api else "wall"
    print(f"folder: {args.articles} articles, {words} words; best of {args.runs} runs ({clock})")
    print(f"without detectors ({DETECTORS}): {base:.2f} s")
    print(f"with every rule:                      {full:.2f} s")
    print(f"detectors add {100 * (full - base) / base:.1f}% ({full - base:.2f} s), best vs best")
    if pairs:
        # Each run with the detectors against the run without them just before it.
        middle = statistics.median(pairs)
        print(
            f"detectors add {100 * middle:.1f}%, median of {len(pairs)} alternating pairs "
            f"(range {100 * pairs[0]:.1f}% to {100 * pairs[-1]:.1f}%)"
        )
        print(
            f"median times {medians[0]:.2f} s and {medians[1]:.2f} s: detectors add "
            f"{100 * (medians[1] / medians[0] - 1):.1f}%"
        )
    print(f"langdetect imported on one English article: {loaded}")


if __name__ == "__main__":
    main()
