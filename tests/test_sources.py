"""Decoding and writing back: encoding, BOM, newlines and mode survive; writes are atomic."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tqcheck.sources import SourceError, decode_bytes, discover, read_source, write_back


def test_utf8_bom_is_kept_apart_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfPoutine\r\n")
    source = read_source(path)
    assert source.text == "Poutine\r\n" and source.bom == b"\xef\xbb\xbf"
    write_back(source, "Putin\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfPutin\r\n"


def test_utf16_and_cp1252(tmp_path: Path) -> None:
    assert decode_bytes("Pékin".encode("utf-16"), "x")[0] == "Pékin"
    text, encoding, _, warnings = decode_bytes("Pékin “é”".encode("cp1252"), "x")
    assert text == "Pékin “é”" and encoding == "cp1252" and "not valid UTF-8" in warnings[0]
    path = tmp_path / "legacy.txt"
    path.write_bytes("Pékin a dit".encode("cp1252"))
    source = read_source(path)
    write_back(source, "Beijing a dit é")
    assert path.read_bytes() == "Beijing a dit é".encode("cp1252")


def test_binary_is_refused_with_reason(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.png")


def test_write_back_keeps_mode_and_follows_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    source = read_source(link)
    write_back(source, "new\n")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tqcheck")]


def test_write_back_refuses_a_file_changed_since_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one\n", encoding="utf-8")
    source = read_source(path)
    path.write_text("someone else's edit\n", encoding="utf-8")
    with pytest.raises(SourceError, match="changed"):
        write_back(source, "two\n")
    assert path.read_text(encoding="utf-8") == "someone else's edit\n"


def test_discover_order_include_exclude(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "c.html", "sub/z.txt", "sub/skip.txt", ".git/x.txt"]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    found = [d for d in discover([str(tmp_path)], exclude=["sub/skip.txt"])]
    names = [Path(display).relative_to(tmp_path).as_posix() for _, display in found]
    assert names == ["a.md", "b.txt", "sub/z.txt"]
    errors = list(discover([str(tmp_path / "missing.txt")]))
    assert isinstance(errors[0], SourceError)
