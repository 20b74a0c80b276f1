"""The Linter an editor buffer should use: the one place the language server asks.

A buffer is checked the way `tqcheck PATH` would check the file: the `.tqcheck.yaml` (or
`[tool.tqcheck]`) found by walking up from it decides the rules, selection, severities and
source languages. A broken configuration must not leave the editor without diagnostics, so it
falls back to the shipped rules and says why.
"""

from __future__ import annotations

from pathlib import Path

from .api import Linter
from .config import ConfigError
from .runner import RunError, Runner, RunOptions


class Workspace:
    """Configuration-aware Linters for the files of one editor session."""

    def __init__(self) -> None:
        self.runner = Runner(RunOptions())
        self._fallback: Linter | None = None

    def linter_for(self, path: str | Path | None) -> tuple[Linter, str | None]:
        """(linter, note): the note says why the file's configuration could not be used."""
        try:
            return self.runner.linter_for(path), None
        except (ConfigError, RunError) as exc:
            if self._fallback is None:
                self._fallback = Linter()
            return self._fallback, f"{exc}; using the shipped rules"


def warm(linter: Linter) -> None:
    """Compile what a first check would (regexes, langdetect's profiles): run every rule on its
    first bad example once, so the first diagnostics come as fast as the next ones."""
    examples = (
        next((e["bad"] for e in r.examples if "bad" in e), "") for r in linter.ruleset.rules
    )
    linter.check("\n\n".join(examples))
