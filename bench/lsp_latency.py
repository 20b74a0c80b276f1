"""Time from didOpen of a 5 KB article to its diagnostics, once the server has started.

An editor pays this on every open and (as didChange) on every keystroke burst, so it must stay
well under what a person notices; the target is 100 ms. Start-up itself (importing pygls and
loading the packs, paid once per editor session) is printed separately.

    python bench/lsp_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import LspClient  # noqa: E402

TARGET_MS = 100.0


def article(size: int = 5000) -> str:
    """A ~5 KB machine-translated article: the shipped example repeated with numbered paragraphs."""
    base = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        chunk = f"{n}. {base}\n\n"
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
    return "".join(parts)[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = article()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        client = LspClient()
        try:
            client.initialize(root)
            startup = time.perf_counter() - started
            timings = []
            for run in range(args.runs):
                uri = (root / f"article-{run}.txt").as_uri()
                params = {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "plaintext",
                        "version": 1,
                        "text": text,
                    }
                }
                t0 = time.perf_counter()
                client.notify("textDocument/didOpen", params)
                got = client.wait(
                    lambda m, u=uri: (
                        m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == u
                    ),
                    timeout=30,
                )
                timings.append((time.perf_counter() - t0) * 1000)
                findings = len(got["params"]["diagnostics"])
        finally:
            client.close()
    median = statistics.median(timings)
    print(f"article: {len(text.encode('utf-8'))} bytes, {findings} diagnostics")
    print(f"server start-up (spawn + initialize): {startup * 1000:.0f} ms")
    print(
        f"didOpen -> publishDiagnostics over {len(timings)} runs: median {median:.1f} ms, "
        f"first {timings[0]:.1f} ms, max {max(timings):.1f} ms (target < {TARGET_MS:.0f} ms)"
    )
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
