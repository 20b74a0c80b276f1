"""`tqcheck --summary`: one line per file, sorted by MT score, most machine-translated first.

For triage of a folder: which articles need the most work, and from which language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..verdict import file_verdict
from . import ReportOptions
from .common import printable

if TYPE_CHECKING:
    from ..api import FileResult


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    rows: list[tuple[int, str, str, str, str]] = []
    errors: list[str] = []
    for result in results:
        v = file_verdict(result)
        if v is None:
            errors.append(f"{printable(result.path)}: error: {printable(result.error or '')}")
            continue
        rows.append(
            (v.mt_score, v.source_lang or "-", str(len(result.findings)), result.path, v.evidence)
        )
    rows.sort(key=lambda row: (-row[0], row[3]))
    width = max([len("file")] + [len(printable(row[3])) for row in rows])
    out = [f"{'score':>5}  {'lang':<4}  {'findings':>8}  {'file':<{width}}  evidence"]
    for score, lang, count, path, evidence in rows:
        out.append(f"{score:>5}  {lang:<4}  {count:>8}  {printable(path):<{width}}  {evidence}")
    out.extend(errors)
    return "\n".join(out) + "\n"
