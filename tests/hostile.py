"""Build a folder of hostile input files (nothing binary is committed: they are made here).

`build(folder)` writes every case and returns {name: Case}; `expect` is what tqcheck must do
with it: "checked" (read and checked, maybe with findings), "warning" (checked, with a
decoding warning) or "skipped" (one error line naming the file, with `reason` in it).
docs/robustness.md lists the same cases; tests/test_hostile.py checks each.
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

FINDING = "Vladimir Poutine said."  # the mini pack's t-name flags 'Poutine'


@dataclass(frozen=True)
class Case:
    path: Path
    expect: str  # checked | warning | skipped
    reason: str = ""


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", FINDING)
    return buffer.getvalue()


def build(folder: Path, big_line_chars: int = 5_000_000) -> dict[str, Case]:
    """Write the hostile files into `folder` (created) and say what each should give."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Case] = {}

    def put(name: str, data: bytes, expect: str, reason: str = "") -> None:
        path = folder / name
        path.write_bytes(data)
        cases[name] = Case(path, expect, reason)

    put("empty.txt", b"", "checked")
    put("whitespace.txt", b" \t\n\r\n  \n\x0c\n", "checked")
    put("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "skipped", "binary")
    put("zip.txt", _zip_bytes(), "skipped", "binary")
    put("nul.txt", FINDING.encode() + b"\x00 more text\n", "skipped", "NUL bytes")
    put("bom8.txt", codecs.BOM_UTF8 + FINDING.encode() + b"\n", "checked")
    put("bom16.txt", (FINDING + "\n").encode("utf-16"), "checked")
    put("cp1252.txt", "Pékin: « Poutine » a dit – 3,5 €.\n".encode("cp1252"), "warning")
    put("latin1.txt", b"Poutine \x81\x8d\xe9t\xe9\n", "warning")
    put("crlf.txt", b"First line.\r\nVladimir Poutine said.\r\n", "checked")
    put("cr.txt", b"First line.\rVladimir Poutine said.\r", "checked")
    put("mixed.txt", b"One.\nTwo.\r\nThree.\rVladimir Poutine said.\n", "checked")
    put("bigline.txt", b"word " * (big_line_chars // 5) + b"Poutine.\n", "checked")
    put("esc\x1b[2J.txt", b"Poutine \x1b[2J\x1b]0;pwned\x07 said.\n", "checked")

    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    (loop / "inside.txt").write_text(FINDING + "\n", encoding="utf-8")
    if not (loop / "again").exists():
        os.symlink("..", loop / "again")  # loop/again/loop/again/... : a directory cycle
    cases["loop/inside.txt"] = Case(loop / "inside.txt", "checked")

    self_link = folder / "selflink.txt"
    if not os.path.lexists(self_link):
        os.symlink("selflink.txt", self_link)
    cases["selflink.txt"] = Case(self_link, "skipped", "cannot read")

    fifo = folder / "fifo.txt"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
        cases["fifo.txt"] = Case(fifo, "skipped", "not a regular file")
    return cases
