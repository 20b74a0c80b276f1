"""What the CI formats (SARIF, GitHub, JUnit, GitLab, Checkstyle, JSON Lines) share.

Article text is untrusted: a scraped page can hold NUL bytes, escape sequences or lone
surrogates. Each CI format must stay a valid document whatever the text, so every string that
comes from an article goes through `clean` (and `xml_clean` for XML) before it is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..findings import Finding, Severity
from ..regex_cache import precompiled

if TYPE_CHECKING:
    from ..api import FileResult
    from ..baseline import Fingerprint

# Lone surrogates cannot be encoded as UTF-8; XML 1.0 forbids most C0 controls and U+FFFE/FFFF.
_SURROGATE = precompiled("[\ud800-\udfff]")
_XML_INVALID = precompiled("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CONTROL = precompiled(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def clean(text: str) -> str:
    """Text that encodes as UTF-8 (lone surrogates become U+FFFD)."""
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", text)


def xml_clean(text: str) -> str:
    """Text allowed in an XML 1.0 document (escaping is left to the XML writer)."""
    return _XML_INVALID.sub("\N{REPLACEMENT CHARACTER}", text)


def one_line(text: str) -> str:
    """No control characters at all, for line-based formats (GitHub workflow commands)."""
    return clean(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text))


def relative_path(path: str) -> str:
    """A report path relative to the working folder when it is inside it, POSIX style.

    CI services resolve paths against the checkout root, which is where CI runs tqcheck.
    """
    if path.startswith("<"):
        return path
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.getcwd())
    except ValueError:
        return Path(absolute).as_posix()
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def uri(path: str) -> tuple[str, bool]:
    """(URI reference, is it relative?) for a report path."""
    rel = relative_path(path)
    if rel.startswith("/"):
        return "file://" + quote(clean(rel)), False
    return quote(clean(rel)), True


def located_findings(
    results: Sequence[FileResult],
) -> Iterator[tuple[FileResult, Finding, Fingerprint]]:
    """Every finding with its file result and fingerprint, in report order."""
    from ..baseline import fingerprints  # only the CI formats need it (and json with it)

    for result in results:
        if not result.findings:
            continue
        text = result.document.text if result.document is not None else ""
        yield from (
            (result, f, fp)
            for f, fp in zip(result.findings, fingerprints(text, result.findings), strict=True)
        )


def unique_id(path: str, digest: str, occurrence: int = 0) -> str:
    """A fingerprint unique across a whole report (GitLab requires that), stable across runs."""
    raw = f"{relative_path(path)}\x00{digest}\x00{occurrence}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]
