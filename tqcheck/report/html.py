"""The HTML report: one self-contained page with every article and its findings in place.

The page loads nothing from anywhere: CSS and a small script are inline, charts are inline SVG,
and a Content-Security-Policy allows only those two blocks (by hash) to run or style, so even a
mistake in escaping could not let an article's own markup execute. Article text is escaped
where it is written (html_marks). The page works without its script (marks, lists, the
fixed/diff switch and anchors are plain HTML and CSS); the script adds tooltips, keyboard
navigation and table sorting.

For a folder, each article sits in a closed <details> element, which the browser parses but does
not lay out until it is opened: a thousand articles load as fast as the index table.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity
from . import ReportOptions
from .common import fixable_counts, plural, printable, severity_counts
from .html_chart import bar_chart
from .html_marks import Change, Span, change_blocks, changes_html, highlight, paragraphs, place
from .html_theme import PALETTE, category_css, colours

if TYPE_CHECKING:
    from ..api import FileResult

ASSETS = Path(__file__).resolve().parent / "assets"
TOP_FILES = 30  # files shown in the per-file chart


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _attr(value: object) -> str:
    return escape(printable(str(value)), quote=True)


def _text(value: object) -> str:
    return escape(printable(str(value)), quote=False)


def _verdict(result: FileResult) -> Any:
    """The per-article verdict (MT score, source language); None for unreadable files."""
    from ..verdict import file_verdict

    return file_verdict(result)


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    css = _asset("report.css") + category_css()
    script = _asset("report.js")
    csp = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(script)}"
    )
    many = len(results) > 1
    body = [
        _header(results, options, many),
        _index(results) if many else "",
        '<main id="files">',
        *(_file_section(n, r, open_=not many) for n, r in enumerate(results)),
        "</main>",
        _glossary(results, options),
        '<div id="tq-tip" role="tooltip" hidden></div>',
    ]
    title = "tqcheck report" + (f": {results[0].path}" if len(results) == 1 else "")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f'<meta name="generator" content="tqcheck {_attr(options.tool_version)}">'
        f"<title>{_text(title)}</title><style>{css}</style></head>\n"
        "<body>\n" + "\n".join(part for part in body if part) + f"\n<script>{script}</script>"
        "\n</body></html>\n"
    )


def _severity_count(counts: Counter[Severity], severity: Severity) -> str:
    if severity is Severity.INFO:
        return f"{counts[severity]} info"
    return plural(counts[severity], severity.label)


# ---- header: summary, legend, keys, charts ---------------------------------------------------


def _header(results: Sequence[FileResult], options: ReportOptions, many: bool) -> str:
    counts = severity_counts(results)
    total = sum(counts.values())
    safe, unsafe = fixable_counts(results)
    errors = sum(1 for r in results if r.error)
    by_severity = ", ".join(_severity_count(counts, s) for s in sorted(counts, reverse=True))
    summary = f"{plural(total, 'finding')} in {plural(len(results), 'file')}"
    if by_severity:
        summary += f" ({by_severity})"
    summary += f"; {safe} with a safe fix, {unsafe} with an unsafe fix"
    if errors:
        summary += f"; {plural(errors, 'file')} could not be read"
    categories = Counter(f.category for r in results for f in r.findings)
    legend = "".join(
        f'<li class="c-{_attr(c)}"><span class="swatch" aria-hidden="true"></span>'
        f"{_text(c)} <small>(label “{_text(colours(c)[2])}”)</small></li>"
        for c in PALETTE
        if c in categories
    )
    charts = ""
    if categories:
        charts += bar_chart(
            "Findings per category",
            [(c, n, f"c-{c}") for c, n in categories.most_common()],
            "chart-cat",
        )
    if many:
        ranked = sorted(
            ((r.path, len(r.findings)) for r in results if r.findings), key=lambda x: -x[1]
        )
        shown = ranked[:TOP_FILES]
        note = f"the {len(shown)} with most of {len(ranked)} files with findings"
        charts += bar_chart(
            "Findings per file", [(p, n, "c-file") for p, n in shown], "chart-file", note
        )
    return (
        '<header id="top"><h1>tqcheck report</h1>'
        f'<p class="summary">{_text(summary)}.</p>'
        + (f'<ul class="legend" aria-label="Categories">{legend}</ul>' if legend else "")
        + '<p class="keys" id="keys"><strong>Keys:</strong> <kbd>j</kbd> or <kbd>n</kbd> next '
        "finding, <kbd>k</kbd> or <kbd>p</kbd> previous finding, <kbd>Esc</kbd> hide the "
        "tooltip. Hover or focus (<kbd>Tab</kbd>) a highlight to read what is wrong; a click "
        "on an entry of a findings list jumps to its highlight. Under <q>Fixed text and "
        "diff</q>, the fixed text has every suggested fix applied, safe and unsafe, and only "
        "the paragraphs that change are shown: the article above has them all.</p>"
        + (f'<div class="charts">{charts}</div>' if charts else "")
        + "</header>"
    )


# ---- index of files ----------------------------------------------------------------------------


def _index(results: Sequence[FileResult]) -> str:
    verdicts = [_verdict(r) for r in results]
    with_verdict = any(v is not None for v in verdicts)
    heads = ["File", "Findings", "Errors", "Warnings", "Info", "Fixable"]
    kinds = ["text", "num", "num", "num", "num", "num"]
    if with_verdict:
        heads += ["MT score", "Source"]
        kinds += ["num", "text"]
    heads.append("Status")
    kinds.append("text")
    head = "".join(
        f'<th scope="col" data-kind="{k}"><button type="button">{h}</button></th>'
        for h, k in zip(heads, kinds, strict=True)
    )
    rows = []
    for n, (result, verdict) in enumerate(zip(results, verdicts, strict=True)):
        counts = Counter(f.severity for f in result.findings)
        fixable = sum(1 for f in result.findings if f.fixable(True))
        cells = [
            f'<th scope="row"><a href="#file-{n}">{_text(result.path)}</a></th>',
            f"<td>{len(result.findings)}</td>",
            f"<td>{counts[Severity.ERROR]}</td>",
            f"<td>{counts[Severity.WARNING]}</td>",
            f"<td>{counts[Severity.INFO]}</td>",
            f"<td>{fixable}</td>",
        ]
        if with_verdict:
            score = getattr(verdict, "mt_score", None)
            lang = getattr(verdict, "source_lang", None)
            cells.append(f"<td>{'' if score is None else _text(round(float(score)))}</td>")
            cells.append(f"<td>{'' if lang is None else _text(lang)}</td>")
        status = f'<span class="err">error: {_text(result.error)}</span>' if result.error else "ok"
        cells.append(f"<td>{status}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<section id="index" aria-labelledby="index-h"><h2 id="index-h">Files</h2>'
        "<p>Click a column header to sort.</p>"
        f'<table class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


# ---- one article -------------------------------------------------------------------------------


def _file_section(n: int, result: FileResult, open_: bool) -> str:
    counts = Counter(f.severity for f in result.findings)
    parts = [plural(len(result.findings), "finding")] + [
        _severity_count(counts, s) for s in sorted(counts, reverse=True)
    ]
    verdict = _verdict(result)
    if verdict is not None:
        score = getattr(verdict, "score", None)
        lang = getattr(verdict, "source_lang", None)
        if score is not None:
            parts.append(f"MT score {round(float(score))}")
        if lang:
            parts.append(f"likely source {lang}")
    if result.error:
        parts = ["could not be read"]
    summary = (
        f'<summary><h2 id="file-{n}-h">{_text(result.path)}</h2> '
        f'<span class="counts">{_text(" · ".join(parts))}</span></summary>'
    )
    if result.error:
        inner = f'<p class="err">Could not be read: {_text(result.error)}</p>'
    else:
        inner = _article(n, result)
    return (
        f'<section class="file" id="file-{n}" aria-labelledby="file-{n}-h">'
        f"<details{' open' if open_ else ''}>{summary}{inner}</details></section>"
    )


def _source_text(result: FileResult) -> str:
    if result.document is not None:
        return result.document.text
    if result.source is not None:
        return result.source.text
    return ""


def _article(n: int, result: FileResult) -> str:
    text = _source_text(result)
    findings = result.findings
    paras = paragraphs(text)
    spans = [Span(i, f.start, f.end) for i, f in enumerate(findings)]
    placed = place(spans, paras)
    seen: set[int] = set()

    def open_tag(i: int, first: bool) -> str:
        f = findings[i]
        classes = f"tq c-{_attr(f.category)} s-{f.severity.label}"
        if not first:  # a continuation: its tooltip and data are the first piece's
            return f'<mark class="{classes} cont" data-of="m{n}-{i}">'
        return (
            f'<mark id="m{n}-{i}" class="{classes}" data-rule="{_attr(f.rule_id)}" '
            f'data-category="{_attr(f.category)}" tabindex="0" '
            f'aria-describedby="d{n}-{i} r-{_attr(f.rule_id)}">'
        )

    body = "".join(
        f"<p>{highlight(text, ps, pe, pieces, open_tag, seen=seen)}</p>"
        for (ps, pe), pieces in zip(paras, placed, strict=True)
    )
    if not paras:
        body = '<p class="empty">(empty file)</p>'
    items = "".join(_list_item(n, i, f) for i, f in enumerate(findings))
    listing = (
        f'<aside class="list" aria-labelledby="list-{n}-h file-{n}-h">'
        f'<h3 id="list-{n}-h">Findings</h3><ol>{items}</ol></aside>'
        if findings
        else '<aside class="list"><p>No findings.</p></aside>'
    )
    return (
        f'<div class="cols"><article class="text" lang="en">{body}</article>{listing}</div>'
        + _changes(n, text, findings, paras)
    )


def _list_item(n: int, i: int, f: Finding) -> str:
    if f.fix is not None:
        replacement = "".join(e.replacement for e in f.fix.edits)
        what = f"<q>{_text(replacement)}</q>" if replacement else "delete"
        fix = f"{f.fix.safety.value} fix: {what}"
    elif f.suggestions:
        fix = "suggestion: " + ", ".join(f"<q>{_text(s)}</q>" for s in f.suggestions[:3])
    else:
        fix = ""
    # The label is the category's short name, drawn by CSS like the highlight's own label.
    return (
        f'<li id="d{n}-{i}" class="c-{_attr(f.category)}">'
        f'<a class="go" href="#m{n}-{i}"><b class="lab"></b> '
        f'<b class="sev s-{f.severity.label}">{f.severity.label}</b> '
        f"<code>{_text(f.rule_id)}</code> {f.line}:{f.col}</a>"
        f'<span class="msg">{_text(f.message)}</span>'
        + (f'<span class="fix">{fix}</span>' if fix else "")
        + "</li>"
    )


def _changes(
    n: int, text: str, findings: Sequence[Finding], paras: Sequence[tuple[int, int]]
) -> str:
    """The fixes as a diff or as fixed text: only the paragraphs that change, each a true diff
    of its slice; a note stands for each run of unchanged paragraphs (the article shows them)."""
    changes = [
        Change(e.start, e.end, e.replacement, f.fix.safety.value, f.rule_id)
        for f in findings
        if f.fix is not None
        for e in f.fix.edits
    ]
    if not changes:
        return ""
    safe = sum(1 for c in changes if c.safety == "safe")
    name = f"view-{n}"
    starts = [p[0] for p in paras]
    blocks: list[str] = []
    shown = 0  # paragraphs before this index are shown or accounted for

    def gap(upto: int) -> None:
        if upto > shown:
            blocks.append(f'<p class="gap">{plural(upto - shown, "paragraph")} unchanged</p>')

    for start, end, within in change_blocks(text, changes, paras):
        first = bisect.bisect_right(starts, start) - 1 if paras else 0
        last = bisect.bisect_left(starts, end)  # paragraphs first..last-1 are in this block
        gap(max(first, 0))
        blocks.append(f"<p>{changes_html(text, within, start, end)}</p>")
        shown = max(shown, last)
    gap(len(paras))
    return (
        f'<details class="changes"><summary>Fixed text and diff: {safe} safe, '
        f"{len(changes) - safe} unsafe changes</summary>"
        f'<fieldset class="mode"><legend>Show</legend>'
        f'<label><input type="radio" name="{name}" value="diff" checked> diff</label> '
        f'<label><input type="radio" name="{name}" value="fixed"> fixed text</label></fieldset>'
        f'<div class="chg-text">{"".join(blocks)}</div></details>'
    )


# ---- rule glossary -----------------------------------------------------------------------------


def _glossary(results: Sequence[FileResult], options: ReportOptions) -> str:
    first: dict[str, Finding] = {}
    for result in results:
        for f in result.findings:
            first.setdefault(f.rule_id, f)
    if not first:
        return ""
    items = []
    for rule_id in sorted(first):
        f = first[rule_id]
        rule = options.ruleset.get(rule_id) if options.ruleset is not None else None
        safety = rule.fix_safety if rule is not None else (f.fix.safety if f.fix else None)
        fix = safety.value if safety is not None else "none"
        items.append(
            f'<div class="rule c-{_attr(f.category)}" id="r-{_attr(rule_id)}">'
            f'<dt><code>{_text(rule_id)}</code> <span class="lab">{_text(f.category)}</span> '
            f"<small>{f.severity.label}, fix {fix}, pack {_text(f.pack)}</small></dt>"
            f'<dd class="why">Why: {_text(f.why)}</dd></div>'
        )
    return (
        '<section id="rules" aria-labelledby="rules-h"><h2 id="rules-h">Rules that fired</h2>'
        f"<dl>{''.join(items)}</dl></section>"
    )
