"""One renderer per output format, all reading the same findings model.

Adding a format means adding a module and a line here; no rule or check changes. Renderers are
imported on demand so a text run never imports the SARIF or HTML code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..api import FileResult
    from ..ruleset import Ruleset

FORMATS: dict[str, str] = {
    "text": "tqcheck.report.text:render",
    "json": "tqcheck.report.json:render",
    "jsonl": "tqcheck.report.jsonl:render",
    "sarif": "tqcheck.report.sarif:render",
    "github": "tqcheck.report.github:render",
    "junit": "tqcheck.report.junit:render",
    "gitlab": "tqcheck.report.gitlab:render",
    "checkstyle": "tqcheck.report.checkstyle:render",
    "html": "tqcheck.report.html:render",
    "summary": "tqcheck.report.summary:render",
}

#: Formats that show each file's verdict (MT score, source language): only for them does a
#: slimmed result keep one (tqcheck/slim.py); `summary` is `--summary`'s text report.
VERDICT_FORMATS = frozenset({"json", "summary", "html"})

#: Formats that can also be written piece by piece (`write(results, options, out)`), so a large
#: report is never held whole in memory.
STREAMING: dict[str, str] = {
    "text": "tqcheck.report.text:write",
    "json": "tqcheck.report.json:write",
    "jsonl": "tqcheck.report.jsonl:write",
}


@dataclass(frozen=True)
class ReportOptions:
    """What a report writer needs beyond the results: colour, fix state, the rules (SARIF and
    HTML describe them) and the version to print."""

    color: bool = False
    unsafe_fixes: bool = False
    fixing: bool = False
    show_source: bool = True
    ruleset: Ruleset | None = None
    tool_version: str = ""


Renderer = Callable[["Sequence[FileResult]", ReportOptions], str]
Writer = Callable[["Sequence[FileResult]", ReportOptions, Callable[[str], Any]], None]


def renderer(name: str) -> Renderer:
    module_name, _, func = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module_name), func)


def writer(name: str) -> Writer:
    """A format's streaming entry point; any other format is rendered whole and written once."""
    if name in STREAMING:
        module_name, _, func = STREAMING[name].partition(":")
        return getattr(importlib.import_module(module_name), func)  # type: ignore[no-any-return]
    render = renderer(name)

    def write(results: Sequence[FileResult], options: ReportOptions, out: Any) -> None:
        out(render(results, options))

    return write
