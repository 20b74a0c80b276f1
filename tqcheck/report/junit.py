"""JUnit XML: one test case per file, one <failure> per finding, <error> for unreadable files.

Jenkins, GitLab, Azure DevOps and most CI dashboards read JUnit, so a translation check shows
up beside the unit tests. Strings from articles are cleaned of XML-invalid characters first;
ElementTree does the escaping.
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
    failures = sum(len(r.findings) for r in results)
    errors = sum(1 for r in results if r.error)
    suites = ET.Element(
        "testsuites",
        name="tqcheck",
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="tqcheck",
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
    )
    for result in results:
        path = xml_clean(relative_path(result.path))
        case = ET.SubElement(suite, "testcase", classname="tqcheck", name=path, file=path)
        if result.error:
            error = ET.SubElement(case, "error", message=xml_clean(result.error), type="io")
            error.text = xml_clean(f"{path}: {result.error}")
        for f in result.findings:
            failure = ET.SubElement(
                case,
                "failure",
                message=xml_clean(f"{f.rule_id}: {f.message}"),
                type=f.rule_id,
            )
            failure.text = xml_clean(
                f"{path}:{f.line}:{f.col}: {f.severity.label}: {f.rule_id} {f.message}\n"
                f"matched: {f.matched}\nwhy: {f.why}"
            )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
