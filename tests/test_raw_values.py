"""Hand-worked raw values for every criterion kind (SPEC §4.1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.builders import ranking, raw_of, write_project
from tests.calendar_oracle import plain_covered_minutes as covered_minutes

# Workload of tests.builders.HEADER: 600 000 contacts, 360 s AHT, 80 % occupancy
# -> handled hours = 600000 * 360 / 3600 = 60 000; productive hours = 60 000 / 0.8 = 75 000.
COST = "criteria:\n  - {id: cost, kind: cost, weight: 100}\n"


@pytest.mark.parametrize(
    ("pricing", "expected"),
    [
        # 11.50 USD x 75 000 productive hours
        ("{currency: USD, unit: per_productive_hour, rate: 11.5}", 862_500.0),
        # 1 550 USD x 75 000 h / 160 h per FTE-month = 726 562.5
        ("{currency: USD, unit: per_fte_month, rate: 1550}", 726_562.5),
        # 0.36 USD x 600 000 contacts x 6 minutes = 1 296 000
        ("{currency: USD, unit: per_minute, rate: 0.36}", 1_296_000.0),
        # 2.10 EUR x 600 000 contacts = 1 260 000 EUR x 1.08 = 1 360 800 USD
        ("{currency: EUR, unit: per_contact, rate: 2.1}", 1_360_800.0),
        # 3.00 GBP x 600 000 x 85 % resolved = 1 530 000 GBP x 1.27 = 1 943 100 USD
        ("{currency: GBP, unit: per_resolved_contact, rate: 3, resolution_rate: 85}", 1_943_100.0),
        # resolution_rate defaults to 100 %: 1.5 x 600 000
        ("{currency: USD, unit: per_resolved_contact, rate: 1.5}", 900_000.0),
        # setup fee spread over 3 contract years: 11.50 x 75 000 + 30 000 / 3
        ("{currency: USD, unit: per_productive_hour, rate: 11.5, setup_fee: 30000}", 872_500.0),
        # setup fee converted too: (24 x 75 000 + 30 000 / 3) x 1.08
        ("{currency: EUR, unit: per_productive_hour, rate: 24, setup_fee: 30000}", 1_954_800.0),
    ],
)
def test_cost_for_every_pricing_unit(pricing: str, expected: float, tmp_path: Path) -> None:
    write_project(
        tmp_path,
        COST,
        [
            f"id: a\nname: A\npricing: {pricing}\n",
            "id: b\nname: B\npricing: {currency: USD, unit: per_contact, rate: 9}\n",
        ],
    )
    assert raw_of(ranking(tmp_path), "a", "cost") == pytest.approx(expected, rel=1e-12)


DAILY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NY_EVENING = ((DAILY, "17:00", "23:00", "America/New_York"),)
MANILA_NIGHT = ((DAILY, "20:00", "08:00", "Asia/Manila"),)


def test_manila_night_shift_serving_new_york_evenings_in_january() -> None:
    # January: New York is UTC-5, Manila UTC+8 (13 h apart). Manila 20:00-08:00 is
    # New York 07:00-19:00, so of the 17:00-23:00 window only 17:00-19:00 is served:
    # 2 h x 7 days = 14 h = 840 of the week's 6 h x 7 = 2 520 required minutes.
    week = (date(2027, 1, 11), date(2027, 1, 17))
    assert covered_minutes(NY_EVENING, MANILA_NIGHT, (), *week) == (840, 2520)


def test_manila_night_shift_serving_new_york_evenings_in_july() -> None:
    # July: New York is on daylight time, UTC-4 (12 h behind Manila, which has no DST).
    # Manila 20:00-08:00 is New York 08:00-20:00: 17:00-20:00 is served, 3 h x 7 = 1 260 min.
    week = (date(2027, 7, 12), date(2027, 7, 18))
    assert covered_minutes(NY_EVENING, MANILA_NIGHT, (), *week) == (1260, 2520)


def test_dst_change_day_is_minute_exact() -> None:
    # 2027-03-14 New York springs forward at 02:00: a 00:00-24:00 local day has 23 hours.
    day = (date(2027, 3, 14), date(2027, 3, 14))
    ny_day = ((DAILY, "00:00", "24:00", "America/New_York"),)
    utc_all = ((DAILY, "00:00", "24:00", "UTC"),)
    assert covered_minutes(ny_day, utc_all, (), *day) == (23 * 60, 23 * 60)


def test_overnight_window_counts_the_hours_after_midnight() -> None:
    # Required 22:00-02:00 UTC on Mondays only; the vendor serves Monday 23:00 to Tuesday 01:00.
    monday = (date(2027, 1, 11), date(2027, 1, 11))
    need = ((("mon",), "22:00", "02:00", "UTC"),)
    have = ((("mon",), "23:00", "01:00", "UTC"),)
    assert covered_minutes(need, have, (), *monday) == (120, 240)
    # days are the days a window *starts*: a Sunday-night start does not cover Monday 22:00
    sunday_start = ((("sun",), "22:00", "02:00", "UTC"),)
    assert covered_minutes(need, sunday_start, (), *monday) == (0, 240)


def test_closed_dates_remove_that_local_day_only() -> None:
    day = (date(2027, 12, 24), date(2027, 12, 26))
    need = ((DAILY, "09:00", "17:00", "Europe/London"),)
    have = ((DAILY, "00:00", "24:00", "Europe/London"),)
    assert covered_minutes(need, have, (date(2027, 12, 25),), *day) == (2 * 480, 3 * 480)


COVERAGE = """\
criteria:
  - id: coverage
    kind: coverage
    weight: 100
    required: [{days: daily, start: "06:00", end: "24:00", timezone: America/New_York}]
    channel: voice
"""


def test_24_7_vendor_covers_exactly_100_percent(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        COVERAGE,
        [
            "id: full\nname: Full\ncoverage: [{days: daily, start: '00:00', end: '24:00', timezone: Asia/Manila}]\n",
            "id: chat\nname: Chat only\ncoverage: [{days: daily, start: '00:00', end: '24:00', timezone: UTC, channels: [chat]}]\n",
            "id: none\nname: None\n",
        ],
    )
    r = ranking(tmp_path)
    assert raw_of(r, "full", "coverage") == 100.0
    assert raw_of(r, "chat", "coverage") == 0.0  # the channel filter drops its only window
    assert raw_of(r, "none", "coverage") is None


def test_year_of_coverage_with_holidays(tmp_path: Path) -> None:
    # Denver 06:00-24:00 is New York 08:00-02:00: 16 of the 18 required hours every day,
    # less the two closed Denver days (2 x 16 h): (365 x 16 - 32) / (365 x 18).
    write_project(
        tmp_path,
        COVERAGE,
        [
            "id: den\nname: Den\ncoverage: [{days: daily, start: '06:00', end: '24:00', timezone: America/Denver}]\nclosed: [2027-11-25, 2027-12-25]\n"
        ],
    )
    assert raw_of(ranking(tmp_path), "den", "coverage") == pytest.approx(
        100 * (365 * 16 - 32) / (365 * 18), abs=1e-12
    )


LANGS = """\
criteria:
  - {id: lang, kind: languages, weight: 100, demand: {es: 50, es-MX: 30, es-419: 20}, min_level: B2}
"""


@pytest.mark.parametrize(
    ("offered", "expected"),
    [
        ("[{code: es, level: native}]", 50.0),  # es-MX and es-419 demand is not met by plain es
        ("[{code: es-MX, level: C1}]", 80.0),  # es matches es-MX; es-MX matches es-MX
        ("[{code: es-419, level: C1}]", 70.0),  # es matches es-419; es-419 matches itself
        ("[{code: ES-mx, level: C1}]", 80.0),  # case-insensitive
        ("[{code: es-MX, level: B1}]", 0.0),  # below min_level
        ("[{code: es-MX, level: C1, agents: 0}]", 0.0),  # no agents serve nothing
        ("[{code: est, level: native}]", 0.0),  # no match across subtag boundaries
    ],
)
def test_language_tags(offered: str, expected: float, tmp_path: Path) -> None:
    write_project(tmp_path, LANGS, [f"id: a\nname: A\nlanguages: {offered}\n"])
    assert raw_of(ranking(tmp_path), "a", "lang") == pytest.approx(expected)


CERTS = """\
criteria:
  - id: certs
    kind: certifications
    weight: 100
    points: {ISO 27001: 1, PCI DSS: 1, COPC: 2}
    aliases: {ISO 27001: [ISO/IEC 27001:2022]}
"""


def test_certificates_on_the_evaluation_date(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        CERTS,
        [
            # expires on the evaluation date itself (2027-01-15): still valid that day
            "id: edge\nname: Edge\ncertifications: [{name: PCI-DSS, expires: 2027-01-15}]\n",
            "id: lapsed\nname: Lapsed\ncertifications: [{name: PCI DSS, expires: 2027-01-14}]\n",
            "id: pending\nname: Pending\ncertifications: [{name: COPC, status: in_progress}, {name: copc, status: expired}]\n",
            "id: alias\nname: Alias\ncertifications: [ISO/IEC 27001:2022, c.o.p.c]\n",
        ],
    )
    r = ranking(tmp_path)
    assert raw_of(r, "edge", "certs") == 25.0
    assert raw_of(r, "lapsed", "certs") == 0.0
    assert raw_of(r, "pending", "certs") == 0.0
    assert raw_of(r, "alias", "certs") == 75.0


def test_set_points_and_paths_through_lists(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: ch, kind: set, field: channels, weight: 50, points: {voice: 3, chat: 1}}\n"
        "  - {id: where, kind: set, field: sites.country, weight: 50, points: {PH: 1, CO: 1}}\n",
        [
            "id: a\nname: A\nchannels: [Voice, e-mail]\nsites: [{name: Cebu, country: PH}, {name: Davao, country: PH}]\n",
            "id: b\nname: B\nchannels: []\n",
        ],
    )
    r = ranking(tmp_path)
    assert raw_of(r, "a", "ch") == 75.0
    assert raw_of(r, "a", "where") == 50.0
    assert raw_of(r, "b", "ch") == 0.0
    assert raw_of(r, "b", "where") is None


RUBRIC = "criteria:\n  - {id: refs, kind: rubric, weight: 50, scale: [1, 5]}\n  - {id: plan, kind: rubric, weight: 50, aggregate: median, disagreement: 50}\n"


def test_rubric_mean_median_consensus_and_disagreement(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        RUBRIC,
        ["id: a\nname: A\n", "id: b\nname: B\n"],
        {
            "alice": "evaluator: alice\nscores:\n  a: {refs: 2, plan: 1}\n  b: {refs: 4, plan: 4}\n",
            "bob": "evaluator: bob\nscores:\n  a: {refs: 4, plan: 2}\n  b: {refs: 5, plan: 5}\n",
            "cara": "evaluator: cara\nscores:\n  a: {refs: 3, plan: 5}\n",
            "panel": "evaluator: panel\nconsensus: true\nscores:\n  b: {refs: {score: 3, note: agreed}}\n",
        },
    )
    r = ranking(tmp_path)
    assert raw_of(r, "a", "refs") == 3.0  # mean of 2, 4, 3
    assert raw_of(r, "a", "plan") == 2.0  # median of 1, 2, 5
    assert raw_of(r, "b", "refs") == 3.0  # the consensus replaces the mean 4.5
    flags = [w.message for w in r.warnings if w.code == "evaluator-disagreement"]
    # refs of a: spread 2 >= 30 % of 4; plan of a: spread 4 >= 50 % of 4; b/refs: spread 1 < 1.2
    assert flags == [
        "evaluators disagree on a / refs: alice 2, bob 4, cara 3",
        "evaluators disagree on a / plan: alice 1, bob 2, cara 5",
    ]
