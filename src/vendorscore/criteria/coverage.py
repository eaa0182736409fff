"""The `coverage` kind: % of the required weekly minutes, over the evaluation year, that the
vendor's service windows cover. Its raw values are computed on arrays, every day and window
of the year at once (``scoring/timeline.py``, registered in ``scoring/columns.py``), so the
kind declares no plain function; ``schedule`` says what they are computed from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import Field

from vendorscore.criteria.base import CriterionBase, Kind, RawContext, percent_scale, percent_unit
from vendorscore.criteria.calendar import Window as Span
from vendorscore.criteria.names import normalise_name
from vendorscore.models.common import Text
from vendorscore.models.vendor import Vendor, Window, WindowTimes, expand_days


class CoverageCriterion(CriterionBase):
    """% of the required weekly minutes over the evaluation year that the vendor covers."""

    kind: Literal["coverage"]
    required: list[WindowTimes] = Field(min_length=1, description="The windows the buyer needs.")
    channel: Text | None = Field(
        None, description="Only vendor windows serving this channel count."
    )


def windows_of(items: Iterable[WindowTimes] | CoverageCriterion) -> tuple[Span, ...]:
    """Windows as the calendar takes them (a criterion's: its required windows)."""
    if isinstance(items, CoverageCriterion):
        items = items.required
    return tuple((expand_days(w.days), w.start, w.end, w.timezone) for w in items)


def served_windows(criterion: CoverageCriterion, vendor: Vendor) -> list[Window]:
    """The vendor's windows that count for the criterion (those serving its channel)."""
    channel = normalise_name(criterion.channel) if criterion.channel else None
    return [
        w
        for w in vendor.coverage or ()
        if channel is None
        or w.channels is None
        or channel in {normalise_name(c) for c in w.channels}
    ]


Windows = tuple[tuple[Span, ...], tuple[Span, ...], tuple[date, ...]]
Schedule = tuple[tuple[Span, ...], tuple[Span, ...], tuple[date, ...], date, date]


def schedule_of(criterion: CoverageCriterion, vendor: Vendor) -> Windows | None:
    """The required windows, the vendor's windows that count for the criterion and its closed
    dates (sorted, each once): what its coverage is computed from over any period (None when
    the vendor gave no coverage)."""
    if vendor.coverage is None:
        return None
    windows = served_windows(criterion, vendor)
    closed = tuple(sorted(set(vendor.closed or ())))
    return windows_of(criterion.required), windows_of(windows), closed


def schedule(criterion: CoverageCriterion, vendor: Vendor, ctx: RawContext) -> Schedule | None:
    """``schedule_of`` over the evaluation year."""
    found = schedule_of(criterion, vendor)
    return None if found is None else (*found, *year_of(ctx.on.year))


def year_of(year: int) -> tuple[date, date]:
    """1 January and 31 December of a year."""
    return date(year, 1, 1), date(year, 12, 31)


KIND = Kind(
    name="coverage",
    model=CoverageCriterion,
    summary=(
        "% of the required minutes of the evaluation year the vendor serves, every window "
        "expanded day by day in its own IANA zone (DST honoured on the day it changes), "
        "`closed` dates removed in each window's zone, optional `channel` filter"
    ),
    raw=None,  # on arrays: scoring/columns.py
    unit=percent_unit,
    scale=percent_scale,
)
