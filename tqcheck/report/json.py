"""The JSON report: one document, schema version 1, documented in docs/json-format.md.

Field names and meanings are a contract with CI scripts: add fields, never rename or remove
them without raising `version`.

`write` streams the document: each file's entry and each file's findings are encoded and
written as they come, and the summary (last in the document) is computed from running counts,
so a report of 150,000 findings is never held whole in memory. `render` returns the same text
as one string, for library users.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Fix, Severity
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


def file_to_dict(r: FileResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "encoding": r.source.encoding if r.source else None,
        "error": r.error,
        "warnings": list(r.warnings),
        "findings": len(r.findings),
        "fixes_applied": r.fixes_applied,
        **_verdict_fields(r),
    }


def summary_dict(
    files: int, files_with_errors: int, counts: Counter[Severity], safe: int, unsafe: int
) -> dict[str, Any]:
    return {
        "files": files,
        "files_with_errors": files_with_errors,
        "findings": sum(counts.values()),
        "by_severity": {s.label: counts[s] for s in sorted(counts, reverse=True)},
        "fixable": safe,
        "fixable_unsafe": unsafe,
    }


def report_dict(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    """The whole report as one value (`write` streams the same document)."""
    counts = severity_counts(results)
    safe, unsafe = fixable_counts(results)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": options.tool_version},
        "files": [file_to_dict(r) for r in results],
        "findings": [finding_to_dict(r.path, f) for r in results for f in r.findings],
        "summary": summary_dict(
            len(results), sum(1 for r in results if r.error), counts, safe, unsafe
        ),
    }


def _verdict_fields(result: FileResult) -> dict[str, Any]:
    """mt_score, source_lang and evidence of one file (null when it could not be checked)."""
    from ..verdict import file_verdict

    v = file_verdict(result)
    if v is None:
        return {"mt_score": None, "source_lang": None, "evidence": None}
    return {"mt_score": v.mt_score, "source_lang": v.source_lang, "evidence": v.evidence}


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    parts: list[str] = []
    write(results, options, parts.append)
    return "".join(parts)


def write(results: Sequence[FileResult], options: ReportOptions, out: Callable[[str], Any]) -> None:
    """Stream the report to `out`, one piece per file and per file's findings.

    The text is `dumps_indented(report_dict(results, options)) + "\n"`, character for
    character: the layout of the top level is written here, every value inside it by the same
    encoder at its depth.
    """
    out("{\n  " + _escape("version") + ": " + _at(SCHEMA_VERSION, 1))
    out(",\n  " + _escape("tool") + ": ")
    out(_at({"name": "tqcheck", "version": options.tool_version}, 1))
    out(",\n  " + _escape("files") + ": ")
    errors = 0
    opening = "[\n    "
    for r in results:
        errors += bool(r.error)
        out(opening + _file_at_2(r))
        opening = ",\n    "
    out("[]" if opening.startswith("[") else "\n  ]")
    out(",\n  " + _escape("findings") + ": ")
    counts: Counter[Severity] = Counter()
    safe = fixable = 0
    opening = "[\n    "
    for r in results:
        if not r.findings:
            continue
        pieces = []
        path = _escape(r.path)
        for f in r.findings:
            counts[f.severity] += 1
            safe += f.fixable(False)
            fixable += f.fixable(True)
            pieces.append(opening + _finding_at_2(path, f))
            opening = ",\n    "
            if len(pieces) >= _BATCH_FINDINGS:  # a file of many findings: a piece at a time
                out("".join(pieces))
                pieces = []
        out("".join(pieces))
    out("[]" if opening.startswith("[") else "\n  ]")
    summary = summary_dict(len(results), errors, counts, safe, fixable - safe)
    out(",\n  " + _escape("summary") + ": " + _at(summary, 1) + "\n}\n")


#: findings of one file written as one piece
_BATCH_FINDINGS = 512
_FIELD = ",\n      "  # between the fields of a finding (depth 3)


def _finding_at_2(path: str, f: Finding) -> str:
    """`_at(finding_to_dict(path, f), 2)` with `path` already escaped, written directly.

    A report holds thousands of findings, and building each one's dict and walking it was
    most of the cost of a JSON report (tests/test_ci_formats.py compares the two).
    """
    e = _escape
    fix = f.fix
    parts = [
        '{\n      "path": ' + path,
        '"rule_id": ' + e(f.rule_id),
        '"category": ' + e(f.category),
        '"severity": ' + e(f.severity.label),
        '"message": ' + e(f.message),
        '"why": ' + e(f.why),
        '"source_lang": ' + e(f.source_lang),
        '"pack": ' + e(f.pack),
        f'"start": {f.start:d}',
        f'"end": {f.end:d}',
        f'"line": {f.line:d}',
        f'"col": {f.col:d}',
        f'"end_line": {f.end_line:d}',
        f'"end_col": {f.end_col:d}',
        '"matched": ' + e(f.matched),
        '"suggestions": '
        + (
            "[\n        " + ",\n        ".join(map(e, f.suggestions)) + "\n      ]"
            if f.suggestions
            else "[]"
        ),
        '"fix": ' + ("null" if fix is None else _fix_at_3(fix)),
        '"confidence": ' + ("null" if f.confidence is None else _at(f.confidence, 3)),
        '"related": '
        + (
            _at(
                [
                    {
                        "start": r.start,
                        "end": r.end,
                        "line": r.line,
                        "col": r.col,
                        "message": r.message,
                    }
                    for r in f.related
                ],
                3,
            )
            if f.related
            else "[]"
        ),
    ]
    return _FIELD.join(parts) + "\n    }"


def _fix_at_3(fix: Fix) -> str:
    """`_at(<the fix's dict in finding_to_dict>, 3)`, written directly."""
    edits = ",\n          ".join(
        f'{{\n            "start": {x.start:d},\n            "end": {x.end:d},'
        f'\n            "replacement": {_escape(x.replacement)}\n          }}'
        for x in fix.edits
    )
    return (
        '{\n        "safety": '
        + _escape(fix.safety.value)
        + ',\n        "edits": '
        + ("[\n          " + edits + "\n        ]" if fix.edits else "[]")
        + "\n      }"
    )


def _file_at_2(r: FileResult) -> str:
    """`_at(file_to_dict(r), 2)`, written directly for the common value types."""
    fields = []
    for key, value in file_to_dict(r).items():
        if value is None:
            text = "null"
        elif type(value) is str:
            text = _escape(value)
        elif type(value) is int:
            text = int.__repr__(value)
        else:
            text = _at(value, 3)
        fields.append(_escape(key) + ": " + text)
    return "{\n      " + ",\n      ".join(fields) + "\n    }"


def _at(value: Any, depth: int) -> str:
    """`value` encoded as it reads at `depth` inside an indented document."""
    parts: list[str] = []
    try:
        _encode(value, depth, parts.append)
    except _Unknown:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    return "".join(parts)


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, character for character, faster.

    With `indent`, the standard library leaves its C encoder for a pure-Python generator
    chain (~6 s for a report of 86,000 findings); this writes the same layout into one list,
    with strings escaped by the C escaper. Any type it does not know falls back to json.dumps.
    """
    parts: list[str] = []
    try:
        _encode(value, 0, parts.append)
    except _Unknown:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


class _Unknown(Exception):
    pass


_escape = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _encode(value: Any, depth: int, append: Any) -> None:
    if isinstance(value, str):
        append(_escape(value))
    elif value is None:
        append("null")
    elif value is True:
        append("true")
    elif value is False:
        append("false")
    elif isinstance(value, int):
        append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _Unknown
        append(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            append("{}")
            return
        inner = "\n" + "  " * (depth + 1)
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unknown
            append(separator)
            append(_escape(key))
            append(": ")
            _encode(item, depth + 1, append)
            separator = "," + inner
        append("\n" + "  " * depth + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            append("[]")
            return
        inner = "\n" + "  " * (depth + 1)
        separator = "[" + inner
        for item in value:
            append(separator)
            _encode(item, depth + 1, append)
            separator = "," + inner
        append("\n" + "  " * depth + "]")
    else:
        raise _Unknown
