"""When contacts arrive in the evaluation year, in plain Python (no numpy: the loader uses it).

The staffing model (``scoring/staffing.py``) lays these weights on the year's intervals
(``calendar.day_slots``): an interval's weight is its slot's intraday weight times its day's
weekday x month x events factor, or the shape of an arrival history (``profile_file``). The
loader uses the same weights and the same intervals to say which share of the contacts
arrives outside every required coverage window, where the staffing model still staffs them
(and an hourly price bills them) as if they were answered live.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from vendorscore.criteria.calendar import Interval, Window, day_slots, required_intervals
from vendorscore.criteria.coverage import CoverageCriterion, windows_of
from vendorscore.criteria.settings import MONTHS, History, Profile, Workload
from vendorscore.models.common import DAYS

UTC_ZONE = "UTC"


def zone_of(workload: Workload) -> str:
    """The customers' time zone (UTC without a profile)."""
    return workload.profile.timezone if workload.profile is not None else UTC_ZONE


def required_windows(criteria: Sequence[object]) -> tuple[Window, ...]:
    """Every window the coverage criteria require (their union is staffed)."""
    return tuple(w for c in criteria if isinstance(c, CoverageCriterion) for w in windows_of(c))


def slot_weights(profile: Profile | None, minutes: int) -> list[float]:
    """The intraday weight of each slot of the day (an hourly list spread over shorter
    intervals; a finer list averaged over longer ones)."""
    slots = 24 * 60 // minutes
    if profile is None or profile.intraday is None:
        return [1.0] * slots
    given = [float(w) for w in profile.intraday]
    if len(given) >= slots:
        size = len(given) // slots
        return [sum(given[i * size : (i + 1) * size]) / size for i in range(slots)]
    return [w for w in given for _ in range(slots // len(given))]


def day_weights(profile: Profile | None, first: date, days: int) -> list[float]:
    """Weekday x month x events, for each local date of the year."""
    if profile is None:
        return [1.0] * days
    out: list[float] = []
    for index in range(days):
        day = first + timedelta(days=index)
        factor = 1.0
        if profile.weekday is not None:
            factor *= profile.weekday.get(DAYS[day.weekday()], 1.0)
        if profile.month is not None:
            factor *= profile.month.get(MONTHS[day.month - 1], 1.0)
        for event in profile.events:
            if event.start <= day <= event.end:
                factor *= event.factor
        out.append(factor)
    return out


def history_table(history: History, first: date, days: int, minutes: int) -> list[list[float]]:
    """The shape of an arrival history laid on the evaluation year, one row of slots per day.
    The history is moved by whole weeks so that weekdays (and the retail calendar that
    follows them: Black Friday is always the Friday after the fourth Thursday) line up; a day
    of the year the moved history does not cover takes the same weekday of the nearest
    covered week. History intervals longer than the year's are spread evenly, shorter ones
    summed."""
    per_day = 24 * 60 // minutes
    by_day: dict[date, list[float]] = {}
    for start, count in zip(history.starts, history.counts, strict=True):
        row = by_day.setdefault(start.date(), [0.0] * per_day)
        minute = start.hour * 60 + start.minute
        if history.minutes >= minutes:
            parts = history.minutes // minutes
            first_slot = minute // minutes
            for k in range(parts):
                if first_slot + k < per_day:
                    row[first_slot + k] += count / parts
        else:
            row[minute // minutes] += count
    known = sorted(by_day)
    begin, end = known[0], known[-1]
    shift = round((first - begin).days / 7) * 7  # whole weeks from the history to the year
    table: list[list[float]] = []
    for index in range(days):
        source = first + timedelta(days=index - shift)
        while source < begin:
            source += timedelta(days=7)
        while source > end:
            source -= timedelta(days=7)
        table.append(list(by_day.get(source, [0.0] * per_day)))
    return table


@dataclass(frozen=True)
class Outside:
    """Contacts arriving outside every required coverage window."""

    share: float  # of the year's contacts, 0-1
    hours: str  # the local hours they arrive in: "00:00-06:00", "sat-sun 00:00-24:00; …"
    zone: str  # the customers' time zone


def outside_coverage(
    workload: Workload, windows: tuple[Window, ...], year: int, history: History | None = None
) -> Outside | None:
    """The share of the year's arrivals in staffing intervals that overlap no required window
    (None when there is none, or no arrival at all)."""
    profile = workload.profile
    zone = zone_of(workload)
    minutes = workload.interval_minutes
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = day_slots(zone, first, last, minutes)
    spans = required_intervals(windows, first, last)
    ends = [end for _, end in spans]
    if history is not None:
        table = history_table(history, first, len(days), minutes)
    else:
        intraday, factors = slot_weights(profile, minutes), day_weights(profile, first, len(days))
        table = [[w * f for w in intraday] for f in factors]
    step = minutes * 60
    total = outside = 0.0
    slots_by_weekday: list[set[int]] = [set() for _ in DAYS]
    for index, (midnight, slots) in enumerate(days):
        row = table[index]
        covered = _covered(spans, ends, midnight, step, len(slots))
        missed = slots_by_weekday[(first + timedelta(days=index)).weekday()]
        for k, slot in enumerate(slots):
            weight = row[slot]
            total += weight
            if weight > 0 and not covered[k]:
                outside += weight
                missed.add(slot)
    if not total > 0 or outside <= 0:
        return None
    return Outside(outside / total, _hours(slots_by_weekday, minutes), zone)


def _covered(
    spans: tuple[Interval, ...], ends: list[int], midnight: int, step: int, count: int
) -> list[bool]:
    """Whether each of a day's ``count`` intervals of ``step`` seconds from ``midnight``
    overlaps a span (``spans`` merged: sorted and apart; ``ends``, their ends)."""
    covered = [False] * count
    close = midnight + count * step
    at = bisect_right(ends, midnight)
    while at < len(spans) and spans[at][0] < close:
        start, end = spans[at]
        low = max(0, (start - midnight) // step)
        high = min(count, -((midnight - end) // step))  # ceil((end - midnight) / step)
        covered[low:high] = [True] * (high - low)
        at += 1
    return covered


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _ranges(slots: set[int], minutes: int) -> str:
    """Slots of the day as clock ranges: ``00:00-06:00, 22:00-24:00``."""
    runs: list[list[int]] = []
    for slot in sorted(slots):
        if runs and slot == runs[-1][1] + 1:
            runs[-1][1] = slot
        else:
            runs.append([slot, slot])
    return ", ".join(f"{_clock(a * minutes)}-{_clock((b + 1) * minutes)}" for a, b in runs)


def _hours(slots_by_weekday: list[set[int]], minutes: int) -> str:
    """The local hours, with the weekdays they fall on when those differ."""
    texts = [_ranges(s, minutes) if s else "" for s in slots_by_weekday]
    if len(set(texts)) == 1:
        return texts[0]
    groups: dict[str, list[int]] = {}
    for day, text in enumerate(texts):
        if text:
            groups.setdefault(text, []).append(day)
    return "; ".join(f"{_days(days)} {text}" for text, days in groups.items())


def _days(days: list[int]) -> str:
    """Weekday numbers as ``mon-fri``, ``sat, sun`` or ``mon, wed``."""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAYS[days[0]]}-{DAYS[days[-1]]}"
    return ", ".join(DAYS[d] for d in days)
