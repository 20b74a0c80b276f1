"""A minimal LSP client over a subprocess's stdio, for the server test and the latency bench.

Written against the protocol (Content-Length framing, JSON-RPC) rather than with pygls's own
client, so the test exercises what a real editor sends. Every wait has a timeout, and `close`
kills the process if it does not exit, so a broken server fails a test instead of hanging CI.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class LspClient:
    def __init__(self, *command: str, cwd: Path = ROOT) -> None:
        argv = list(command) or [sys.executable, "-m", "tqcheck", "lsp"]
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.pending: list[dict[str, Any]] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 20) -> Any:
        self._next_id += 1
        ident = self._next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)
        if "error" in reply:
            raise RuntimeError(f"{method} failed: {reply['error']}")
        return reply.get("result")

    def wait(self, match: Any, timeout: float = 20) -> dict[str, Any]:
        """The first message (kept or new) for which `match` is true; others are kept."""
        for index, message in enumerate(self.pending):
            if match(message):
                return self.pending.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching message from the server in {timeout} s")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                stderr = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise EOFError(f"server closed its output; stderr:\n{stderr[-2000:]}")
            if "method" in message and "id" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
                continue
            if match(message):
                return message
            self.pending.append(message)

    def notification(self, method: str, timeout: float = 20) -> dict[str, Any]:
        return self.wait(lambda m: m.get("method") == method, timeout)["params"]

    def initialize(self, root: Path, capabilities: dict[str, Any] | None = None) -> Any:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": capabilities or {},
            },
            timeout=60,
        )
        self.notify("initialized", {})
        return result

    def close(self, timeout: float = 10) -> int:
        """shutdown + exit, then the exit code; the process is killed if it lingers."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", None)
            return self.proc.wait(timeout=timeout)
        except (TimeoutError, subprocess.TimeoutExpired, BrokenPipeError, EOFError):
            self.proc.kill()
            self.proc.wait()
            return -9
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


def apply_text_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to text, as an editor does: last first."""

    def offset(pos: dict[str, int]) -> int:
        lines = text.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: pos["line"]])
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= pos["character"]:
                return start + index
            units += 2 if ord(char) > 0xFFFF else 1
        return start + len(line.rstrip("\r\n"))

    spans = [(offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text
