"""The command line, through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
ARTICLE = (
    "Vladimir Poutine spoke.\n\nThe head of French diplomacy agreed. . Then\n\nSource link -9\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_text_report_lines_marks_and_summary(article: Path) -> None:
    result = run(*BASE, str(article))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{article}:1:10: t-name 'Poutine' is the French form; English writes 'Putin'"
    )
    assert lines[1] == "  1 | Vladimir Poutine spoke."
    assert lines[2] == "    |          ^^^^^^^"
    assert lines[3] == "    = fix: replace with 'Putin'"
    assert lines[-1] == (
        "Found 4 findings (1 error, 3 warnings) in 1 file; 3 fixable with --fix "
        "(1 more with --unsafe-fixes)."
    )
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_color_always_and_no_color(article: Path, monkeypatch) -> None:
    assert "\x1b[" in run(*BASE, "--color", "always", str(article)).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(*BASE, str(article)).output


def test_json_schema_fields(article: Path) -> None:
    result = run(*BASE, "--format", "json", str(article))
    data = json.loads(result.output)
    assert data["version"] == 1
    first = data["findings"][0]
    assert set(first) >= {
        "rule_id",
        "category",
        "severity",
        "message",
        "why",
        "path",
        "start",
        "end",
        "line",
        "col",
        "end_line",
        "end_col",
        "matched",
        "suggestions",
        "fix",
    }
    assert ARTICLE[first["start"] : first["end"]] == first["matched"] == "Poutine"
    assert first["fix"] == {
        "safety": "safe",
        "edits": [{"start": 9, "end": 16, "replacement": "Putin"}],
    }
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 3}


def test_fail_on_and_exit_zero(article: Path) -> None:
    assert run(*BASE, "--fail-on", "error", str(article)).exit_code == 1
    assert (
        run(*BASE, "--select", "t-stray-period", "--fail-on", "error", str(article)).exit_code == 0
    )
    assert run(*BASE, "--exit-zero", str(article)).exit_code == 0
    assert run(*BASE, "--fail-on", "never", str(article)).exit_code == 0


def test_fix_in_place_then_nothing_left(article: Path) -> None:
    result = run(*BASE, "--fix", str(article))
    assert article.read_text(encoding="utf-8") == (
        "Vladimir Putin spoke.\n\nThe head of French diplomacy agreed. Then\n"
    )
    assert result.exit_code == 1  # the unsafe finding remains
    run(*BASE, "--fix", "--unsafe-fixes", str(article))
    assert "France's foreign minister" in article.read_text(encoding="utf-8")
    assert run(*BASE, str(article)).exit_code == 0


def test_diff_changes_nothing(article: Path) -> None:
    result = run(*BASE, "--diff", str(article))
    assert result.exit_code == 1
    assert "-Vladimir Poutine spoke.\n+Vladimir Putin spoke.\n" in result.output
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_stdin_fix_outputs_only_the_text() -> None:
    result = run(*BASE, "--fix", "-", input="Poutine. . Then")
    assert result.exit_code == 0
    assert result.output == "Putin. Then"


def test_stdin_report_uses_stdin_filename() -> None:
    result = run(*BASE, "--stdin-filename", "draft.txt", "-", input="Poutine spoke")
    assert result.output.startswith("draft.txt:1:1: t-name")


def test_folders_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text("Poutine\n", encoding="utf-8")
    (tmp_path / "d" / "e" / "b.md").write_text("Pékin\n", encoding="utf-8")
    (tmp_path / "d" / "c.html").write_text("Poutine\n", encoding="utf-8")
    result = run(*BASE, "--format", "json", str(tmp_path / "d"), str(tmp_path / "nope.txt"))
    data = json.loads(result.output)
    assert [Path(f["path"]).name for f in data["files"]] == ["a.txt", "b.md", "nope.txt"]
    assert data["files"][2]["error"] == "no such file or folder"
    assert result.exit_code == 2


def test_rules_explain_and_test_rules(tmp_path: Path) -> None:
    listing = run("rules", *BASE)
    assert "t-diplomacy" in listing.output and "calque" in listing.output
    explained = run("explain", "t-diplomacy", *BASE)
    assert "French 'chef de la diplomatie'." in explained.output
    assert "the head of Russian diplomacy said" in explained.output
    unknown = run("explain", "t-diplomac", *BASE)
    assert unknown.exit_code == 2
    ok = run("test-rules", MINI)
    assert ok.exit_code == 0 and "All 8 examples of 4 rules pass." in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        Path(MINI).read_text(encoding="utf-8").replace('fixed: "Putin spoke."', 'fixed: "Pu."'),
        encoding="utf-8",
    )
    failed = run("test-rules", str(broken))
    assert failed.exit_code == 1
    assert "t-name: fix gives 'Putin spoke.', expected 'Pu.'" in failed.output


def test_broken_user_pack_is_refused_with_exit_2(tmp_path: Path, article: Path) -> None:
    broken = tmp_path / "bad.yaml"
    broken.write_text("pack: x\nlang: fr\nrules: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-default-rules", "--rules", str(broken), str(article)])
    assert result.exit_code == 2
    assert f"{broken}:" in result.output and "invalid YAML" in result.output
    assert "Traceback" not in result.output


def test_real_subprocess_pipe_and_exit_codes(article: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck", *BASE, "--fix", "-"],
        input=b"Poutine spoke.\r\n",
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout == b"Putin spoke.\r\n" and proc.stderr == b""
    usage = subprocess.run(
        [sys.executable, "-m", "tqcheck", *BASE, "--format", "nope", str(article)],
        capture_output=True,
        check=False,
    )
    assert usage.returncode == 2
