"""Size and load time of the HTML report, for the example article and a folder of 1,000.

    python bench/html_report.py              # writes bench/out/, prints sizes and load times
    python bench/html_report.py --count 200  # a smaller folder

The folder is made deterministically from tests/corpus/mt: article i is corpus article
i % 60 with its paragraphs rotated by i // 60 and a numbered dateline, so no two files are
identical. Load time is measured in headless Chromium (tests/browser.py) from navigation start
to the report's "ready" marker (set at the end of its script, after the load event's work).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.browser import Browser, find_chromium  # noqa: E402
from tqcheck.api import Linter  # noqa: E402
from tqcheck.report import ReportOptions, renderer  # noqa: E402


def make_folder(folder: Path, count: int) -> None:
    corpus = sorted((ROOT / "tests" / "corpus" / "mt").glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for i in range(count):
        text = corpus[i % len(corpus)].read_text(encoding="utf-8")
        paras = [p for p in text.split("\n\n") if p.strip()]
        shift = (i // len(corpus)) % max(1, len(paras) - 1)
        body = paras[:1] + paras[1:][shift:] + paras[1:][:shift]
        (folder / f"article-{i:04d}.txt").write_text(
            f"PARIS, dispatch {i}.\n\n" + "\n\n".join(body), encoding="utf-8"
        )


def build(paths: list[Path], out: Path) -> tuple[int, int, float]:
    start = time.perf_counter()
    results = list(Linter().check_paths([str(p) for p in paths]))
    page = renderer("html")(results, ReportOptions(tool_version="bench"))
    elapsed = time.perf_counter() - start
    out.write_text(page, encoding="utf-8")
    return sum(len(r.findings) for r in results), out.stat().st_size, elapsed


def load_time(browser: Browser, page: Path, runs: int = 3) -> float:
    """Best of `runs`: navigation start to the page's ready marker, in seconds."""
    best = float("inf")
    for _ in range(runs):
        browser.open(page)
        ms = browser.eval(
            "new Promise(r => { const t = () => document.documentElement.dataset.ready"
            " ? r(performance.now()) : setTimeout(t, 5); t(); })"
        )
        best = min(best, ms / 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    folder = OUT / "articles"
    make_folder(folder, args.count)
    cases = [
        ("examples/article.txt", [ROOT / "examples" / "article.txt"], OUT / "article.html"),
        (f"folder of {args.count}", [folder], OUT / "folder.html"),
    ]
    chromium = find_chromium()
    browser = Browser(chromium) if chromium else None
    try:
        for name, paths, out in cases:
            findings, size, build_s = build(paths, out)
            line = f"{name}: {findings} findings, {size / 1e6:.2f} MB, built in {build_s:.2f} s"
            if browser:
                line += f", ready in Chromium after {load_time(browser, out):.2f} s"
            print(line)
        if not browser:
            print("no Chromium found: load times not measured")
    finally:
        if browser:
            browser.close()


if __name__ == "__main__":
    main()
