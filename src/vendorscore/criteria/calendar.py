"""Service coverage: minutes of the required windows a vendor's windows cover, day by day.

Every window is expanded over real calendar days in its own IANA time zone, so daylight
saving shifts are honoured on the exact day they happen (a Manila team covers different New
York hours in January and in July). Instants are whole seconds since the epoch; intervals
are half-open ``[start, end)``. A window starts on each of its local weekdays at ``start``
and ends at ``end`` the same day, or the next day when ``end <= start`` (``"24:00"`` is the
next midnight). A local time that does not exist (the spring-forward gap) is read with the
offset in force before the change (PEP 495, ``fold=0``).

Schedules repeat across large catalogues, so interval lists are cached per distinct window
and per distinct (schedule, closed dates) pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

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


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union of intervals."""
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


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
    total = length(need)
    if total == 0:
        return 100.0
    return 100.0 * overlap(need, vendor_intervals(vendor, closed, first, last)) / total


def covered_minutes(
    required: tuple[Window, ...],
    vendor: tuple[Window, ...],
    closed: tuple[date, ...],
    first: date,
    last: date,
) -> tuple[int, int]:
    """(covered, required) minutes over the period, for reports and tests."""
    need = required_intervals(required, first, last)
    served = vendor_intervals(vendor, closed, first, last)
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
