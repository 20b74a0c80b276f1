"""tqcheck: catch what machine translation leaves behind in English news text.

The library API is `check_text`, `fix_text`, `check_paths` and `Linter`; they are imported on
first use so that `import tqcheck` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Linter", "__version__", "check_paths", "check_text", "fix_text"]


def __getattr__(name: str) -> Any:
    if name in {"Linter", "check_paths", "check_text", "fix_text"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'tqcheck' has no attribute {name!r}")
