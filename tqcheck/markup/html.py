"""HTML reader: only text nodes are prose; tags, attributes, comments, script, style, code and
pre are blanked, character references decoded in place.

Written as a small scanner rather than on `html.parser` because every blanked character must
keep its offset: the parser hands back decoded text without positions. Block elements (p, li,
h1-h6, br, div, td ...) put a paragraph break ("\\n\\n") at the start of their tag in the mask,
so sentences and paragraphs follow the page's blocks even when a whole article is one line.
"""

from __future__ import annotations

import re

from ..regex_cache import precompiled
from . import Markup
from .mask import MaskBuilder

BLOCK = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol "
    "option p section summary table tbody td tfoot th thead title tr ul".split()
)
# Elements whose content is never prose. script/style are raw text; code/pre/kbd/samp hold
# code that may nest other tags, so they are skipped to their matching end tag.
RAW = frozenset({"script", "style", "textarea", "template", "svg", "math"})
CODE = frozenset({"code", "pre", "kbd", "samp", "var"})

_SPECIAL = precompiled(r"<|&")
_COMMENT = precompiled(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_CDATA = precompiled(r"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.DOTALL)
_DECL = precompiled(r"<[!?][^>]*(?:>|\Z)")
_TAG = precompiled(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)"
    r"(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?|\s*/(?!>))*"
    r"\s*(/?)>"
)


def read(text: str) -> Markup:
    """The prose mask of an HTML text, its suppressions and its protected markup."""
    mask = MaskBuilder(text, escape=True)
    pos = 0
    length = len(text)
    while pos < length:
        m = _SPECIAL.search(text, pos)
        if m is None:
            break
        pos = m.start()
        if text[pos] == "&":
            pos += 1
            continue
        pos = _markup_at(text, pos, mask)
    mask.decode_entities()
    return mask.markup()


def _markup_at(text: str, pos: int, mask: MaskBuilder) -> int:
    """Blank the markup starting at `pos` (a '<'); return where scanning resumes."""
    for regex in (_COMMENT, _CDATA, _DECL):
        m = regex.match(text, pos)
        if m:
            if regex is _COMMENT:
                mask.comment(m.start(), m.end(), m.group(1))
            else:
                mask.blank(m.start(), m.end())
            return m.end()
    m = _TAG.match(text, pos)
    if m is None:
        return pos + 1  # a lone '<' in text
    closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
    fill = "\n\n" if name in BLOCK else ""
    mask.blank(m.start(), m.end(), fill)
    if closing or self_closing:
        return m.end()
    if name in RAW or name in CODE:
        end = _matching_end(text, m.end(), name, nested=name in CODE)
        mask.blank(m.end(), end, "\n\n" if name == "pre" else "")
        return end
    return m.end()


def _matching_end(text: str, start: int, name: str, nested: bool) -> int:
    """End of the element's closing tag (or the text), counting nested same-name elements."""
    tags = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 1
    for m in tags.finditer(text, start):
        if m.group(1):
            depth -= 1
            if depth == 0 or not nested:
                return m.end()
        elif nested:
            depth += 1
    return len(text)
