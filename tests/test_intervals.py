"""TakenSpans finds exactly the taken spans a full scan finds to overlap an edit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tqcheck.engine import _overlaps
from tqcheck.intervals import TakenSpans

from .strategies import PROPERTY_SETTINGS

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 6)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=40,
)


@PROPERTY_SETTINGS
@given(candidates=SPANS, queries=SPANS)
def test_near_agrees_with_a_full_scan(candidates, queries) -> None:
    taken = TakenSpans()
    kept: list[tuple[int, int]] = []
    for s, t in candidates:  # take only disjoint spans, as the engine does
        if not any(_overlaps(s, t, a, b) for a, b in kept):
            kept.append((s, t))
            taken.add(s, t)
    for s, t in queries:
        full = [span for span in kept if _overlaps(s, t, *span)]
        near = [span for span in taken.near(s, t) if _overlaps(s, t, *span)]
        assert near == full
