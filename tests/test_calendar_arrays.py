"""The calendar on arrays (``scoring/timeline.py``), the plain-Python calendar the loader uses
(``criteria/calendar.py``) and the risk register's coverage gaps give, to the second, what the
scalar calendar of before issue 16 gave (``tests/calendar_oracle.py``: every instance built
with zoneinfo, interval by interval), on random windows in random zones and years, the days
of daylight saving changes included."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import calendar_oracle as oracle
from vendorscore.analysis import coverage_gaps
from vendorscore.criteria import calendar
from vendorscore.criteria.calendar import Window
from vendorscore.scoring import timeline

# zones with every kind of change: DST both ways, southern DST, a change at midnight (Santiago,
# Havana), half-hour DST (Lord Howe), a skipped day (Apia 2011), none (Manila, UTC)
ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Lisbon",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "America/Havana",
    "Pacific/Apia",
    "Asia/Manila",
    "Asia/Kolkata",
    "Africa/Monrovia",
    "UTC",
]
ALL_ZONES = sorted(zoneinfo.available_timezones())

times = st.builds(
    lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 59])
)
ends = st.one_of(times, st.just("24:00"))
weekdays = st.lists(st.sampled_from(calendar.WEEKDAYS), min_size=1, max_size=7, unique=True)
zones = st.one_of(st.sampled_from(ZONES), st.sampled_from(ALL_ZONES))
windows = st.builds(lambda d, s, e, z: (tuple(d), s, e, z), weekdays, times, ends, zones)
schedules = st.lists(windows, min_size=1, max_size=3).map(tuple)


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date]:
    """A few days to a year, in a year of the range dates may take (1900-2200)."""
    year = draw(
        st.sampled_from([1911, 1947, 1972, 2011, 2027, 2038, 2199]) | st.integers(1900, 2199)
    )
    first = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    return first, first + timedelta(days=draw(st.sampled_from([0, 1, 6, 30, 364])))


def closed_dates(first: date, last: date) -> st.SearchStrategy[tuple[date, ...]]:
    around = st.integers(-3, (last - first).days + 3).map(lambda k: first + timedelta(days=k))
    return st.lists(around, max_size=4, unique=True).map(lambda ds: tuple(sorted(ds)))


def as_list(spans: np.ndarray) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in spans]


@settings(max_examples=150, deadline=None)
@given(window=windows, period=periods())
def test_window_instances_match_the_oracle(window: Window, period: tuple[date, date]) -> None:
    first, last = period
    expected = oracle.window_intervals(*window, first, last)
    assert calendar.window_intervals(*window, first, last) == expected
    spans, _ = timeline.window_spans(window, first, last)
    assert as_list(spans) == list(expected)


@settings(max_examples=150, deadline=None)
@given(need=schedules, have=schedules, period=periods(), data=st.data())
def test_coverage_matches_the_oracle(
    need: tuple[Window, ...],
    have: tuple[Window, ...],
    period: tuple[date, date],
    data: st.DataObject,
) -> None:
    first, last = period
    closed = data.draw(closed_dates(first, last))
    required = oracle.required_intervals(need, first, last)
    served = oracle.vendor_intervals(have, closed, first, last)
    assert as_list(timeline.required(need, first, last)) == list(required)
    assert as_list(timeline.served(have, closed, first, last)) == list(served)
    assert oracle.plain_vendor_intervals(have, closed, first, last) == served
    percent = oracle.coverage_percent(need, have, closed, first, last)
    assert timeline.coverage_percent(need, have, closed, first, last) == percent
    assert oracle.plain_coverage_percent(need, have, closed, first, last) == percent
    expected = oracle.covered_minutes(need, have, closed, first, last)
    assert oracle.plain_covered_minutes(need, have, closed, first, last) == expected


spans_strategy = st.lists(st.tuples(st.integers(-50, 50), st.integers(-50, 50)), max_size=12).map(
    lambda xs: np.asarray(xs, dtype=np.int64).reshape(-1, 2)
)


@given(a=spans_strategy, b=spans_strategy)
def test_interval_algebra_matches_the_oracle(a: np.ndarray, b: np.ndarray) -> None:
    ma, mb = oracle.merge(as_list(a)), oracle.merge(as_list(b))
    assert as_list(timeline.union(a)) == ma
    both = (
        np.asarray(ma, dtype=np.int64).reshape(-1, 2),
        np.asarray(mb, dtype=np.int64).reshape(-1, 2),
    )
    assert as_list(timeline.difference(*both)) == oracle.subtract(ma, mb)
    assert timeline.overlap(*both) == oracle.overlap(ma, mb)
    assert timeline.length(both[0]) == oracle.length(ma)


@settings(max_examples=60, deadline=None)
@given(zone=zones, year=st.integers(1900, 2199), minutes=st.sampled_from([15, 30, 60]))
def test_staffing_intervals_match_the_oracle(zone: str, year: int, minutes: int) -> None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = oracle.day_slots(zone, first, last, minutes)
    assert calendar.day_slots(zone, first, last, minutes) == days
    starts, day, slot = timeline.day_intervals(zone, first, last, minutes)
    step = minutes * 60
    expected = [
        (m + k * step, i, s) for i, (m, slots) in enumerate(days) for k, s in enumerate(slots)
    ]
    assert list(zip(starts.tolist(), day.tolist(), slot.tolist(), strict=True)) == expected


@settings(max_examples=80, deadline=None)
@given(need=schedules, have=schedules, period=periods(), data=st.data())
def test_gap_texts_match_the_oracle(
    need: tuple[Window, ...],
    have: tuple[Window, ...],
    period: tuple[date, date],
    data: st.DataObject,
) -> None:
    first, last = period
    closed = data.draw(closed_dates(first, last))
    expected = oracle.schedule_gaps(have, closed, need, first, last)
    found = coverage_gaps._schedule_gaps(have, closed, need, first, last)
    assert found == expected
    assert [g.text for g in found] == [g.text for g in expected]


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", date(2027, 3, 14)),  # spring forward 02:00
        ("America/New_York", date(2027, 11, 7)),  # fall back 02:00
        ("America/Santiago", date(2027, 9, 5)),  # spring forward at midnight
        ("Australia/Lord_Howe", date(2027, 4, 4)),  # half-hour fall back
        ("Pacific/Apia", date(2011, 12, 29)),  # the day before the skipped 30 December
    ],
)
def test_change_days_match_the_oracle(zone: str, day: date) -> None:
    # every quarter-hour window of the day, across the change
    for start in range(0, 24 * 60, 15):
        clock = f"{start // 60:02d}:{start % 60:02d}"
        window = (tuple(calendar.WEEKDAYS), clock, "24:00", zone)
        expected = oracle.window_intervals(*window, day, day)
        assert calendar.window_intervals(*window, day, day) == expected
        assert as_list(timeline.window_spans(window, day, day)[0]) == list(expected)


def test_gaps_of_the_example_match_the_oracle() -> None:
    # the fashion project's DST texts are pinned in test_risks.py; here a Manila night shift
    # against New York evenings, a closed Christmas, over a year across both changes
    need = ((tuple(calendar.WEEKDAYS), "06:00", "24:00", "America/New_York"),)
    have = ((("mon", "tue", "wed", "thu", "fri"), "19:00", "13:00", "Asia/Manila"),)
    closed = (date(2027, 12, 25),)
    first, last = date(2027, 3, 1), date(2028, 2, 29)
    expected = oracle.schedule_gaps(have, closed, need, first, last)
    found = coverage_gaps._schedule_gaps(have, closed, need, first, last)
    assert found == expected
    # Manila 19:00-13:00 is New York 06:00-00:00 in winter (UTC-5), 07:00-01:00 in summer;
    # Manila's Saturday starts on New York's Friday evening; closed Manila 25 Dec is New York
    # 24 Dec 11:00 onwards
    assert [g.text for g in found] == [
        "misses 06:00–07:00 at weekends, and on weekdays in summer only; 07:00–11:00 at "
        "weekends; 11:00–24:00 at weekends, and on 24 Dec 2027"
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), max_size=40))
def test_distinct_is_numpys_unique(values: list[int]) -> None:
    """``timeline.distinct`` (used instead of ``np.unique``, which imports numpy.ma)."""
    array = np.array(values, dtype=np.int64)
    got = timeline.distinct(array)
    assert got.dtype == np.int64
    assert got.tolist() == np.unique(array).tolist()
