"""Rules of the workload section that span several fields: what each staffing model needs,
the shape of the arrival profile, and its dates against the evaluation year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from vendorscore.criteria.arrivals import outside_coverage, required_windows
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import History, Workload
from vendorscore.errors import InputError

if TYPE_CHECKING:
    from vendorscore.loading.rules import Finding, Located

INTRADAY_SIZES = (24, 48, 96)


def evaluation_year(crit: CriteriaFile) -> int:
    """The year staffed: the evaluation date's, else this year (UTC), as `rank` does."""
    on = crit.evaluation_date or datetime.now(timezone.utc).date()
    return on.year


def workload_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """What each model needs, and what it would ignore."""
    workload = crit.workload
    if workload is None:
        return
    if not workload.staffed:
        yield from _flat_rules(workload, at)
        return
    if workload.service_level is None:
        yield at.issue(
            ("workload", "model"),
            "workload-missing",
            f"model {workload.model} needs a service_level, e.g. "
            "service_level: {percent: 80, seconds: 20}",
        )
    if workload.model == "erlang_a" and workload.patience_seconds is None:
        yield at.issue(
            ("workload", "model"),
            "workload-missing",
            "model erlang_a needs patience_seconds: customers' mean patience before they "
            "abandon (120 is common for retail voice)",
        )
    if workload.model == "erlang_c" and workload.patience_seconds is not None:
        yield at.issue(
            ("workload", "patience_seconds"),
            "unused-option",
            "patience_seconds only applies to model erlang_a (Erlang C assumes nobody abandons)",
            "warning",
        )
    profile = workload.profile
    if profile is not None and workload.profile_file is not None:
        shaped = profile.intraday or profile.weekday or profile.month or profile.events
        if shaped:
            yield at.issue(
                ("workload", "profile_file"),
                "profile-twice",
                "profile_file gives the shape of the year: keep only profile.timezone (the "
                "history's time zone) beside it",
            )
    yield from _profile_rules(crit, workload, at)
    yield from _outside_rules(crit, workload, at)


def _flat_rules(workload: Workload, at: Located) -> Iterator[Finding]:
    if workload.peak_gate:
        yield at.issue(
            ("workload", "peak_gate"),
            "workload-missing",
            "peak_gate needs a staffing model: set model: erlang_c (or erlang_a) and a "
            "service_level",
        )
    for name in ("service_level", "patience_seconds", "profile", "profile_file"):
        if getattr(workload, name) is not None:
            yield at.issue(
                ("workload", name),
                "unused-option",
                f"{name} has no effect under model flat (set model: erlang_c or erlang_a)",
                "warning",
            )


def _profile_rules(crit: CriteriaFile, workload: Workload, at: Located) -> Iterator[Finding]:
    profile = workload.profile
    if profile is None:
        return
    here = ("workload", "profile")
    if profile.intraday is not None:
        if len(profile.intraday) not in INTRADAY_SIZES:
            yield at.issue(
                (*here, "intraday"),
                "intraday-size",
                f"intraday has {len(profile.intraday)} weights: give 24 (hourly), 48 (every "
                "30 minutes) or 96 (every 15 minutes), from 00:00",
            )
        elif not any(profile.intraday):
            yield at.issue(
                (*here, "intraday"),
                "profile-closed",
                "every intraday weight is 0: no contact would ever arrive",
            )
    for name, size in (("weekday", 7), ("month", 12)):
        weights = getattr(profile, name)
        if weights is not None and len(weights) == size and not any(weights.values()):
            yield at.issue(
                (*here, name), "profile-closed", f"every {name} weight is 0: no contact arrives"
            )
    year = evaluation_year(crit)
    for index, event in enumerate(profile.events):
        if event.start.year != year or event.end.year != year:
            yield at.issue(
                (*here, "events", index),
                "event-outside-year",
                f"event '{event.name}' ({event.start.isoformat()} to {event.end.isoformat()}) "
                f"is not inside the evaluation year {year} (the year of evaluation_date)",
            )


def _outside_rules(crit: CriteriaFile, workload: Workload, at: Located) -> Iterator[Finding]:
    """Contacts the arrival profile puts outside every required coverage window: staffed,
    and billed by the hour or the FTE, as if answered live."""
    windows = required_windows(crit.criteria)
    if not windows or (workload.profile is None and workload.profile_file is None):
        return
    intraday = workload.profile.intraday if workload.profile is not None else None
    if intraday is not None and len(intraday) not in INTRADAY_SIZES:
        return  # intraday-size says what to fix first
    history = None
    if workload.profile_file is not None:
        history = _history(workload, at)
        if history is None:
            return  # rank reports what is wrong with the file
    found = outside_coverage(workload, windows, evaluation_year(crit), history)
    if found is None:
        return
    share = f"{100 * found.share:.1f} %" if found.share >= 0.0005 else "under 0.1 %"
    here = ("workload", "profile_file" if history is not None else "profile")
    what = "history" if history is not None else "profile"
    yield at.issue(
        here,
        "arrivals-outside-coverage",
        f"the arrival {what} puts {share} of contacts outside the required coverage windows "
        f"({found.hours} {found.zone}); they are staffed as if answered live: give those hours "
        "0 weight if they are not served",
        "warning",
    )


def _history(workload: Workload, at: Located) -> History | None:
    """The arrival history of ``profile_file`` beside the criteria file, if it reads cleanly."""
    from vendorscore.loading.history import history_of

    try:
        return history_of(workload, at.doc.path, at.doc.display)
    except (InputError, OSError, ValueError):
        return None
