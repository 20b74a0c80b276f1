"""MaskBuilder: blank markup in a copy of the text, remembering what was blanked and why.

Both readers build the prose mask the same way: start from the text, overwrite markup with
spaces (newlines kept, so line structure survives), overwrite a character reference with its
decoded character plus padding, and collect `tqcheck-disable` comments. Keeping that here
means the two readers only decide *what* is markup.

Padding is NUL ("\\0"): it is neither a letter, a digit nor a space for `re` or `str`, so no
rule matches across it as a word or a gap, and it can never occur in a checked text (sources
refuse NUL bytes as binary), so no rule can mistake it for something the author wrote.
"""

from __future__ import annotations

import html
import re

from ..regex_cache import precompiled
from ..regions import Protected, Suppression
from . import Markup

PAD = "\0"

_DIRECTIVE = precompiled(
    r"^\s*tqcheck-(disable-next-line|disable|enable)\b\s*(.*?)\s*$", re.DOTALL | re.IGNORECASE
)
_NEWLINE = precompiled(r"\r\n|\r|\n")
_ENTITY = precompiled(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class MaskBuilder:
    """A mutable prose mask over `text`; `markup()` returns the finished reader result."""

    def __init__(self, text: str, escape: bool = False) -> None:
        self.text = text
        self.chars = list(text)
        self.spans: list[tuple[int, int]] = []
        self.entities: list[tuple[int, int]] = []
        self.escape = escape
        self._open: tuple[int, tuple[str, ...]] | None = None
        self._suppressed: list[Suppression] = []

    def blank(self, start: int, end: int, fill: str = "") -> None:
        """Hide text[start:end]: spaces, newlines kept; `fill` (e.g. "\\n\\n") goes first."""
        if end <= start:
            return
        chars = self.chars
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
        for i, c in enumerate(fill[: end - start]):
            chars[start + i] = c
        self.spans.append((start, end))

    def is_blank(self, pos: int) -> bool:
        return self.chars[pos] != self.text[pos]

    def current(self) -> str:
        return "".join(self.chars)

    def decode_entities(self, start: int = 0, end: int | None = None) -> None:
        """Replace `&name;` / `&#n;` references with the decoded character and padding."""
        for m in _ENTITY.finditer(self.text, start, len(self.text) if end is None else end):
            a, b = m.span()
            if self.is_blank(a):
                continue
            decoded = html.unescape(m.group(0))
            if decoded == m.group(0) or len(decoded) > b - a:
                continue  # unknown reference: leave it as the text it is
            for i, c in enumerate(decoded.ljust(b - a, PAD)):
                self.chars[a + i] = c
            self.entities.append((a, b))

    def comment(self, start: int, end: int, body: str) -> None:
        """Blank an HTML comment and act on it if it is a tqcheck directive."""
        self.blank(start, end)
        m = _DIRECTIVE.match(body)
        if not m:
            return
        kind = m.group(1).lower()
        selectors = tuple(s for s in re.split(r"[\s,]+", m.group(2)) if s)
        if kind == "disable":
            self._close(start)
            self._open = (end, selectors)
        elif kind == "enable":
            self._close(start)
        else:  # disable-next-line: the line after the one the comment ends on
            line_end = _NEWLINE.search(self.text, end)
            if line_end is None:
                return
            nxt = _NEWLINE.search(self.text, line_end.end())
            stop = nxt.end() if nxt else len(self.text)
            self._suppressed.append(Suppression(line_end.end(), stop, selectors))

    def _close(self, at: int) -> None:
        if self._open is not None:
            begin, selectors = self._open
            self._suppressed.append(Suppression(begin, at, selectors))
            self._open = None

    def markup(self) -> Markup:
        self._close(len(self.text))
        return Markup(
            prose="".join(self.chars),
            suppressed=tuple(sorted(self._suppressed, key=lambda s: (s.start, s.end))),
            protected=Protected(
                tuple(_merge(self.spans)), tuple(sorted(self.entities)), self.escape
            ),
        )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
