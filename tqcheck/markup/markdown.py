"""Markdown reader: blank everything in a Markdown article that is not prose.

Not checked: YAML/TOML front matter, fenced and indented code blocks, inline code, raw HTML
tags and blocks (script, style, pre), HTML comments (read for tqcheck directives), URLs
(autolinks and bare), link and image targets, reference definitions, and the syntax marks
around prose (heading #, list and quote markers, emphasis, table pipes, escapes). Link text
stays prose. Character references (`&eacute;`) are decoded as in HTML.

This is a line scanner, not a CommonMark parser: articles use a small part of Markdown, and
what matters is that code and URLs never reach a rule and that offsets stay exact. When in
doubt it leaves text as prose: a missed mark costs at most a stray finding, a wrongly blanked
paragraph would hide real ones.
"""

from __future__ import annotations

import re

from ..regex_cache import precompiled
from . import Markup
from .mask import MaskBuilder

_LINE = precompiled(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FRONT_MATTER = precompiled(
    r"\A(?:---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n(?:.*?\r?\n)??\+\+\+)"
    r"[ \t]*(?=\r?\n|\Z)",
    re.DOTALL,
)
_FENCE = precompiled(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_RAW_BLOCK = precompiled(r"^ {0,3}<(script|style|pre|textarea)(?=[\s>]|$)", re.IGNORECASE)
_INDENTED = precompiled(r"^(?: {4}|\t)")
_BLANK = precompiled(r"^[ \t]*$")
_REF_DEF = precompiled(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S")
_FOOTNOTE_DEF = precompiled(r" {0,3}\[\^[^\]]+\]:")
_RULE_LINE = precompiled(r"^ {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$")
_TABLE_DELIM = precompiled(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_QUOTE = precompiled(r"[ \t]{0,3}(?:>[ \t]?)+")
_LIST = precompiled(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_HEADING = precompiled(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE = precompiled(r"[ \t]+#+[ \t]*$")

_COMMENT = precompiled(r"<!--(.*?)-->", re.DOTALL)
_CODE_SPAN = precompiled(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = precompiled(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>"
)
_TAG = precompiled(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
    r"\s*/?>"
)
_LINK = precompiled(
    r"(!?\[)((?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*)"
    r"(\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)|\]\[[^\]\n]*\])"
)
_FOOTNOTE_REF = precompiled(r"\[\^[^\]\s]+\]")
_BARE_URL = precompiled(r"(?<![\w@/])(?:https?://|ftp://|www\.)[^\s<>\"]+", re.IGNORECASE)
_EMPHASIS = precompiled(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)|~~")
_ESCAPE = precompiled(r"\\(?=[!-/:-@\[-`{-~]|\r?\n)")


def read(text: str) -> Markup:
    """The prose mask of a Markdown text, its suppressions and its protected markup."""
    mask = MaskBuilder(text)
    front = _FRONT_MATTER.match(text)
    if front:
        mask.blank(0, front.end())
    _blocks(text, mask, front.end() if front else 0)
    current = mask.current()
    for m in _COMMENT.finditer(current):
        mask.comment(m.start(), m.end(), m.group(1))
    _inline(mask)
    mask.decode_entities()
    return mask.markup()


def _lines(text: str, start: int) -> list[tuple[int, int, int]]:
    """(start, end without newline, end with newline) of every line from `start`."""
    lines = []
    for m in _LINE.finditer(text, start):
        if m.start() == len(text) and lines:
            break
        body = m.group(0).rstrip("\r\n")
        lines.append((m.start(), m.start() + len(body), m.end()))
        if m.end() == len(text):
            break
    return lines


def _blocks(text: str, mask: MaskBuilder, start: int) -> None:
    """Blank code blocks, raw HTML blocks, definitions and line-start marks."""
    fence: str | None = None
    raw_end: re.Pattern[str] | None = None
    prev_blank = True
    in_list = False
    in_code = False
    in_table = False
    lines = _lines(text, start)
    for index, (s, e, _) in enumerate(lines):
        line = text[s:e]
        blank = bool(_BLANK.match(line))
        if fence is not None:
            mask.blank(s, e)
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if raw_end is not None:
            mask.blank(s, e)
            if raw_end.search(line):
                raw_end = None
            continue
        if in_code and (blank or _INDENTED.match(line)):
            mask.blank(s, e)
            continue
        in_code = False
        if blank:
            prev_blank, in_table = True, False
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            mask.blank(s, e)
            prev_blank = False
            continue
        m = _RAW_BLOCK.match(line)
        if m:
            mask.blank(s, e)
            closing = re.compile(rf"</{m.group(1)}\s*>", re.IGNORECASE)
            if not closing.search(line):
                raw_end = closing
            continue
        if prev_blank and not in_list and _INDENTED.match(line):
            in_code = True
            mask.blank(s, e)
            continue
        if _REF_DEF.match(line):
            mask.blank(s, e)
            prev_blank = False
            continue
        next_line = (
            text[lines[index + 1][0] : lines[index + 1][1]] if index + 1 < len(lines) else ""
        )
        if _TABLE_DELIM.match(line):
            mask.blank(s, e)
            in_table = True
            continue
        if "|" in line and (in_table or _TABLE_DELIM.match(next_line)):
            in_table = True
            for i, c in enumerate(line):
                if c == "|":
                    mask.blank(s + i, s + i + 1)
        if _RULE_LINE.match(line):
            mask.blank(s, e)
            prev_blank = False
            continue
        pos = s
        for regex in (_QUOTE, _LIST, _HEADING, _FOOTNOTE_DEF):
            m = regex.match(text, pos, e)
            if m and m.end() > m.start():
                if regex is _LIST:
                    in_list = True
                mask.blank(m.start(), m.end())
                pos = m.end()
        if pos == s and prev_blank and not _INDENTED.match(line):
            in_list = False  # a paragraph after a blank line ends the list
        close = _HEADING_CLOSE.search(text, pos, e)
        if close and _HEADING.match(line):
            mask.blank(close.start(), close.end())
        prev_blank = False


def _inline(mask: MaskBuilder) -> None:
    """Blank inline code, autolinks, raw tags, link targets, bare URLs and emphasis marks."""
    for regex in (_CODE_SPAN, _AUTOLINK, _TAG):
        for m in regex.finditer(mask.current()):
            mask.blank(m.start(), m.end())
    for m in _LINK.finditer(mask.current()):
        mask.blank(m.start(1), m.end(1))
        mask.blank(m.start(3), m.end(3))
    current = mask.current()
    for m in _FOOTNOTE_REF.finditer(current):
        mask.blank(m.start(), m.end())
    for m in _BARE_URL.finditer(current):
        end = m.end()
        url = m.group(0)
        while url and (
            url[-1] in ".,;:!?'’\"*_" or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
            end -= 1
        mask.blank(m.start(), end)
    current = mask.current()
    for regex in (_EMPHASIS, _ESCAPE):
        for m in regex.finditer(current):
            mask.blank(m.start(), m.end())
