"""The Linter an editor workspace should use: the one place the language server asks.

A project's settings will live in `.tqcheck.yaml` (read by `tqcheck.config`, written on
another branch). Until that module exists this returns the shipped rules; wiring the
configuration in means changing this function only, and the server follows.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .api import Linter

CONFIG_FILE = ".tqcheck.yaml"


def find_config(root: str | Path | None) -> Path | None:
    """`.tqcheck.yaml` in the workspace root or the nearest folder above it."""
    if root is None:
        return None
    folder = Path(root).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_FILE
        if path.is_file():
            return path
    return None


def config_supported() -> bool:
    """True once a `tqcheck.config` module is installed with this tqcheck."""
    return importlib.util.find_spec("tqcheck.config") is not None


def linter_for_workspace(root: str | Path | None) -> tuple[Linter, str | None]:
    """(linter, note): the Linter for files under `root`, and a note for the user, if any.

    The note says when a `.tqcheck.yaml` was found but could not be applied, so an editor
    shows why its settings seem ignored instead of failing silently.
    """
    config = find_config(root)
    if config is None:
        return Linter(), None
    if not config_supported():
        return Linter(), f"{config}: this tqcheck cannot read configuration yet; using defaults"
    # Wiring point for tqcheck.config (see module docstring): build the Linter from `config`.
    return Linter(), f"{config}: configuration support not wired in yet; using defaults"
