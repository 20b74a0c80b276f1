"""Repository configuration: discovery, validation errors, per-path overrides, rule folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.cli_ci import STARTER
from tqcheck.config import ConfigError, ConfigResolver, load_config

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
TEXT = "Vladimir Poutine spoke. . Then\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    for folder in ("news", "archive/2019"):
        (root / folder).mkdir(parents=True)
        (root / folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rules_hit(output: str) -> list[tuple[str, str]]:
    return [(f["path"], f["rule_id"]) for f in json.loads(output)["findings"]]


def test_per_path_override_ignores_a_category_in_the_archive(repo: Path) -> None:
    write(
        repo / ".tqcheck.yaml",
        """\
        per_path:
          - paths: ["archive/**"]
            ignore: [punctuation]
        severity:
          t-name: info
        """,
    )
    result = run(*BASE, "--format", "json", ".")
    assert rules_hit(result.output) == [
        ("archive/2019/a.txt", "t-name"),
        ("news/a.txt", "t-name"),
        ("news/a.txt", "t-stray-period"),
    ]
    severities = {f["rule_id"]: f["severity"] for f in json.loads(result.output)["findings"]}
    assert severities == {"t-name": "info", "t-stray-period": "warning"}


def test_nearest_config_wins_and_cli_overrides(repo: Path) -> None:
    write(repo / ".tqcheck.yaml", "ignore: [t-name]\nfail_on: error\n")
    write(repo / "news" / ".tqcheck.yaml", "select: [t-name]\n")
    result = run(*BASE, "--format", "json", ".")
    assert rules_hit(result.output) == [
        ("archive/2019/a.txt", "t-stray-period"),
        ("news/a.txt", "t-name"),
    ]
    # fail_on comes from the config of the first path: the stray period is only a warning.
    assert run(*BASE, "archive").exit_code == 0
    assert run(*BASE, "--fail-on", "warning", "archive").exit_code == 1
    # --ignore on the command line replaces the file's list.
    assert rules_hit(run(*BASE, "--format", "json", "--ignore", "x", "archive").output) == [
        ("archive/2019/a.txt", "t-name"),
        ("archive/2019/a.txt", "t-stray-period"),
    ]


def test_explicit_config_and_pyproject(repo: Path, tmp_path: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.tqcheck]\nignore = ["t-name"]\n')
    assert rules_hit(run(*BASE, "--format", "json", "news").output) == [
        ("news/a.txt", "t-stray-period")
    ]
    other = write(tmp_path / "other.yaml", "select: [t-name]\n")
    result = run(*BASE, "--config", str(other), "--format", "json", "news")
    assert rules_hit(result.output) == [("news/a.txt", "t-name")]


def test_config_error_names_file_key_and_line(repo: Path) -> None:
    config = write(repo / ".tqcheck.yaml", "ignore: []\nselekt: [t-name]\n")
    result = run(*BASE, "news")
    assert result.exit_code == 2
    assert f"{config}:2: key 'selekt': unknown key; did you mean 'select'?" in result.output
    write(repo / ".tqcheck.yaml", "fail_on: sometimes\n")
    result = run(*BASE, "news")
    assert result.exit_code == 2 and "key 'fail_on': must be one of" in result.output
    write(repo / ".tqcheck.yaml", "per_path:\n  - paths: [a]\n    ignor: [x]\n")
    result = run(*BASE, "news")
    assert result.exit_code == 2 and ":3: key 'per_path.ignor': unknown key" in result.output
    write(repo / "pyproject.toml", "[tool.tqcheck]\nselect = 3\n")
    (repo / ".tqcheck.yaml").unlink()
    result = run(*BASE, "news")
    assert result.exit_code == 2
    assert "pyproject.toml:2: key 'select': must be a list of strings" in result.output


def test_yaml_cannot_construct_python_objects(repo: Path) -> None:
    config = write(repo / ".tqcheck.yaml", "select: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match="could not determine a constructor"):
        load_config(config)


def test_rule_folders_escaping_the_repository_are_refused(repo: Path, tmp_path: Path) -> None:
    write(repo / ".tqcheck.yaml", "rules: ['../../etc']\n")
    result = run(*BASE, "news")
    assert result.exit_code == 2
    assert "key 'rules': rule folder '../../etc' is outside the repository root" in result.output
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "p.yaml").write_text(Path(MINI).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "house").mkdir()
    os.symlink(outside / "p.yaml", repo / "house" / "p.yaml")
    write(repo / ".tqcheck.yaml", "rules: [house]\n")
    result = run("--no-default-rules", "news")
    assert result.exit_code == 2 and "links outside the repository root" in result.output
    os.symlink(outside, repo / "linked")
    write(repo / ".tqcheck.yaml", "rules: [linked]\n")
    assert run("--no-default-rules", "news").exit_code == 2


def test_rule_folder_of_the_repository_is_loaded(repo: Path) -> None:
    (repo / "house").mkdir()
    (repo / "house" / "p.yaml").write_text(Path(MINI).read_text(encoding="utf-8"))
    write(repo / ".tqcheck.yaml", "rules: [house]\nselect: [t-name]\n")
    result = run("--no-default-rules", "--format", "json", "news")
    assert rules_hit(result.output) == [("news/a.txt", "t-name")]


def test_quote_style_british_ignores_tagged_rules(repo: Path) -> None:
    pack = (
        Path(MINI)
        .read_text(encoding="utf-8")
        .replace(
            "    category: punctuation\n",
            "    category: punctuation\n    tags: [quote-style-american]\n",
        )
    )
    (repo / "house").mkdir()
    (repo / "house" / "p.yaml").write_text(pack, encoding="utf-8")
    write(repo / ".tqcheck.yaml", "rules: [house]\nquote_style: british\n")
    assert rules_hit(run("--no-default-rules", "--format", "json", "news").output) == [
        ("news/a.txt", "t-name")
    ]


def test_exclude_globs_skip_files(repo: Path) -> None:
    write(repo / ".tqcheck.yaml", "exclude: ['archive/']\n")
    result = run(*BASE, "--format", "json", ".")
    assert {f["path"] for f in json.loads(result.output)["files"]} == {"news/a.txt"}


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(repo: Path) -> None:
    assert run("init").exit_code == 0
    assert (repo / ".tqcheck.yaml").read_text(encoding="utf-8") == STARTER
    config = load_config(repo / ".tqcheck.yaml")
    assert config.fail_on == "warning" and config.quote_style == "american"
    again = run("init")
    assert again.exit_code == 2 and "already exists" in again.output


def test_config_command_prints_the_resolved_settings(repo: Path) -> None:
    write(
        repo / ".tqcheck.yaml",
        "per_path:\n  - paths: ['archive/**']\n    ignore: [typography]\nquote_style: british\n",
    )
    data = yaml.safe_load(run("config", "archive/2019/a.txt").output)
    assert data["config_file"] == str(repo / ".tqcheck.yaml")
    assert data["effective_ignore"] == ["typography", "quote-style-american"]
    plain = yaml.safe_load(run("config", "news/a.txt").output)
    assert plain["effective_ignore"] == ["quote-style-american"]


def test_resolver_caches_per_folder(repo: Path) -> None:
    write(repo / ".tqcheck.yaml", "ignore: [x]\n")
    resolver = ConfigResolver()
    first = resolver.for_path(repo / "archive" / "2019" / "a.txt")
    assert first is resolver.for_path(repo / "news" / "a.txt")
    assert first.ignore == ("x",)


def test_subprocess_config_error_exit_2(repo: Path) -> None:
    write(repo / ".tqcheck.yaml", "severity:\n  t-name: fatal\n")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck", *BASE, "news"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert "key 'severity': 't-name': must be error, warning or info" in proc.stderr
    assert "Traceback" not in proc.stderr
