"""GitLab Code Quality report (a JSON array of Code Climate issues).

GitLab needs `description`, `check_name`, `fingerprint` (unique in the report, stable across
runs so the merge request widget can tell new issues from fixed ones), `severity` (info, minor,
major, critical, blocker) and `location.path` / `location.lines.begin`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..findings import Severity
from . import ReportOptions
from .ci import clean, located_findings, relative_path, unique_id

if TYPE_CHECKING:
    from ..api import FileResult

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    issues: list[dict[str, Any]] = []
    for result, f, fp in located_findings(results):
        issues.append(
            {
                "type": "issue",
                "description": f"{f.rule_id}: {f.message}",
                "check_name": f.rule_id,
                "categories": ["Style"],
                "fingerprint": unique_id(result.path, fp.digest, fp.occurrence),
                "severity": SEVERITY[f.severity],
                "location": {
                    "path": relative_path(result.path),
                    "lines": {"begin": f.line, "end": f.end_line},
                },
            }
        )
    for result in results:
        if result.error:
            issues.append(
                {
                    "type": "issue",
                    "description": f"file could not be checked: {result.error}",
                    "check_name": "tqcheck-file-error",
                    "categories": ["Bug Risk"],
                    "fingerprint": unique_id(result.path, "file-error"),
                    "severity": "blocker",
                    "location": {"path": relative_path(result.path), "lines": {"begin": 1}},
                }
            )
    return clean(json.dumps(issues, ensure_ascii=False, indent=2)) + "\n"
