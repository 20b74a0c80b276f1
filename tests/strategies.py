"""Hypothesis strategies shared by the property tests: hostile texts and random packs.

Texts are built from a few words (so random rules do match) and separators chosen to hurt:
every newline style, tabs, vertical tab, form feed, an ESC sequence, a C1 control, astral
characters, combining accents, U+2028. No NUL: a NUL byte makes a file binary, so no checked
text holds one (sources.decode_bytes).
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from tqcheck.ruleset import Ruleset, assemble, compile_pack

#: the settings every property test uses; docs/robustness.md quotes them
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

WORDS = ["ab", "ba", "Ab", "AB", "é𝒜", "x", "Poutine", "l'OTAN", "3,5", "%", "«", "»", "."]
SEPARATORS = [" ", " ", "\n", "\r\n", "\r", "\n\n", "\t", "\x0b", "\x0c", "\x1b[2J", "\x85"]
ODD = ["😀", "𝒜", "e\u0301", "\u2028", "\u200b", "\ufeff", "\x7f", "\x01"]


@st.composite
def hostile_texts(draw: Any, max_tokens: int = 30) -> str:
    """A text of words, odd characters and random snippets, each followed by a separator."""
    token = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(WORDS),
        st.sampled_from(ODD),
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=3,
        ),
    )
    pairs = draw(st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=max_tokens))
    return "".join(word + sep for word, sep in pairs)


_REPLACEMENTS = ["", "b", "BA", "é", "😀", "Putin", "x y", "ab"]


@st.composite
def random_rule(draw: Any, index: int) -> dict[str, Any]:
    """A substitute (literal swap) or pattern (escaped literal or a simple class) rule."""
    fix = draw(st.sampled_from(["safe", "unsafe", "none"]))
    kind = draw(st.sampled_from(["substitute", "pattern"]))
    word = draw(st.sampled_from([w for w in WORDS if w.strip(".%«»")]))
    replacement = draw(st.sampled_from(_REPLACEMENTS))
    rule: dict[str, Any] = {
        "id": f"r{index}",
        "kind": kind,
        "category": draw(st.sampled_from(["name-form", "typography", "calque"])),
        "severity": draw(st.sampled_from(["error", "warning", "info"])),
        "fix": fix,
        "message": "'{match}' -> '{suggestion}'",
        "why": "random",
        "examples": [{"bad": word}, {"good": "zzz"}],
    }
    if fix != "none":
        rule["examples"][0]["fixed"] = replacement
    if kind == "substitute":
        rule["swap"] = {word: replacement or "-"}
        if fix != "none":
            rule["examples"][0]["fixed"] = replacement or "-"
    else:
        rule["pattern"] = draw(
            st.sampled_from([re.escape(word), r"\s\s+", r"[A-Z]{2,}", r"\.\s*\.", r"(?m)^x"])
        )
        if fix != "none":
            rule["replace"] = replacement
    return rule


@st.composite
def random_rulesets(draw: Any) -> Ruleset:
    """One pack of one to five random rules, compiled as a user pack would be."""
    count = draw(st.integers(min_value=1, max_value=5))
    rules = [draw(random_rule(i)) for i in range(count)]
    pack = compile_pack({"pack": "random", "lang": "fr", "rules": rules}, "random.yaml")
    return assemble([pack])
