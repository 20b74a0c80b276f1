"""Shared fixtures: small packs written in the test, the shared sample where it exists."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "biden-putin-call.txt"
WMT = SHARED / "corpora" / "wmt13-fren"


@pytest.fixture
def write_pack(tmp_path: Path):
    """Write a pack from YAML text and return its path."""

    def write(text: str, name: str = "pack.yaml") -> Path:
        path = tmp_path / "packs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.is_file():
        pytest.skip(f"shared sample article not present at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own tqcheck cache folder, never the user's ~/.cache."""
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("tqcheck-cache")))
