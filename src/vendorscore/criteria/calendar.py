"""The calendar in plain Python: weekly windows as instants, day by day, in their own zones.

Every window is expanded over real calendar days in its own IANA time zone, so daylight
saving shifts are honoured on the exact day they happen (a Manila team covers different New
York hours in January and in July). Instants are whole seconds since the epoch; intervals
are half-open ``[start, end)``. A window starts on each of its local weekdays at ``start``
and ends at ``end`` the same day, or the next day when ``end <= start`` (``"24:00"`` is the
next midnight). A local time that does not exist (the spring-forward gap) is read with the
offset in force before the change, and a repeated one (the fall-back fold) with the first
(PEP 495, ``fold=0``).

zoneinfo is asked once per zone and period for the zone's offset changes (``offsets``); a
local time is then a wall-clock number of seconds minus the offset in force, found by
bisection. This module is the plain-Python calendar, which the loader uses (the required
windows' instances and each local day's staffing intervals, for the arrivals outside the
required coverage; the loader must not import numpy); ``scoring/timeline.py`` does the same
arithmetic on arrays, over every day and window at once, for the engine (the coverage kind's
raw values), the staffing model and the risk register. Interval lists are cached per
distinct window.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from vendorscore.models.common import load_zone, time_to_minutes

Interval = tuple[int, int]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS = 24 * 3600
EPOCH = date(1970, 1, 1).toordinal()
SAMPLE = DAY_SECONDS  # offsets are sampled daily: no zone of tzdb changes twice in two days
MARGIN = 4  # days of offsets kept on each side of a period (windows reach a day past it)


@dataclass(frozen=True)
class Offsets:
    """A zone's UTC offsets (seconds) over a period: ``offsets[0]`` before the first change,
    ``offsets[k + 1]`` from change ``k`` on. A change happens at the instant ``utc[k]``; a
    local wall-clock time (seconds since the epoch, read as if it were UTC) takes the new
    offset from ``wall[k]`` on, the change plus the larger of the two offsets (``fold=0``:
    a skipped time keeps the old offset, a repeated one takes the first)."""

    zone: str
    utc: tuple[int, ...]
    wall: tuple[int, ...]
    offsets: tuple[int, ...]

    def to_utc(self, wall: int) -> int:
        """The instant of a local wall-clock time."""
        return wall - self.offsets[bisect_right(self.wall, wall)]

    def to_wall(self, instant: int) -> int:
        """The local wall-clock time of an instant."""
        return instant + self.offsets[bisect_right(self.utc, instant)]


def wall(day: date, minutes: int = 0) -> int:
    """Local wall-clock seconds of ``day`` + ``minutes`` (minutes may pass 24:00)."""
    return (day.toordinal() - EPOCH) * DAY_SECONDS + minutes * 60


def _offset_at(instant: int, zone: str) -> int:
    moment = datetime.fromtimestamp(instant, timezone.utc).astimezone(load_zone(zone))
    offset = moment.utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


@lru_cache(maxsize=512)
def offsets(zone: str, first: date, last: date) -> Offsets:
    """The offsets of ``zone`` from ``MARGIN`` days before local date ``first`` to ``MARGIN``
    days after ``last``: sampled daily, each change then found to the second."""
    begin = wall(first - timedelta(days=MARGIN))
    end = wall(last + timedelta(days=MARGIN + 1))
    utc: list[int] = []
    values = [_offset_at(begin, zone)]
    for at in range(begin + SAMPLE, end + SAMPLE, SAMPLE):
        now = _offset_at(at, zone)
        if now == values[-1]:
            continue
        low, high = at - SAMPLE, at  # the change is in (low, high]
        while high - low > 1:
            mid = (low + high) // 2
            if _offset_at(mid, zone) == now:
                high = mid
            else:
                low = mid
        utc.append(high)
        values.append(now)
    walls = tuple(t + max(a, b) for t, a, b in zip(utc, values, values[1:], strict=False))
    return Offsets(zone, tuple(utc), walls, tuple(values))


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
    table = offsets(zone, first, last)
    out: list[Interval] = []
    weekday = first.weekday()
    midnight = wall(first)
    for _ in range((last - first).days + 1):
        if weekday in wanted:
            out.append((table.to_utc(midnight + begin * 60), table.to_utc(midnight + finish * 60)))
        weekday = (weekday + 1) % 7
        midnight += DAY_SECONDS
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


Window = tuple[tuple[str, ...], str, str, str]  # (days, start, end, IANA zone)


@lru_cache(maxsize=64)
def required_intervals(
    windows: tuple[Window, ...], first: date, last: date
) -> tuple[Interval, ...]:
    """The buyer's required minutes: instances starting on local dates first..last."""
    spans = [iv for w in windows for iv in window_intervals(*w, first, last)]
    return tuple(merge(spans))


def served_span(first: date, last: date) -> tuple[date, date]:
    """The local dates whose window instances count for the period (two days of margin on
    each side, so windows in far-away time zones that reach into the period are counted)."""
    return first - timedelta(days=2), last + timedelta(days=2)


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
    table = offsets(zone, first, last)
    out: list[tuple[int, tuple[int, ...]]] = []
    midnight = wall(first)
    for _ in range((last - first).days + 1):
        start = table.to_utc(midnight)
        end = table.to_utc(midnight + DAY_SECONDS)
        if end - start == DAY_SECONDS:
            out.append((start, regular))
        else:
            slots = []
            for k in range((end - start) // step):
                clock = (table.to_wall(start + k * step) // 60) % (24 * 60)
                slots.append(clock // minutes)
            out.append((start, tuple(slots)))
        midnight += DAY_SECONDS
    return tuple(out)
