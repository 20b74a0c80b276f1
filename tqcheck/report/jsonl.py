"""JSON Lines: one finding per line, for `grep`, `jq -c` and log shippers.

Each line is the finding object of the JSON report (docs/json-format.md) with `"kind":
"finding"`; a file that could not be checked gives one `"kind": "error"` line. Nothing else is
printed, so an empty output means no findings and no errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import ReportOptions
from .ci import clean
from .json import finding_to_dict

if TYPE_CHECKING:
    from ..api import FileResult


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = []
    for result in results:
        if result.error:
            record = {"kind": "error", "path": result.path, "error": result.error}
            lines.append(json.dumps(record, ensure_ascii=False))
        for finding in result.findings:
            record = {"kind": "finding", **finding_to_dict(result.path, finding)}
            lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(clean(line) + "\n" for line in lines)
