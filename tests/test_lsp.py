"""The language server, driven as a real client over stdio, and its position arithmetic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tqcheck.document import Document
from tqcheck.lsp_positions import UTF8, UTF16, UTF32, offset, position

pytest.importorskip("pygls")

from .lsp_client import ROOT, LspClient, apply_text_edits

MINI = Path(__file__).parent / "packs" / "mini.yaml"


@pytest.mark.parametrize(
    ("encoding", "expected"), [(UTF16, (1, 7)), (UTF8, (1, 12)), (UTF32, (1, 5))]
)
def test_positions_count_units_of_the_encoding(encoding: str, expected: tuple) -> None:
    text = "title\r\n😀😀 é Poutine"
    doc = Document(text)
    at = text.index("Poutine")
    assert position(doc, at, encoding) == expected
    assert offset(doc, *expected, encoding) == at
    assert offset(doc, 5, 0, encoding) == len(text)  # past the end clamps


def test_server_diagnostics_and_quick_fixes_over_stdio(tmp_path: Path) -> None:
    client = LspClient()
    try:
        result = client.initialize(tmp_path)
        caps = result["capabilities"]
        assert caps["codeActionProvider"]["codeActionKinds"] == [
            "quickfix",
            "source.fixAll.tqcheck",
        ]
        assert caps.get("positionEncoding", "utf-16") == "utf-16"
        uri = (tmp_path / "story.md").as_uri()
        text = (
            "# Summit\n\n"
            "😀 US Presidents Joe Biden and Russian President Vladimir Putin spoke.\n\n"
            "`US Presidents Joe Biden and Russian President Vladimir Putin` in code.\n"
        )
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        published = client.notification("textDocument/publishDiagnostics")
        assert published["uri"] == uri
        diagnostics = published["diagnostics"]
        assert [d["code"] for d in diagnostics] == ["fr-plural-title-one-name"]
        diag = diagnostics[0]
        assert diag["source"] == "tqcheck" and diag["severity"] == 2  # warning
        # the emoji is two UTF-16 units: "Presidents" starts at code point 5, unit 6
        assert diag["range"]["start"] == {"line": 2, "character": 6}
        assert diag["range"]["end"] == {"line": 2, "character": 16}

        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": diag["range"],
                "context": {"diagnostics": [diag]},
            },
        )
        quick = [a for a in actions if a["kind"] == "quickfix"]
        assert len(quick) == 1 and "fr-plural-title-one-name" in quick[0]["title"]
        fixed = apply_text_edits(text, quick[0]["edit"]["changes"][uri])
        line = fixed.splitlines()[2]
        assert line.startswith("😀 US President Joe Biden and Russian President Vladimir Putin")
        assert fixed.splitlines()[4] == text.splitlines()[4]  # code untouched

        # a change is re-checked: the fixed text has no diagnostics left
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"text": fixed}],
            },
        )
        assert client.notification("textDocument/publishDiagnostics")["diagnostics"] == []
    finally:
        assert client.close() == 0


def test_fix_all_action_applies_every_safe_fix(tmp_path: Path) -> None:
    # The workspace's own .tqcheck.yaml decides the rules: only the test pack, kept in the
    # repository, runs, so the server must read the configuration for the buffer's path.
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / ".tqcheck.yaml").write_text(
        "rules: [house]\nselect: [test-mini]\n", encoding="utf-8"
    )
    launcher = tmp_path / "serve.py"
    launcher.write_text(
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom tqcheck import lsp\nlsp.main()\n",
        encoding="utf-8",
    )
    client = LspClient(sys.executable, str(launcher))
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "a.txt").as_uri()
        text = "🎉 Poutine in Pekin. . Then\nthe head of French diplomacy\n\nSource link -3\n"
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
        )
        diags = client.notification("textDocument/publishDiagnostics")["diagnostics"]
        assert len(diags) == 5
        assert diags[0]["range"]["start"] == {"line": 0, "character": 3}
        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            },
        )
        assert [a["kind"] for a in actions] == ["source.fixAll.tqcheck"]
        fixed = apply_text_edits(text, actions[0]["edit"]["changes"][uri])
        assert fixed == "🎉 Putin in Beijing. Then\nthe head of French diplomacy\n"
    finally:
        assert client.close() == 0
