"""The terminal report: `path:line:col: RULE-ID message`, the line with the span marked, the fix.

Article paragraphs are often one very long line, so only a window of the line around the span
is shown. Colour only when asked (the CLI decides from the terminal and NO_COLOR).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity
from . import ReportOptions
from .common import fixable_counts, plural, printable, severity_counts

if TYPE_CHECKING:
    from ..api import FileResult
    from ..document import Document

CONTEXT = 40  # characters of the line shown on each side of the span
_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _style(text: str, options: ReportOptions, **style: object) -> str:
    if not options.color:
        return text
    import click

    return click.style(text, **style)  # type: ignore[arg-type]


#: lines of one file's findings written as one piece
_BATCH_LINES = 2048


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    parts: list[str] = []
    write(results, options, parts.append)
    return "".join(parts)


def write(results: Sequence[FileResult], options: ReportOptions, out: Callable[[str], Any]) -> None:
    """Stream the report to `out`, a piece per file or per `_BATCH_LINES` lines of one: a file
    of 20,000 findings never becomes one string of tens of megabytes (and a list of every line
    of it) before it is written."""
    for result in results:
        lines: list[str] = []
        for warning in result.warnings:
            lines.append(printable(f"{result.path}: warning: {warning}"))
        if result.error:
            lines.append(
                _style(
                    printable(f"{result.path}: error: {result.error}"), options, fg="red", bold=True
                )
            )
        for finding in result.findings:
            lines.extend(render_finding(result.path, finding, result.document, options))
            if len(lines) >= _BATCH_LINES:  # a file of many findings: a piece at a time
                lines.append("")
                out("\n".join(lines))
                lines = []
        if lines:
            lines.append("")
            out("\n".join(lines))
    out(summary(results, options) + "\n")


def render_finding(
    path: str, f: Finding, doc: Document | None, options: ReportOptions
) -> list[str]:
    color = _COLORS[f.severity]
    head = (
        _style(f"{printable(path)}:{f.line}:{f.col}:", options, bold=True)
        + " "
        + _style(f.rule_id, options, fg=color, bold=True)
        + " "
        + printable(f.message)
    )
    lines = [head]
    if options.show_source and doc is not None:
        lines.extend(_excerpt(f, doc, options))
    if f.fix is not None:
        replacement = "".join(e.replacement for e in f.fix.edits)
        action = f"replace with '{printable(replacement)}'" if replacement else "delete"
        label = "fix" if f.fix.safety.value == "safe" else "unsafe fix"
        lines.append(_style(f"    = {label}: {action}", options, fg="green"))
    elif f.suggestions:
        shown = ", ".join(f"'{printable(s)}'" for s in f.suggestions[:3])
        lines.append(_style(f"    = suggestion: {shown}", options, fg="cyan"))
    return lines


def _excerpt(f: Finding, doc: Document, options: ReportOptions) -> list[str]:
    line_start, line_end, _ = doc.line_span(f.line)
    end = min(f.end, line_end) if f.end_line != f.line else f.end
    lo = max(line_start, f.start - CONTEXT)
    hi = min(line_end, max(end, f.start) + CONTEXT)
    before = ("…" if lo > line_start else "") + doc.text[lo : f.start]
    span = doc.text[f.start : max(end, f.start)]
    after = doc.text[max(end, f.start) : hi] + ("…" if hi < line_end else "")
    before, span, after = (printable(s.replace("\t", " ")) for s in (before, span, after))
    number = str(f.line)
    gutter = " " * len(number)
    marker = " " * len(before) + "^" * max(1, len(span))
    return [
        f"  {number} | {before}{_style(span, options, fg=_COLORS[f.severity], bold=True)}{after}",
        f"  {gutter} | " + _style(marker, options, fg=_COLORS[f.severity]),
    ]


def summary(results: Sequence[FileResult], options: ReportOptions) -> str:
    files = len(results)
    errors = sum(1 for r in results if r.error)
    counts = severity_counts(results)
    total = sum(counts.values())
    fixed = sum(r.fixes_applied for r in results)
    parts = []
    if options.fixing and fixed:
        parts.append(f"Fixed {plural(fixed, 'finding')}.")
    if total == 0:
        parts.append(f"No findings in {plural(files - errors, 'file')}.")
    else:
        by_severity = ", ".join(
            plural(counts[s], s.label) if s is not Severity.INFO else f"{counts[s]} info"
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            if counts[s]
        )
        safe, unsafe = fixable_counts(results)
        text = f"Found {plural(total, 'finding')} ({by_severity}) in {plural(files, 'file')}"
        if safe or unsafe:
            text += f"; {safe} fixable with --fix"
            if unsafe and not options.unsafe_fixes:
                text += f" ({unsafe} more with --unsafe-fixes)"
            elif unsafe:
                text += f", {unsafe} with --unsafe-fixes"
        parts.append(text + ".")
    if errors:
        parts.append(f"{plural(errors, 'file')} could not be checked.")
    return _style(" ".join(parts), options, bold=True)
