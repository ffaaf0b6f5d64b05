from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.scoring import lesson_score, score


def test_right_first_time_is_full():
    assert score(0, 0, False) == 1.0


def test_revealed_is_zero_whatever_came_before():
    assert score(0, 0, True) == 0.0
    assert score(4, 3, True) == 0.0


@pytest.mark.parametrize(
    ("wrong", "hints", "want"),
    [
        (1, 0, 0.9),
        (2, 0, 0.8),
        (0, 1, 0.75),
        (0, 2, 0.5),
        (1, 1, 0.65),
        (2, 1, 0.55),
        (0, 3, 0.25),
        (5, 3, 0.25),
        (20, 0, 0.25),
        (7, 0, 0.3),
    ],
)
def test_deductions_and_floor(wrong, hints, want):
    assert score(wrong, hints, False) == want


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        score(-1, 0, False)
    with pytest.raises(ValueError):
        score(0, -1, False)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50), st.integers(0, 10))
def test_score_bounds_and_monotone(wrong, hints):
    s = score(wrong, hints, False)
    assert 0.25 <= s <= 1.0
    assert score(wrong + 1, hints, False) <= s
    assert score(wrong, hints + 1, False) <= s
    assert score(wrong, hints, True) < s


@dataclass
class Rec:
    score: float


def test_lesson_score_sums_records():
    assert lesson_score([Rec(1.0), Rec(0.75), Rec(0.0)]) == (1.75, 3.0)


def test_lesson_score_reads_mapping_values_and_numbers():
    assert lesson_score({"a": Rec(0.9), "b": Rec(0.65)}) == (1.55, 2.0)
    assert lesson_score([1.0, 0.25]) == (1.25, 2.0)


def test_lesson_score_with_total_counts_unanswered_as_zero():
    assert lesson_score([Rec(1.0)], total=7) == (1.0, 7.0)
    assert lesson_score([], total=3) == (0.0, 3.0)
    with pytest.raises(ValueError):
        lesson_score([Rec(1.0), Rec(1.0)], total=1)


def test_lesson_score_sum_is_rounded():
    points, _ = lesson_score([Rec(0.1)] * 3)
    assert points == 0.3
