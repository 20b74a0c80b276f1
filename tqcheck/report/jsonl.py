"""JSON Lines: one finding per line, for `grep`, `jq -c` and log shippers.

Each line is the finding object of the JSON report (docs/json-format.md) with `"kind":
"finding"`; a file that could not be checked gives one `"kind": "error"` line. Nothing else is
printed, so an empty output means no findings and no errors.

`write` streams the lines, one file's at a time; `render` returns them as one string.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import ReportOptions
from .ci import clean
from .json import finding_to_dict

if TYPE_CHECKING:
    from ..api import FileResult


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    parts: list[str] = []
    write(results, options, parts.append)
    return "".join(parts)


def write(results: Sequence[FileResult], options: ReportOptions, out: Callable[[str], Any]) -> None:
    """Stream the lines to `out`, one piece per file (nothing for a clean file)."""
    for result in results:
        lines = []
        if result.error:
            record = {"kind": "error", "path": result.path, "error": result.error}
            lines.append(json.dumps(record, ensure_ascii=False))
        for finding in result.findings:
            record = {"kind": "finding", **finding_to_dict(result.path, finding)}
            lines.append(json.dumps(record, ensure_ascii=False))
        if lines:
            out("".join(_one_line(clean(line)) + "\n" for line in lines))


def _one_line(record: str) -> str:
    """JSON leaves U+2028, U+2029 and U+0085 raw; `str.splitlines` and JavaScript break
    lines there, so a record would be cut in two. Escaped, each record is one line for all."""
    return (
        record.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
    )
