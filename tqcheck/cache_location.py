"""Where tqcheck's caches live, whether they are on, and how a cache file is written: shared
by every cache (packs, prefilter, findings, langdetect's profiles, module regexes) and
imported before all of them, so it imports nothing of tqcheck."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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


def write_cache_file(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Write a cache file atomically: `fill` writes a temporary file beside it, which is then
    renamed into place, so a run starting meanwhile never reads half a file. Does nothing,
    silently, where the folder cannot be written or `fill` fails: a cache is an optimisation
    only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only a write needs it (with shutil, bz2, lzma, random: ~4 ms)

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        os.replace(tmp, path)
    except Exception:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
