"""Calendar rows (issue 16, item 2): the coverage calendar on arrays against the scalar
calendar of before (``tests/calendar_oracle.py``, every instance built with zoneinfo), each
with cold caches, in this process.

  calendar-coverage  coverage % of the 1 000 vendors of the bench catalogue over a year
                     (``timeline.coverage_column``, the engine's path) against the scalar
                     ``coverage_percent`` per vendor (its schedule cache included, as before)
  calendar-staffed   the example's staffed year (``staffing.build_year``: 17 520 intervals of
                     30 minutes, arrivals, open intervals) against the same built from the
                     scalar ``day_slots`` and ``required_intervals`` as the code did before
  calendar-gaps      the risk register's gap texts of the catalogue's distinct schedules
                     (168) over a contract's first year against the scalar gaps

(This module is not named calendar.py: ``python bench/run.py`` puts bench/ first on the
path, where it would shadow the standard library's ``calendar``.) The rows assert that both
sides give the same results.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

Row = tuple[str, float, str, float]


def _clear() -> None:
    """Empty every calendar cache (new and old), so each run starts cold."""
    from tests import calendar_oracle as oracle

    from vendorscore.analysis import coverage_gaps
    from vendorscore.criteria import calendar
    from vendorscore.scoring import timeline

    for module in (oracle, calendar, timeline, coverage_gaps):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _cold(fn: Callable[[], object]) -> Callable[[], object]:
    def go() -> object:
        _clear()
        return fn()

    return go


def bench_calendar(
    work: Path, repeat: int, median_time: Callable[..., float], make_project: Callable[..., Path]
) -> list[Row]:
    """The three rows (see the module docstring)."""
    from tests import calendar_oracle as oracle

    from vendorscore.analysis import coverage_gaps
    from vendorscore.criteria.base import RawContext
    from vendorscore.criteria.coverage import CoverageCriterion, schedule
    from vendorscore.scoring import timeline
    from vendorscore.services.project import Selection, load

    project = work / "p1000"
    if not project.exists():
        make_project(project, 1000)
    inputs = load(Selection(str(project))).inputs
    criterion = next(c for c in inputs.criteria.criteria if isinstance(c, CoverageCriterion))
    vendors = inputs.vendors
    ctx = RawContext(inputs.criteria, inputs.scores, date(2027, 1, 15))

    def ours() -> list[float | None]:
        return [c.value for c in timeline.coverage_column(criterion, vendors, ctx)]

    def theirs() -> list[float | None]:
        found = (schedule(criterion, v, ctx) for v in vendors)
        return [None if f is None else oracle.coverage_percent(*f) for f in found]

    assert _cold(ours)() == _cold(theirs)()
    rows = [
        (
            "coverage % of 1,000 vendors over a year (arrays)",
            median_time(_cold(ours), repeat),
            "scalar calendar (zoneinfo per instance)",
            median_time(_cold(theirs), repeat),
        )
    ]
    keys = {(f[1], f[2]) for f in (schedule(criterion, v, ctx) for v in vendors) if f is not None}
    f0 = schedule(criterion, vendors[0], ctx)
    assert f0 is not None
    first, last = date(2027, 2, 1), date(2028, 1, 31)

    def gaps_ours() -> list[object]:
        return [coverage_gaps._schedule_gaps(h, c, f0[0], first, last) for h, c in keys]

    def gaps_theirs() -> list[object]:
        return [oracle.schedule_gaps(h, c, f0[0], first, last) for h, c in keys]

    assert _cold(gaps_ours)() == _cold(gaps_theirs)()
    rows.append(
        (
            f"gap texts of {len(keys)} schedules over a year (arrays)",
            median_time(_cold(gaps_ours), repeat),
            "scalar gaps",
            median_time(_cold(gaps_theirs), repeat),
        )
    )
    rows.append(_staffed_row(repeat, median_time))
    return rows


def _staffed_row(repeat: int, median_time: Callable[..., float]) -> Row:
    import numpy as np
    from tests import calendar_oracle as oracle

    from vendorscore.criteria import arrivals
    from vendorscore.scoring import staffing
    from vendorscore.services.project import Selection, load

    inputs = load(Selection(None, example=True)).inputs
    criteria = inputs.criteria
    year = criteria.evaluation_date.year if criteria.evaluation_date else 2027

    def ours() -> object:
        return staffing.build_year(criteria, year)

    def theirs() -> object:
        """build_year as it was: the year's intervals assembled day by day from the scalar
        day_slots, the open intervals from the scalar required_intervals."""
        workload = criteria.workload
        assert workload is not None
        zone, minutes = arrivals.zone_of(workload), workload.interval_minutes
        first, last = date(year, 1, 1), date(year, 12, 31)
        days = oracle.day_slots(zone, first, last, minutes)
        count = sum(len(slots) for _, slots in days)
        starts, day, slot = (np.empty(count, dtype=np.int64) for _ in range(3))
        at = 0
        for index, (midnight, slots) in enumerate(days):
            n = len(slots)
            starts[at : at + n] = midnight + np.arange(n) * minutes * 60
            day[at : at + n], slot[at : at + n] = index, slots
            at += n
        profile = workload.profile
        weights = (
            staffing.slot_weights(profile, minutes)[slot]
            * staffing.day_weights(profile, first, len(days))[day]
        )
        arrivals_ = workload.contacts_per_year * weights / float(weights.sum())
        windows = arrivals.required_windows(criteria.criteria)
        spans = np.asarray(oracle.required_intervals(windows, first, last), dtype=np.int64)
        after = np.searchsorted(spans[:, 1], starts, side="right")
        inside = after < len(spans)
        covered = np.zeros(starts.shape, dtype=bool)
        covered[inside] = spans[after[inside], 0] < starts[inside] + minutes * 60
        return starts, day, slot, arrivals_, covered | (arrivals_ > 0)

    mine, old = _cold(ours)(), _cold(theirs)()
    assert isinstance(mine, staffing.Year)
    assert isinstance(old, tuple)
    for a, b in zip((mine.starts, mine.day, mine.slot, mine.arrivals, mine.open), old, strict=True):
        assert np.array_equal(a, b)
    return (
        f"the example's staffed year ({mine.starts.size:,} intervals, arrays)",
        median_time(_cold(ours), repeat),
        "scalar day_slots + required_intervals",
        median_time(_cold(theirs), repeat),
    )
