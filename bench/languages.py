"""Per source language: what ships, how well it does, and what it costs.

    python bench/languages.py            # all figures
    python bench/languages.py --no-time  # skip the timing runs

For each language pack family (fr, de, es, it): rules and dictionary entries shipped; precision
and recall on that language's machine-translated articles of the labelled corpus (findings of
any pack count, as a user runs them all); warnings and errors of that language's packs per
10,000 words of clean English; accuracy of the inferred source language; and a cross matrix of
each language's packs' findings per 1,000 words on each language's articles and on clean English
(a pack should fire on its own language's articles, not on others'). Last, the run time with all
four languages' packs against French alone on the same folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import CORPUS, load_gold, score  # noqa: E402

from tqcheck.api import Linter  # noqa: E402
from tqcheck.findings import Severity  # noqa: E402
from tqcheck.ruleset import load_ruleset  # noqa: E402
from tqcheck.verdict import verdict  # noqa: E402

LANGS = ("fr", "de", "es", "it")


def shipped(ruleset) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rule in ruleset.rules:
        counts[rule.lang][0] += 1
        counts[rule.lang][1] += int(rule.describe_options().get("entries") or 0)
    return {lang: (c[0], c[1]) for lang, c in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-time", action="store_true")
    args = parser.parse_args()
    ruleset = load_ruleset()
    linter = Linter(ruleset)
    articles = load_gold()
    by_lang = {
        lang: [a for a in articles if a.kind == "mt" and a.source_lang == lang] for lang in LANGS
    }
    clean = [a for a in articles if a.kind == "clean"]

    print(
        "| lang | rules | dictionary entries | MT articles | precision | recall | "
        "clean-English warnings per 10k words (own packs) | source language right |"
    )
    print("|---|---|---|---|---|---|---|---|")
    counts = shipped(ruleset)
    cross: dict[str, Counter[str]] = {lang: Counter() for lang in LANGS}
    words: Counter[str] = Counter()
    for lang in LANGS:
        group = by_lang[lang]
        s = score(group, linter)
        right = 0
        for article in group:
            text = article.path.read_text(encoding="utf-8")
            found = linter.check(text)
            words[lang] += len(text.split())
            right += verdict(found, text).source_lang == lang
            for f in found:
                if f.source_lang in LANGS and f.pack.startswith(f.source_lang):
                    cross[lang][f.source_lang] += 1
        clean_hits = 0
        clean_words = 0
        for article in clean:
            text = article.path.read_text(encoding="utf-8")
            clean_words += len(text.split())
            found = linter.check(text)
            clean_hits += sum(
                1 for f in found if f.source_lang == lang and f.severity >= Severity.WARNING
            )
            if lang == LANGS[0]:
                words["clean"] += len(text.split())
                for f in found:
                    if f.source_lang in LANGS:
                        cross["clean"] = cross.get("clean", Counter())
                        cross["clean"][f.source_lang] += 1
        rules, entries = counts.get(lang, (0, 0))
        print(
            f"| {lang} | {rules} | {entries} | {len(group)} | {s.precision():.3f} | "
            f"{s.recall():.3f} | {clean_hits * 10_000 / max(1, clean_words):.2f} | "
            f"{right}/{len(group)} |"
        )
    print(f"\ncommon packs: {counts.get('common', (0, 0))[0]} rules")

    print(
        "\nFindings per 1,000 words of each language's packs (columns) on each group of "
        "articles (rows):\n"
    )
    print("| articles | " + " | ".join(f"{lang} packs" for lang in LANGS) + " |")
    print("|---|" + "---|" * len(LANGS))
    for group in (*LANGS, "clean"):
        row = cross.get(group, Counter())
        cells = " | ".join(f"{row[lang] * 1000 / max(1, words[group]):.2f}" for lang in LANGS)
        label = "clean English" if group == "clean" else f"{group} MT"
        print(f"| {label} | {cells} |")

    if not args.no_time:
        folder = CORPUS / "mt"
        print("\nRun time over tests/corpus/mt (median of 7 whole processes each, alternating):")
        command = [sys.executable, "-m", "tqcheck", "--no-cache", "-j", "1", "--exit-zero", "-q"]
        fr_only, everything = _time_pair(
            [*command, "--source-lang", "fr", str(folder)], [*command, str(folder)]
        )
        print(
            f"  French packs only: {fr_only:.3f} s; all four languages: {everything:.3f} s; "
            f"ratio {everything / fr_only:.2f}"
        )


def _time_pair(first: list[str], second: list[str], runs: int = 7) -> tuple[float, float]:
    """Median wall time of each command, the two alternating so that a change of load on the
    machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for command, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


if __name__ == "__main__":
    main()
