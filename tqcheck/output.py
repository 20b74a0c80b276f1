"""Where a report goes, and the short forms of it (`--statistics`, `--quiet`).

Kept apart from the renderers: a renderer turns findings into a document; this module decides
whether the document, a summary or a statistics table is printed, and whether to stdout or to
a file written atomically (a CI step may pick the file up while tqcheck runs).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .report.ci import clean

if TYPE_CHECKING:
    from .api import FileResult


def statistics(results: Sequence[FileResult], fmt: str) -> str:
    """Findings per rule, most frequent first (ties by rule id); text table or JSON."""
    counts: Counter[str] = Counter()
    info: dict[str, tuple[str, str, bool]] = {}
    for result in results:
        for f in result.findings:
            counts[f.rule_id] += 1
            fixable = f.fix is not None or info.get(f.rule_id, ("", "", False))[2]
            info[f.rule_id] = (f.severity.label, f.category, fixable)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        import json

        data = [
            {
                "rule_id": rule,
                "count": count,
                "severity": info[rule][0],
                "category": info[rule][1],
                "fixable": info[rule][2],
            }
            for rule, count in rows
        ]
        return json.dumps(data, indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(c)) for _, c in rows)
    id_width = max(len(r) for r, _ in rows)
    cat_width = max(len(info[r][1]) for r, _ in rows)
    lines = [
        f"{count:>{width}}  {rule:<{id_width}}  {info[rule][0]:<7}  "
        + (f"{info[rule][1]:<{cat_width}}  [*]" if info[rule][2] else info[rule][1])
        for rule, count in rows
    ]
    return "\n".join(lines) + "\n"


def emit(text: str, output_file: str | None) -> None:
    """Write the report to stdout, or atomically to `output_file` (stdout then stays empty)."""
    text = clean(text)
    if output_file:
        from .atomic import atomic_write_text

        atomic_write_text(Path(output_file), text)
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def emit_stream(produce: Callable[[Callable[[str], Any]], None], output_file: str | None) -> None:
    """`emit` for a report written piece by piece: `produce(out)` calls `out` with each piece.

    Same destinations and guarantees: stdout, or `output_file` replaced atomically once the
    whole report is written (a failure part-way leaves the previous file).
    """
    if output_file:
        from .atomic import atomic_writer

        with atomic_writer(Path(output_file)) as handle:
            produce(lambda piece: handle.write(clean(piece)))
        return
    write = sys.stdout.write
    produce(lambda piece: write(clean(piece)))
    sys.stdout.flush()
