"""End to end on the real machine-translated sample (read from ../shared, never copied)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.api import Linter
from tqcheck.findings import FixSafety

from .conftest import SAMPLE

# (phrase in the sample, occurrence, what a suggestion must contain, fix must be safe)
EXPECTED = [
    ("Poutine", 1, "Putin", True),
    ("The appeal between", 1, "call", False),
    (". .", 1, ".", True),
    ("telephone interview", 1, "call", False),
    ("telephone interview", 2, "call", False),
    ("telephone interview", 3, "call", False),
    ("editor’s note", 1, None, False),
    ("quoted by the agencies Russian press releases", 1, "Russian news agencies", False),
    ("the head of Russian diplomacy", 1, "foreign minister", False),
    ("blames Moscow to mass", 1, "accuses Moscow of massing", False),
    ("tomorrow late in the evening", 1, "late tomorrow evening", False),
    ("Sign that", 1, "In a sign that", False),
    ("US Presidents Joe Biden", 1, "President", False),
    ("”, confirmed", 1, ",”", False),
    ("Any reproduction prohibited", 1, None, True),
    ("Source link -112", 1, None, True),
]


def _nth(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize(("phrase", "occurrence", "suggestion", "safe"), EXPECTED)
def test_sample_error_is_diagnosed(linter, sample_text, phrase, occurrence, suggestion, safe):
    start, end = _nth(sample_text, phrase, occurrence)
    hits = [f for f in linter.check(sample_text) if f.start < end and start < f.end]
    assert hits, f"nothing reported on {phrase!r}"
    assert all(len(f.message) > 20 and len(f.why) > 40 for f in hits)
    if suggestion is not None:
        assert any(suggestion in s for f in hits for s in f.suggestions), [
            (f.rule_id, f.suggestions) for f in hits
        ]
    if safe:
        assert any(f.fix and f.fix.safety is FixSafety.SAFE for f in hits)


def test_fixing_the_sample_twice_changes_nothing_more(linter, sample_text) -> None:
    once = linter.fix(sample_text, unsafe=True).text
    assert linter.fix(once, unsafe=True).text == once
    assert not [f for f in linter.check(once) if f.fixable(True)]
    # still the same article: the lead and the last quote survive, and not much was cut
    assert "Putin will speak on the phone Thursday" in once
    assert "“unacceptable”" in once
    # the repeated lede (an unsafe fix) and the residue lines go; the rest stays
    assert 0.75 < len(once) / len(sample_text) < 1.05


def test_cli_fix_on_a_copy(tmp_path: Path, sample_text: str) -> None:
    copy = tmp_path / "sample.txt"
    shutil.copyfile(SAMPLE, copy)
    subprocess.run(
        [sys.executable, "-m", "tqcheck", "--fix", "--unsafe-fixes", str(copy)],
        capture_output=True,
        check=False,
    )
    fixed = copy.read_text(encoding="utf-8")
    assert "Poutine" not in fixed and "Source link" not in fixed and ". ." not in fixed
    second = subprocess.run(
        [sys.executable, "-m", "tqcheck", "--format", "json", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert '"fix": {' not in second.stdout
