"""GitHub Actions workflow commands: findings become annotations on the pull request.

Format: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`. GitHub
splits on `::` and `,`, so property values escape `%`, CR, LF, `:` and `,`; the message escapes
`%`, CR and LF. Other control characters are replaced, so an article cannot inject a second
command (`::add-mask::`, `::stop-commands::`) into the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import Severity
from . import ReportOptions
from .ci import one_line, relative_path

if TYPE_CHECKING:
    from ..api import FileResult

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    out = []
    for result in results:
        path = escape_property(relative_path(result.path))
        if result.error:
            out.append(f"::error file={path},title=tqcheck::{escape_data(result.error)}")
        for f in result.findings:
            props = (
                f"file={path},line={f.line},col={f.col},"
                f"endLine={f.end_line},endColumn={f.end_col},title={escape_property(f.rule_id)}"
            )
            out.append(f"::{COMMAND[f.severity]} {props}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in out)
