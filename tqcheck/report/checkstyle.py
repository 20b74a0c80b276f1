"""Checkstyle XML: the format many review bots (reviewdog, Jenkins warnings-ng) ingest.

One <file> per checked file, one <error> per finding with line, column, severity and
`source="tqcheck.RULE-ID"`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from . import ReportOptions
from .ci import relative_path, xml_clean

if TYPE_CHECKING:
    from ..api import FileResult


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for result in results:
        node = ET.SubElement(root, "file", name=xml_clean(relative_path(result.path)))
        if result.error:
            ET.SubElement(
                node,
                "error",
                line="0",
                severity="error",
                message=xml_clean(f"file could not be checked: {result.error}"),
                source="tqcheck.file-error",
            )
        for f in result.findings:
            ET.SubElement(
                node,
                "error",
                line=str(f.line),
                column=str(f.col),
                severity=f.severity.label,
                message=xml_clean(f.message),
                source=f"tqcheck.{xml_clean(f.rule_id)}",
            )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
