"""The pre-commit hooks, run by the real pre-commit tool against a temporary git repository.

`pre-commit try-repo` builds the hook's environment from this repository as pre-commit users
would get it (pip installs tqcheck into a fresh virtualenv), so this also proves the package
installs and its `tqcheck` entry point works. A few seconds with a warm pip cache; marked
slow, but it runs in CI like everything else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BAD = "US Presidents Joe Biden and Russian President Vladimir Putin spoke by phone.\n"

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_hook_manifest_names_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"tqcheck", "tqcheck-fix"}
    assert hooks["tqcheck-fix"]["entry"] == "tqcheck --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        for name, wanted in [
            ("a.txt", True),
            ("b.md", True),
            ("c.markdown", True),
            ("d.py", False),
        ]:
            assert bool(re.search(hook["files"], name)) is wanted


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tqcheck", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.slow
def test_try_repo_fails_on_bad_article_and_passes_after_fix(tmp_path: Path) -> None:
    repo = tmp_path / "articles"
    repo.mkdir()
    _git(repo, "init", "-q")
    article = repo / "story.txt"
    article.write_text(BAD, encoding="utf-8")
    _git(repo, "add", "story.txt")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env.pop("GIT_DIR", None)

    failed = _try_repo(repo, env, "story.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "fr-plural-title-one-name" in failed.stdout
    assert "story.txt:1:4:" in failed.stdout

    fixed = subprocess.run(
        [sys.executable, "-m", "tqcheck", "--fix", "--unsafe-fixes", "story.txt"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(env, PYTHONPATH=str(ROOT)),
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert article.read_text(encoding="utf-8").startswith("US President Joe Biden")

    passed = _try_repo(repo, env, "story.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
