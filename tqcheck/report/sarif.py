"""SARIF 2.1.0: the format GitHub code scanning (and most security dashboards) read.

Choices a reader needs to know:
- columns are 1-based Unicode code points, declared with `run.columnKind:
  "unicodeCodePoints"`; `endColumn` points just past the span, as SARIF defines it;
- paths are relative to the working folder with `uriBaseId: "%SRCROOT%"` (CI runs tqcheck at
  the checkout root); a file outside it gets an absolute `file://` URI;
- each rule's `fullDescription` is its `why`; `properties.category` its category;
- fixes are `artifactChanges` with `deletedRegion` + `insertedContent`, so code scanning can
  show the suggested change;
- `partialFingerprints["tqcheckFingerprint/v1"]` is the baseline fingerprint, stable across
  edits elsewhere in the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..regex_cache import precompiled
from . import ReportOptions
from .ci import SARIF_LEVEL, clean, located_findings, uri

if TYPE_CHECKING:
    from ..api import FileResult
    from ..document import Document

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_PLACEHOLDER = precompiled(r"\{[^{}]*\}")


def _rule_descriptor(
    rule_id: str, message: str, why: str, level: str, category: str, extra: dict[str, Any]
) -> dict[str, Any]:
    short = _PLACEHOLDER.sub("…", message).strip() or rule_id
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": why or short},
        "defaultConfiguration": {"level": level},
        "properties": {"category": category, "tags": [category], **extra},
    }


def _rules(results: Sequence[FileResult], options: ReportOptions) -> list[dict[str, Any]]:
    descriptors: dict[str, dict[str, Any]] = {}
    if options.ruleset is not None:
        for rule in options.ruleset.rules:
            descriptors[rule.id] = _rule_descriptor(
                rule.id,
                rule.message,
                rule.why,
                SARIF_LEVEL[rule.severity],
                rule.category,
                {"pack": rule.pack, "sourceLanguage": rule.lang},
            )
    for result in results:
        for f in result.findings:
            if f.rule_id not in descriptors:
                descriptors[f.rule_id] = _rule_descriptor(
                    f.rule_id,
                    f.message,
                    f.why,
                    SARIF_LEVEL[f.severity],
                    f.category,
                    {"pack": f.pack, "sourceLanguage": f.source_lang},
                )
    return [_cleaned(d) for d in descriptors.values()]


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _location(path: str) -> dict[str, Any]:
    ref, relative = uri(path)
    location: dict[str, Any] = {"uri": ref}
    if relative:
        location["uriBaseId"] = "%SRCROOT%"
    return location


def _region(doc: Document | None, start: int, end: int) -> dict[str, Any]:
    if doc is None:
        return {"charOffset": start, "charLength": end - start}
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _result(result: FileResult, f: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    artifact = _location(result.path)
    entry: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": clean(f.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": f.line,
                        "startColumn": f.col,
                        "endLine": f.end_line,
                        "endColumn": f.end_col,
                        "snippet": {"text": clean(f.matched)},
                    },
                }
            }
        ],
        "partialFingerprints": {"tqcheckFingerprint/v1": fingerprint},
        "properties": {"category": f.category},
    }
    if f.fix is not None:
        replacements = [
            {
                "deletedRegion": _region(result.document, e.start, e.end),
                "insertedContent": {"text": clean(e.replacement)},
            }
            for e in f.fix.edits
        ]
        text = "".join(e.replacement for e in f.fix.edits)
        entry["fixes"] = [
            {
                "description": {
                    "text": clean(f"Replace with '{text}'" if text else "Delete")
                    + ("" if f.fix.safety.value == "safe" else " (unsafe: review it)")
                },
                "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
            }
        ]
    return entry


def report_dict(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    rules = _rules(results, options)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sarif_results = [
        _result(result, f, index[f.rule_id], f"{fp.digest}:{fp.occurrence}")
        for result, f, fp in located_findings(results)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": clean(f"{r.path}: {r.error}")},
            "locations": [{"physicalLocation": {"artifactLocation": _location(r.path)}}],
        }
        for r in results
        if r.error
    ]
    root = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tqcheck",
                        "version": options.tool_version or "0",
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    return json.dumps(report_dict(results, options), ensure_ascii=False, indent=2) + "\n"
