"""Convert tqcheck offsets (code points) to Language Server Protocol positions and back.

LSP counts columns in UTF-16 code units unless client and server agree on UTF-8 or UTF-32, so
an emoji before a finding on the same line is two columns to the editor and one to tqcheck.
Lines are the same in both (LSP breaks at \\n, \\r\\n and \\r, like Document). Kept apart from
the server so it can be tested without pygls.
"""

from __future__ import annotations

from .document import Document

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """Length of `text` in the position encoding's code units."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def position(doc: Document, offset: int, encoding: str = UTF16) -> tuple[int, int]:
    """0-based (line, character) of a code-point offset, character in encoding units."""
    line, col = doc.position(offset)
    start, _, _ = doc.line_span(line)
    return line - 1, units(doc.text[start : start + col - 1], encoding)


def offset(doc: Document, line: int, character: int, encoding: str = UTF16) -> int:
    """Code-point offset of a 0-based LSP position (clamped to the line, as LSP asks)."""
    if line >= doc.line_count:
        return len(doc.text)
    start, end, _ = doc.line_span(line + 1)
    count = 0
    for index, char in enumerate(doc.text[start:end]):
        if count >= character:
            return start + index
        count += units(char, encoding)
    return end
