"""Hostile files: each is checked or skipped with one line naming it; the run goes on.

The files are built by tests/hostile.py in tmp_path. docs/robustness.md has the table.
"""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck import runner as runner_module
from tqcheck.cli import main

from .hostile import FINDING, build

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [*BASE, *args], catch_exceptions=False, env=env)


@pytest.fixture
def hostile(tmp_path: Path):
    return build(tmp_path / "hostile")


def test_every_hostile_file_is_checked_or_skipped_with_its_reason(hostile, tmp_path) -> None:
    result = run(str(tmp_path / "hostile"), *(str(c.path) for c in hostile.values()))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    for name, case in hostile.items():
        shown = str(case.path).replace("\x1b", "\N{REPLACEMENT CHARACTER}")
        errors = [line for line in lines if line.startswith(f"{shown}: error:")]
        warnings = [line for line in lines if line.startswith(f"{shown}: warning:")]
        if case.expect == "skipped":
            assert len(errors) == 1 and case.reason in errors[0], (name, errors)
        else:
            assert not errors, (name, errors)
        assert bool(warnings) is (case.expect == "warning"), (name, warnings)
    # the files that hold the finding were all checked, whatever their encoding or newlines
    for name in ("bom8.txt", "bom16.txt", "crlf.txt", "cr.txt", "mixed.txt", "loop/inside.txt"):
        shown = str(hostile[name].path)
        assert any(line.startswith(f"{shown}:") and "t-name" in line for line in lines), name
    assert "\x1b" not in result.output and "Traceback" not in result.output


def test_skip_unreadable_turns_errors_into_warnings(hostile, tmp_path) -> None:
    result = run("--skip-unreadable", str(tmp_path / "hostile"))
    assert result.exit_code == 1  # findings remain; the unreadable files do not make it 2
    assert f"{hostile['nul.txt'].path}: warning: skipped: binary file" in result.output
    assert "could not be checked" not in result.output


def test_real_process_shows_no_traceback(hostile, tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck", *BASE, "--format", "json", str(tmp_path / "hostile")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert '"error": "binary file (contains NUL bytes); skipped"' in proc.stdout


def test_positions_on_every_newline_style(hostile) -> None:
    out = run(*(str(hostile[n].path) for n in ("crlf.txt", "cr.txt", "mixed.txt"))).output
    assert f"{hostile['crlf.txt'].path}:2:10: t-name" in out
    assert f"{hostile['cr.txt'].path}:2:10: t-name" in out
    assert f"{hostile['mixed.txt'].path}:4:10: t-name" in out


def test_a_five_megabyte_line_is_checked(hostile) -> None:
    out = run(str(hostile["bigline.txt"].path)).output
    assert f"{hostile['bigline.txt'].path}:1:5000001: t-name" in out
    assert max(len(line) for line in out.splitlines()) < 300  # the excerpt is a window


def test_fix_keeps_encoding_bom_and_newlines(hostile) -> None:
    names = ["bom8.txt", "bom16.txt", "cp1252.txt", "crlf.txt", "cr.txt", "mixed.txt"]
    before = {n: hostile[n].path.read_bytes() for n in names}
    result = run("--fix", *(str(hostile[n].path) for n in names))
    assert result.exit_code in (0, 1), result.output
    after = {n: hostile[n].path.read_bytes() for n in names}
    assert after["bom8.txt"] == codecs.BOM_UTF8 + b"Vladimir Putin said.\n"
    assert after["bom16.txt"] == "Vladimir Putin said.\n".encode("utf-16")
    assert after["cp1252.txt"] == "Beijing: « Putin » a dit – 3,5 €.\n".encode("cp1252")
    assert after["crlf.txt"] == before["crlf.txt"].replace(b"Poutine", b"Putin")
    assert after["cr.txt"] == before["cr.txt"].replace(b"Poutine", b"Putin")
    assert after["mixed.txt"] == before["mixed.txt"].replace(b"Poutine", b"Putin")


def test_file_vanishing_between_discovery_and_reading(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(FINDING + "\n", encoding="utf-8")
    real_read = runner_module.read_source

    def vanish_b(path: Path, display: str | None = None):
        if path.name == "b.txt":
            path.unlink()
        return real_read(path, display)

    monkeypatch.setattr(runner_module, "read_source", vanish_b)
    result = run(str(folder))
    assert result.exit_code == 2
    assert f"{folder / 'b.txt'}: error: no such file" in result.output
    assert f"{folder / 'a.txt'}:1:10: t-name" in result.output
    assert f"{folder / 'c.txt'}:1:10: t-name" in result.output
    (folder / "b.txt").write_text(FINDING, encoding="utf-8")
    assert run("--skip-unreadable", str(folder)).exit_code == 1


def test_permission_denied_simulated(tmp_path, monkeypatch) -> None:
    """Works as root too: reading is made to fail the way a chmod 000 file fails."""
    bad = tmp_path / "secret.txt"
    bad.write_text(FINDING, encoding="utf-8")
    good = tmp_path / "ok.txt"
    good.write_text(FINDING, encoding="utf-8")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = run(str(bad), str(good))
    assert result.exit_code == 2
    assert f"{bad}: error: permission denied" in result.output
    assert f"{good}:1:10: t-name" in result.output


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 file; the simulated test covers it")
def test_permission_denied_for_real(tmp_path) -> None:
    bad = tmp_path / "secret.txt"
    bad.write_text(FINDING, encoding="utf-8")
    bad.chmod(0)
    try:
        result = run(str(bad))
    finally:
        bad.chmod(0o644)
    assert result.exit_code == 2 and f"{bad}: error: permission denied" in result.output


def test_fix_is_atomic_keeps_mode_and_follows_symlinks(tmp_path, monkeypatch) -> None:
    target = tmp_path / "real.txt"
    target.write_text(FINDING + "\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    os.symlink(target, link)
    # a failing rename leaves the original whole and no temporary file behind
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space")))
    result = run("--fix", str(link))
    assert result.exit_code == 2 and "fix not written: No space" in result.output
    assert target.read_text(encoding="utf-8") == FINDING + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]
    monkeypatch.undo()
    assert run("--fix", str(link)).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "Vladimir Putin said.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_fix_refuses_a_file_changed_during_the_run(tmp_path, monkeypatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text(FINDING + "\n", encoding="utf-8")
    from tqcheck.api import Linter

    real_check = Linter.check_source

    def edit_meanwhile(self, source, fix=False, unsafe=False, **options):
        result = real_check(self, source, fix=fix, unsafe=unsafe, **options)
        article.write_text("Someone else's edit.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(Linter, "check_source", edit_meanwhile)
    result = run("--fix", str(article))
    assert result.exit_code == 2
    assert "fix not written: the file changed while it was checked" in result.output
    assert article.read_text(encoding="utf-8") == "Someone else's edit.\n"


def test_unexpected_exception_is_one_line_and_exit_2(tmp_path, monkeypatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text(FINDING, encoding="utf-8")

    def explode(*args, **kwargs):
        raise RuntimeError("boom\x1b[2J\nsecond line")

    monkeypatch.setattr(runner_module.Runner, "check_paths", explode)
    result = run(str(article))
    assert result.exit_code == 2
    assert result.output == (
        "tqcheck: internal error: RuntimeError: boom\N{REPLACEMENT CHARACTER}[2J second line "
        "(please report)\n"
    )
    debug = run(str(article), env={"TQCHECK_DEBUG": "1"})
    assert debug.exit_code == 2 and "Traceback" in debug.output


def test_escape_sequences_never_reach_the_terminal(hostile) -> None:
    path = hostile["esc\x1b[2J.txt"].path
    out = run(str(path), str(path.parent / "missing\x1b[2J.txt")).output
    assert "\x1b" not in out and "\x07" not in out
    assert "esc\N{REPLACEMENT CHARACTER}[2J.txt:1:1: t-name" in out
    assert "missing\N{REPLACEMENT CHARACTER}[2J.txt: error: no such file" in out
