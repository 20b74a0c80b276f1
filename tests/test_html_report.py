"""The HTML report as text: well-formed highlights, escaping, the diff, the index, colours."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.api import FileResult, Linter
from tqcheck.cli import main
from tqcheck.findings import Edit
from tqcheck.fixes import apply_edits
from tqcheck.report import ReportOptions, renderer
from tqcheck.report.html_marks import (
    Change,
    Span,
    change_blocks,
    changes_html,
    highlight,
    paragraphs,
    place,
)
from tqcheck.report.html_theme import PAGE, PALETTE, TEXT, contrast

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "article.txt"
VOID = {"meta", "br", "input", "img", "hr", "link", "rect"}


class Nesting(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        """A self-closed SVG element (<rect/>) opens nothing."""

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def well_formed(fragment: str) -> Nesting:
    parser = Nesting()
    parser.feed(fragment)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"left open: {parser.stack}"
    return parser


def tag(key: int, first: bool) -> str:
    return f'<mark data-k="{key}"{" data-first" if first else ""}>'


def test_crossing_spans_are_split_and_nested() -> None:
    text = "0123456789abcdefghij"
    pieces = [Span(0, 0, 10), Span(1, 5, 15)]
    out = highlight(text, 0, len(text), pieces, tag)
    assert out == (
        '<mark data-k="0" data-first>01234<mark data-k="1" data-first>56789</mark></mark>'
        '<mark data-k="1">abcde</mark>fghij'
    )


def test_span_across_paragraphs_has_one_first_piece_and_gap_spans_still_appear() -> None:
    text = "First para.\n\nSecond para.\n\n\n"
    paras = paragraphs(text)
    assert [text[a:b] for a, b in paras] == ["First para.", "Second para."]
    placed = place([Span(0, 6, 19), Span(1, 25, 27)], paras)
    seen: set[int] = set()
    out = [
        highlight(text, a, b, pcs, tag, seen=seen)
        for (a, b), pcs in zip(paras, placed, strict=True)
    ]
    assert out[0] == 'First <mark data-k="0" data-first>para.</mark>'
    # the whitespace-only span at the end is kept as an empty mark
    assert out[1] == '<mark data-k="0">Second</mark> para.<mark data-k="1" data-first></mark>'


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab <&>\"'\n", min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=6),
)
def test_any_spans_give_well_formed_html_with_the_exact_text(text: str, raw: list) -> None:
    spans = [Span(i, min(s, len(text)), min(s + w, len(text))) for i, (s, w) in enumerate(raw)]
    paras = paragraphs(text)
    placed = place(spans, paras)
    seen: set[int] = set()
    for (a, b), pieces in zip(paras, placed, strict=True):
        parsed = well_formed(highlight(text, a, b, pieces, tag, seen=seen))
        assert "".join(parsed.text) == text[a:b]
    if paras:
        assert seen == {s.key for s in spans}  # every finding got its mark


def test_changes_html_is_a_true_diff() -> None:
    text = "Vladimir Poutine <spoke> & left.\nSource link -3\n"
    changes = [
        Change(9, 16, "Putin", "safe", "r1"),
        Change(33, 48, "", "safe", "r2"),
        Change(17, 24, "[spoke]", "unsafe", "r3"),
    ]
    out = changes_html(text, changes)
    well_formed(out)
    old = html.unescape(re.sub(r"<ins>.*?</ins>|<[^>]+>", "", out, flags=re.S))
    new = html.unescape(re.sub(r"<del>.*?</del>|<[^>]+>", "", out, flags=re.S))
    assert old == text
    assert new == apply_edits(text, [Edit(c.start, c.end, c.replacement) for c in changes])
    assert 'class="chg chg-unsafe" data-rule="r3">' in out


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab \n", min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6), st.text("xy", max_size=2))),
)
def test_change_blocks_are_true_diffs_of_disjoint_slices(text: str, raw: list) -> None:
    changes, taken = [], -1
    for s, w, rep in sorted(raw):  # non-overlapping edits, as the engine gives
        s, e = min(s, len(text)), min(s + w, len(text))
        if s > taken:
            changes.append(Change(s, e, rep, "safe", "r"))
            taken = e
    blocks = change_blocks(text, changes, paragraphs(text))
    assert sum(len(within) for _, _, within in blocks) == len(changes)
    last = -1
    for lo, hi, within in blocks:
        assert last < lo <= hi <= len(text)
        last = hi
        out = changes_html(text, within, lo, hi)
        well_formed(out)
        old = html.unescape(re.sub(r"<ins>.*?</ins>|<[^>]+>", "", out, flags=re.S))
        new = html.unescape(re.sub(r"<del>.*?</del>|<[^>]+>", "", out, flags=re.S))
        assert old == text[lo:hi]
        edits = [Edit(c.start - lo, c.end - lo, c.replacement) for c in within]
        assert new == apply_edits(text[lo:hi], edits)


def render_html(results: list[FileResult]) -> str:
    return renderer("html")(results, ReportOptions(tool_version="test"))


def test_example_report_marks_every_finding_and_is_self_contained() -> None:
    results = list(Linter().check_paths([str(EXAMPLE)]))
    page = render_html(results)
    findings = results[0].findings
    assert len(findings) > 5
    assert len(re.findall(r"<mark id=", page)) == len(findings)
    for i, f in enumerate(findings):
        assert f'id="m0-{i}" class="tq c-{f.category} ' in page
        assert f'id="d0-{i}"' in page
    # nothing is loaded from elsewhere
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    well_formed(page.split("<body>", 1)[1].rsplit("<script>", 1)[0])


def test_article_markup_is_escaped(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        'A telephone interview <script>window.__pwned=1</script> "x" '
        '<img src=x onerror="window.__pwned=2">\n',
        encoding="utf-8",
    )
    page = render_html(list(Linter().check_paths([str(evil)])))
    assert page.count("<script") == 1  # the report's own
    assert "<img" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_folder_index_errors_and_verdict_columns(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Vladimir Poutine arrived in Moscou.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary\x00")
    results = list(Linter().check_paths([str(tmp_path)]))
    page = render_html(results)
    assert '<section id="index"' in page
    bad = next(r for r in results if r.error)
    assert f"Could not be read: {html.escape(bad.error, quote=False)}" in page
    # the index carries each readable file's verdict (tqcheck.verdict): MT score, language
    from tqcheck.verdict import file_verdict

    verdict = file_verdict(results[0])
    assert verdict is not None and verdict.mt_score > 0 and verdict.source_lang == "fr"
    assert '<button type="button">MT score</button>' in page
    assert f"<td>{verdict.mt_score}</td><td>fr</td>" in page


def test_palette_contrast() -> None:
    for category, (tint, accent, _label) in PALETTE.items():
        assert contrast(TEXT, tint) >= 7, category  # article text on its highlight
        assert contrast(accent, PAGE) >= 4.5, category  # underline and chart bar on white


def test_cli_writes_html_to_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["--format", "html", "-o", str(out), "--exit-zero", str(EXAMPLE)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
