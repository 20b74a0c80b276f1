"""Precision, recall and F1 of tqcheck on the labelled corpus, and findings on real MT output.

    python bench/quality.py                 # corpus figures (tests/corpus)
    python bench/quality.py --wmt           # also ../shared/corpora/wmt13-fren, per system
    python bench/quality.py --details       # list every miss and false positive

A finding is a true positive when its span overlaps an expected quote of the same category in
the gold file; every other finding on a machine-translated article, and every finding on a clean
article, is a false positive. Recall counts the expected quotes that some finding of the right
category overlaps. False positives on clean English are also given per 10,000 words (warnings
and errors only, the severities a CI step fails on).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
WMT = ROOT.parent / "shared" / "corpora" / "wmt13-fren"

sys.path.insert(0, str(ROOT))

from tqcheck.api import Linter  # noqa: E402
from tqcheck.findings import Finding, Severity  # noqa: E402


@dataclass
class Expected:
    start: int
    end: int
    category: str
    quote: str
    fix: str | None


@dataclass
class Article:
    path: Path
    kind: str  # mt | clean
    source_lang: str
    expected: list[Expected] = field(default_factory=list)
    must_not_flag: list[str] = field(default_factory=list)


def load_gold(corpus: Path = CORPUS) -> list[Article]:
    """Every labelled article, with expected spans resolved to offsets."""
    articles = []
    for gold_file in sorted((corpus / "gold").glob("*.yaml")):
        for entry in yaml.safe_load(gold_file.read_text(encoding="utf-8")) or []:
            path = corpus / entry["file"]
            text = path.read_text(encoding="utf-8")
            article = Article(path, entry["type"], entry.get("source_lang", "en"))
            for item in entry.get("expect") or []:
                start = -1
                for _ in range(int(item.get("occurrence", 1))):
                    start = text.index(item["quote"], start + 1)
                article.expected.append(
                    Expected(
                        start,
                        start + len(item["quote"]),
                        item["category"],
                        item["quote"],
                        item.get("fix"),
                    )
                )
            article.must_not_flag = list(entry.get("must_not_flag") or [])
            articles.append(article)
    return articles


@dataclass
class Scores:
    tp_findings: Counter[str] = field(default_factory=Counter)
    fp_findings: Counter[str] = field(default_factory=Counter)
    found_expected: Counter[str] = field(default_factory=Counter)
    all_expected: Counter[str] = field(default_factory=Counter)
    clean_words: int = 0
    clean_fp_warn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def precision(self, category: str | None = None) -> float:
        tp = self._sum(self.tp_findings, category)
        fp = self._sum(self.fp_findings, category)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, category: str | None = None) -> float:
        found = self._sum(self.found_expected, category)
        total = self._sum(self.all_expected, category)
        return found / total if total else 1.0

    def f1(self, category: str | None = None) -> float:
        p, r = self.precision(category), self.recall(category)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_per_10k_clean_words(self) -> float:
        return self.clean_fp_warn * 10_000 / self.clean_words if self.clean_words else 0.0

    @staticmethod
    def _sum(counter: Counter[str], category: str | None) -> int:
        return counter[category] if category else sum(counter.values())


def score(articles: Iterable[Article], linter: Linter) -> Scores:
    scores = Scores()
    for article in articles:
        text = article.path.read_text(encoding="utf-8")
        findings = linter.check(text, str(article.path))
        name = article.path.relative_to(CORPUS).as_posix()
        if article.kind == "clean":
            scores.clean_words += len(text.split())
            for f in findings:
                scores.fp_findings[f.category] += 1
                scores.false_positives.append(_describe(name, f))
                if f.severity >= Severity.WARNING:
                    scores.clean_fp_warn += 1
            continue
        for exp in article.expected:
            scores.all_expected[exp.category] += 1
            if any(_hits(f, exp) for f in findings):
                scores.found_expected[exp.category] += 1
            else:
                scores.misses.append(f"{name}: [{exp.category}] {exp.quote!r}")
        for f in findings:
            if any(_hits(f, exp) for exp in article.expected):
                scores.tp_findings[f.category] += 1
            else:
                scores.fp_findings[f.category] += 1
                scores.false_positives.append(_describe(name, f))
    return scores


def _hits(f: Finding, exp: Expected) -> bool:
    return f.category == exp.category and f.start < exp.end and exp.start < f.end


def _describe(name: str, f: Finding) -> str:
    return f"{name}:{f.line}:{f.col}: {f.rule_id} [{f.category}] {f.matched!r}"


def print_scores(scores: Scores) -> None:
    categories = sorted(
        set(scores.all_expected) | set(scores.tp_findings) | set(scores.fp_findings)
    )
    print(
        f"{'category':<14} {'precision':>9} {'recall':>7} {'f1':>6} {'expected':>9} {'findings':>9}"
    )
    for cat in categories:
        findings = scores.tp_findings[cat] + scores.fp_findings[cat]
        print(
            f"{cat:<14} {scores.precision(cat):>9.3f} {scores.recall(cat):>7.3f} "
            f"{scores.f1(cat):>6.3f} {scores.all_expected[cat]:>9} {findings:>9}"
        )
    total = sum(scores.tp_findings.values()) + sum(scores.fp_findings.values())
    print(
        f"{'overall':<14} {scores.precision():>9.3f} {scores.recall():>7.3f} "
        f"{scores.f1():>6.3f} {sum(scores.all_expected.values()):>9} {total:>9}"
    )
    print(
        f"clean English: {scores.clean_fp_warn} warnings/errors in {scores.clean_words} words "
        f"= {scores.fp_per_10k_clean_words:.2f} per 10,000 words"
    )


def wmt_rates(linter: Linter, wmt: Path = WMT) -> list[tuple[str, int, int, float]]:
    """(system, sentences, findings, findings per 1,000 sentences) for each file."""
    rows = []
    for path in sorted(wmt.glob("*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        # One sentence per line: check line by line so detectors that compare paragraphs do
        # not treat 3,000 unrelated sentences as one article.
        count = sum(len(linter.check(line)) for line in lines)
        rows.append((path.name, len(lines), count, count * 1000 / max(1, len(lines))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", action="store_true", help="also score the WMT13 systems")
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args()
    linter = Linter()
    articles = load_gold()
    mt = sum(1 for a in articles if a.kind == "mt")
    print(f"labelled corpus: {mt} machine-translated, {len(articles) - mt} clean articles")
    scores = score(articles, linter)
    print_scores(scores)
    if args.details:
        print("\nmisses:")
        print("\n".join(f"  {m}" for m in scores.misses) or "  none")
        print("false positives:")
        print("\n".join(f"  {m}" for m in scores.false_positives) or "  none")
    if args.wmt:
        if not WMT.is_dir():
            print(f"\n{WMT} not present: WMT13 figures skipped")
            return
        print("\nWMT13 fr-en newstest, findings per 1,000 sentences:")
        by_kind: dict[str, list[float]] = defaultdict(list)
        for name, _sentences, count, rate in wmt_rates(linter):
            print(f"  {name:<42} {count:>6} findings {rate:>8.1f}")
            by_kind["reference" if name.startswith("ref") else "systems"].append(rate)
        systems = by_kind["systems"]
        print(
            f"  systems: min {min(systems):.1f}, median {sorted(systems)[len(systems) // 2]:.1f}"
            f"; reference {by_kind['reference'][0]:.1f}"
        )


if __name__ == "__main__":
    main()
