"""Untrusted packs and configuration: no YAML tag builds a Python object; errors, not effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.config import ConfigError, ConfigResolver
from tqcheck.ruleset import RulesetError, compile_pack, load_pack, load_yaml

TAGS = [
    "!!python/object/apply:os.mkdir ['{marker}']",
    "!!python/object/new:os.mkdir ['{marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:collections.OrderedDict {{}}",
]


@pytest.mark.parametrize("tag", TAGS)
def test_pack_loader_refuses_python_tags(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        f"pack: evil\nlang: fr\nrules:\n  - id: {tag.format(marker=marker)}\n", encoding="utf-8"
    )
    with pytest.raises(RulesetError, match="invalid YAML"):
        load_pack(pack)
    assert not marker.exists()


@pytest.mark.parametrize("tag", TAGS)
def test_config_loader_refuses_python_tags(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / ".tqcheck.yaml").write_text(
        f"ignore: {tag.format(marker=marker)}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError):
        ConfigResolver(None).for_path(tmp_path / "a.txt")
    assert not marker.exists()


def test_config_has_no_key_that_loads_code(tmp_path: Path) -> None:
    for key in ("plugins", "plugin_paths", "python", "import"):
        (tmp_path / ".tqcheck.yaml").write_text(f"{key}: [os]\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="unknown key"):
            ConfigResolver(None).for_path(tmp_path / "a.txt")


def test_yaml_bombs_are_bounded() -> None:
    """A billion-laughs alias bomb: safe_load builds shared references, not copies; the pack
    validator then refuses it quickly instead of expanding it."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    data = load_yaml(bomb, "bomb.yaml")
    with pytest.raises(RulesetError):
        compile_pack(data, "bomb.yaml")
