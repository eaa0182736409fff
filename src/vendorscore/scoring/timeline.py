"""The coverage calendar on arrays: every day and window of a period at once (issue 16).

The same calendar as ``criteria/calendar.py`` (its docstring has the rules: windows expanded
on real local days, ``fold=0``, half-open intervals of whole seconds), computed with numpy:
a zone's offset changes are read once per period from zoneinfo (``calendar.offsets``), a
local wall-clock time becomes an instant by one ``searchsorted`` over them, and the interval
sets (unions, differences, overlaps) are cut at every end point of either operand, so each
result is exact to the second. Interval sets are ``(n, 2)`` int64 arrays, sorted, merged
(touching intervals joined) and read-only (they are cached and shared).

The plain-Python calendar stays for the loader (which must not import numpy); this one
serves the engine's coverage column (``coverage_column``, registered in ``columns.py``), the
staffing year and the risk register's gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import RawContext, RawValue
from vendorscore.criteria.calendar import (
    DAY_SECONDS,
    WEEKDAYS,
    Window,
    offsets,
    served_span,
    wall,
)
from vendorscore.criteria.coverage import CoverageCriterion, schedule
from vendorscore.models.common import time_to_minutes
from vendorscore.models.vendor import Vendor

Ints = NDArray[np.int64]
Spans = NDArray[np.int64]  # (n, 2): [start, end) instants
EMPTY: Spans = np.zeros((0, 2), dtype=np.int64)
EMPTY.setflags(write=False)


@lru_cache(maxsize=512)
def _table(zone: str, first: date, last: date) -> tuple[Ints, Ints, Ints]:
    found = offsets(zone, first, last)
    arrays = tuple(np.asarray(a, dtype=np.int64) for a in (found.utc, found.wall, found.offsets))
    for array in arrays:
        array.setflags(write=False)
    return arrays[0], arrays[1], arrays[2]


def to_utc(zone: str, first: date, last: date, walls: Ints) -> Ints:
    """Instants of local wall-clock times (``calendar.wall``) around ``first..last``."""
    _, changes, values = _table(zone, first, last)
    return walls - values[np.searchsorted(changes, walls, side="right")]


def to_wall(zone: str, first: date, last: date, instants: Ints) -> Ints:
    """Local wall-clock times of instants around ``first..last``."""
    changes, _, values = _table(zone, first, last)
    return instants + values[np.searchsorted(changes, instants, side="right")]


def window_spans(window: Window, first: date, last: date) -> tuple[Spans, Ints]:
    """Instances of one weekly window starting on local dates ``first..last`` (in date order;
    an instance inside a spring-forward gap can be empty or reversed, as in the plain
    calendar: set operations drop it), and the index of each one's date from ``first``."""
    days, start, end, zone = window
    begin, finish = time_to_minutes(start), time_to_minutes(end)
    if finish <= begin:
        finish += 24 * 60
    index = np.arange((last - first).days + 1, dtype=np.int64)
    weekday = (first.weekday() + index) % 7
    index = index[np.isin(weekday, [WEEKDAYS.index(d) for d in days])]
    midnight = wall(first) + index * DAY_SECONDS
    starts = to_utc(zone, first, last, midnight + begin * 60)
    ends = to_utc(zone, first, last, midnight + finish * 60)
    return np.stack([starts, ends], axis=1), index


def union(spans: Spans) -> Spans:
    """Sorted union of intervals (empty ones dropped, touching ones joined)."""
    spans = spans[spans[:, 1] > spans[:, 0]]
    if not len(spans):
        return EMPTY
    spans = spans[np.argsort(spans[:, 0], kind="stable")]
    reach = np.maximum.accumulate(spans[:, 1])
    opens = np.ones(len(spans), dtype=bool)
    opens[1:] = spans[1:, 0] > reach[:-1]
    first = np.flatnonzero(opens)
    last = np.append(first[1:] - 1, len(spans) - 1)
    out = np.stack([spans[first, 0], reach[last]], axis=1)
    out.setflags(write=False)
    return out


def distinct(values: Ints) -> Ints:
    """The sorted distinct values of a 1-d integer array (``np.unique`` without its first-call
    import of ``numpy.ma``, ~17 ms of every ``rank``)."""
    ordered = np.sort(values, kind="stable")
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    out: Ints = ordered[keep]
    return out


def _inside(spans: Spans, points: Ints) -> NDArray[np.bool_]:
    """Whether each point lies in the (merged) intervals."""
    at = np.searchsorted(spans[:, 0], points, side="right") - 1
    inside: NDArray[np.bool_] = (at >= 0) & (points < spans[np.maximum(at, 0), 1])
    return inside


def _pieces(a: Spans, b: Spans) -> tuple[Ints, Ints, NDArray[np.bool_], NDArray[np.bool_]]:
    """The elementary pieces between consecutive end points of ``a`` and ``b``, and whether
    each lies in ``a`` and in ``b`` (no end point falls inside a piece)."""
    cuts = distinct(np.concatenate([a.ravel(), b.ravel()]))
    left, right = cuts[:-1], cuts[1:]
    return left, right, _inside(a, left), _inside(b, left)


def difference(a: Spans, b: Spans) -> Spans:
    """``a`` minus ``b`` (both merged)."""
    if not len(a) or not len(b):
        return a
    left, right, in_a, in_b = _pieces(a, b)
    keep = in_a & ~in_b
    return union(np.stack([left[keep], right[keep]], axis=1))


def overlap(a: Spans, b: Spans) -> int:
    """Total length of the intersection of two merged interval sets."""
    if not len(a) or not len(b):
        return 0
    left, right, in_a, in_b = _pieces(a, b)
    return int((right - left)[in_a & in_b].sum())


def length(spans: Spans) -> int:
    """Total length of merged intervals."""
    return int((spans[:, 1] - spans[:, 0]).sum())


@lru_cache(maxsize=64)
def required(windows: tuple[Window, ...], first: date, last: date) -> Spans:
    """The buyer's required minutes: instances starting on local dates first..last."""
    if not windows:
        return EMPTY
    return union(np.concatenate([window_spans(w, first, last)[0] for w in windows]))


def closed_spans(zone: str, closed: tuple[date, ...], first: date, last: date) -> Spans:
    """The closed local dates, in ``zone``, that can touch instances of dates first..last."""
    kept = [d for d in closed if first <= d <= last]
    walls = np.asarray([wall(d) for d in kept], dtype=np.int64)
    starts = to_utc(zone, first, last, walls)
    ends = to_utc(zone, first, last, walls + DAY_SECONDS)
    return union(np.stack([starts, ends], axis=1))


@lru_cache(maxsize=65536)
def served(windows: tuple[Window, ...], closed: tuple[date, ...], first: date, last: date) -> Spans:
    """The vendor's served minutes around ``first..last`` (``calendar.served_span``)."""
    low, high = served_span(first, last)
    parts = [EMPTY]
    for window in windows:
        spans = union(window_spans(window, low, high)[0])
        if closed:
            # a closed date up to a day either side of the span can still cut an instance
            spans = difference(spans, closed_spans(window[3], closed, *served_span(low, high)))
        parts.append(spans)
    return union(np.concatenate(parts))


@lru_cache(maxsize=65536)
def coverage_percent(
    need: tuple[Window, ...],
    have: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> float:
    """% of the required minutes (instances starting first..last) the vendor serves."""
    spans = required(need, first, last)
    total = length(spans)
    if total == 0:
        return 100.0
    return 100.0 * overlap(spans, served(have, closed, first, last)) / total


def coverage_column(
    criterion: CoverageCriterion, vendors: Sequence[Vendor], ctx: RawContext
) -> list[RawValue]:
    """The coverage kind's raw values (``criteria/coverage.py``) for every vendor, on arrays."""
    out = []
    for vendor in vendors:
        found = schedule(criterion, vendor, ctx)
        out.append(RawValue(None if found is None else coverage_percent(*found)))
    return out


def day_intervals(zone: str, first: date, last: date, minutes: int) -> tuple[Ints, Ints, Ints]:
    """The staffing intervals of local dates ``first..last`` (``calendar.day_slots`` on
    arrays): each one's UTC start, the index of its local date and its slot of the local
    clock (a spring-forward day has fewer intervals, a fall-back day more)."""
    step = minutes * 60
    walls = wall(first) + np.arange((last - first).days + 2, dtype=np.int64) * DAY_SECONDS
    midnights = to_utc(zone, first, last, walls)
    counts = np.diff(midnights) // step
    day = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    within = np.arange(len(day), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    starts = midnights[day] + within * step
    slot = (to_wall(zone, first, last, starts) // 60) % (24 * 60) // minutes
    return starts, day, slot
