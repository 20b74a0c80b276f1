"""Baselines: accept today's findings, report only new ones.

A team adopting tqcheck on an archive of thousands of articles cannot fix everything on day one;
a baseline records what is there now so CI fails only on what a change adds. Findings are
recognised by a fingerprint that does not use line numbers, so inserting a paragraph above a
finding does not make it "new": the rule id, the matched text and a few words on each side,
plus the occurrence index among findings with that same fingerprint in the file (so a second,
identical slip added later is still reported).

The file is stable JSON (sorted entries, sorted keys, paths relative to the baseline file's
folder, POSIX separators) so it diffs cleanly in review.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .findings import Finding
from .regex_cache import precompiled

BASELINE_VERSION = 1
CONTEXT_WORDS = 2
_WORD = precompiled(r"\S+")
_SCAN = 120  # characters scanned on each side for the context words


class BaselineError(Exception):
    """A baseline file that cannot be read or written; str() names the file."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """How a finding is recognised across edits elsewhere in its file."""

    rule_id: str
    matched: str
    context: str
    occurrence: int
    digest: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.digest, self.occurrence)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def fingerprints(text: str, findings: Sequence[Finding]) -> list[Fingerprint]:
    """One fingerprint per finding, in the findings' order.

    The context is the last few words before the span and the first few after it, on the
    span's own line(s), with whitespace collapsed: an article keeps a paragraph per line, so
    inserting or deleting paragraphs elsewhere never changes a fingerprint.
    """
    seen: Counter[str] = Counter()
    result = []
    for f in findings:
        matched = " ".join(f.matched.split())
        line_start = max(text.rfind("\n", 0, f.start), text.rfind("\r", 0, f.start)) + 1
        line_end = min(
            (i for i in (text.find("\n", f.end), text.find("\r", f.end)) if i >= 0),
            default=len(text),
        )
        lo, hi = max(line_start, f.start - _SCAN), min(line_end, f.end + _SCAN)
        before = " ".join(_words(text[lo : f.start])[-CONTEXT_WORDS:])
        after = " ".join(_words(text[f.end : hi])[:CONTEXT_WORDS])
        context = f"{before} [] {after}"
        digest = hashlib.sha256(
            "\x00".join((f.rule_id, matched, context)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:20]
        result.append(Fingerprint(f.rule_id, matched, context, seen[digest], digest))
        seen[digest] += 1
    return result


def baseline_path_key(display_path: str, base_dir: Path) -> str:
    """The path as stored in a baseline: relative to the baseline's folder, POSIX style."""
    absolute = os.path.abspath(display_path)
    try:
        rel = os.path.relpath(absolute, base_dir)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


@dataclass
class Baseline:
    """Accepted findings by path; `match` consumes entries so stale ones are left over."""

    path: Path
    entries: dict[str, list[dict[str, Any]]]

    @property
    def base_dir(self) -> Path:
        return self.path.resolve().parent

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a tqcheck baseline (no 'findings' list)")
        if data.get("version") != BASELINE_VERSION:
            raise BaselineError(f"{path}: unsupported baseline version {data.get('version')!r}")
        entries: dict[str, list[dict[str, Any]]] = {}
        for entry in data["findings"]:
            if not isinstance(entry, dict) or not {"path", "fingerprint", "occurrence"} <= set(
                entry
            ):
                raise BaselineError(f"{path}: malformed baseline entry {entry!r}")
            entries.setdefault(str(entry["path"]), []).append(entry)
        return cls(path, entries)

    def filter_new(self, display_path: str, text: str, findings: list[Finding]) -> list[Finding]:
        """The findings of one file that the baseline does not already accept."""
        key = baseline_path_key(display_path, self.base_dir)
        known = self.entries.get(key, [])
        index = {(e["fingerprint"], e["occurrence"]): e for e in known}
        new = []
        for finding, fp in zip(findings, fingerprints(text, findings), strict=True):
            entry = index.pop(fp.key, None)
            if entry is None:
                new.append(finding)
            else:
                entry["_seen"] = True
        return new

    def stale(self, checked_paths: Iterable[str]) -> list[dict[str, Any]]:
        """Entries of the files checked in this run that no longer occur."""
        keys = {baseline_path_key(p, self.base_dir) for p in checked_paths}
        return [e for key in sorted(keys) for e in self.entries.get(key, []) if not e.get("_seen")]


def baseline_document(path: Path, files: Iterable[tuple[str, str, Sequence[Finding]]]) -> str:
    """The JSON text of a baseline for (display path, text, findings) triples."""
    base_dir = path.resolve().parent
    entries = []
    for display, text, findings in files:
        key = baseline_path_key(display, base_dir)
        for fp in fingerprints(text, findings):
            entries.append(
                {
                    "path": key,
                    "rule_id": fp.rule_id,
                    "matched": fp.matched,
                    "context": fp.context,
                    "occurrence": fp.occurrence,
                    "fingerprint": fp.digest,
                }
            )
    entries.sort(key=lambda e: (e["path"], e["rule_id"], e["fingerprint"], e["occurrence"]))
    document = {"version": BASELINE_VERSION, "tool": "tqcheck", "findings": entries}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
