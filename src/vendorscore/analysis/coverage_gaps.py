"""The required hours a vendor misses, on the customer's clock, in words (the risk register).

Every day of a period (the contract's first year) is expanded in the required windows' own
time zone, exactly as the coverage criterion does (on arrays, ``scoring/timeline.py``: every
day and window at once), so a daylight
saving change on either side shows on the day it happens. The missed stretches of every day
are cut into pieces of the local clock that are missed on the same set of days, and each set
of days is put in words: ``every day``, ``on Sundays``, ``at weekends``, ``in summer only``
(summer: the days the customer's zone is on daylight saving time), named dates, or ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np

from vendorscore.criteria.calendar import Window, wall
from vendorscore.criteria.coverage import CoverageCriterion, schedule_of
from vendorscore.formatting import MONTHS
from vendorscore.models.common import load_zone
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import timeline
from vendorscore.scoring.timeline import Ints, Spans

DAY = 24 * 60
PLURALS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
LISTED_DATES = 4  # at most this many stray dates are named; more become ranges or a count
LISTED_RANGES = 3


@dataclass(frozen=True)
class GapClause:
    """Stretches of the local clock (minutes from the day's midnight, ends may pass 24:00)
    missed on the same days, and those days in words."""

    spans: tuple[tuple[int, int], ...]
    days: str
    count: int  # how many days of the period

    @property
    def text(self) -> str:
        """``07:00–09:00 and 18:00–22:00 on Sundays``."""
        spans = " and ".join(f"{clock(a)}–{clock(b)}" for a, b in self.spans)
        return f"{spans} {self.days}"


@dataclass(frozen=True)
class CoverageGap:
    """What one vendor misses of the required windows in one time zone over a period."""

    vendor: str
    zone: str
    first: date
    last: date
    clauses: tuple[GapClause, ...]
    missed_hours: float
    required_hours: float

    @property
    def share(self) -> float:
        """Missed hours as a % of the required hours."""
        return 100.0 * self.missed_hours / self.required_hours if self.required_hours else 0.0

    @property
    def text(self) -> str:
        """``misses 07:00–08:00 every day; 08:00–09:00 in summer only``."""
        return "misses " + "; ".join(c.text for c in self.clauses)


def clock(minutes: int) -> str:
    """Minutes from midnight as ``HH:MM`` (``24:00`` is midnight at the end of the day; a
    stretch running past midnight prints the next day's clock)."""
    if minutes != DAY:
        minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def coverage_gaps(
    criterion: CoverageCriterion, vendor: Vendor, first: date, last: date
) -> tuple[CoverageGap, ...]:
    """The required hours ``vendor`` misses on local days ``first..last``, one gap per time
    zone of the required windows that it misses anything in (none when the vendor gave no
    coverage: that is missing data, not a gap)."""
    found = schedule_of(criterion, vendor)
    if found is None:
        return ()
    required, served, closed = found
    gaps = _schedule_gaps(served, closed, required, first, last)
    return tuple(replace(gap, vendor=vendor.id) for gap in gaps)


@lru_cache(maxsize=256)
def _schedule_gaps(
    served: tuple[Window, ...],
    closed: tuple[date, ...],
    required: tuple[Window, ...],
    first: date,
    last: date,
) -> tuple[CoverageGap, ...]:
    """The gaps of one schedule (vendors sharing a schedule share its gaps: a catalogue of a
    thousand vendors has a few dozen schedules), with an empty vendor id."""
    have = timeline.served(served, closed, first, last)
    out = []
    for zone in dict.fromkeys(w[3] for w in required):
        windows = tuple(w for w in required if w[3] == zone)
        gap = _gap(windows, have, zone, first, last)
        if gap.clauses:
            out.append(gap)
    return tuple(out)


def _gap(
    windows: tuple[Window, ...],
    have: Spans,
    zone: str,
    first: date,
    last: date,
) -> CoverageGap:
    """Every day's required instances at once: a day's intervals are moved ``shift`` seconds
    per day index apart, so one union or difference works day by day. A day needs what its
    instances cover less what the previous day's cover (each required minute counted once)."""
    spans, day = zip(*(timeline.window_spans(w, first, last) for w in windows), strict=True)
    instances, index = np.concatenate(spans), np.concatenate(day)
    origin = int(instances.min(initial=0))
    shift = int(instances.max(initial=0)) - origin + 1
    moved = instances - origin + (index * shift)[:, None]
    today = timeline.union(moved)
    need = timeline.difference(today, today + shift)
    on = need[:, 0] // shift
    need = need - (on * shift - origin)[:, None]
    lost, on = _minus(need, on, have)
    local = (timeline.to_wall(zone, first, last, lost) - wall(first)) // 60 - (on * DAY)[:, None]
    clauses = _clauses(on, local, _days(first, last), zone)
    return CoverageGap(
        "",  # the schedule's gaps are shared; coverage_gaps names the vendor
        zone,
        first,
        last,
        clauses,
        timeline.length(lost) / 3600,
        timeline.length(need) / 3600,
    )


def _minus(need: Spans, on: Ints, have: Spans) -> tuple[Spans, Ints]:
    """Each interval of ``need`` less ``have`` (merged), in pieces, with the day of each."""
    if not len(need):
        return need, on
    outer = np.array([[need[:, 0].min(), need[:, 1].max()]], dtype=np.int64)
    holes = timeline.difference(outer, have)  # the complement of have, within reach
    low = np.searchsorted(holes[:, 1], need[:, 0], side="right")
    high = np.searchsorted(holes[:, 0], need[:, 1], side="left")
    counts = np.maximum(high - low, 0)
    row = np.repeat(np.arange(len(need)), counts)
    k = np.repeat(low, counts) + np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    pieces = np.stack(
        [np.maximum(need[row, 0], holes[k, 0]), np.minimum(need[row, 1], holes[k, 1])], axis=1
    )
    return pieces, on[row]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _clauses(on: Ints, local: Ints, days: Sequence[date], zone: str) -> tuple[GapClause, ...]:
    """Cut the clock at every boundary of every day's missed stretches (``local``: minutes
    from the midnight of day ``on``); join neighbouring pieces missed on the same days; one
    clause per set of days."""
    if not len(local):
        return ()
    cuts = timeline.distinct(local.ravel())
    # which days miss each piece of the clock between consecutive cuts
    marks = np.zeros((len(days), len(cuts)), dtype=np.int64)
    np.add.at(marks, (on, np.searchsorted(cuts, local[:, 0])), 1)
    np.add.at(marks, (on, np.searchsorted(cuts, local[:, 1])), -1)
    missed = np.cumsum(marks, axis=1)[:, :-1] > 0
    pieces: list[tuple[int, int, bytes]] = []
    for k in range(len(cuts) - 1):
        column = missed[:, k]
        if not column.any():
            continue
        key = np.packbits(column).tobytes()
        if pieces and pieces[-1][1] == cuts[k] and pieces[-1][2] == key:
            pieces[-1] = (pieces[-1][0], int(cuts[k + 1]), key)
        else:
            pieces.append((int(cuts[k]), int(cuts[k + 1]), key))
    grouped: dict[bytes, list[tuple[int, int]]] = {}
    for a, b, key in pieces:
        grouped.setdefault(key, []).append((a, b))
    summer = _summer_days(zone, days[0], days[-1])
    out = []
    for key, spans in sorted(grouped.items(), key=lambda item: item[1][0]):
        bits = np.unpackbits(np.frombuffer(key, dtype=np.uint8), count=len(days)).astype(bool)
        hit = frozenset(days[i] for i in np.flatnonzero(bits).tolist())
        out.append(GapClause(tuple(spans), describe_days(hit, days, summer), len(hit)))
    return tuple(out)


@lru_cache(maxsize=64)
def _summer_days(zone: str, first: date, last: date) -> frozenset[date]:
    return frozenset(d for d in _days(first, last) if _summer(d, zone))


def _summer(day: date, zone: str) -> bool:
    """Whether the zone is on daylight saving time at noon of that local day."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=load_zone(zone))
    return bool(noon.dst())


def describe_days(
    on: frozenset[date], days: Sequence[date], summer: frozenset[date], negate: bool = True
) -> str:
    """A set of days of the period in words: by weekday, by season, then stray dates; an
    irregular set that holds most days is said by what it leaves out (``every day except
    Mondays to Saturdays from 15 Mar 2027 to 27 Mar 2027``)."""
    regular: dict[str, set[int]] = {"": set(), "summer": set(), "winter": set()}
    stray: list[date] = []
    by_weekday: list[set[date]] = [set() for _ in range(7)]
    for d in days:
        by_weekday[d.weekday()].add(d)
    for wd, all_wd in enumerate(by_weekday):
        hit = all_wd & on
        season = _season(hit, all_wd, summer)
        if season is None:
            stray += sorted(hit)
        elif hit:
            regular[season].add(wd)
    parts = [_seasonal(wds, season) for season, wds in regular.items() if wds]
    if stray and len(stray) > LISTED_DATES:
        rest = frozenset(days) - on
        if negate and len(rest) < len(on):
            return "every day except " + describe_days(rest, days, summer, negate=False)
        return _ranges(on, days)
    if stray:
        parts.append("on " + _and([_date(d) for d in sorted(stray)]))
    return ", and ".join(parts)


def _seasonal(weekdays: set[int], season: str) -> str:
    """``on Sundays``, ``on weekdays in winter only``, ``in summer only`` (every day)."""
    if not season:
        return weekday_phrase(weekdays)
    lead = "" if len(weekdays) == 7 else weekday_phrase(weekdays) + " "
    return f"{lead}in {season} only"


def _season(hit: set[date], all_wd: set[date], summer: frozenset[date]) -> str | None:
    """ "" (all of that weekday), "summer", "winter", or None when irregular."""
    if not hit or hit == all_wd:
        return ""
    if hit == all_wd & summer:
        return "summer"
    if hit == all_wd - summer:
        return "winter"
    return None


def weekday_phrase(weekdays: set[int]) -> str:
    """``every day``, ``on weekdays``, ``at weekends``, ``Mondays to Saturdays``, ``on
    Sundays``, ``on Mondays and Thursdays`` (an empty phrase for every day with a season, so
    that it reads ``in summer only``)."""
    wds = sorted(weekdays)
    if len(wds) == 7:
        return "every day"
    if wds == [0, 1, 2, 3, 4]:
        return "on weekdays"
    if wds == [5, 6]:
        return "at weekends"
    if len(wds) >= 3 and wds == list(range(wds[0], wds[-1] + 1)):
        return f"{PLURALS[wds[0]]} to {PLURALS[wds[-1]]}"
    return "on " + _and([PLURALS[wd] for wd in wds])


def _ranges(on: frozenset[date], days: Sequence[date]) -> str:
    """Irregular days: the runs of consecutive days among the weekdays they fall on, or how
    many days between which dates when there are too many runs."""
    weekdays = {d.weekday() for d in on}
    candidates = [d for d in days if d.weekday() in weekdays]
    runs: list[list[date]] = []
    previous = False
    for d in candidates:
        if d in on:
            if previous:
                runs[-1].append(d)
            else:
                runs.append([d])
        previous = d in on
    if len(runs) > LISTED_RANGES:
        first, last = min(on), max(on)
        return f"on {len(on)} days between {_date(first)} and {_date(last)}"
    lead = weekday_phrase(weekdays) + " " if weekdays != set(range(7)) else ""
    lead = lead.removeprefix("on ").removeprefix("every day ")
    spans = [
        f"from {_date(r[0])} to {_date(r[-1])}" if len(r) > 1 else f"on {_date(r[0])}" for r in runs
    ]
    return (lead + _and(spans)).strip()


def _date(day: date) -> str:
    """``25 Dec 2027``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
