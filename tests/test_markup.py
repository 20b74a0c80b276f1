"""Markdown and HTML readers: what is prose, where findings point, what fixes may touch."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.api import Linter
from tqcheck.markup import reader_for
from tqcheck.markup.html import read as read_html
from tqcheck.markup.markdown import read as read_markdown
from tqcheck.markup.mask import PAD
from tqcheck.regions import Protected

MINI = Path(__file__).parent / "packs" / "mini.yaml"
_LINTER = Linter(rules_dirs=[MINI], builtin=False)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(rules_dirs=[MINI], builtin=False)


def names(linter: Linter, text: str, path: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.matched) for f in linter.check(text, path)]


# ---- Markdown ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "---\ntitle: Poutine\n---\nBody.\n",
        "+++\ntitle = 'Poutine'\n+++\nBody.\n",
        "Text.\n\n```\nPoutine = 1\n```\n",
        "Text.\n\n~~~~ python\nPoutine\n~~~~\n",
        "Text.\n\n    Poutine in an indented block\n",
        "Say `Poutine` here.\n",
        "Say ``a ` Poutine`` here.\n",
        "See <https://example.com/Poutine>.\n",
        "See https://example.com/Poutine.\n",
        "See www.example.com/Poutine, then.\n",
        "A [link](https://example.com/Poutine) here.\n",
        'A [link](https://example.com/x "Poutine") here.\n',
        "An ![image](Poutine.png) here.\n",
        "[ref]: https://example.com/Poutine 'Poutine'\n",
        "Hidden <!-- Poutine --> comment.\n",
        "Multi <!--\nPoutine\n--> comment.\n",
        'A <span title="Poutine">tag</span>.\n',
        "<script>\nvar Poutine;\n</script>\n",
    ],
)
def test_markdown_non_prose_is_not_checked(linter: Linter, snippet: str) -> None:
    assert names(linter, snippet, "a.md") == []
    # the same text as plain text does contain the word: the test would catch a no-op reader
    assert names(linter, snippet, "a.txt") != []


def test_markdown_prose_found_at_original_positions(linter: Linter) -> None:
    text = (
        "---\nlayout: post\n---\n"
        "# Poutine arrives\n\n"
        "Talks with **Poutine** and [Poutine](https://x.org/Poutine) in `code`, Pékin.\n\n"
        "- item Poutine\n"
        "> quoted Poutine\n"
    )
    found = names(linter, text, "story.markdown")
    assert found == [
        (4, 3, "Poutine"),
        (6, 14, "Poutine"),
        (6, 29, "Poutine"),
        (6, 72, "Pékin"),
        (8, 8, "Poutine"),
        (9, 10, "Poutine"),
    ]
    lines = text.splitlines()
    for line, col, matched in found:
        assert lines[line - 1][col - 1 :].startswith(matched)


def test_markdown_mask_blanks_marks_but_keeps_link_text() -> None:
    prose = read_markdown("# Title\n\n1. A [link text](http://u.rl) and *em*\n").prose
    assert prose.splitlines()[0] == "  Title"
    assert prose.splitlines()[2].split() == ["A", "link", "text", "and", "em"]


def test_markdown_list_continuation_is_not_code(linter: Linter) -> None:
    text = "- first item\n\n    Poutine continues the item.\n"
    assert names(linter, text, "a.md") == [(3, 5, "Poutine")]


def test_markdown_fix_edits_only_prose(linter: Linter) -> None:
    text = "Poutine, see [Poutine](https://x.org/Poutine) and `Poutine`.\n"
    fixed = linter.fix(text, "a.md").text
    assert fixed == "Putin, see [Putin](https://x.org/Poutine) and `Poutine`.\n"


def test_markdown_fix_across_markup_is_withdrawn(linter: Linter) -> None:
    text = "It ended. <!-- note --> . Then it went on.\n"
    found = linter.check(text, "a.md")
    assert [f.rule_id for f in found] == ["t-stray-period"]
    assert found[0].fix is None  # would delete the comment
    assert linter.fix(text, "a.md").text == text
    assert linter.fix("It ended. . Then\n", "a.md").text == "It ended. Then\n"


# ---- HTML ----------------------------------------------------------------------------------


HTML = (
    "<!DOCTYPE html>\n<html><head><title>Poutine visits</title>\n"
    "<style>.Poutine { color: red }</style><script>var Poutine;</script></head>\n"
    '<body><p>Vladimir Poutine met <a href="/Poutine" title="Poutine">Xi</a>.</p>'
    "<pre>Poutine <b>x</b></pre><code>Poutine</code><!-- Poutine -->\n"
    "<p>Poutine&rsquo;s plan</p></body></html>\n"
)


def test_html_text_nodes_only(linter: Linter) -> None:
    found = names(linter, HTML, "page.html")
    assert found == [(2, 20, "Poutine"), (4, 19, "Poutine"), (5, 4, "Poutine")]


def test_html_block_elements_are_paragraphs_and_sentences() -> None:
    text = "<div><h1>Title</h1><p>one two</p><ul><li>three</li></ul>four<br>five</div>"
    doc = Linter(rules_dirs=[MINI], builtin=False).document(text, "x.htm")
    assert [text[p.start : p.end] for p in doc.paragraphs] == [
        "Title",
        "one two",
        "three",
        "four",
        "five",
    ]
    assert len(doc.sentences) == 5


def test_html_entities_decoded_with_padding() -> None:
    text = "<p>a&amp;b &laquo;&nbsp;x&#8217;s &#x1F600; &bogus; & c</p>"
    markup = read_html(text)
    prose = markup.prose
    assert len(prose) == len(text)
    visible = prose.replace(PAD, "")
    assert visible.split() == ["a&b", "«", "x’s", "😀", "&bogus;", "&", "c"]
    assert "\xa0" in visible
    start = text.index("&laquo;")
    assert (start, start + len("&laquo;")) in markup.protected.entities


def test_html_fix_replaces_a_whole_entity_and_escapes(write_pack) -> None:
    path = write_pack(
        r"""
        pack: quotes
        lang: fr
        rules:
          - id: q-guillemet
            kind: pattern
            category: typography
            fix: safe
            pattern: '«'
            replace: '"'
            message: m
            why: w
            examples: [{bad: '«', fixed: '"'}, {good: 'x'}]
          - id: q-and
            kind: pattern
            category: typography
            fix: safe
            pattern: '\band\b'
            replace: '&'
            message: m
            why: w
            examples: [{bad: 'and', fixed: '&'}, {good: 'x'}]
        """
    )
    linter = Linter(rules_dirs=[path], builtin=False)
    text = "<p>He said &laquo;yes and no</p>"
    assert linter.fix(text, "a.html").text == '<p>He said "yes &amp; no</p>'
    assert linter.fix("He said «yes and no", "a.txt").text == 'He said "yes & no'


def test_html_tags_are_never_edited(linter: Linter) -> None:
    text = "<p>Text.</p>\n<p>Source link -112</p>\n"
    found = linter.check(text, "a.html")
    assert [f.rule_id for f in found] == ["t-source-link"]
    assert found[0].fix is None
    assert linter.fix(text, "a.html").text == text


# ---- suppression -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("directive", "silenced"),
    [
        ("", {"t-name", "t-diplomacy"}),
        ("t-name", {"t-name"}),
        ("t-name, t-diplomacy", {"t-name", "t-diplomacy"}),
        ("calque", {"t-diplomacy"}),
        ("t-dip*", {"t-diplomacy"}),
        ("test-mini", {"t-name", "t-diplomacy"}),
        ("other-rule", set()),
    ],
)
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_disable_enable_region(linter: Linter, directive: str, silenced: set, suffix: str) -> None:
    body = "Poutine and the head of French diplomacy.\n"
    text = f"{body}<!-- tqcheck-disable {directive} -->\n{body}<!-- tqcheck-enable -->\n{body}"
    found = linter.check(text, "a" + suffix)
    by_line: dict[int, set[str]] = {}
    for f in found:
        by_line.setdefault(f.line, set()).add(f.rule_id)
    everything = {"t-name", "t-diplomacy"}
    assert by_line[1] == everything
    assert by_line.get(3, set()) == everything - silenced
    assert by_line[5] == everything


def test_disable_without_enable_runs_to_the_end(linter: Linter) -> None:
    text = "Poutine.\n\n<!-- tqcheck-disable -->\n\nPoutine.\n\nPoutine.\n"
    assert [f.line for f in linter.check(text, "a.md")] == [1]


def test_disable_next_line(linter: Linter) -> None:
    text = "Poutine.\n<!-- tqcheck-disable-next-line t-name -->\nPoutine.\nPoutine.\n"
    assert [f.line for f in linter.check(text, "a.md")] == [1, 4]


def test_plain_text_has_no_markers(linter: Linter) -> None:
    text = "<!-- tqcheck-disable -->\nPoutine.\n"
    assert [f.line for f in linter.check(text, "a.txt")] == [2]


def test_markers_inside_code_do_nothing(linter: Linter) -> None:
    text = "```\n<!-- tqcheck-disable -->\n```\n\nPoutine.\n"
    assert [f.line for f in linter.check(text, "a.md")] == [5]


# ---- guards and invariants -------------------------------------------------------------


def test_protected_touches_and_widen() -> None:
    p = Protected(spans=((5, 10), (20, 25)), entities=((30, 36),))
    assert p.touches_markup(4, 6) and p.touches_markup(9, 21) and p.touches_markup(7, 7)
    assert not p.touches_markup(0, 5) and not p.touches_markup(10, 20)
    assert not p.touches_markup(5, 5) and not p.touches_markup(10, 10)
    assert p.widen(30, 31) == (30, 36)
    assert p.widen(31, 31) == (36, 36)
    assert p.widen(28, 33) == (28, 36)
    assert p.widen(26, 30) == (26, 30)


def test_reader_chosen_by_suffix() -> None:
    assert reader_for("a.MD") is read_markdown
    assert reader_for("dir.md/a.htm") is read_html
    assert reader_for("a.txt") is None and reader_for("README") is None


_PIECES = st.sampled_from(
    [
        "Poutine ",
        "word",
        "\n",
        "\r\n",
        "\n\n",
        "`",
        "```",
        "<p>",
        "</p>",
        "<br>",
        "<!--",
        "-->",
        "&amp;",
        "&eacute;",
        "&",
        "[",
        "](",
        ")",
        "http://x.y/z ",
        "# ",
        "- ",
        "    ",
        "*",
        "_",
        "😀",
        "<script>",
        "</script>",
        "---\n",
        "|",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_masks_keep_length_and_newlines(text: str) -> None:
    for read in (read_markdown, read_html):
        markup = read(text)
        assert len(markup.prose) == len(text)
        for i, (a, b) in enumerate(zip(text, markup.prose, strict=True)):
            if a in "\r\n":
                assert b == a  # line structure survives
            elif a != b:
                assert b in " \n" + PAD or text[i] == "&"
        # fixing must never raise (no edit may overlap or leave the text)
        _LINTER.fix(text, "x.md" if read is read_markdown else "x.html")
