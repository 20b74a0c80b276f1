"""`.gitignore` rules for folder walks, so `tqcheck .` skips what git skips.

A repository of articles usually also holds scraper caches, build output and vendored data that
git ignores; checking them is slow and reports findings nobody can act on. Matching follows git:
each folder's `.gitignore` applies to paths below it, a deeper file overrides a shallower one,
`!` re-includes, `.git/info/exclude` applies to the whole repository. The patterns themselves
are matched by `pathspec` (its GitIgnoreSpec implements git's wildmatch rules). The user's
global excludes file is not read: a CI checkout has none, and results must not depend on the
machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .config import git_root


class GitIgnore:
    """Answers "does git ignore this path?" for paths under one repository (or folder)."""

    def __init__(self, start: Path) -> None:
        start = Path(os.path.abspath(start))
        self.root = git_root(start) or start
        self._specs: dict[Path, Any] = {}

    def _spec_of(self, folder: Path) -> Any:
        if folder not in self._specs:
            lines: list[str] = []
            if folder == self.root:
                lines += _read_lines(folder / ".git" / "info" / "exclude")
            lines += _read_lines(folder / ".gitignore")
            spec = None
            if lines:
                import pathspec

                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = spec
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """True if the deepest `.gitignore` that has an opinion about `path` ignores it.

        Callers walk top-down and prune ignored folders, so a file inside an ignored folder is
        never asked about (git does not re-include files of an excluded folder either).
        """
        path = Path(os.path.abspath(path))
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            return False
        if rel.parts and rel.parts[0] == ".git":
            return True
        decision = None
        folder = self.root
        for depth in range(len(rel.parts)):
            spec = self._spec_of(folder)
            if spec is not None:
                sub = Path(*rel.parts[depth:]).as_posix() + ("/" if is_dir else "")
                result = spec.check_file(sub)
                if result.include is not None:
                    decision = result.include
            folder = folder / rel.parts[depth]
        return bool(decision)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
