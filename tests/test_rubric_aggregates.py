"""The rubric's mean and median are the statistics module's, to the last bit."""

from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.criteria import rubric

SCORES = st.lists(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(SCORES)
def test_mean_is_statistics_fmean(values: list[float]) -> None:
    assert rubric._mean(values) == statistics.fmean(values)


@settings(max_examples=500, deadline=None)
@given(SCORES)
def test_median_is_statistics_median(values: list[float]) -> None:
    assert rubric._median(values) == statistics.median(values)


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_scores() -> None:
    assert rubric._median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert rubric._median([3.0, 1.0, 2.0]) == 2.0
