"""Gaps a user trial found in `validate`: a demanded language tag only a broader demand would
serve, unknown ids in score files without a suggestion, and arrivals outside every required
coverage window (staffed and billed as if answered live)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CliRunner
from tests.test_project_rules import edit
from vendorscore.criteria.arrivals import outside_coverage, required_windows
from vendorscore.criteria.file import CriteriaFile
from vendorscore.loading.hints import Suggestions, id_hint
from vendorscore.loading.history import read_history
from vendorscore.scoring import staffing

CRITERIA = "criteria/retail-cx.yaml"


def warnings(cli: CliRunner, *args: str) -> list[dict[str, Any]]:
    result = cli("validate", "--format", "json", *args)
    found: list[dict[str, Any]] = json.loads(result.out)["warnings"]
    return found


# --- 1. a demanded tag with a region that no vendor offers, while its language is offered ---


def test_a_demand_for_de_de_against_vendors_offering_de_is_a_warning(
    project: Path, cli: CliRunner
) -> None:
    edit(project / CRITERIA, "demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, de-DE: 30}")
    result = cli("validate", str(project))
    assert result.code == 0
    assert result.out == (
        f"{project / CRITERIA}:75:22: warning: no vendor offers de-DE; 2 offer de, which does not "
        "serve a demand for de-DE (demand de to accept any German) [language-tag-unmatched]\n"
    )
    assert cli("validate", "--strict", str(project)).code == 1


def test_a_required_pl_pl_is_a_warning_at_the_required_entry(project: Path, cli: CliRunner) -> None:
    edit(project / CRITERIA, "required: [en]", "required: [en, pl-PL]")
    found = warnings(cli, str(project))
    assert [(w["line"], w["column"], w["code"]) for w in found] == [
        (77, 20, "language-tag-unmatched")
    ]
    assert found[0]["message"] == (
        "no vendor offers pl-PL; 1 offers pl, which does not meet a requirement of pl-PL "
        "(require pl to accept any Polish)"
    )
    ranked = cli("rank", str(project))  # the warning stands beside what it foretells
    said = ranked.out + ranked.err
    assert "[language-tag-unmatched] no vendor offers pl-PL" in said
    assert "[empty-ranking]" in said


def test_every_broader_tag_offered_is_named(project: Path, cli: CliRunner) -> None:
    edit(project / CRITERIA, "es: 25,", "es-MX: 25,")
    [found] = warnings(cli, str(project))
    assert found["message"].startswith(
        "no vendor offers es-MX; 5 offer es or es-419 or es-US, which do not serve a demand"
    )


@pytest.mark.parametrize(
    "demand",
    [
        "{en-US: 70, es: 25, fr: 5}",  # heartland offers en-US exactly
        "{en: 70, es: 25, fr: 5, ja-JP: 5}",  # nobody offers Japanese at all: nothing to hint
        "{en: 70, es: 25, fr: 5}",  # the example: plain tags match every variety
    ],
)
def test_no_warning_when_a_vendor_offers_the_tag_or_none_its_language(
    demand: str, project: Path, cli: CliRunner
) -> None:
    edit(project / CRITERIA, "demand: {en: 70, es: 25, fr: 5}", f"demand: {demand}")
    assert warnings(cli, str(project)) == []


def test_a_criteria_file_alone_gets_no_language_warning(project: Path, cli: CliRunner) -> None:
    edit(project / CRITERIA, "demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, de-DE: 30}")
    assert warnings(cli, str(project / CRITERIA)) == []


# --- 2. unknown ids in a score file: a suggestion, or the ids there are ---------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "scores/bikram.yaml",
            "  kaveri: {references: 3",
            "  kaveri: {refs: 3",
            "no rubric criterion with id 'refs' (did you mean 'references'?)",
        ),
        (
            "scores/bikram.yaml",
            "  kaveri: {references: 3",
            "  kaveri: {fit: 3",
            "no rubric criterion with id 'fit' (rubric criteria: 'peak_plan', 'references')",
        ),
        (
            "scores/alice.yaml",
            "  kaveri:",
            "  kvr:",
            "no vendor with id 'kvr' (did you mean 'kaveri'?)",
        ),
        (
            "scores/alice.yaml",
            "  kaveri:",
            "  zeta:",
            "no vendor with id 'zeta' (vendors: 'andes', 'bayani-cx', 'heartland', 'kaveri', "
            "'mabuhay', 'table-bay', 'vistula-tejo')",
        ),
    ],
)
def test_an_unknown_id_in_a_score_file_gets_a_suggestion_or_the_list(
    file: str, old: str, new: str, message: str, project: Path, cli: CliRunner
) -> None:
    edit(project / file, old, new)
    result = cli("validate", "--format", "json", str(project))
    assert [e["message"] for e in json.loads(result.out)["errors"]] == [message]


def test_id_hint_lists_a_long_field_briefly_and_never_guesses_between_two() -> None:
    many = Suggestions([f"vendor-{i:02d}" for i in range(20)])
    assert id_hint("zz", many, "vendors") == (
        " (vendors: 'vendor-00', 'vendor-01', 'vendor-02', 'vendor-03', 'vendor-04', "
        "'vendor-05', 'vendor-06', 'vendor-07' and 12 more)"
    )
    two = Suggestions(["reference_calls", "references"])
    assert id_hint("refs", two, "rubric criteria") == (
        " (rubric criteria: 'reference_calls', 'references')"
    )
    assert id_hint("x", Suggestions([]), "vendors") == ""


# --- 3. arrivals outside every required coverage window -------------------------------------


def crit(profile: dict[str, Any], required: list[dict[str, str]], **workload: Any) -> CriteriaFile:
    return CriteriaFile.model_validate(
        {
            "name": "t",
            "evaluation_date": date(2027, 1, 15),
            "workload": {
                "contacts_per_year": 600_000,
                "aht_seconds": 360,
                "occupancy": 80,
                "model": "erlang_c",
                "service_level": {"percent": 80, "seconds": 20},
                "profile": profile,
                **workload,
            },
            "criteria": [{"id": "cov", "kind": "coverage", "weight": 1, "required": required}],
        },
        strict=False,
    )


def staffed_share(criteria: CriteriaFile, history: Any = None) -> float:
    """The share as the staffing model's year has it: arrivals in intervals not covered."""
    year = staffing.build_year(criteria, 2027, history)
    windows = required_windows(criteria.criteria)
    first, last = date(2027, 1, 1), date(2027, 12, 31)
    covered = staffing._covered(year.starts, year.minutes, windows, first, last)
    return float(year.arrivals[~covered].sum() / year.arrivals.sum())


BERLIN_DAY = [{"days": "weekdays", "start": "08:00", "end": "20:00", "timezone": "Europe/Berlin"}]
NEW_YORK = {
    "timezone": "America/New_York",
    "intraday": [0.2] * 8 + [1.0, 1.2, 1.4, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9] + [0.5] * 6,
    "weekday": {"mon": 1.2, "sat": 0.6, "sun": 0.4},
    "month": {"dec": 1.6},
    "events": [{"name": "sale", "from": "2027-03-20", "to": "2027-04-05", "factor": 2.0}],
}


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_the_share_is_the_staffing_years_across_zones_and_dst(minutes: int) -> None:
    criteria = crit(NEW_YORK, BERLIN_DAY, interval_minutes=minutes)
    assert criteria.workload is not None
    found = outside_coverage(criteria.workload, required_windows(criteria.criteria), 2027)
    assert found is not None
    assert found.share == pytest.approx(staffed_share(criteria), rel=1e-12)
    assert 0.5 < found.share < 1


def test_the_hours_name_their_weekdays_when_they_differ() -> None:
    required = [
        {"days": "weekdays", "start": "08:00", "end": "20:00", "timezone": "UTC"},
        {"days": ["sat"], "start": "10:00", "end": "16:00", "timezone": "UTC"},
    ]
    criteria = crit({"timezone": "UTC"}, required)
    assert criteria.workload is not None
    found = outside_coverage(criteria.workload, required_windows(criteria.criteria), 2027)
    assert found is not None
    assert found.hours == (
        "mon-fri 00:00-08:00, 20:00-24:00; sat 00:00-10:00, 16:00-24:00; sun 00:00-24:00"
    )
    assert found.share == pytest.approx(staffed_share(criteria), rel=1e-12)


def test_no_share_when_every_arrival_is_inside_the_windows() -> None:
    intraday = [0.0] * 6 + [1.0] * 18
    criteria = crit(
        {"timezone": "America/New_York", "intraday": intraday},
        [{"days": "daily", "start": "06:00", "end": "24:00", "timezone": "America/New_York"}],
    )
    assert criteria.workload is not None
    assert outside_coverage(criteria.workload, required_windows(criteria.criteria), 2027) is None
    assert staffed_share(criteria) == 0


def test_an_arrival_history_outside_the_windows_is_a_warning(project: Path, cli: CliRunner) -> None:
    """The history of the staffing tests' kind: 24 hours a day, read beside the criteria."""
    zone = ZoneInfo("America/New_York")
    rows = ["timestamp,contacts"]
    when = datetime(2026, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    while when.astimezone(zone).year == 2026:  # local times, the repeated hour twice
        local = when.astimezone(zone)
        rows.append(f"{local:%Y-%m-%d %H:%M},{1.0 if local.hour >= 6 else 0.25}")
        when += timedelta(hours=1)
    (project / "criteria" / "arrivals.csv").write_text("\n".join(rows) + "\n")
    text = (project / CRITERIA).read_text()
    start = text.index("  profile:")
    end = text.index("groups:")
    (project / CRITERIA).write_text(
        text[:start]
        + "  profile: {timezone: America/New_York}\n  profile_file: arrivals.csv\n"
        + text[end:]
    )
    [found] = warnings(cli, str(project))
    assert (found["line"], found["code"]) == (30, "arrivals-outside-coverage")
    share = 6 * 0.25 / (6 * 0.25 + 18)
    assert found["message"].startswith(
        f"the arrival history puts {100 * share:.1f} % of contacts outside the required "
        "coverage windows (00:00-06:00 America/New_York)"
    )
    history = read_history(project / "criteria" / "arrivals.csv", "a", "America/New_York")
    loaded = CriteriaFile.model_validate(
        yaml.safe_load((project / CRITERIA).read_text()), strict=False
    )
    assert staffed_share(loaded, history) == pytest.approx(share, rel=1e-9)


def test_the_example_gets_no_arrivals_warning_and_a_night_shift_one(
    project: Path, cli: CliRunner
) -> None:
    assert warnings(cli, "--example") == []
    edit(project / CRITERIA, "intraday: [0, 0, 0, 0, 0, 0,", "intraday: [0, 0, 0, 0, 0.3, 0.4,")
    [found] = warnings(cli, str(project))
    assert (found["line"], found["column"], found["code"]) == (
        29,
        3,
        "arrivals-outside-coverage",
    )
    assert "(04:00-06:00 America/New_York)" in found["message"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  model: erlang_c ", "  model: flat #"),  # no staffing model: nothing is staffed
        ('      - {days: daily, start: "06:00"', '      - {days: daily, start: "00:00"'),
    ],
)
def test_no_arrivals_warning_without_a_staffing_model_or_with_24h_coverage(
    old: str, new: str, project: Path, cli: CliRunner
) -> None:
    edit(project / CRITERIA, "intraday: [0, 0, 0, 0, 0, 0,", "intraday: [1, 1, 1, 1, 1, 1,")
    edit(project / CRITERIA, old, new)
    codes = {w["code"] for w in warnings(cli, str(project))}
    assert "arrivals-outside-coverage" not in codes


TIMES = st.sampled_from(["00:00", "05:30", "06:00", "07:15", "08:00", "12:00", "20:00", "23:45"])
ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    ZONES,
    ZONES,
    st.sampled_from([15, 30, 60]),
    st.lists(
        st.tuples(TIMES, TIMES, st.sampled_from(["daily", "weekdays", "weekends"])),
        min_size=1,
        max_size=3,
    ),
    st.lists(st.sampled_from([0.0, 0.1, 0.7, 1.0, 2.5]), min_size=24, max_size=24),
)
def test_outside_coverage_is_the_old_loop_to_the_bit(
    customers: str, site: str, minutes: int, windows: list[tuple[str, str, str]], hours: list[float]
) -> None:
    """Per-day coverage of the staffing intervals (``arrivals._covered``) gives the share and
    the hours of the interval-by-interval search it replaced, exactly."""
    from tests.calendar_oracle import outside_weights
    from vendorscore.criteria import arrivals, calendar

    required = [
        {"days": days, "start": start, "end": end if end != "00:00" else "24:00", "timezone": site}
        for start, end, days in windows
    ]
    criteria = crit({"timezone": customers, "intraday": hours}, required, interval_minutes=minutes)
    assert criteria.workload is not None
    found = outside_coverage(criteria.workload, required_windows(criteria.criteria), 2027)
    first, last = date(2027, 1, 1), date(2027, 12, 31)
    days = calendar.day_slots(customers, first, last, minutes)
    table = [
        [w * f for w in arrivals.slot_weights(criteria.workload.profile, minutes)]
        for f in arrivals.day_weights(criteria.workload.profile, first, len(days))
    ]
    spans = calendar.required_intervals(required_windows(criteria.criteria), first, last)
    total, outside, missed = outside_weights(table, days, spans, minutes * 60)
    if not total > 0 or outside <= 0:
        assert found is None
        return
    assert found is not None
    assert found.share == outside / total
    by_weekday: list[set[int]] = [set() for _ in range(7)]
    for index, slot in missed:
        by_weekday[(first + timedelta(days=index)).weekday()].add(slot)
    assert found.hours == arrivals._hours(by_weekday, minutes)
