"""Positions are exact whatever the newlines, BOM, tabs or characters outside the BMP."""

from __future__ import annotations

import pytest

from tqcheck.document import Document


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_match_slices(newline: str) -> None:
    lines = ["first line", "\tsecond 😀 line", "", "fourth"]
    text = newline.join(lines)
    doc = Document(text)
    target = text.index("line", text.index("😀"))
    line, col = doc.position(target)
    assert (line, col) == (2, 11)  # tab = 1 column, emoji = 1 column
    assert doc.offset_of(line, col) == target
    assert doc.line_text(2) == lines[1]
    assert doc.line_count == 4


def test_line_span_excludes_newline_but_full_end_includes_it() -> None:
    doc = Document("ab\r\ncd")
    assert doc.line_span(1) == (0, 2, 4)
    assert doc.line_span(2) == (4, 6, 6)


def test_paragraphs_and_sentences() -> None:
    text = (
        "Title line\n\nMr. Smith went to Washington. He met U.S. officials. Then left!\n\n  Last."
    )
    doc = Document(text)
    paragraphs = [text[p.start : p.end] for p in doc.paragraphs]
    assert paragraphs == [
        "Title line",
        "Mr. Smith went to Washington. He met U.S. officials. Then left!",
        "Last.",
    ]
    sentences = [text[s.start : s.end] for s in doc.sentences]
    assert sentences == [
        "Title line",
        "Mr. Smith went to Washington.",
        "He met U.S. officials.",
        "Then left!",
        "Last.",
    ]
    inside = text.index("officials")
    span = doc.sentence_at(inside)
    assert text[span.start : span.end] == "He met U.S. officials."


def test_prose_mask_must_keep_length() -> None:
    with pytest.raises(ValueError):
        Document("abc", prose="ab")


def test_a_line_break_ends_a_headline_but_not_wrapped_prose() -> None:
    text = "Talks in Geneva\nThe envoy said the\ntalks would go on. Then\nMore came."
    doc = Document(text)
    assert [text[s.start : s.end] for s in doc.sentences] == [
        "Talks in Geneva",
        "The envoy said the\ntalks would go on.",
        "Then",
        "More came.",
    ]


def test_sentences_are_parted_by_white_space_and_each_paragraph_splits_alone() -> None:
    """Two guarantees the detectors rely on: consecutive sentences never touch (only white
    space between them), and `sentences_in` gives a paragraph's sentences whether or not the
    whole list was built first."""
    import random
    from itertools import pairwise

    rng = random.Random(5)
    pieces = ["The", "minister", "said", "U.S.", "Mr.", "M.", "e.g.", "word", "Ça", "«", "»"]
    pieces += [". ", "! ", "? ", "… ", ".", '." ', "”. ", ") ", "\n", "\n\n", "\r\n", "\r"]
    pieces += [" ", " ", "  ", "\t", "- ", "* ", "1", "a", "'", '"', "(", "["]
    for _ in range(6_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        whole = Document(text)
        sentences = whole.sentences
        for a, b in pairwise(sentences):
            assert a.end < b.start, (text, a, b)
            assert not text[a.end : b.start].strip(), (text, a, b)
        fresh = Document(text)
        per_paragraph = [s for para in fresh.paragraphs for s in fresh.sentences_in(para)]
        assert per_paragraph == sentences, text
        assert [s for p in whole.paragraphs for s in whole.sentences_in(p)] == sentences
