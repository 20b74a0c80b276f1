"""`source_lang` limits the packs to what a repository translates from; `auto` runs them all."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tqcheck.cli import main

ARTICLE = "Talks in Moskau and Pékin went on, the ministry said.\n"


def _rules(args: list[str], cwd: Path) -> set[str]:
    result = CliRunner().invoke(main, [*args, "--format", "json", str(cwd / "a.txt")])
    assert result.exit_code in (0, 1), result.output
    return {f["rule_id"].split("-")[0] for f in json.loads(result.output)["findings"]}


def test_auto_runs_every_language(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert _rules([], tmp_path) == {"de", "fr"}


def test_config_and_option_limit_languages(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".tqcheck.yaml").write_text("source_lang: [de]\n", encoding="utf-8")
    assert _rules([], tmp_path) == {"de"}
    assert _rules(["--source-lang", "fr"], tmp_path) == {"fr"}
    assert _rules(["--source-lang", "auto"], tmp_path) == {"de"}  # auto: the file decides


def test_bad_source_lang_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".tqcheck.yaml").write_text("source_lang: French\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "source_lang" in result.output


def test_comma_separated_selectors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert _rules(["--ignore", "de-names,fr-names"], tmp_path) == set()
