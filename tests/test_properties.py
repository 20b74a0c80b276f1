"""Properties over arbitrary text and arbitrary rules: positions, fixes and every report format.

Settings: tests/strategies.py PROPERTY_SETTINGS (docs/robustness.md records them and the
counts). Each property draws a hostile text (every newline style, astral characters, controls,
an ESC sequence) and a random pack (literal swaps and patterns with random fixes).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from hypothesis import event, given
from hypothesis import strategies as st

from tqcheck.api import FileResult, Linter
from tqcheck.baseline import fingerprints
from tqcheck.fixes import MAX_ROUNDS, apply_edits, fixable_edits
from tqcheck.report import FORMATS, VERDICT_FORMATS, ReportOptions, renderer
from tqcheck.slim import slim_result
from tqcheck.sources import Source

from .strategies import PROPERTY_SETTINGS, hostile_texts, random_rulesets

PATHS = st.sampled_from(["a.txt", "news/b.md", "c.html", "d\x1b[2J<x>&\"'.txt", "e é😀.txt"])


@PROPERTY_SETTINGS
@given(text=hostile_texts(), ruleset=random_rulesets(), path=PATHS)
def test_offsets_in_bounds_and_positions_agree_with_slicing(text, ruleset, path) -> None:
    linter = Linter(ruleset)
    doc = linter.document(text, path)
    findings = linter.check(text, path)
    event(f"findings: {'some' if findings else 'none'}")
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.matched
        assert doc.position(f.start) == (f.line, f.col)
        assert doc.position(f.end) == (f.end_line, f.end_col)
        assert doc.offset_of(f.line, f.col) == f.start
        # the line/column agree with counting newlines by hand (\r\n, \r and \n each end one)
        before = text[: f.start].replace("\r\n", "\n").replace("\r", "\n")
        assert f.line == before.count("\n") + 1
        assert f.col == len(before) - (before.rfind("\n") + 1) + 1
        for edit in f.fix.edits if f.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text)


@PROPERTY_SETTINGS
@given(text=hostile_texts(), ruleset=random_rulesets(), path=PATHS, unsafe=st.booleans())
def test_one_round_of_fixes_keeps_everything_outside_the_edits(text, ruleset, path, unsafe) -> None:
    linter = Linter(ruleset)
    edits = sorted(fixable_edits(linter.check(text, path), unsafe), key=lambda e: e.start)
    fixed = apply_edits(text, edits)
    # walk the edits: every gap between them is copied byte for byte, in order
    pos_old = pos_new = 0
    for edit in edits:
        gap = text[pos_old : edit.start]
        assert fixed[pos_new : pos_new + len(gap)] == gap
        pos_new += len(gap)
        assert fixed[pos_new : pos_new + len(edit.replacement)] == edit.replacement
        pos_new += len(edit.replacement)
        pos_old = edit.end
    assert fixed[pos_new:] == text[pos_old:]
    assert fixed.encode("utf-8", "surrogatepass").endswith(
        text[pos_old:].encode("utf-8", "surrogatepass")
    )


@PROPERTY_SETTINGS
@given(text=hostile_texts(), ruleset=random_rulesets(), path=PATHS, unsafe=st.booleans())
def test_fixing_twice_equals_fixing_once(text, ruleset, path, unsafe) -> None:
    linter = Linter(ruleset)
    once = linter.fix(text, path, unsafe=unsafe)
    converged = once.rounds < MAX_ROUNDS
    event("converged" if converged else "round limit (rules feed each other)")
    if converged:
        assert linter.fix(once.text, path, unsafe=unsafe).text == once.text
        assert not fixable_edits(linter.check(once.text, path), unsafe)


def _results(text: str, ruleset, path: str) -> list[FileResult]:
    linter = Linter(ruleset)
    source = Source(path=path, text=text, encoding="utf-8")
    good = linter.check_source(source, fix=False)
    broken = FileResult(path=path + "\x1b[2J.missing", error="cannot read: \x1b]0;pwned\x07")
    return [good, broken]


def _check_document(fmt: str, out: str) -> None:
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt in ("junit", "checkstyle"):
        ET.fromstring(out.encode("utf-8"))
    # no terminal-facing format carries a raw ESC or BEL: JSON escapes them, XML and text
    # replace them (HTML keeps article characters as they are; a browser runs no ESC sequence)
    if fmt != "html":
        assert "\x1b" not in out and "\x07" not in out, fmt
    if fmt == "html":
        assert "<x>" not in out and "<script>alert" not in out


@PROPERTY_SETTINGS
@given(text=hostile_texts(), ruleset=random_rulesets(), path=PATHS)
def test_every_format_renders_a_valid_document(text, ruleset, path) -> None:
    text = text + " <script>alert(1)</script> <x>"
    results = _results(text, ruleset, path)
    options = ReportOptions(ruleset=ruleset, tool_version="0", unsafe_fixes=True)
    for fmt in FORMATS:
        out = renderer(fmt)(results, options)
        assert isinstance(out, str) and out
        out.encode("utf-8")  # no lone surrogate reaches a report
        _check_document(fmt, out)


@PROPERTY_SETTINGS
@given(text=hostile_texts(), ruleset=random_rulesets(), path=PATHS)
def test_slim_results_render_the_same_reports(text, ruleset, path) -> None:
    """After a file is handled the CLI keeps only its finding lines (tqcheck/slim.py); every
    report but HTML (which shows whole articles and is never slimmed) must not change."""
    full = _results(text, ruleset, path)
    slim = [slim_result(r) for r in _results(text, ruleset, path)]
    options = ReportOptions(ruleset=ruleset, tool_version="0")
    bare = [slim_result(r, verdict=False) for r in _results(text, ruleset, path)]
    for fmt in FORMATS:
        if fmt != "html":
            assert renderer(fmt)(slim, options) == renderer(fmt)(full, options), fmt
        if fmt not in VERDICT_FORMATS:  # slimmed without a verdict for these formats
            assert renderer(fmt)(bare, options) == renderer(fmt)(full, options), fmt
    assert (
        fingerprints(slim[0].document.text, slim[0].findings)
        == fingerprints(full[0].document.text, full[0].findings)
        if full[0].findings
        else slim[0].document is None
    )
