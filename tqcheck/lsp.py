"""`tqcheck lsp`: a Language Server over stdio, so any LSP editor shows findings as you type.

Diagnostics are published on open, change and save; quick fixes are code actions (one per
finding with a fix, plus "fix all safe findings"). The server keeps no state of its own beyond
pygls's open documents: every request checks the current text again, which for an article
(a few KB) takes milliseconds, and can never disagree with the command line.

Imported only by the `lsp` command: pygls costs about 0.3 s to import, which a plain
`tqcheck FILE` run must not pay.
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .api import Linter
from .document import Document
from .findings import Finding, FixSafety, Severity
from .lsp_positions import UTF16, position
from .markup import LANGUAGE_SUFFIX, READERS
from .workspace import Workspace, warm

SOURCE = "tqcheck"
FIX_ALL_KIND = "source.fixAll.tqcheck"
SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)


class TqcheckServer(LanguageServer):
    """A pygls server holding the workspace's Linter, built once at initialize."""

    def __init__(self) -> None:
        super().__init__("tqcheck", __version__)
        self.files: Workspace | None = None
        self._notes: set[str] = set()

    def get_linter(self, path: str | None = None) -> Linter:
        """The Linter for a buffer, from the configuration that applies to its path."""
        if self.files is None:
            self.files = Workspace()
        if path is None:
            path = self.workspace.root_path if self.workspace else None
        linter, note = self.files.linter_for(path)
        if note and note not in self._notes:
            self._notes.add(note)
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Warning, message=note)
            )
        return linter

    def encoding(self) -> str:
        value = self.workspace.position_encoding if self.workspace else None
        return str(value.value if hasattr(value, "value") else value or UTF16)


def check_path(path: str, language_id: str | None) -> str:
    """The name tqcheck checks a buffer as: its file name, or one whose suffix names the
    buffer's language when the name does not (an untitled Markdown buffer)."""
    if PurePath(path).suffix.lower() in READERS:
        return path
    suffix = LANGUAGE_SUFFIX.get(language_id or "")
    return path + suffix if suffix else path


def lsp_range(doc: Document, start: int, end: int, encoding: str) -> types.Range:
    (l0, c0), (l1, c1) = position(doc, start, encoding), position(doc, end, encoding)
    return types.Range(start=types.Position(l0, c0), end=types.Position(l1, c1))


def diagnostic(doc: Document, f: Finding, encoding: str) -> types.Diagnostic:
    message = f.message
    if f.suggestions and f.fix is None:
        message += " (suggestion: " + ", ".join(f"'{s}'" for s in f.suggestions[:3]) + ")"
    return types.Diagnostic(
        range=lsp_range(doc, f.start, f.end, encoding),
        message=message,
        severity=SEVERITY[f.severity],
        code=f.rule_id,
        source=SOURCE,
    )


def _findings(ls: TqcheckServer, uri: str) -> tuple[str, str, list[Finding]]:
    document = ls.workspace.get_text_document(uri)
    path = check_path(document.path, document.language_id)
    text = document.source
    return text, path, ls.get_linter(document.path).check(text, path)


def publish(ls: TqcheckServer, uri: str) -> None:
    text, _, findings = _findings(ls, uri)
    doc = Document(text)
    encoding = ls.encoding()
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[diagnostic(doc, f, encoding) for f in findings]
        )
    )


def code_actions(ls: TqcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    text, path, findings = _findings(ls, uri)
    doc = Document(text)
    encoding = ls.encoding()
    only = params.context.only
    wanted_quickfix = not only or any(
        types.CodeActionKind.QuickFix.value.startswith(k) for k in only
    )
    wanted_fix_all = not only or any(FIX_ALL_KIND.startswith(k) for k in only)
    req = params.range
    actions: list[types.CodeAction] = []
    if wanted_quickfix:
        for f in findings:
            if f.fix is None:
                continue
            rng = lsp_range(doc, f.start, f.end, encoding)
            if not _ranges_touch(rng, req):
                continue
            actions.append(
                types.CodeAction(
                    title=_title(f),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(doc, f, encoding)],
                    is_preferred=f.fix.safety is FixSafety.SAFE,
                    edit=types.WorkspaceEdit(
                        changes={
                            uri: [
                                types.TextEdit(
                                    range=lsp_range(doc, e.start, e.end, encoding),
                                    new_text=e.replacement,
                                )
                                for e in f.fix.edits
                            ]
                        }
                    ),
                )
            )
    if wanted_fix_all and any(f.fixable(False) for f in findings):
        fixed = ls.get_linter().fix(text, path).text
        if fixed != text:
            actions.append(
                types.CodeAction(
                    title="tqcheck: fix all safe findings in this file",
                    kind=FIX_ALL_KIND,
                    edit=types.WorkspaceEdit(
                        changes={uri: [whole_edit(doc, text, fixed, encoding)]}
                    ),
                )
            )
    return actions


def whole_edit(doc: Document, old: str, new: str, encoding: str) -> types.TextEdit:
    """One edit turning `old` into `new`: only the span between their common ends, so the
    editor keeps the cursor and undo history outside it."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return types.TextEdit(
        range=lsp_range(doc, prefix, len(old) - suffix, encoding),
        new_text=new[prefix : len(new) - suffix],
    )


def _title(f: Finding) -> str:
    replacement = "".join(e.replacement for e in f.fix.edits) if f.fix else ""
    action = (
        f"Replace '{f.matched}' with '{replacement}'" if replacement else f"Delete '{f.matched}'"
    )
    if f.fix is not None and f.fix.safety is FixSafety.UNSAFE:
        action += " (review: unsafe fix)"
    return f"{action} ({f.rule_id})"


def _ranges_touch(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def make_server() -> TqcheckServer:
    """A server with every feature registered; `start_io()` runs it."""
    server = TqcheckServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: TqcheckServer, params: types.InitializeParams) -> None:
        # Load and compile the packs while the client waits for start-up, not on the first
        # keystroke: the first didOpen then answers as fast as every later one.
        warm(ls.get_linter(params.root_path))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TqcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TqcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TqcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TqcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def code_action(ls: TqcheckServer, params: types.CodeActionParams) -> Any:
        return code_actions(ls, params)

    return server


def main() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    make_server().start_io()
