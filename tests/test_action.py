"""The GitHub Action: its metadata, and its run script against real articles.

GitHub itself is not reachable from the test, so the composite steps are checked for shape and
the script that does the work (action/run.sh) is run as the runner would run it, with the
inputs as environment variables and a `tqcheck` on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BAD = "US Presidents Joe Biden and Russian President Vladimir Putin spoke by phone.\n"
CLEAN = "President Joe Biden spoke to Russian President Vladimir Putin by phone.\n"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def test_action_metadata() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) >= {"paths", "format", "args", "fail-on"}
    assert action["inputs"]["format"]["default"] == "github"
    runs = action["runs"]
    assert runs["using"] == "composite"
    assert runs["steps"][0]["uses"].startswith("actions/setup-python@")
    install, run = runs["steps"][1], runs["steps"][2]
    assert (
        "$ACTION_PATH" in install["run"] and "github.action_path" in install["env"]["ACTION_PATH"]
    )
    # inputs reach the script through the environment only (no ${{ }} inside run: lines)
    assert "${{" not in run["run"]
    assert set(run["env"]) == {
        "TQCHECK_PATHS",
        "TQCHECK_FORMAT",
        "TQCHECK_FAIL_ON",
        "TQCHECK_ARGS",
        "TQCHECK_SARIF_FILE",
    }


def _run(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "tqcheck"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tqcheck "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    env = dict(
        os.environ,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        PYTHONPATH=str(ROOT),
        GITHUB_OUTPUT=str(outputs),
        **{f"TQCHECK_{k.upper()}": v for k, v in inputs.items()},
    )
    result = subprocess.run(
        ["bash", str(ROOT / "action" / "run.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, outputs.read_text(encoding="utf-8")


def test_run_script_fails_on_findings_and_passes_clean(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")

    bad, out = _run(tmp_path, paths="news clean.txt", format="text")
    assert bad.returncode == 1
    assert "news/bad.txt:1:4: fr-plural-title-one-name" in bad.stdout
    assert "exit-code=1" in out.splitlines()

    clean, out = _run(tmp_path, paths="clean.txt", format="json")
    assert clean.returncode == 0 and '"findings": []' in clean.stdout
    assert "exit-code=0" in out.splitlines()

    never, _ = _run(tmp_path, paths="news", format="text", fail_on="never")
    assert never.returncode == 0

    selected, _ = _run(tmp_path, paths="news", format="text", args="--ignore agreement")
    assert selected.returncode == 0


def test_run_script_sarif_goes_to_a_file(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    result, out = _run(tmp_path, paths="bad.txt", format="sarif", sarif_file="out.sarif")
    assert "sarif-file=out.sarif" in out.splitlines()
    assert f"exit-code={result.returncode}" in out.splitlines()
    assert (tmp_path / "out.sarif").exists()
    assert result.stdout == ""  # the report went to the file, not the log
