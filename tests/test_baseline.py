"""Baselines: findings survive edits elsewhere in the file; new ones are reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.api import Linter
from tqcheck.baseline import Baseline, baseline_document, fingerprints
from tqcheck.cli import main

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
ARTICLE = "Vladimir Poutine spoke in Pékin.\n\nThe talks went on. . Then\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, [*BASE, *args], catch_exceptions=False)


def test_fingerprints_ignore_lines_but_count_occurrences() -> None:
    linter = Linter(rules_dirs=[MINI], builtin=False)
    before = fingerprints(ARTICLE, linter.check(ARTICLE))
    moved = "A new first paragraph about Poutine.\n\n" + ARTICLE
    after = fingerprints(moved, linter.check(moved))
    assert [fp.key for fp in before] == [fp.key for fp in after[1:]]
    twice = "Poutine said. Poutine said."
    keys = [fp.key for fp in fingerprints(twice, linter.check(twice))]
    assert keys[0][0] != keys[1][0] or keys[0][1] != keys[1][1]
    same = "x Poutine y\nx Poutine y\n"
    assert [fp.occurrence for fp in fingerprints(same, linter.check(same))] == [0, 1]


def test_baseline_survives_an_inserted_paragraph_and_reports_the_new_finding(
    repo: Path,
) -> None:
    written = run("--write-baseline", ".tqcheck-baseline.json", "news")
    assert written.exit_code == 0
    data = json.loads((repo / ".tqcheck-baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["news/a.txt"] * 3
    assert all("line" not in e for e in data["findings"])

    assert run("--baseline", ".tqcheck-baseline.json", "news").exit_code == 0
    article = repo / "news" / "a.txt"
    article.write_text("A new paragraph.\n\n" + ARTICLE, encoding="utf-8")
    clean = run("--baseline", ".tqcheck-baseline.json", "--format", "json", "news")
    assert clean.exit_code == 0 and json.loads(clean.output)["findings"] == []

    article.write_text("Sergueï met Poutine in la Mecque.\n\n" + ARTICLE, encoding="utf-8")
    new = run("--baseline", ".tqcheck-baseline.json", "--format", "json", "news")
    assert new.exit_code == 1
    found = [(f["line"], f["matched"]) for f in json.loads(new.output)["findings"]]
    assert found == [(1, "Poutine"), (1, "la Mecque")]


def test_stale_entries_are_listed(repo: Path) -> None:
    run("--write-baseline", "base.json", "news")
    (repo / "news" / "a.txt").write_text(ARTICLE.replace("Pékin", "Beijing"), encoding="utf-8")
    result = CliRunner().invoke(
        main, [*BASE, "--baseline", "base.json", "--show-stale-baseline", "news"]
    )
    assert result.exit_code == 0 and "No findings in 1 file." in result.output
    stale = [line for line in result.output.splitlines() if "stale" in line]
    assert stale == ["news/a.txt: stale baseline entry: t-name 'Pékin' (no longer found)"]


def test_baseline_from_config_and_paths_relative_to_the_baseline(repo: Path) -> None:
    (repo / "ci").mkdir()
    run("--write-baseline", "ci/base.json", "news")
    entries = json.loads((repo / "ci" / "base.json").read_text(encoding="utf-8"))["findings"]
    assert {e["path"] for e in entries} == {"../news/a.txt"}
    (repo / ".tqcheck.yaml").write_text("baseline: ci/base.json\n", encoding="utf-8")
    assert run("news").exit_code == 0
    assert run("--baseline", "missing.json", "news").exit_code == 2


def test_baseline_json_is_stable(repo: Path, tmp_path: Path) -> None:
    linter = Linter(rules_dirs=[MINI], builtin=False)
    files = [("news/a.txt", ARTICLE, linter.check(ARTICLE))]
    one = baseline_document(repo / "b.json", files)
    two = baseline_document(repo / "b.json", list(reversed(files)))
    assert one == two and one.endswith("}\n")
    (repo / "b.json").write_text(one, encoding="utf-8")
    assert set(Baseline.load(repo / "b.json").entries) == {"news/a.txt"}


def test_subprocess_write_then_check(repo: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "tqcheck", *BASE]
    first = subprocess.run([*cmd, "--write-baseline", "b.json", "news"], env=env, check=False)
    assert first.returncode == 0
    again = subprocess.run(
        [*cmd, "--baseline", "b.json", "news"], env=env, capture_output=True, check=False
    )
    assert again.returncode == 0 and again.stdout.startswith(b"No findings")
