"""Staffing the evaluation year (issue 12): the year's intervals, arrivals, agents, cost from
staffing, the peak gate, the arrival history, and the workload's rules and limits."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import CliRunner
from vendorscore.criteria.cost import annual_cost
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.criteria.settings import ServiceLevel
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import staffing
from vendorscore.scoring.engine import evaluate
from vendorscore.scoring.queueing import erlang_a_agents, erlang_a_agents_many, erlang_c_agents

CLOSED_BUT = [  # every day of 2027 weighs 0 except 2027-07-01
    {"name": "first half", "from": "2027-01-01", "to": "2027-06-30", "factor": 0},
    {"name": "second half", "from": "2027-07-02", "to": "2027-12-31", "factor": 0},
]


def criteria(workload: dict[str, Any], **extra: Any) -> CriteriaFile:
    base = {
        "contacts_per_year": 600_000,
        "aht_seconds": 360,
        "occupancy": 80,
        "hours_per_fte_month": 160,
        "model": "erlang_c",
        "service_level": {"percent": 80, "seconds": 20},
    }
    return CriteriaFile.model_validate(
        {
            "name": "t",
            "evaluation_date": date(2027, 1, 15),
            "workload": {**base, **workload},
            "criteria": [{"id": "cost", "kind": "cost", "weight": 1}],
            **extra,
        },
        strict=False,
    )


def vendor(vid: str, unit: str = "per_productive_hour", rate: float = 10.0, **extra: Any) -> Vendor:
    return Vendor.model_validate(
        {"id": vid, "name": vid, "pricing": {"currency": "USD", "unit": unit, "rate": rate}}
        | extra,
        strict=False,
    )


def test_one_open_hour_gives_exactly_the_single_interval_answer() -> None:
    intraday = [0.0] * 24
    intraday[10] = 1.0
    crit = criteria(
        {
            "contacts_per_year": 400,
            "interval_minutes": 60,
            "profile": {"timezone": "Europe/Paris", "intraday": intraday, "events": CLOSED_BUT},
        }
    )
    result = staffing.staff(crit, [vendor("a")], 2027)
    load = 400 * 360 / 3600  # every contact of the year in that one hour: 40 Erlangs
    single = int(erlang_c_agents(np.array([load]), 360.0, 0.80, 20.0)[0])
    figures = result.vendors[0]
    assert figures.peak_agents == single
    assert figures.staffed_hours == single  # one interval of one hour, no other open one
    assert figures.peak_at == "2027-07-01 10:00"
    assert result.open_intervals == 1
    assert result.peak_contacts == pytest.approx(400)


def test_scaling_the_year_scales_flat_cost_linearly_and_staffing_sublinearly() -> None:
    profile = {"timezone": "America/New_York", "intraday": [0.0] * 6 + [1.0] * 18}
    small = criteria({"profile": profile})
    big = criteria({"profile": profile, "contacts_per_year": 2_400_000})
    hourly = vendor("a")
    flat_small = annual_cost(hourly, small.workload, "USD", {})  # type: ignore[arg-type]
    flat_big = annual_cost(hourly, big.workload, "USD", {})  # type: ignore[arg-type]
    assert flat_big == pytest.approx(4 * flat_small)  # type: ignore[operator]
    hours_small = staffing.staff(small, [hourly], 2027).vendors[0].staffed_hours
    hours_big = staffing.staff(big, [hourly], 2027).vendors[0].staffed_hours
    assert hours_small < hours_big < 4 * hours_small  # pooling: 4x the work, fewer than 4x hours
    assert hours_big / hours_small < 3.9


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_daylight_saving_days_have_23_and_25_hours_of_intervals(minutes: int) -> None:
    crit = criteria({"interval_minutes": minutes, "profile": {"timezone": "America/New_York"}})
    year = staffing.build_year(crit, 2027)
    per_day = np.bincount(year.day) * minutes / 60
    first = date(2027, 1, 1)
    hours = {first + timedelta(days=int(d)): h for d, h in enumerate(per_day) if h != 24}
    assert hours == {date(2027, 3, 14): 23, date(2027, 11, 7): 25}
    assert year.starts.size == (365 * 24) * 60 // minutes  # one hour lost, one hour gained
    assert np.all(np.diff(year.starts) == minutes * 60)  # consecutive real instants


def test_vendor_aht_is_used_where_asked_and_the_workload_aht_otherwise() -> None:
    slow = vendor("slow", kpis={"aht_seconds": 420})
    silent = vendor("silent")
    own = staffing.staff(criteria({"aht": "vendor"}), [slow, silent], 2027)
    assert [(v.aht_seconds, v.aht_source) for v in own.vendors] == [
        (420, "vendor"),
        (360, "workload"),
    ]
    assert own.vendors[0].staffed_hours > own.vendors[1].staffed_hours
    shared = staffing.staff(criteria({}), [slow, silent], 2027)
    assert shared.vendors[0].staffed_hours == shared.vendors[1].staffed_hours


def test_cost_follows_the_pricing_unit() -> None:
    """Per-hour quotes bill staffed hours, per-FTE quotes rostered FTEs; per-minute and
    per-contact quotes do not move with staffing but use the vendor's AHT."""
    crit = criteria({"aht": "vendor", "shrinkage": 30})
    vendors = [
        vendor("hour", rate=12.0, kpis={"aht_seconds": 400}),
        vendor("fte", "per_fte_month", 2000.0, kpis={"aht_seconds": 400}),
        vendor("minute", "per_minute", 0.5, kpis={"aht_seconds": 400}),
        vendor("contact", "per_contact", 3.0),
    ]
    result = staffing.staff(crit, vendors, 2027)
    hours = staffing.hours_by_vendor(result)
    workload = crit.workload
    assert workload is not None
    costs = {v.id: annual_cost(v, workload, "USD", {}, hours[v.id]) for v in vendors}
    by = {v.vendor: v for v in result.vendors}
    assert costs["hour"] == pytest.approx(12.0 * by["hour"].staffed_hours)
    assert costs["fte"] == pytest.approx(2000.0 * by["fte"].staffed_hours / 0.7 / 160)
    assert by["fte"].fte == pytest.approx(by["fte"].rostered_hours / (12 * 160))
    assert costs["minute"] == pytest.approx(0.5 * 600_000 * 400 / 60)
    assert costs["contact"] == pytest.approx(3.0 * 600_000)
    handle = 600_000 * 400 / 3600
    assert by["hour"].occupancy == pytest.approx(100 * handle / by["hour"].staffed_hours)
    assert by["hour"].staffed_hours > by["hour"].flat_hours  # 80/20 needs more than 80 %


def test_the_engine_prices_from_staffing_and_gates_on_the_peak() -> None:
    crit = criteria({"peak_gate": True, "shrinkage": 30})
    big = vendor("big", capacity={"agents": 500})
    small = vendor("small", capacity={"agents": 5, "ramp_agents": 3, "peak_flex": 150})
    nobody = vendor("nobody")
    evaluation = evaluate(EvaluationInput.in_memory(crit, [big, small, nobody]))
    ranking = evaluation.ranking
    assert [r.id for r in ranking.ranking] == ["big"]
    assert ranking.staffing is not None
    figures = ranking.staffing.of("big")
    assert figures is not None
    assert ranking.ranking[0].criteria["cost"].raw == pytest.approx(10.0 * figures.staffed_hours)
    reasons = {e.id: e.reasons for e in ranking.excluded}
    peak = figures.peak_rostered
    assert peak == math.ceil(figures.peak_agents / 0.7)
    assert reasons["small"] == (
        f"peak capacity: needs {peak} agents rostered on {figures.peak_at} UTC; "
        "offers 8 (5 agents; + 3 ramp = 8; peak flex 150 % = 7)",
    )
    assert reasons["nobody"][0].endswith("no capacity.agents declared")


def test_erlang_a_needs_no_more_agents_than_erlang_c() -> None:
    a = staffing.staff(
        criteria({"model": "erlang_a", "patience_seconds": 120}), [vendor("v")], 2027
    )
    c = staffing.staff(criteria({}), [vendor("v")], 2027)
    assert a.vendors[0].staffed_hours < c.vendors[0].staffed_hours
    assert a.patience_seconds == 120
    assert c.patience_seconds is None


def test_the_year_staffed_by_erlang_a_matches_the_scalar_search_interval_by_interval() -> None:
    crit = criteria(
        {
            "model": "erlang_a",
            "patience_seconds": 90,
            "max_occupancy": 85,
            "profile": {"timezone": "Asia/Manila", "intraday": [0.2] * 8 + [1.0] * 16},
        }
    )
    workload = crit.workload
    assert workload is not None
    year = staffing.build_year(crit, 2027)
    need = staffing.agents(workload, year, 300.0, ServiceLevel(percent=80, seconds=20))
    rates = year.arrivals / 1800
    picks = np.random.default_rng(5).choice(rates.size, 60, replace=False)
    for i in picks:
        assert need[i] == max(1, erlang_a_agents(float(rates[i]), 300.0, 90.0, 0.8, 20.0, 0.85))


def test_an_arrival_history_of_the_same_year_staffs_like_the_profile(tmp_path: Path) -> None:
    profile = {
        "timezone": "America/New_York",
        "intraday": [0.0] * 6 + [0.5, 1, 1.4, 1.5, 1.4, 1.3] + [1.2] * 12,
        "weekday": {"mon": 1.2, "sun": 0.7},
        "month": {"dec": 1.6},
    }
    crit = criteria({"profile": profile})
    year = staffing.build_year(crit, 2027)
    rows = ["timestamp,contacts"]
    for start, count in zip(year.starts, year.arrivals, strict=True):
        when = datetime.fromtimestamp(int(start), staffing.load_zone("America/New_York"))
        rows.append(f"{when:%Y-%m-%d %H:%M},{float(count)!r}")  # local, the repeated hour twice
    (tmp_path / "arrivals.csv").write_text("\n".join(rows) + "\n")
    from vendorscore.loading.history import read_history

    history = read_history(tmp_path / "arrivals.csv", "arrivals.csv", "America/New_York")
    assert history.minutes == 30
    again = staffing.build_year(crit, 2027, history)
    assert again.arrivals == pytest.approx(year.arrivals, rel=1e-9)
    a = staffing.staff(crit, [vendor("v")], 2027, history).vendors[0]
    b = staffing.staff(crit, [vendor("v")], 2027).vendors[0]
    assert (a.staffed_hours, a.peak_agents, a.peak_at) == (
        b.staffed_hours,
        b.peak_agents,
        b.peak_at,
    )


def test_a_history_of_last_year_is_moved_by_whole_weeks(tmp_path: Path) -> None:
    """Black Friday 2026 (27 November) lands on Black Friday 2027 (26 November)."""
    rows = ["timestamp,contacts"]
    day = date(2026, 1, 1)
    while day <= date(2026, 12, 31):
        peak = 10.0 if day == date(2026, 11, 27) else 1.0
        rows += [f"{day} {h:02d}:00,{peak}" for h in range(24)]
        day += timedelta(days=1)
    (tmp_path / "h.csv").write_text("\n".join(rows) + "\n")
    from vendorscore.loading.history import read_history

    history = read_history(tmp_path / "h.csv", "h.csv", "UTC")
    crit = criteria({"interval_minutes": 60})
    year = staffing.build_year(crit, 2027, history)
    busiest = year.local(int(np.argmax(year.arrivals)))
    assert busiest.startswith("2027-11-26")
    assert np.count_nonzero(year.arrivals == year.arrivals.max()) == 24


# --- through the CLI: rules, limits and hostile values -----------------------------------


def write(tmp_path: Path, workload: str, history: str | None = None) -> Path:
    root = tmp_path / "p"
    (root / "criteria").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / "criteria" / "c.yaml").write_text(
        "name: t\nevaluation_date: 2027-01-15\nworkload:\n"
        "  contacts_per_year: 600000\n  aht_seconds: 360\n  occupancy: 80\n"
        + workload
        + "criteria:\n  - {id: cost, kind: cost, weight: 1}\n"
    )
    (root / "vendors" / "v.yaml").write_text(
        "id: v\nname: V\npricing: {currency: USD, unit: per_productive_hour, rate: 10}\n"
    )
    if history is not None:
        (root / "criteria" / "arrivals.csv").write_text(history)
    return root


ERLANG = "  model: erlang_c\n  service_level: {percent: 80, seconds: 20}\n"


@pytest.mark.parametrize(
    ("workload", "where", "code"),
    [
        ("  model: erlang_c\n", "c.yaml:7:3", "workload-missing"),
        (
            "  model: erlang_a\n  service_level: {percent: 80, seconds: 20}\n",
            "c.yaml:7:3",
            "workload-missing",
        ),
        (ERLANG + "  shrinkage: 100\n", "c.yaml:9:3", "percent-range"),
        (ERLANG + "  model: erlang_a\n", "c.yaml:9", "duplicate-key"),
        (
            "  model: erlang_a\n  service_level: {percent: 80, seconds: 20}\n"
            "  patience_seconds: 0\n",
            "c.yaml:9:3",
            "out-of-range",
        ),
        (ERLANG.replace("80,", "100,"), "c.yaml:8:19", "percent-range"),
        (
            ERLANG + "  profile:\n    timezone: UTC\n    intraday: [0, 0, 0]\n",
            "c.yaml:11:5",
            "intraday-size",
        ),
        (
            ERLANG
            + "  profile:\n    timezone: UTC\n    intraday: ["
            + ", ".join(["0"] * 24)
            + "]\n",
            "c.yaml:11:5",
            "profile-closed",
        ),
        (
            ERLANG + "  profile:\n    timezone: UTC\n    weekday: {mon: -1}\n",
            "c.yaml:11:15",
            "negative",
        ),
        (
            ERLANG + "  profile:\n    timezone: UTC\n    events:\n"
            "      - {name: BFCM, from: 2026-11-27, to: 2026-11-30, factor: 3}\n",
            "c.yaml:12:9",
            "event-outside-year",
        ),
        (
            ERLANG + "  profile:\n    timezone: UTC\n    events:\n"
            "      - {name: BFCM, from: 2027-11-30, to: 2027-11-27, factor: 3}\n",
            "c.yaml:12:9",
            "event-order",
        ),
        ("  peak_gate: true\n", "c.yaml:7:3", "workload-missing"),
        (ERLANG + "  interval_minutes: 20\n", "c.yaml:9:3", "bad-value"),
    ],
)
def test_bad_workloads_are_one_positioned_line(
    cli: CliRunner, tmp_path: Path, workload: str, where: str, code: str
) -> None:
    root = write(tmp_path, workload)
    result = cli("validate", str(root))
    assert result.code == 1, result.out + result.err
    lines = [line for line in (result.out + result.err).splitlines() if ": error:" in line]
    assert any(where in line and f"[{code}]" in line for line in lines), result.out + result.err
    assert "Traceback" not in result.err


def test_a_profile_closed_by_its_events_is_refused_at_rank_with_a_position(
    cli: CliRunner, tmp_path: Path
) -> None:
    events = "".join(
        f"      - {{name: e{i}, from: {a}, to: {b}, factor: 0}}\n"
        for i, (a, b) in enumerate([("2027-01-01", "2027-12-31")])
    )
    root = write(tmp_path, ERLANG + "  profile:\n    timezone: UTC\n    events:\n" + events)
    result = cli("rank", str(root))
    assert result.code == 1
    assert "c.yaml:9:3" in result.err
    assert "[profile-closed]" in result.err


@pytest.mark.parametrize(
    ("history", "line", "code"),
    [
        ("time,count\n2027-01-01 00:00,1\n", 1, "bad-header"),
        ("timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:30,x\n", 3, "bad-count"),
        ("timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:07,1\n", 3, "bad-timestamp"),
        (
            "timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:30,1\n2027-01-01 01:30,1\n",
            4,
            "history-gap",
        ),
        (
            "timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:30,1\n2027-01-01 00:30,1\n",
            4,
            "history-gap",
        ),
        ("timestamp,contacts\nnot a date,1\n", 2, "bad-timestamp"),
        ("timestamp,contacts\n2027-01-01 00:00,-4\n", 2, "bad-count"),
        ("timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:30,1\n", 1, "history-short"),
        ("timestamp,contacts\n2027-01-01 00:00,1\n2027-01-01 00:45,1\n", 3, "history-step"),
    ],
)
def test_bad_arrival_histories_name_the_line(
    cli: CliRunner, tmp_path: Path, history: str, line: int, code: str
) -> None:
    root = write(tmp_path, ERLANG + "  profile_file: arrivals.csv\n", history)
    result = cli("rank", str(root))
    assert result.code == 1
    assert f"arrivals.csv:{line}:" in result.err, result.err
    assert f"[{code}]" in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_fall_back_day_may_repeat_its_hour_in_local_time(tmp_path: Path) -> None:
    from vendorscore.loading.history import read_history

    rows = ["timestamp,contacts"]
    start = datetime(2027, 11, 1)
    for h in range(24 * 14):
        rows.append(f"{start + timedelta(hours=h):%Y-%m-%d %H:%M},1")
    rows.insert(rows.index("2027-11-07 02:00,1"), "2027-11-07 01:00,1")  # the repeated hour
    (tmp_path / "h.csv").write_text("\n".join(rows) + "\n")
    history = read_history(tmp_path / "h.csv", "h.csv", "America/New_York")
    assert len(history.counts) == 24 * 14 + 1
    (tmp_path / "h.csv").write_text("\n".join(rows).replace("2027-11-07 01:00,1\n", "", 1))
    with pytest.raises(Exception, match="gap"):  # one 01:00 missing: the repeat is gone
        read_history(tmp_path / "h.csv", "h.csv", "America/New_York")


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        ("contacts_per_year: 1000000000", "load-too-large"),  # a 10^9-contact year
        ("aht_seconds: 1", None),  # a 1-second AHT: bounded, finite
    ],
)
def test_hostile_workloads_are_a_clear_error_or_a_bounded_answer(
    cli: CliRunner, tmp_path: Path, change: str, expect: str | None
) -> None:
    root = write(tmp_path, ERLANG + "  profile:\n    timezone: UTC\n")
    path = root / "criteria" / "c.yaml"
    key = change.split(":")[0]
    text = "\n".join(
        f"  {change}" if line.strip().startswith(key + ":") else line
        for line in path.read_text().splitlines()
    )
    path.write_text(text + "\n")
    result = cli("rank", str(root), "-f", "json")
    if expect is None:
        assert result.code == 0, result.err
        score = json.loads(result.out)["ranking"][0]["criteria"]["cost"]["raw"]
        assert math.isfinite(score)
        assert score > 0
    else:
        assert result.code == 1
        assert f"[{expect}]" in result.err, result.err
        assert "c.yaml:4:" in result.err, result.err


def test_exact_erlang_a_refuses_work_it_cannot_bound(cli: CliRunner, tmp_path: Path) -> None:
    """A one-hour answer time against a one-second AHT would take the exact chain millions of
    steps: refused at the answer time, with the numbers and what to use instead."""
    workload = (
        "  model: erlang_a\n  patience_seconds: 600\n"
        "  service_level: {percent: 80, seconds: 3600}\n"
    )
    root = write(tmp_path, workload)
    path = root / "criteria" / "c.yaml"
    text = path.read_text().replace("contacts_per_year: 600000", "contacts_per_year: 100000000")
    path.write_text(text.replace("aht_seconds: 360", "aht_seconds: 1"))
    result = cli("rank", str(root))
    assert result.code == 1
    assert "c.yaml:9:" in result.err, result.err
    assert "[erlang-a-too-long]" in result.err
    assert "use model: erlang_c" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_impatient_callers_and_long_answer_times_stay_exact_and_bounded() -> None:
    """Patience of 1 s against a one-hour target: the chain runs to 45 mean patiences (the
    rest weighs under 1e-19), and agrees with the scalar search."""
    lam = np.array([0.001, 0.02, 0.1])
    many = erlang_a_agents_many(lam, 360.0, 1.0, 0.8, 3600.0, 0.85)
    assert [int(n) for n in many] == [
        erlang_a_agents(float(x), 360.0, 1.0, 0.8, 3600.0, 0.85) for x in lam
    ]
