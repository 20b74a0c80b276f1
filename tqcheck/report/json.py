"""The JSON report: one document, schema version 1, documented in docs/json-format.md.

Field names and meanings are a contract with CI scripts: add fields, never rename or remove
them without raising `version`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from . import ReportOptions
from .common import fixable_counts, severity_counts

if TYPE_CHECKING:
    from ..api import FileResult

SCHEMA_VERSION = 1


def finding_to_dict(path: str, f: Finding) -> dict[str, Any]:
    return {
        "path": path,
        "rule_id": f.rule_id,
        "category": f.category,
        "severity": f.severity.label,
        "message": f.message,
        "why": f.why,
        "source_lang": f.source_lang,
        "pack": f.pack,
        "start": f.start,
        "end": f.end,
        "line": f.line,
        "col": f.col,
        "end_line": f.end_line,
        "end_col": f.end_col,
        "matched": f.matched,
        "suggestions": list(f.suggestions),
        "fix": None
        if f.fix is None
        else {
            "safety": f.fix.safety.value,
            "edits": [
                {"start": e.start, "end": e.end, "replacement": e.replacement} for e in f.fix.edits
            ],
        },
        "confidence": f.confidence,
        "related": [
            {"start": r.start, "end": r.end, "line": r.line, "col": r.col, "message": r.message}
            for r in f.related
        ],
    }


def report_dict(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    counts = severity_counts(results)
    safe, unsafe = fixable_counts(results)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": options.tool_version},
        "files": [
            {
                "path": r.path,
                "encoding": r.source.encoding if r.source else None,
                "error": r.error,
                "warnings": list(r.warnings),
                "findings": len(r.findings),
                "fixes_applied": r.fixes_applied,
                **_verdict_fields(r),
            }
            for r in results
        ],
        "findings": [finding_to_dict(r.path, f) for r in results for f in r.findings],
        "summary": {
            "files": len(results),
            "files_with_errors": sum(1 for r in results if r.error),
            "findings": sum(counts.values()),
            "by_severity": {s.label: counts[s] for s in sorted(counts, reverse=True)},
            "fixable": safe,
            "fixable_unsafe": unsafe,
        },
    }


def _verdict_fields(result: FileResult) -> dict[str, Any]:
    """mt_score, source_lang and evidence of one file (null when it could not be checked)."""
    if result.error or result.document is None:
        return {"mt_score": None, "source_lang": None, "evidence": None}
    from ..verdict import verdict

    v = verdict(result.findings, result.document.text)
    return {"mt_score": v.mt_score, "source_lang": v.source_lang, "evidence": v.evidence}


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    return json.dumps(report_dict(results, options), ensure_ascii=False, indent=2) + "\n"
