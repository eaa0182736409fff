"""The scalar calendar as it was before issue 16 (expanded day by day and instant by instant
with zoneinfo): the test oracle for the vectorised calendar (``scoring/timeline.py``), the
plain-Python one (``criteria/calendar.py``) and the coverage gaps, and the benchmark's
baseline (``bench/calendars.py``); and the plain calendar's coverage functions, which
nothing in the package uses since the engine computes coverage on arrays. Not shipped: it
lives in tests/ only."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

from vendorscore.analysis.coverage_gaps import (
    DAY,
    CoverageGap,
    GapClause,
    _summer,
    describe_days,
)
from vendorscore.criteria import calendar
from vendorscore.models.common import load_zone, time_to_minutes

Interval = tuple[int, int]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _instant(day: date, minutes: int, zone_name: str) -> int:
    """Seconds since the epoch of local wall time ``day`` + ``minutes`` in that zone."""
    extra_days, minute = divmod(minutes, 24 * 60)
    local_day = day + timedelta(days=extra_days)
    local = datetime(
        local_day.year,
        local_day.month,
        local_day.day,
        minute // 60,
        minute % 60,
        tzinfo=load_zone(zone_name),
    )
    return int(local.timestamp())


@lru_cache(maxsize=4096)
def window_intervals(
    days: tuple[str, ...], start: str, end: str, zone: str, first: date, last: date
) -> tuple[Interval, ...]:
    """Instances of one weekly window starting on local dates ``first..last`` (inclusive)."""
    begin = time_to_minutes(start)
    finish = time_to_minutes(end)
    if finish <= begin:
        finish += 24 * 60
    wanted = {WEEKDAYS.index(d) for d in days}
    out: list[Interval] = []
    day = first
    while day <= last:
        if day.weekday() in wanted:
            out.append((_instant(day, begin, zone), _instant(day, finish, zone)))
        day += timedelta(days=1)
    return tuple(out)


merge = calendar.merge  # unchanged by issue 16: the one union both calendars use


def subtract(base: Sequence[Interval], holes: Sequence[Interval]) -> list[Interval]:
    """``base`` minus ``holes`` (both merged and sorted)."""
    out: list[Interval] = []
    j = 0
    for start, end in base:
        current = start
        while j < len(holes) and holes[j][1] <= current:
            j += 1
        k = j
        while k < len(holes) and holes[k][0] < end:
            if holes[k][0] > current:
                out.append((current, holes[k][0]))
            current = max(current, holes[k][1])
            k += 1
        if current < end:
            out.append((current, end))
    return out


def overlap(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Total length of the intersection of two merged, sorted interval lists."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            total += end - start
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def length(intervals: Sequence[Interval]) -> int:
    """Total length of merged intervals."""
    return sum(end - start for start, end in intervals)


Window = tuple[tuple[str, ...], str, str, str]  # (days, start, end, IANA zone)


@lru_cache(maxsize=64)
def required_intervals(
    windows: tuple[Window, ...], first: date, last: date
) -> tuple[Interval, ...]:
    """The buyer's required minutes: instances starting on local dates first..last."""
    spans = [iv for w in windows for iv in window_intervals(*w, first, last)]
    return tuple(merge(spans))


def _closed_intervals(zone: str, closed: tuple[date, ...]) -> list[Interval]:
    return merge([(_instant(d, 0, zone), _instant(d, 24 * 60, zone)) for d in closed])


@lru_cache(maxsize=65536)
def vendor_intervals(
    windows: tuple[Window, ...], closed: tuple[date, ...], first: date, last: date
) -> tuple[Interval, ...]:
    """The vendor's served minutes around ``first..last`` (two days of margin on each side,
    so windows in far-away time zones that reach into the period are counted)."""
    spans: list[Interval] = []
    for days, start, end, zone in windows:
        served = merge(
            window_intervals(
                days, start, end, zone, first - timedelta(days=2), last + timedelta(days=2)
            )
        )
        if closed:
            served = subtract(served, _closed_intervals(zone, closed))
        spans.extend(served)
    return tuple(merge(spans))


@lru_cache(maxsize=65536)
def coverage_percent(
    required: tuple[Window, ...],
    vendor: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> float:
    """% of the required minutes (instances starting first..last) the vendor serves."""
    need = required_intervals(required, first, last)
    return _percent(need, vendor_intervals(vendor, closed, first, last))


def covered_minutes(
    required: tuple[Window, ...],
    vendor: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> tuple[int, int]:
    """(covered, required) minutes over the period, for reports and tests."""
    need = required_intervals(required, first, last)
    return _minutes(need, vendor_intervals(vendor, closed, first, last))


def _percent(need: Sequence[Interval], served: Sequence[Interval]) -> float:
    """% of ``need`` that ``served`` covers (100 when nothing is needed)."""
    total = length(need)
    return 100.0 if total == 0 else 100.0 * overlap(need, served) / total


def _minutes(need: Sequence[Interval], served: Sequence[Interval]) -> tuple[int, int]:
    """(covered, required) whole minutes."""
    return overlap(need, served) // 60, length(need) // 60


@lru_cache(maxsize=16)
def day_slots(
    zone: str, first: date, last: date, minutes: int
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """The staffing intervals of each local date ``first..last`` in ``zone``: the instant of
    the day's local midnight and, for each ``minutes``-long interval of that day in order,
    its slot of the local clock (minute of the day // minutes). A spring-forward day has
    fewer intervals (its missing hour has no slot), a fall-back day more (the repeated hour's
    slots come twice), so a year in New York has days of 23 and of 25 hours."""
    step = minutes * 60
    regular = tuple(range(24 * 60 // minutes))
    zone_info = load_zone(zone)
    out: list[tuple[int, tuple[int, ...]]] = []
    day = first
    while day <= last:
        start = _instant(day, 0, zone)
        end = _instant(day, 24 * 60, zone)
        if end - start == 24 * 3600:
            out.append((start, regular))
        else:
            slots = []
            for k in range((end - start) // step):
                local = datetime.fromtimestamp(start + k * step, zone_info)
                slots.append((local.hour * 60 + local.minute) // minutes)
            out.append((start, tuple(slots)))
        day += timedelta(days=1)
    return tuple(out)


# --- the plain calendar's coverage ------------------------------------------------------
# criteria/calendar.py computed the coverage kind's raw values with these until the engine
# took them on arrays (scoring/columns.py); they now serve only the tests, and still check
# that module's offsets, instances and merging (which the loader uses) against the scalar
# calendar above. Interval algebra: this module's subtract, overlap and length.


def plain_closed_intervals(
    zone: str, closed: tuple[date, ...], first: date, last: date
) -> list[Interval]:
    """The closed local dates of the period ``first..last`` (and its margin) in ``zone``."""
    table = calendar.offsets(zone, first, last)
    low, high = first - timedelta(days=calendar.MARGIN), last + timedelta(days=calendar.MARGIN)
    # a date further out is days away from every instance of the period: it removes nothing
    kept = [d for d in closed if low <= d <= high]
    return calendar.merge(
        [(table.to_utc(calendar.wall(d)), table.to_utc(calendar.wall(d, 24 * 60))) for d in kept]
    )


@lru_cache(maxsize=65536)
def plain_vendor_intervals(
    windows: tuple[Window, ...], closed: tuple[date, ...], first: date, last: date
) -> tuple[Interval, ...]:
    """The vendor's served minutes around ``first..last`` (``served_span``)."""
    spans: list[Interval] = []
    low, high = calendar.served_span(first, last)
    for days, start, end, zone in windows:
        served = calendar.merge(calendar.window_intervals(days, start, end, zone, low, high))
        if closed:
            served = subtract(served, plain_closed_intervals(zone, closed, low, high))
        spans.extend(served)
    return tuple(calendar.merge(spans))


@lru_cache(maxsize=65536)
def plain_coverage_percent(
    required: tuple[Window, ...],
    vendor: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> float:
    """% of the required minutes (instances starting first..last) the vendor serves."""
    need = calendar.required_intervals(required, first, last)
    return _percent(need, plain_vendor_intervals(vendor, closed, first, last))


def plain_covered_minutes(
    required: tuple[Window, ...],
    vendor: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> tuple[int, int]:
    """(covered, required) minutes over the period, for reports and tests."""
    need = calendar.required_intervals(required, first, last)
    return _minutes(need, plain_vendor_intervals(vendor, closed, first, last))


# --- the coverage gaps (analysis/coverage_gaps.py) ---------------------------------------


@lru_cache(maxsize=256)
def schedule_gaps(
    served: tuple[Window, ...],
    closed: tuple[date, ...],
    required: tuple[Window, ...],
    first: date,
    last: date,
) -> tuple[CoverageGap, ...]:
    """The gaps of one schedule (vendors sharing a schedule share its gaps: a catalogue of a
    thousand vendors has a few dozen schedules), with an empty vendor id."""
    have = vendor_intervals(served, closed, first, last)
    out = []
    for zone in dict.fromkeys(w[3] for w in required):
        windows = tuple(w for w in required if w[3] == zone)
        gap = _gap("", windows, have, zone, first, last)
        if gap.clauses:
            out.append(gap)
    return tuple(out)


def _gap(
    vendor: str,
    windows: tuple[Window, ...],
    have: Sequence[Interval],
    zone: str,
    first: date,
    last: date,
) -> CoverageGap:
    days = _days(first, last)
    missed: dict[date, list[tuple[int, int]]] = {}
    need_seconds = missed_seconds = 0
    before: list[Interval] = []  # the previous day's instances: a long window reaches today
    for day in days:
        today = merge([iv for w in windows for iv in window_intervals(*w, day, day)])
        need = subtract(today, before)  # each required minute is counted once
        before = today
        need_seconds += length(need)
        lost = subtract(need, _near(have, need))
        missed_seconds += length(lost)
        if lost:
            missed[day] = [(_local(s, day, zone), _local(e, day, zone)) for s, e in lost]
    clauses = _clauses(missed, days, zone)
    return CoverageGap(
        vendor, zone, first, last, clauses, missed_seconds / 3600, need_seconds / 3600
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _near(have: Sequence[Interval], need: Sequence[Interval]) -> Sequence[Interval]:
    """The served intervals (merged, sorted) that can touch ``need``: a year of them is long,
    a day is short."""
    if not need:
        return []
    low = bisect.bisect_left(have, need[0][0], key=lambda iv: iv[1])
    high = bisect.bisect_left(have, need[-1][1], key=lambda iv: iv[0])
    return have[low:high]


def _local(instant: int, day: date, zone: str) -> int:
    """An instant as minutes from the local midnight that starts ``day`` (wall clock)."""
    local = datetime.fromtimestamp(instant, load_zone(zone))
    return (local.date() - day).days * DAY + local.hour * 60 + local.minute


def _clauses(
    missed: dict[date, list[tuple[int, int]]], days: Sequence[date], zone: str
) -> tuple[GapClause, ...]:
    """Cut the clock at every boundary of every day's missed stretches; join neighbouring
    pieces missed on the same days; one clause per set of days."""
    cuts = sorted({m for spans in missed.values() for span in spans for m in span})
    pieces: list[tuple[int, int, frozenset[date]]] = []
    for a, b in itertools.pairwise(cuts):
        on = frozenset(d for d, spans in missed.items() if any(s <= a and b <= e for s, e in spans))
        if not on:
            continue
        if pieces and pieces[-1][1] == a and pieces[-1][2] == on:
            pieces[-1] = (pieces[-1][0], b, on)
        else:
            pieces.append((a, b, on))
    grouped: dict[frozenset[date], list[tuple[int, int]]] = {}
    for a, b, on in pieces:
        grouped.setdefault(on, []).append((a, b))
    summer = frozenset(d for d in days if _summer(d, zone))
    return tuple(
        GapClause(tuple(spans), describe_days(on, days, summer), len(on))
        for on, spans in sorted(grouped.items(), key=lambda item: item[1][0])
    )


def outside_weights(
    table: Sequence[Sequence[float]],
    days: Sequence[tuple[int, Sequence[int]]],
    spans: Sequence[Interval],
    step: int,
) -> tuple[float, float, list[tuple[int, int]]]:
    """``criteria.arrivals.outside_coverage``'s loop as it was: one search per staffing
    interval. The total weight, the weight outside every span (both summed in the same
    order) and the (day, slot) pairs outside."""
    ends = [end for _, end in spans]
    total = outside = 0.0
    missed = []
    for index, (midnight, slots) in enumerate(days):
        for k, slot in enumerate(slots):
            weight = table[index][slot]
            total += weight
            start = midnight + k * step
            after = bisect.bisect_right(ends, start)
            if weight > 0 and not (after < len(spans) and spans[after][0] < start + step):
                outside += weight
                missed.append((index, slot))
    return total, outside, missed
