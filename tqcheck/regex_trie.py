"""Compile a dictionary of literal keys into one regex shaped like a trie.

A plain alternation `(?:Poutine|Pékin|...)` of 700 keys makes Python's `re` try every key at
every position of the text. The same keys factored by common prefix (`P(?:outine|ékin)`) are
tried one character at a time, so the cost per position no longer grows with the dictionary.
The regex accepts the same strings and, like the longest-first alternation it replaces,
prefers the longest key at a position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def key_tokens(key: str) -> list[str]:
    """Regex tokens of a key: each character escaped, an apostrophe matching either form, a
    space matching any run of whitespace."""
    tokens: list[str] = []
    for index, word in enumerate(key.split(" ")):
        if index:
            tokens.append(r"\s+")
        for char in word:
            tokens.append("['’]" if char == "'" else re.escape(char))
    return tokens


def trie_pattern(keys: Iterable[str]) -> str:
    """One regex body matching any key; longer keys win over their prefixes."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = root
        for token in key_tokens(key):
            node = node.setdefault(token, {})
        node[_END] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [token + _emit(child) for token, child in sorted(node.items()) if token != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a key ends here: the longer continuations are tried first
        return body + "?" if len(branches) == 1 and _single_atom(body) else f"(?:{body})?"
    return body


def _single_atom(body: str) -> bool:
    """Can `?` follow `body` directly (one escaped character or a character class)?"""
    return body in ("['’]",) or (len(body) == 1) or (len(body) == 2 and body[0] == "\\")
