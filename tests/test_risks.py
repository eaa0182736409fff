"""The computed risk register (issue 15, item 4), on the bundled example and on the fashion
project (tests/data/fashion). Every expected string is worked out by hand from the files, as
the comments show; the staffing engine's peak headcount is read from the ranking."""

from __future__ import annotations

import math
import shutil
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendar_oracle import plain_covered_minutes as covered_minutes
from tests.conftest import DATA
from vendorscore.analysis.coverage_gaps import clock, coverage_gaps, weekday_phrase
from vendorscore.analysis.risk_model import SEVERITIES, Risk, add_months, contract_term
from vendorscore.analysis.risks import CODES, coverage_risks, risk_register
from vendorscore.criteria.coverage import CoverageCriterion, windows_of
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.models.scores import NotedScore, ScoresFile
from vendorscore.models.vendor import Vendor, Window
from vendorscore.reporting.figure import Figure
from vendorscore.reporting.render import render
from vendorscore.reporting.risks import RiskSection, risk_section
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.services.evaluate import evaluate_loaded
from vendorscore.services.project import Selection, load

FASHION = DATA / "fashion"


@cache
def evaluated(project: str) -> tuple[EvaluationInput, Evaluation]:
    loaded = load(Selection(example=True) if project == "example" else Selection(project))
    return loaded.inputs, evaluate_loaded(loaded)


@cache
def register(project: str) -> tuple[Risk, ...]:
    return risk_register(*evaluated(project))


def risks_of(project: str, vendor: str, code: str) -> list[Risk]:
    return [r for r in register(project) if r.vendor == vendor and r.code == code]


def one(project: str, vendor: str, code: str) -> Risk:
    (risk,) = risks_of(project, vendor, code)
    return risk


F = str(FASHION)
FASHION_CERTS = "Security and contact-centre certifications held through the contract"
FASHION_COVERAGE = "Voice and chat coverage 07:00-22:00 Berlin time, seven days a week"


# --- the contract term -------------------------------------------------------------------


def test_the_term_runs_from_the_evaluation_date_for_the_contract_years() -> None:
    inputs, _ = evaluated(F)
    term = contract_term(inputs.criteria, date(2027, 2, 1))  # contract_years: 3
    assert (term.start, term.end, term.months) == (date(2027, 2, 1), date(2030, 1, 31), 36)
    assert term.first_year_end == date(2028, 1, 31)
    workload = inputs.criteria.workload
    assert workload is not None
    no_years = inputs.criteria.model_copy(
        update={"workload": workload.model_copy(update={"contract_years": None})}
    )
    # no contract_years: one year, as the cost lines' contract total and setup share read it
    assert contract_term(no_years, date(2027, 2, 1)).end == date(2028, 1, 31)
    assert no_years.workload is not None
    assert no_years.workload.term_years == 1.0
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


# --- certificates ------------------------------------------------------------------------


def test_a_required_certificate_expiring_mid_contract_is_a_high_risk_with_its_date() -> None:
    # vistula-polska: PCI DSS v4.0.1 expires 2027-05-31; the term starts 2027-02-01, so
    # 119 days in, 119 / 30.44 = 3.9: about 4 months; PCI DSS is required (an alias of it)
    risk = risks_of(F, "vistula-polska", "certificate-expires")[0]  # high: first
    assert (risk.severity, risk.rank, risk.criterion) == ("high", 1, "compliance")
    assert risk.title == "PCI DSS v4.0.1 expires 4 months into the contract"
    assert risk.evidence == (
        "PCI DSS v4.0.1 expires on 2027-05-31, 4 months into the 36-month term from "
        f"2027-02-01 to 2030-01-31; required by {FASHION_CERTS}"
    )
    # its ISO 27001 (2029-06-30) and ISO 18295-1 (2028-11-30) lapse after the first year,
    # and score points: low
    others = [r for r in register(F) if r.vendor == "vistula-polska" and r.code.startswith("cert")]
    assert sorted(r.severity for r in others) == ["high", "low", "low"]


def test_certificates_in_progress_expired_or_lapsing_on_day_one() -> None:
    # fashion: Atlas's ISO 18295-1 is in progress and scores points: medium
    risk = one(F, "atlas-tunis", "certificate-in-progress")
    assert risk.severity == "medium"
    assert risk.evidence == (
        "ISO 18295-1 is still in progress: not held when the 36-month term from 2027-02-01 "
        f"to 2030-01-31 starts; it scores points in {FASHION_CERTS}"
    )
    # example: Kaveri's PCI DSS is in progress and required (Kaveri is excluded for it)
    risk = one("example", "kaveri", "certificate-in-progress")
    assert (risk.severity, risk.excluded) == ("high", True)
    # example: Mabuhay's ISO 27001 expired on 2026-12-31, before the term (2027-01-15)
    risk = one("example", "mabuhay", "certificate-expired")
    assert risk.evidence.startswith("ISO 27001 expired on 2026-12-31, before the 36-month term")
    # example: Table Bay's PCI DSS expires on the evaluation date itself
    (pci,) = [
        r for r in risks_of("example", "table-bay", "certificate-expires") if "PCI" in r.title
    ]
    assert pci.title == "PCI DSS expires on the first day of the contract"
    # certificates held past the term (2030-01-31) are no risk: of Rhein-Ruhr's ISO 27001
    # (2030-06-30), PCI DSS (2030-04-30) and ISO 18295-1 (2029-09-30), only the last is one,
    # low: it scores points and lapses after the first year
    (risk,) = [r for r in register(F) if r.vendor == "rhein-ruhr" and r.code.startswith("cert")]
    assert (risk.title, risk.severity) == ("ISO 18295-1 expires 32 months into the contract", "low")


# --- coverage ----------------------------------------------------------------------------


def test_a_coverage_gap_is_described_in_hours_on_the_customers_clock() -> None:
    # Atlas serves 08:00-22:00 Africa/Tunis, UTC+1 all year. Berlin is UTC+1 in winter, so
    # 07:00-08:00 Berlin is missed; UTC+2 in summer (28 Mar - 30 Oct 2027), so Tunis 08:00 is
    # 09:00 Berlin and 07:00-09:00 is missed. Over 2027-02-01..2028-01-31 (365 days, 217 of
    # them in summer): 365 + 217 = 582 of 365 x 15 = 5475 required hours, 10.6 %: medium.
    risk = one(F, "atlas-tunis", "coverage-gap")
    assert risk.severity == "medium"
    assert risk.evidence == (
        "Misses 07:00–08:00 every day; 08:00–09:00 in summer only (Europe/Berlin), from "
        "2027-02-01 to 2028-01-31: 582 of 5475 required hours (10.6 %) for "
        f"{FASHION_COVERAGE}"
    )
    # Rhein-Ruhr: Sundays only 09:00-18:00; 52 Sundays x 6 hours = 312 hours
    assert one(F, "rhein-ruhr", "coverage-gap").evidence.startswith(
        "Misses 07:00–09:00 and 18:00–22:00 on Sundays (Europe/Berlin), from 2027-02-01 to "
        "2028-01-31: 312 of 5475 required hours (5.7 %)"
    )
    # example, Heartland: 06:00-24:00 America/Denver is 08:00-02:00 New York all year; closed
    # (Denver days) on Thanksgiving and Christmas Day: 365 x 2 + 2 x 16 = 762 of 6570 hours
    assert one("example", "heartland", "coverage-gap").evidence.startswith(
        "Misses 06:00–08:00 every day; 08:00–24:00 on 25 Nov 2027 and 25 Dec 2027 "
        "(America/New_York), from 2027-01-15 to 2028-01-14: 762 of 6570 required hours"
    )


def test_a_gap_that_only_daylight_saving_makes() -> None:
    # Port Louis serves 09:00-24:00 Indian/Mauritius (UTC+4, no DST) = 05:00-20:00 UTC:
    # 06:00-21:00 Berlin in winter (21:00-22:00 missed), 07:00-22:00 in summer (nothing);
    # 365 - 217 = 148 winter days: 148 of 5475 hours, 2.7 % (medium from 2 %)
    risk = one(F, "port-louis", "coverage-gap")
    assert risk.evidence.startswith(
        "Misses 21:00–22:00 in winter only (Europe/Berlin), from 2027-02-01 to 2028-01-31: "
        "148 of 5475 required hours (2.7 %)"
    )
    assert risk.severity == "medium"
    # example: Andes serves 07:00-23:00 America/Bogota (UTC-5, no DST): New York is UTC-5 in
    # winter (06-07 and 23-24 missed), UTC-4 from 14 Mar to 6 Nov 2027 (06-08 missed)
    assert one("example", "andes", "coverage-gap").evidence.startswith(
        "Misses 06:00–07:00 every day; 07:00–08:00 in summer only; 23:00–24:00 in winter only "
        "(America/New_York)"
    )
    # example: Table Bay's 13:00-07:00 Johannesburg (UTC+2) is New York's 06:00-24:00 in
    # winter exactly, and misses 06:00-07:00 in summer: 238 summer days of the first year
    assert one("example", "table-bay", "coverage-gap").evidence.startswith(
        "Misses 06:00–07:00 in summer only (America/New_York), from 2027-01-15 to 2028-01-14: "
        "238 of 6570 required hours (3.6 %)"
    )


def test_coverage_below_the_minimum_is_high() -> None:
    risk = one("example", "vistula-tejo", "coverage-gap")
    assert risk.severity == "high"
    assert risk.evidence.endswith("43.2 % over the evaluation year is below the minimum 60 %")
    # the US and the EU change clocks on different Sundays: for those weeks Lisbon's 20:00
    # closing is New York's 16:00, not 15:00
    assert (
        "15:00–16:00 every day except Mondays to Saturdays from 15 Mar 2027 to 27 Mar 2027 "
        "and from 1 Nov 2027 to 6 Nov 2027" in risk.evidence
    )


def test_vendors_covering_every_required_hour_have_no_gap() -> None:
    # Vistula 07-22 Warsaw and Thames 06-21 London (same EU clock changes), Coral Bay 24/7
    for vendor in ("vistula-polska", "thames-severn", "coral-bay"):
        assert not risks_of(F, vendor, "coverage-gap")


def test_clock_and_weekday_words() -> None:
    assert [clock(0), clock(7 * 60), clock(24 * 60), clock(26 * 60)] == [
        "00:00", "07:00", "24:00", "02:00",
    ]  # fmt: skip
    assert weekday_phrase({0, 1, 2, 3, 4, 5, 6}) == "every day"
    assert weekday_phrase({0, 1, 2, 3, 4}) == "on weekdays"
    assert weekday_phrase({5, 6}) == "at weekends"
    assert weekday_phrase({0, 1, 2, 3, 4, 5}) == "Mondays to Saturdays"
    assert weekday_phrase({0, 3}) == "on Mondays and Thursdays"


ZONES = ["Europe/Berlin", "America/New_York", "Africa/Tunis", "Asia/Kolkata", "Australia/Lord_Howe"]
TIMES = st.integers(0, 47).map(lambda k: f"{k // 2:02d}:{30 * (k % 2):02d}")
DAYS = st.sampled_from(["daily", "weekdays", "weekends", ["sun"], ["mon", "sat"]])


def windows(zone: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {"days": DAYS, "start": TIMES, "end": TIMES | st.just("24:00"), "timezone": zone}
    )


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    data=st.data(),
    copies=st.booleans(),
    first=st.sampled_from([date(2027, 3, 1), date(2027, 10, 1), date(2027, 12, 20)]),
)
def test_gaps_add_up_and_a_vendor_covering_everything_has_none(
    zone: str, data: st.DataObject, copies: bool, first: date
) -> None:
    """Property: the missed hours are the required hours the calendar finds uncovered, and a
    vendor whose windows include the required ones has no coverage risk."""
    required = data.draw(st.lists(windows(st.just(zone)), min_size=1, max_size=2))
    served = data.draw(st.lists(windows(st.sampled_from(ZONES)), max_size=3))
    criterion = CoverageCriterion.model_validate(
        {"id": "cov", "kind": "coverage", "weight": 1, "required": required}
    )
    coverage = [Window.model_validate(w) for w in served + (required if copies else [])]
    vendor = Vendor(id="v", name="V", coverage=coverage)
    last = first + timedelta(days=60)
    covered, needed = covered_minutes(windows_of(criterion), windows_of(coverage), (), first, last)
    gaps = coverage_gaps(criterion, vendor, first, last)
    assert math.isclose(sum(g.missed_hours for g in gaps) * 60, needed - covered, abs_tol=1e-6)
    assert bool(gaps) == (covered < needed)
    if copies:
        inputs, evaluation = evaluated("example")
        term = contract_term(inputs.criteria, first)
        only = EvaluationInput(inputs.criteria.model_copy(update={"criteria": [criterion]}), ())
        assert not list(coverage_risks(only, evaluation, vendor, term, _make))


def _make(*args: object, **kwargs: object) -> object:
    return args


# --- languages ---------------------------------------------------------------------------


def test_language_shortfalls_against_demand_and_the_peak() -> None:
    # fashion demand de 45, fr 30, en 15, nl 10 at B2; de and fr required
    risk = next(
        r for r in risks_of(F, "coral-bay", "language-shortfall") if r.title.startswith("de")
    )
    assert (risk.severity, risk.excluded) == ("high", True)
    assert risk.evidence == (
        "de is 45 % of the contact demand (required); offered at A2 with 4 agents, below the "
        "minimum B2"
    )
    nl = one(F, "rhein-ruhr", "language-shortfall")  # nl B1 with 4 agents, not required
    assert nl.severity == "medium"
    assert (
        nl.evidence
        == "nl is 10 % of the contact demand; offered at B1 with 4 agents, below the minimum B2"
    )
    # Atlas: de B2 with 14 agents; the peak interval's rostered headcount x 45 %, rounded up
    _, evaluation = evaluated(F)
    staffing = evaluation.ranking.staffing
    assert staffing is not None
    peak = staffing.of("atlas-tunis")
    assert peak is not None
    assert peak.peak_rostered == 52  # `vendorscore staffing` shows 36 / 52
    need = math.ceil(52 * 0.45)  # 23.4 -> 24
    risk = one(F, "atlas-tunis", "language-agents")
    assert risk.title == f"de: 14 agents for a peak need of {need}"
    assert risk.evidence == (
        "de is 45 % of the contact demand; offered at B2 with 14 agents; the peak interval "
        f"({peak.peak_at} Europe/Berlin, 52 agents rostered) needs 24 of them for de, "
        "10 more than offered"
    )
    assert not risks_of(F, "vistula-polska", "language-agents")  # nl: 6 >= ceil(5.2)


# --- evaluators, sites, missing data, fractions -------------------------------------------


def test_evaluator_disagreement_with_their_notes() -> None:
    risk = one(F, "rhein-ruhr", "evaluator-disagreement")
    assert (risk.severity, risk.criterion) == ("medium", "returns")
    assert risk.evidence == (
        "On Fashion returns and exchanges expertise, from reference calls: claire 3, ines 2 "
        '("no returns pod; generic retail references only"), jonas 4 ("dedicated returns pod '
        'for a German marketplace client"); a spread of 2 on the 1-5 scale'
    )
    # example: moderated by a consensus sheet: low, with the moderation's note
    risk = one("example", "mabuhay", "evaluator-disagreement")
    assert risk.severity == "low"
    assert risk.evidence.endswith(
        'moderated to 3 by moderation: "one contactable US retail reference; agreed at moderation"'
    )


def test_single_site_and_single_country() -> None:
    risk = one(F, "rhein-ruhr", "single-site")
    assert risk.severity == "medium"
    assert risk.evidence == (
        "Every contact is served from Essen (DE), 210 seats: no second site to fail over to"
    )
    risk = one(F, "vistula-polska", "single-country")
    assert risk.severity == "low"
    assert risk.evidence.startswith("All 2 sites are in PL (Kraków, Gdańsk)")
    assert not risks_of(F, "thames-severn", "single-country")  # Glasgow GB and Lisbon PT


def test_missing_data_used_as_worst() -> None:
    risk = one(F, "atlas-tunis", "missing-worst")  # no kpis.fcr; quality weighs 10 %
    assert (risk.severity, risk.criterion) == ("medium", "quality")
    assert risk.evidence == (
        "Atlas Nearshore Relation Client SARL gives no value for First-contact resolution on "
        "fashion returns and order enquiries (kpis.fcr); the missing policy `worst` scores it "
        "as the worst, on a criterion weighing 10.0 %"
    )
    assert one("example", "mabuhay", "missing-worst").criterion == "csat"


def test_a_fraction_that_looks_like_a_percentage() -> None:
    # Thames & Severn: csat 0.86; the others give 84 (Coral Bay) .. 91 (Rhein-Ruhr)
    risk = one(F, "thames-severn", "fraction-percent")
    assert (risk.severity, risk.criterion) == ("medium", "csat")
    assert risk.evidence == (
        "kpis.csat is 0.86 while the other vendors give 84-91: percentages are 0-100, so 86 % "
        "was probably meant; Customer satisfaction (top-two-box, last 12 months) reads it as "
        "0.86 %"
    )
    assert not [r for r in register("example") if r.code == "fraction-percent"]


# --- order, views, hostile text ----------------------------------------------------------


@pytest.mark.parametrize("project", [F, "example"])
def test_risks_are_ordered_by_severity_then_ranking_position(project: str) -> None:
    risks = register(project)
    _, evaluation = evaluated(project)
    excluded = [x.id for x in evaluation.ranking.excluded]
    keys = [
        (
            SEVERITIES.index(r.severity),
            (0, r.rank) if r.rank is not None else (1, excluded.index(r.vendor)),
            CODES.index(r.code),
        )
        for r in risks
    ]
    assert keys == sorted(keys)
    assert {r.severity for r in risks} == set(SEVERITIES)
    assert {r.vendor for r in risks if r.excluded} <= set(excluded)


def test_the_report_section() -> None:
    section = risk_section(*evaluated(F))
    assert isinstance(section, RiskSection)
    assert [r.title for r in section.rows] == [r.title for r in register(F)]
    assert section.high == Figure(3, "3")  # Vistula's PCI DSS; Coral Bay's de and fr
    assert section.high.value == sum(1 for r in register(F) if r.severity == "high")
    assert section.term == "the 36-month term from 2027-02-01 to 2030-01-31"
    assert section.top[0].title == "PCI DSS v4.0.1 expires 4 months into the contract"
    assert [v.vendor for v in section.vendors][:1] == ["vistula-polska"]
    coral = section.by_vendor["coral-bay"]
    assert (coral.excluded, coral.rank.text, coral.rank.value) == (True, "excluded", None)
    de = next(row for row in section.by_vendor["atlas-tunis"].languages if row.language == "de")
    assert (de.level, de.agents.value, de.need.value, de.status) == (
        "B2", 14, 24, "short of 10 agents at peak",
    )  # fmt: skip


HOSTILE_NAME = '<img src=x onerror=alert(1)>\x1b[2J\u202e"Vendor"'
HOSTILE_NOTE = "<script>alert(1)</script> | `x` \x07"


def test_hostile_text_stays_plain_data_and_is_escaped_when_rendered(tmp_path: Path) -> None:
    inputs, _ = evaluated(F)
    vendors = tuple(
        v.model_copy(update={"name": HOSTILE_NAME}) if v.id == "rhein-ruhr" else v
        for v in inputs.vendors
    )
    noted = {"returns": NotedScore(score=2, note=HOSTILE_NOTE)}
    sheets = tuple(
        s.model_copy(update={"scores": {**s.scores, "rhein-ruhr": noted}})
        if s.evaluator == "ines"
        else s
        for s in inputs.scores
    )
    hostile = EvaluationInput.in_memory(inputs.criteria, vendors, sheets)
    from vendorscore.scoring.engine import evaluate

    section = risk_section(hostile, evaluate(hostile))
    mine = section.by_vendor["rhein-ruhr"]
    assert mine.vendor_name == HOSTILE_NAME  # plain data: the view escapes it
    disagreement = next(r for r in mine.rows if r.code == "evaluator-disagreement")
    assert HOSTILE_NOTE in disagreement.evidence
    template = tmp_path / "risks.html.j2"
    template.write_text(
        "{% for v in risks.vendors %}<h2>{{ v.vendor_name }}</h2>{% for r in v.rows %}"
        "<p>{{ r.title }}: {{ r.evidence }}</p>{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    html = render({"risks": section, "charts": {}}, "html", template)
    for raw in ("<img", "<script", "\x1b", "\x07", "\u202e"):
        assert raw not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_noted_score_serialises_as_a_noted_score() -> None:
    """An in-memory evaluation's digest dumps the score sheets: a noted score must not be
    read as a plain number there (it warned, and warnings are errors in the tests)."""
    sheet = ScoresFile.model_validate({"evaluator": "a", "scores": {"v": {"c": {"score": 2}}}})
    assert sheet.model_dump(mode="json")["scores"] == {"v": {"c": {"score": 2.0, "note": None}}}


def test_vendors_sharing_a_schedule_share_its_gaps_under_their_own_names() -> None:
    """Gaps are worked out once per schedule: a second vendor with Atlas's windows gets the
    same gap under its own id, and one closed on a day it would serve gets another."""
    inputs = load(Selection(str(DATA / "fashion"))).inputs
    criterion = next(c for c in inputs.criteria.criteria if isinstance(c, CoverageCriterion))
    atlas = next(v for v in inputs.vendors if v.id == "atlas-tunis")
    twin = atlas.model_copy(update={"id": "twin"})
    closed = atlas.model_copy(update={"id": "closed", "closed": [date(2027, 3, 3)]})
    first, last = date(2027, 2, 1), date(2028, 1, 31)
    mine, theirs, shut = (coverage_gaps(criterion, v, first, last) for v in (atlas, twin, closed))
    assert [g.vendor for g in mine] == ["atlas-tunis"]
    assert [g.vendor for g in theirs] == ["twin"]
    assert [(g.clauses, g.missed_hours) for g in theirs] == [
        (g.clauses, g.missed_hours) for g in mine
    ]
    # closed on one Wednesday: the 14 hours it would have served (08:00-22:00 Berlin) are lost
    assert shut[0].missed_hours == mine[0].missed_hours + 14


def test_a_required_certificate_lapsing_after_the_first_year_is_medium(tmp_path: Path) -> None:
    """Renewal after the first year is routine and there is time to see it done: one step
    down. Vistula's PCI DSS moved from 2027-05-31 (4 months in: high) to 2028-06-30."""
    project = tmp_path / "fashion"
    shutil.copytree(FASHION, project)
    path = project / "vendors" / "vistula-polska.yaml"
    path.write_text(path.read_text("utf-8").replace("2027-05-31", "2028-06-30"), "utf-8")
    loaded = load(Selection(str(project)))
    (risk,) = (
        r
        for r in risk_register(loaded.inputs, evaluate_loaded(loaded))
        if r.vendor == "vistula-polska" and r.title.startswith("PCI DSS")
    )
    assert risk.severity == "medium"
    assert "17 months into" in risk.evidence
    shipped = risks_of(F, "vistula-polska", "certificate-expires")
    assert [r.severity for r in shipped if r.title.startswith("PCI DSS")] == ["high"]
