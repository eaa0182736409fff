"""Split awards (README: Split awards): the solver against a brute-force enumerator, pooling,
conflicts, ties, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.award_instances import brute_force, cost_of, feasible, random_problem, score_of
from tests.conftest import CliRunner
from vendorscore.analysis.award_formulation import TIE_WEIGHT, Ask
from vendorscore.analysis.award_solutions import optimum


def _objective(problem, shares) -> float:  # type: ignore[no-untyped-def]
    what = problem.settings.objective
    if what == "cost":
        return cost_of(problem, shares)
    if what == "score":
        return -score_of(problem, shares)
    return -score_of(problem, shares) / cost_of(problem, shares)


def _agree(seed: int) -> None:
    problem = random_problem(seed)
    expected = brute_force(problem)
    found = optimum(problem, Ask())
    if expected is None:
        assert found is None, (seed, found)
        return
    assert found is not None, (seed, expected)
    assert feasible(problem, found.shares) == [], seed
    got = _objective(problem, found.shares)
    slack = TIE_WEIGHT * problem.scale + 1e-6 if problem.settings.objective == "cost" else 1e-7
    assert got <= expected[0] + slack, (seed, got, expected[0])
    assert got >= expected[0] - 1e-6 * max(1.0, abs(expected[0])), (seed, got, expected[0])


@pytest.mark.parametrize("block", range(4))
def test_solver_agrees_with_brute_force(block: int) -> None:
    """200 random instances (up to 5 vendors x 3 segments, every rule drawn at random): the
    solver's optimum equals the best award on the share grid, and meets every rule as checked
    without the model."""
    for seed in range(block * 50, block * 50 + 50):
        _agree(seed)


@pytest.mark.slow
def test_solver_agrees_with_brute_force_on_many_more() -> None:
    for seed in range(200, 700):
        _agree(seed)


def test_random_instances_cover_feasible_and_infeasible_and_every_objective() -> None:
    """The generator is not vacuous: both outcomes and all three objectives occur."""
    outcomes, objectives = set(), set()
    for seed in range(200):
        problem = random_problem(seed)
        objectives.add(problem.settings.objective)
        outcomes.add(brute_force(problem) is None)
    assert outcomes == {True, False}
    assert objectives == {"cost", "score", "value"}


# --- projects ---------------------------------------------------------------------------------

WORKLOAD = """\
workload:
  contacts_per_year: 300000
  aht_seconds: 360
  occupancy: 80
  hours_per_fte_month: 160
  contract_years: 3
  model: erlang_c
  service_level: {percent: 80, seconds: 20}
  max_occupancy: 85
  shrinkage: 30
  interval_minutes: 30
  profile:
    timezone: America/New_York
    intraday: [0, 0, 0, 0, 0, 0, 0.5, 0.8, 1.1, 1.4, 1.5, 1.45,
               1.35, 1.3, 1.3, 1.25, 1.2, 1.1, 1.0, 1.0, 0.95, 0.8, 0.55, 0.35]
"""


def _project(root: Path, award: str, vendors: dict[str, str], extra: str = "") -> Path:
    (root / "criteria").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / "criteria" / "c.yaml").write_text(
        "name: Award test\nevaluation_date: 2027-01-15\ncurrency: USD\n"
        + WORKLOAD
        + extra
        + "criteria:\n"
        "  - {id: cost, kind: cost, weight: 50, scoring: {method: absolute, best: 100000, worst: 3000000}}\n"
        "  - {id: quality, kind: numeric, field: kpis.fcr, direction: higher, weight: 30,"
        " scoring: {method: absolute, best: 90, worst: 60}}\n"
        "  - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 0}\n" + award
    )
    for vid, body in vendors.items():
        (root / "vendors" / f"{vid}.yaml").write_text(
            f"id: {vid}\nname: Vendor {vid.upper()}\n{body}"
        )
    return root


def _vendor(rate: float, fcr: float, csat: float = 85, agents: int = 400) -> str:
    return (
        f"pricing: {{currency: USD, unit: per_productive_hour, rate: {rate}}}\n"
        f"capacity: {{agents: {agents}}}\n"
        f"kpis: {{fcr: {fcr}, csat: {csat}}}\n"
    )


POOLING_AWARD = """\
award:
  segments: [{id: all, share: 1}]
  floors: {kpis.fcr: 76}
"""


def test_pooling_keeps_one_vendor_where_a_linear_model_splits(
    tmp_path: Path, cli: CliRunner
) -> None:
    """A at 10/h with FCR 74, B at 11/h with FCR 80, an FCR floor of 76: a per-unit model
    mixes them (2/3 A at 10.33/h on average beats 11/h), but two queues of 2/3 and 1/3 need
    far more agent-hours than one, so the staffed optimum gives everything to B."""
    root = _project(tmp_path / "p", POOLING_AWARD, {"a": _vendor(10, 74), "b": _vendor(11, 80)})
    result = cli("award", str(root), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["award"]["vendors"] == ["b"]
    assert [a["share_percent"] for a in doc["award"]["allocations"]] == [100.0]
    linear = doc["linear_optimiser"]
    assert sorted(linear["award"]["vendors"]) == ["a", "b"]
    shares = {a["vendor"]: a["share_percent"] for a in linear["award"]["allocations"]}
    assert shares["a"] == pytest.approx(200 / 3, abs=1e-4)
    # what the linear model believes, and what its split costs once each queue is staffed
    assert linear["believed_annual_cost"] < doc["award"]["annual_cost"]
    assert linear["award"]["annual_cost"] > doc["award"]["annual_cost"]
    text = cli("award", str(root)).out
    believed = f"{linear['believed_annual_cost']:,.0f} USD"
    staffed = f"{linear['award']['annual_cost']:,.0f} USD"
    assert believed in text
    assert staffed in text
    assert f"{doc['award']['annual_cost']:,.0f} USD" in text


def test_linear_cost_model_splits_the_same_case(tmp_path: Path, cli: CliRunner) -> None:
    award = POOLING_AWARD + "  cost_model: linear\n"
    root = _project(tmp_path / "p", award, {"a": _vendor(10, 74), "b": _vendor(11, 80)})
    doc = json.loads(cli("award", str(root), "--format", "json").out)
    assert sorted(doc["award"]["vendors"]) == ["a", "b"]
    assert doc["cost_model"] == "linear"
    assert doc["linear_optimiser"] is None


def test_curve_at_the_whole_segment_is_the_rankings_staffed_cost(
    tmp_path: Path, cli: CliRunner
) -> None:
    root = _project(tmp_path / "p", POOLING_AWARD, {"a": _vendor(10, 74), "b": _vendor(11, 80)})
    doc = json.loads(cli("award", str(root), "--format", "json").out)
    ranking = json.loads(cli("rank", str(root), "--format", "json").out)
    cost = {v["id"]: v["criteria"]["cost"]["raw"] for v in ranking["ranking"]}
    assert doc["award"]["annual_cost"] == pytest.approx(cost["b"], rel=1e-12)


def test_equal_cost_awards_follow_the_tie_breakers(tmp_path: Path, cli: CliRunner) -> None:
    """Two vendors with the same price and FCR: the one the tie breaker (csat) prefers takes
    the award, whichever comes first by id or in the files; the same on every run."""
    award = "award:\n  segments: [{id: all, share: 1}]\n  vendors: {max: 1}\n"
    for better, worse in (("a", "b"), ("b", "a")):
        vendors = {better: _vendor(10, 78, csat=90), worse: _vendor(10, 78, csat=80)}
        root = _project(tmp_path / better, award, vendors, "tie_breakers: [csat]\n")
        runs = {cli("award", str(root), "--format", "json").out for _ in range(2)}
        assert len(runs) == 1
        assert json.loads(runs.pop())["award"]["vendors"] == [better]


# --- the bundled example ----------------------------------------------------------------------


def _with_award(project: Path, award: str) -> Path:
    path = project / "criteria" / "retail-cx.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\naward:")] + "\n" + award, encoding="utf-8")
    return project


def test_example_award_splits_english_and_spanish(cli: CliRunner) -> None:
    """The winner serves only English: the award gives it part of English, and Spanish goes
    to the vendors that speak it; French is named as unserved."""
    result = cli("award", "--example", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    served = {(a["vendor"], a["segment"]) for a in doc["award"]["allocations"]}
    assert ("table-bay", "en") in served
    assert {v for v, s in served if s == "es"} <= {"andes", "mabuhay"}
    assert all(a["share_percent"] <= 70 + 1e-9 for a in doc["award"]["allocations"])
    assert 2 <= len(doc["award"]["vendors"]) <= 3
    assert doc["award"]["metrics"]["kpis.fcr"] >= 76 - 1e-9
    assert [u["id"] for u in doc["unserved"]] == ["fr"]
    assert doc["price_of_splitting"]["against"] in {"single vendor", "whole segments"}
    binding = {e["rule"] for e in doc["rule_effects"] if e["binding"]}
    assert "floors.kpis.fcr" in binding
    fcr = next(e for e in doc["rule_effects"] if e["rule"] == "floors.kpis.fcr")
    assert fcr["annual_cost"] > 0
    assert "excludes" in fcr["sentence"]


def test_rule_costs_are_the_optimum_without_the_rule(project: Path, cli: CliRunner) -> None:
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    cap = next(e for e in doc["rule_effects"] if e["rule"] == "share.max")
    relaxed = _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  vendors: {min: 2, max: 3}\n"
        "  share: {min_if_used: 10}\n  floors: {kpis.fcr: 76}\n",
    )
    without = json.loads(cli("award", str(relaxed), "--format", "json").out)["award"]
    assert cap["annual_cost"] == pytest.approx(
        doc["award"]["annual_cost"] - without["annual_cost"], rel=1e-6
    )


def test_conflicting_rules_are_named(project: Path, cli: CliRunner) -> None:
    """One vendor at most, but no vendor above 70 % of a segment: no award; both rules are
    named as the conflict, and relaxing either one alone makes an award possible."""
    _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  vendors: {max: 1}\n  share: {max: 70}\n",
    )
    result = cli("award", str(project), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["award"] is None
    rules = [r.split(":")[0] for r in doc["conflict"]["rules"]]
    assert sorted(rules) == ["share.max", "vendors.max"]
    # dropping the cap alone is not enough: no single vendor has the Spanish agents for all
    # of Spanish, so only dropping the one-vendor rule makes an award possible by itself
    relaxers = [r.split(":")[0] for r in doc["conflict"]["relaxers"]]
    assert relaxers == ["vendors.max"]
    text = cli("award", str(project)).out
    assert "No award satisfies the rules" in text
    assert "the 70 % share cap" in text


def test_a_lock_on_a_gated_out_vendor_says_why(project: Path, cli: CliRunner) -> None:
    _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  locks: {heartland: {en: '>= 20'}}\n",
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert doc["award"] is None
    assert any(
        "heartland cannot be awarded" in r and "peak capacity" in r
        for r in doc["conflict"]["reasons"]
    )
    assert [r.split(":")[0] for r in doc["conflict"]["rules"]] == ["locks.heartland.en"]


def test_locks_hold(project: Path, cli: CliRunner) -> None:
    _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  vendors: {min: 2, max: 3}\n"
        "  locks: {bayani-cx: {en: '>= 30'}, andes: {es: '= 60'}}\n",
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    shares = {(a["vendor"], a["segment"]): a["share_percent"] for a in doc["award"]["allocations"]}
    assert shares[("bayani-cx", "en")] >= 30 - 1e-6
    assert shares[("andes", "es")] == pytest.approx(60, abs=1e-6)
    assert {e["rule"] for e in doc["rule_effects"]} >= {"locks.bayani-cx.en", "locks.andes.es"}


def test_n_minus_1_is_infeasible_in_the_example_and_says_why(project: Path, cli: CliRunner) -> None:
    """If Andes failed, Mabuhay's 18 Spanish agents could not carry Spanish."""
    _with_award(project, "award:\n  segments: {by: [language]}\n  resilience: n-1\n")
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert doc["award"] is None
    assert sorted(r.split(":")[0] for r in doc["conflict"]["rules"]) == ["languages", "resilience"]
    assert "Mabuhay Digital Care declares 18 agents for es" in doc["conflict"]["reasons"]


def test_n_minus_1_survives_any_one_failure(tmp_path: Path, cli: CliRunner) -> None:
    """C is cheapest but too small to carry the peak alone: without n-1 the award leans on
    it; with n-1 every awarded vendor's failure leaves others whose declared capacity covers
    the whole peak (checked here from each vendor's staffed peak, not from the model)."""
    vendors = {
        "a": _vendor(10, 78, agents=80),
        "b": _vendor(10.5, 78, agents=80),
        "c": _vendor(8, 78, agents=30),
    }
    award = "award:\n  segments: [{id: all, share: 1}]\n"
    plain = _project(tmp_path / "plain", award, vendors)
    resilient = _project(tmp_path / "n1", award + "  resilience: n-1\n", vendors)
    without = json.loads(cli("award", str(plain), "--format", "json").out)
    assert "c" in without["award"]["vendors"]
    assert without["resilience"].startswith("n-1 does not hold")
    doc = json.loads(cli("award", str(resilient), "--format", "json").out)
    assert doc["resilience"].startswith("n-1 holds")
    staffing = json.loads(cli("staffing", str(resilient), "--format", "json").out)
    peak = {v["id"]: v["peak_rostered"] for v in staffing["vendors"]}
    capacity = {"a": 80, "b": 80, "c": 30}
    awarded = set(doc["award"]["vendors"])
    assert len(awarded) >= 2
    for failed in awarded:
        others = awarded - {failed}
        assert sum(capacity[v] / peak[v] for v in others) >= 1, (failed, others, peak)
    assert doc["award"]["annual_cost"] > without["award"]["annual_cost"]


@pytest.mark.parametrize("objective", ["score", "value"])
def test_other_objectives(project: Path, cli: CliRunner, objective: str) -> None:
    _with_award(
        project,
        f"award:\n  segments: {{by: [language]}}\n  vendors: {{min: 2}}\n  objective: {objective}\n",
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    cheapest = json.loads(cli("award", "--example", "--format", "json").out)["award"]
    assert doc["objective"] == objective
    if objective == "score":
        assert doc["award"]["score"] >= cheapest["score"] - 1e-9
    else:
        value = doc["award"]["score"] / doc["award"]["annual_cost"]
        assert value >= cheapest["score"] / cheapest["annual_cost"] - 1e-15


def test_a_lock_beyond_a_vendors_language_agents_names_both(project: Path, cli: CliRunner) -> None:
    """Andes at exactly 40 % of Spanish leaves 60 % to Mabuhay, whose 18 Spanish agents
    cannot staff it: the lock and the agent counts are the conflict, with the count."""
    _with_award(project, "award:\n  segments: {by: [language]}\n  locks: {andes: {es: '= 40'}}\n")
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert doc["award"] is None
    assert sorted(r.split(":")[0] for r in doc["conflict"]["rules"]) == [
        "languages",
        "locks.andes.es",
    ]
    assert "Mabuhay Digital Care declares 18 agents for es" in doc["conflict"]["reasons"]


def test_top_k_are_distinct_vendor_sets_in_order(project: Path, cli: CliRunner) -> None:
    _with_award(project, "award:\n  segments: {by: [language]}\n  vendors: {min: 2}\n")
    doc = json.loads(cli("award", str(project), "--format", "json", "--top", "4").out)
    sets = [tuple(p["vendors"]) for p in doc["alternatives"]]
    assert len(sets) == 4
    assert len(set(sets)) == 4
    costs = [p["annual_cost"] for p in doc["alternatives"]]
    assert costs == sorted(costs)
    assert doc["alternatives"][0] == doc["award"]


# --- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_formats_on_the_example(cli: CliRunner, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"award.{fmt}"
    result = cli("award", "--example", "--format", fmt, "--top", "2", "-o", str(out))
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "Table Bay Contact" in text
    if fmt == "json":
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    else:
        assert "Recommended award" in text
        assert "Price of splitting" in text


def test_hostile_vendor_names_stay_inert(tmp_path: Path, cli: CliRunner) -> None:
    evil = "Evil\x1b[31m *bold* <b>x</b> | pipe\u202e"
    vendors = {"a": _vendor(10, 80), "b": _vendor(11, 80)}
    root = _project(tmp_path / "p", POOLING_AWARD, vendors)
    path = root / "vendors" / "a.yaml"
    path.write_text(path.read_text().replace("name: Vendor A", f"name: {json.dumps(evil)}"))
    for fmt in ("table", "md", "json"):
        result = cli("award", str(root), "--format", fmt)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out
        assert "\u202e" not in result.out
        if fmt == "md":
            assert "<b>" not in result.out
            assert "*bold*" not in result.out
            assert "\\| pipe" in result.out


def test_no_award_section_says_what_to_add(tmp_path: Path, cli: CliRunner) -> None:
    root = _project(tmp_path / "p", "", {"a": _vendor(10, 80)})
    result = cli("award", str(root))
    assert result.code == 1
    assert result.err.startswith(str(root / "criteria" / "c.yaml") + ":1:1: error: ")
    assert "no 'award:' section" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("top", ["0", "21"])
def test_top_out_of_range(cli: CliRunner, top: str) -> None:
    result = cli("award", "--example", "--top", top)
    assert result.code == 2
    assert "--top must be from 1 to 20" in result.err


@pytest.mark.parametrize(
    ("award", "code", "where"),
    [
        ("  locks: {table-bay: {de: '>= 10'}}\n", "unknown-segment", "de"),
        ("  locks: {tabel-bay: {en: '>= 10'}}\n", "unknown-vendor", "tabel-bay"),
        ("  locks: {table-bay: {en: '>> 10'}}\n", "lock-form", "en"),
        ("  floors: {kpis.fcrr: 76}\n", "award-field", "kpis.fcrr"),
        ("  share: {max: 20, min_if_used: 30}\n", "award-range", "min_if_used"),
        ("  share: {step: 3}\n", "award-step", "step"),
        ("  vendors: {min: 3, max: 2}\n", "award-range", "max: 2"),
        ("  floors: {score: 170}\n", "award-range", "score"),
        ("  ceilings: {kpis.attrition: -1}\n", "award-range", "kpis.attrition"),
        ("  locks: {andes: {es: 60}, mabuhay: {es: '>= 50'}}\n", "award-locks", "es"),
        ("  floors: {score: .nan}\n", "not-finite", "score"),
    ],
)
def test_bad_award_sections_are_placed(
    project: Path, cli: CliRunner, award: str, code: str, where: str
) -> None:
    _with_award(project, "award:\n  segments: {by: [language]}\n" + award)
    result = cli("validate", str(project))
    assert result.code == 1, result.out
    line = next(x for x in (result.out + result.err).splitlines() if f"[{code}]" in x)
    path, row, col = line.split(":")[:3]
    assert path.endswith("retail-cx.yaml")
    source = (project / "criteria" / "retail-cx.yaml").read_text().splitlines()
    assert where in source[int(row) - 1][int(col) - 1 :], line


def test_n_minus_1_needs_a_staffing_model(cli: CliRunner) -> None:
    from tests.conftest import FLAT_EXAMPLE

    result = cli("validate", str(FLAT_EXAMPLE / "criteria" / "retail-cx.yaml"))
    assert result.code == 0
    bad = Path(__file__).parent / "data" / "hostile" / "award" / "n1_flat.yaml"
    result = cli("validate", str(bad))
    assert result.code == 1
    assert "[award-staffing]" in result.out
    assert "n1_flat.yaml:" in result.out


# --- the report and diff ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_has_the_award_section(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    assert cli("report", "--example", "-o", str(out), "--samples", "200").code == 0
    text = out.read_text(encoding="utf-8")
    award = json.loads(cli("award", "--example", "--format", "json").out)["award"]
    assert "Award" in text
    assert "Price of splitting" in text
    assert f"{award['annual_cost']:,.0f} USD" in text
    for a in award["allocations"]:
        assert f"{a['share_percent']:.1f} %" in text


def test_report_without_award_has_no_section(cli: CliRunner, tmp_path: Path) -> None:
    from tests.conftest import FLAT_EXAMPLE

    out = tmp_path / "r.md"
    assert cli("report", str(FLAT_EXAMPLE), "-o", str(out), "--samples", "200").code == 0
    assert "## Award" not in out.read_text(encoding="utf-8")


def test_diff_shows_how_the_award_moved(project: Path, tmp_path: Path, cli: CliRunner) -> None:
    import shutil

    after = tmp_path / "after"
    shutil.copytree(project, after)
    path = after / "criteria" / "retail-cx.yaml"
    path.write_text(path.read_text().replace("floors: {kpis.fcr: 76}", "floors: {kpis.fcr: 75}"))
    doc = json.loads(cli("diff", str(project), str(after), "--format", "json").out)
    before = json.loads(cli("award", str(project), "--format", "json").out)["award"]
    now = json.loads(cli("award", str(after), "--format", "json").out)["award"]
    assert doc["award"]["annual_cost_before"] == pytest.approx(before["annual_cost"])
    assert doc["award"]["annual_cost_after"] == pytest.approx(now["annual_cost"])
    moved = {(s["vendor"], s["segment"]): s for s in doc["award"]["shares"]}
    assert moved[("table-bay", "en")]["percent_after"] == 0.0
    assert any(c["field"] == "award.floors.kpis.fcr" for c in doc["changes"])
    text = cli("diff", str(project), str(after)).out
    assert "Award:" in text
    assert "table-bay en:" in text


# --- red-team regressions (issue 14) ------------------------------------------------------------


def _validate_award(project: Path, cli: CliRunner, award: str) -> str:
    _with_award(project, "award:\n" + award)
    result = cli("validate", str(project))
    assert "Traceback" not in result.err
    assert result.code in (0, 1), result
    return result.out + result.err


@pytest.mark.parametrize(
    ("award", "code", "words"),
    [
        ("  segments: {by: [language]}\n  share: {max: 1e-20}\n", "award-range", "at least 1 %"),
        ("  segments: {by: [language]}\n  share: {max: 30, step: 50}\n", "award-range", "step"),
        (
            "  segments: {by: [language]}\n  locks: {andes: {es: " + "9" * 400 + "}}\n",
            "percent-range",
            "digits",
        ),
        (
            "  segments: {by: [language]}\n  locks: {andes: {es: '100.0000001'}}\n",
            "percent-range",
            "100.0000001",
        ),
        (
            "  segments: {by: [language, channel], channels: {"
            + ", ".join(f"c{i}: 1" for i in range(9))
            + "}}\n",
            "award-segments",
            "27 segments, more than the 24",
        ),
        (
            "  segments: {by: [language, channel], channels: {fr-chat: 1, chat: 1}}\n",
            "award-segments",
            "both named 'en-fr-chat'",
        ),
    ],
)
def test_award_sections_the_red_team_broke_are_refused(
    project: Path, cli: CliRunner, award: str, code: str, words: str
) -> None:
    if "fr-chat" in award:  # en + fr-chat and en-fr + chat: the same id
        path = project / "criteria" / "retail-cx.yaml"
        path.write_text(
            path.read_text().replace(
                "demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, en-fr: 25, fr: 5}"
            )
        )
    out = _validate_award(project, cli, award)
    line = next(x for x in out.splitlines() if f"[{code}]" in x)
    assert words in line
    assert "error:" in line


def test_one_diagnostic_for_a_bad_explicit_segment(project: Path, cli: CliRunner) -> None:
    out = _validate_award(project, cli, "  segments: [{id: a, share: 0}, {id: b, share: 1}]\n")
    errors = [x for x in out.splitlines() if ": error: " in x]
    assert len(errors) == 1
    assert "[not-positive]" in errors[0]


def test_case_only_differences_name_one_segment(project: Path, cli: CliRunner) -> None:
    path = project / "criteria" / "retail-cx.yaml"
    path.write_text(
        path.read_text().replace(
            "demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, EN: 25, fr: 5}"
        )
    )
    out = _validate_award(project, cli, "  segments: {by: [language]}\n")
    assert "both named 'en'" in out


def test_a_mixed_case_language_segment_can_be_locked(project: Path, cli: CliRunner) -> None:
    path = project / "criteria" / "retail-cx.yaml"
    path.write_text(
        path.read_text().replace(
            "demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, ES: 25, fr: 5}"
        )
    )
    _with_award(
        project, "award:\n  segments: {by: [language]}\n  locks: {mabuhay: {es: '>= 40'}}\n"
    )
    assert cli("validate", str(project)).code == 0
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    shares = {(a["vendor"], a["segment"]): a["share_percent"] for a in doc["award"]["allocations"]}
    assert shares[("mabuhay", "es")] >= 40 - 1e-6


def test_no_phantom_share_below_the_least_share(project: Path, cli: CliRunner) -> None:
    """objective: score once left a vendor 'awarded' 0.0000258 % (the solver's integrality
    tolerance), charged its setup fee."""
    _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  vendors: {min: 2, max: 3}\n"
        "  share: {max: 70, min_if_used: 10}\n  floors: {kpis.fcr: 76}\n  objective: score\n",
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    for a in doc["award"]["allocations"]:
        assert a["share_percent"] >= 10 - 1e-6, a
    for p in doc["alternatives"] + [e["without"] for e in doc["rule_effects"] if e["without"]]:
        assert all(a["share_percent"] >= 1 - 1e-6 for a in p["allocations"])


def test_a_floor_no_vendor_can_meet_says_so_without_nan(project: Path, cli: CliRunner) -> None:
    out = _validate_award(
        project, cli, "  segments: {by: [language]}\n  floors: {metrics.foo: 5}\n"
    )
    assert "[award-field-missing]" in out
    assert "warning" in out
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert "no vendor that may be awarded gives metrics.foo" in doc["conflict"]["reasons"]
    assert "nan" not in json.dumps(doc).lower().replace("nancy", "")


def test_a_segment_nobody_serves_for_its_channel_says_channel(
    project: Path, cli: CliRunner
) -> None:
    _with_award(
        project, "award:\n  segments: {by: [language, channel], channels: {voice: 70, fax: 30}}\n"
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    reasons = {u["id"]: u["reason"] for u in doc["unserved"]}
    assert (
        reasons["en-fax"]
        == "no vendor that passes the gates serves both en at B2 or better and the fax channel"
    )


def test_the_solver_refusing_a_model_is_an_error_not_an_answer() -> None:
    import highspy

    from vendorscore.analysis.award_model import _check
    from vendorscore.errors import ScoringError

    _check(highspy.HighsStatus.kOk, "rows")
    with pytest.raises(ScoringError) as caught:
        _check(highspy.HighsStatus.kError, "rows")
    assert caught.value.code == "solver-refused"


@pytest.fixture
def fresh_awards(monkeypatch: pytest.MonkeyPatch) -> None:
    """No award remembered from an earlier test: these tests change the solver's limits."""
    from vendorscore.services import award as service

    monkeypatch.setattr(service, "_memo", type(service._memo)())


def test_awards_are_remembered_per_inputs_and_options(cli: CliRunner, fresh_awards: None) -> None:
    from vendorscore.services import award as service

    first = cli("award", "--example", "--format", "json").out
    assert len(service._memo) == 1
    assert cli("award", "--example", "--format", "json").out == first
    assert len(service._memo) == 1
    cli("award", "--example", "--format", "json", "--top", "2")
    assert len(service._memo) == 2


def test_too_many_pairs_is_refused_where_the_segments_are(
    project: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, fresh_awards: None
) -> None:
    import vendorscore.analysis.award as award_module

    monkeypatch.setattr(award_module, "MAX_PAIRS", 5)
    result = cli("award", str(project))
    assert result.code == 1
    assert "[award-too-large]" in result.err
    assert "retail-cx.yaml:" in result.err


def test_out_of_time_leaves_explanations_out_and_says_so(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, fresh_awards: None
) -> None:
    import vendorscore.analysis.award as award_module

    monkeypatch.setattr(award_module, "EXPLAIN_SECONDS", 0.0)
    result = cli("award", "--example", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["award"] is not None
    assert doc["rule_effects"] == []
    assert doc["frontier"]["by_vendors"] == []
    assert any(n.startswith("Left out after 0 s of solving") for n in doc["notes"])


# --- user-trial regressions (issue 14) ----------------------------------------------------------


def test_award_mistakes_are_reported_in_one_run(project: Path, cli: CliRunner) -> None:
    out = _validate_award(
        project,
        cli,
        "  segments: {by: [language]}\n  vendors: {min: 4, max: 3}\n"
        "  floors: {kpis.fcrr: 76}\n  locks: {rheinlnd: {en: '>= 10'}}\n",
    )
    for code in ("[award-range]", "[award-field]", "[unknown-vendor]"):
        assert code in out, out


def test_channel_segments_need_every_demanded_language(project: Path, cli: CliRunner) -> None:
    """A voice segment holds English, Spanish and French contacts: a vendor serving only
    English may not take it (here nobody serves French, so nobody may)."""
    _with_award(project, "award:\n  segments: {by: [channel], channels: {voice: 70, chat: 30}}\n")
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert doc["award"] is None
    assert all("every demanded language" in u["reason"] for u in doc["unserved"])
    path = project / "criteria" / "retail-cx.yaml"
    path.write_text(
        path.read_text().replace("demand: {en: 70, es: 25, fr: 5}", "demand: {en: 70, es: 30}")
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    assert set(doc["award"]["vendors"]) <= {"andes", "mabuhay"}  # the two that speak both


def test_a_lock_on_a_language_the_vendor_lacks_is_warned(project: Path, cli: CliRunner) -> None:
    award = "  segments: {by: [language]}\n  locks: {table-bay: {es: '>= 20'}}\n"
    out = _validate_award(project, cli, award)
    assert "[award-lock-language]" in out
    assert "table-bay does not serve es" in out


def test_value_objective_names_only_binding_rules(project: Path, cli: CliRunner) -> None:
    _with_award(
        project,
        "award:\n  segments: {by: [language]}\n  vendors: {min: 2, max: 3}\n"
        "  share: {max: 70, min_if_used: 10}\n  objective: value\n",
    )
    doc = json.loads(cli("award", str(project), "--format", "json").out)
    ratio = doc["award"]["score"] / doc["award"]["annual_cost"]
    for effect in doc["rule_effects"]:
        if effect["binding"]:
            w = effect["without"]
            assert w["score"] / w["annual_cost"] > ratio * (1 + 1e-9), effect
        else:
            assert effect["annual_cost"] == 0
    assert "-0 " not in cli("award", str(project)).out


def test_linear_cost_model_compares_on_the_staffed_basis(tmp_path: Path, cli: CliRunner) -> None:
    award = POOLING_AWARD + "  cost_model: linear\n"
    root = _project(tmp_path / "p", award, {"a": _vendor(10, 74), "b": _vendor(11, 80)})
    doc = json.loads(cli("award", str(root), "--format", "json").out)
    staffed = json.loads(
        cli(
            "award",
            str(
                _project(
                    tmp_path / "q", POOLING_AWARD, {"a": _vendor(10, 74), "b": _vendor(11, 80)}
                )
            ),
            "--format",
            "json",
        ).out
    )
    assert doc["award"]["staffed_annual_cost"] > doc["award"]["annual_cost"]
    split = doc["price_of_splitting"]
    # the linear split against B alone, both staffed exactly: the split costs more
    assert split["comparator"]["annual_cost"] == pytest.approx(staffed["award"]["annual_cost"])
    assert split["difference"] == pytest.approx(
        doc["award"]["staffed_annual_cost"] - staffed["award"]["annual_cost"]
    )
    assert split["difference"] > 0
    assert any("splitting looks free" in n for n in doc["notes"])
