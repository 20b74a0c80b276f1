"""Where tqcheck's caches live, and whether they are on: shared by every cache (packs,
prefilter, findings, langdetect's profiles, module regexes) and imported before all of them,
so it imports nothing of tqcheck."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$TQCHECK_CACHE_DIR, else $XDG_CACHE_HOME/tqcheck, else ~/.cache/tqcheck."""
    explicit = os.environ.get("TQCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "tqcheck"


def cache_disabled() -> bool:
    """TQCHECK_NO_CACHE=1 turns every cache off (benchmarks of a cold start use it)."""
    return os.environ.get("TQCHECK_NO_CACHE", "") not in ("", "0")
