"""Running in CI: .gitignore, stable order, --statistics, --quiet, --output-file, progress."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.gitignore import GitIgnore
from tqcheck.output import statistics
from tqcheck.progress import Progress, wanted

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    for rel in ("b.txt", "a.txt", "cache/x.txt", "sub/keep.txt", "sub/drop.txt", "sub/z.log.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Poutine spoke. . Then\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("cache/\n*.log.txt\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("*.txt\n!keep.txt\n", encoding="utf-8")
    (tmp_path / ".git" / "info" / "exclude").write_text("b.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, [*BASE, *args], catch_exceptions=False)


def checked(output: str) -> list[str]:
    return [f["path"] for f in json.loads(output)["files"]]


def test_gitignore_respected_and_order_stable(repo: Path) -> None:
    assert checked(run("--format", "json", ".").output) == ["a.txt", "sub/keep.txt"]
    assert checked(run("--format", "json", "--no-gitignore", ".").output) == [
        "a.txt",
        "b.txt",
        "cache/x.txt",
        "sub/drop.txt",
        "sub/keep.txt",
        "sub/z.log.txt",
    ]


def test_gitignore_matcher_rules(repo: Path) -> None:
    ignore = GitIgnore(repo)
    assert ignore.ignored(repo / "cache", True)
    assert not ignore.ignored(repo / "cache", False)  # 'cache/' names folders only
    assert ignore.ignored(repo / "sub" / "drop.txt", False)
    assert not ignore.ignored(repo / "sub" / "keep.txt", False)
    assert ignore.ignored(repo / "b.txt", False)


def test_gitignore_needs_a_repository(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("Poutine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("a.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert checked(run("--format", "json", ".").output) == ["a.txt"]


def test_statistics_counts_per_rule(repo: Path) -> None:
    result = run("--statistics", "--no-gitignore", ".")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "6  t-name          error    name-form    [*]",
        "6  t-stray-period  warning  punctuation  [*]",
    ]
    data = json.loads(run("--statistics", "--format", "json", ".").output)
    assert [(d["rule_id"], d["count"]) for d in data] == [("t-name", 2), ("t-stray-period", 2)]
    assert statistics([], "text") == ""


def test_quiet_prints_only_the_summary_and_nothing_when_clean(repo: Path) -> None:
    noisy = run("--quiet", "a.txt")
    assert noisy.output == (
        "Found 2 findings (1 error, 1 warning) in 1 file; 2 fixable with --fix.\n"
    )
    clean = repo / "clean.txt"
    clean.write_text("Nothing to see.\n", encoding="utf-8")
    result = run("--quiet", "clean.txt")
    assert result.exit_code == 0 and result.output == ""


def test_output_file_is_written_and_stdout_stays_empty(repo: Path) -> None:
    result = run("--format", "sarif", "--output-file", "out/report.sarif", "a.txt")
    assert result.exit_code == 2  # the folder does not exist: a clear error, not a traceback
    (repo / "out").mkdir()
    result = run("--format", "sarif", "--output-file", "out/report.sarif", "a.txt")
    assert result.exit_code == 1 and result.output == ""
    data = json.loads((repo / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert len(data["runs"][0]["results"]) == 2
    assert [p.name for p in (repo / "out").iterdir()] == ["report.sarif"]  # no temp left


def test_progress_only_on_a_terminal_outside_ci(monkeypatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert not wanted(50, Tty()) and wanted(51, Tty()) and not wanted(51, io.StringIO())
    stream = Tty()
    progress = Progress(stream)
    for done in range(1, 61):
        progress(done, 60)
    progress.close()
    assert "60/60 files" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
    monkeypatch.setenv("CI", "true")
    assert not wanted(1000, Tty())


def test_subprocess_many_files_piped_stderr_has_no_progress(tmp_path: Path) -> None:
    for i in range(60):
        (tmp_path / f"f{i:02}.txt").write_text("Poutine\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck", *BASE, "--format", "github", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert len(lines) == 60 and lines == sorted(lines)
