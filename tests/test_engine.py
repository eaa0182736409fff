"""Gates, missing data, value functions, weights, methods and ties (SPEC §4.2-4.5)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from tests.builders import evaluate_at, ranking, write_project
from vendorscore.errors import InputError, UsageError
from vendorscore.scoring import methods
from vendorscore.scoring.ranking import rank


def vendor(vid: str, **kpis: float) -> str:
    body = ", ".join(f"{k}: {v}" for k, v in kpis.items())
    return (
        f"id: {vid}\nname: {vid.upper()}\nkpis: {{{body}}}\n"
        if kpis
        else f"id: {vid}\nname: {vid.upper()}\n"
    )


def scores(r: object) -> dict[str, float]:
    return {v.id: v.score for v in r.ranking}  # type: ignore[attr-defined]


def test_criterion_gates_and_gate_entries_list_every_reason(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        """\
        gates:
          - {field: capacity.agents, op: ">=", value: 50}
          - {field: hq_country, op: not_in, value: [RU, BY]}
          - {field: channels, op: contains, value: voice}
        criteria:
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 50, minimum: 70}
          - {id: attrition, kind: numeric, field: kpis.attrition, direction: lower, weight: 50, maximum: 40}
        """,
        [
            "id: good\nname: Good\nhq_country: PH\nchannels: [Voice]\ncapacity: {agents: 60}\nkpis: {fcr: 75, attrition: 30}\n",
            "id: bad\nname: Bad\nhq_country: RU\nchannels: [chat]\ncapacity: {agents: 10}\nkpis: {fcr: 60, attrition: 45}\n",
            "id: blank\nname: Blank\n",
        ],
    )
    r = ranking(tmp_path)
    assert [v.id for v in r.ranking] == ["good"]
    reasons = {x.id: x.reasons for x in r.excluded}
    assert reasons["bad"] == (
        "fcr 60 < minimum 70",
        "attrition 45 > maximum 40",
        "capacity.agents >= 50: capacity.agents is 10",
        "hq_country not in RU, BY: hq_country is RU",
        "channels contains voice: channels is chat",
    )
    assert reasons["blank"] == (
        "fcr: no value, and the criterion has a gate",
        "attrition: no value, and the criterion has a gate",
        "capacity.agents >= 50: capacity.agents is missing",
        "hq_country not in RU, BY: hq_country is missing",
        "channels contains voice: channels is missing",
    )


def test_required_items_gate(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: lang, kind: languages, weight: 100, demand: {en: 1}, required: [en, es]}\n",
        [
            "id: a\nname: A\nlanguages: [{code: en, level: C1}]\n",
            "id: b\nname: B\nlanguages: [{code: en-GB, level: C2}, {code: es, level: B2}]\n",
        ],
    )
    r = ranking(tmp_path)
    assert [v.id for v in r.ranking] == ["b"]
    assert r.excluded[0].reasons == ("lang: lacks required es",)


def test_excluded_vendors_never_shift_utilities(tmp_path: Path) -> None:
    crit = "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 100, minimum: 50}\n"
    write_project(tmp_path, crit, [vendor("a", fcr=70), vendor("b", fcr=80), vendor("c", fcr=10)])
    r = ranking(tmp_path)
    assert {v.id: v.criteria["fcr"].utility for v in r.ranking} == {"b": 1.0, "a": 0.0}


def test_missing_worst_exclude_and_ignore(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        """\
        criteria:
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 50, scoring: {method: absolute, best: 100, worst: 0}}
          - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 25, missing: ignore, scoring: {method: absolute, best: 100, worst: 0}}
          - {id: qa, kind: numeric, field: kpis.qa_score, direction: higher, weight: 25, missing: exclude, scoring: {method: absolute, best: 100, worst: 0}}
        """,
        [
            vendor("full", fcr=80, csat=60, qa_score=40),
            vendor("nocsat", fcr=80, qa_score=40),
            vendor("noqa", fcr=80, csat=60),
            vendor("nofcr", csat=60, qa_score=40),
        ],
    )
    r = ranking(tmp_path)
    s = scores(r)
    assert s["full"] == pytest.approx(100 * (0.5 * 0.8 + 0.25 * 0.6 + 0.25 * 0.4))
    # csat ignored for nocsat: fcr and qa renormalised to 2/3 and 1/3
    assert s["nocsat"] == pytest.approx(100 * (2 / 3 * 0.8 + 1 / 3 * 0.4))
    assert s["nofcr"] == pytest.approx(100 * (0.25 * 0.6 + 0.25 * 0.4))  # worst: utility 0
    assert [x.id for x in r.excluded] == ["noqa"]
    assert r.excluded[0].reasons == ("qa: no value (missing: exclude)",)
    codes = [w.code for w in r.warnings]
    assert "missing-ignore" in codes
    assert "missing-worst" in codes
    nocsat = next(v for v in r.ranking if v.id == "nocsat").criteria["csat"]
    assert (nocsat.raw, nocsat.utility, nocsat.contribution) == (None, None, None)
    total = next(v for v in r.ranking if v.id == "nocsat")
    assert sum(c.contribution or 0.0 for c in total.criteria.values()) == pytest.approx(total.score)


def test_missing_value_fails_a_gate_whatever_the_policy(tmp_path: Path) -> None:
    crit = "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 100, minimum: 1, missing: ignore}\n"
    write_project(tmp_path, crit, [vendor("a", fcr=70), vendor("b")])
    assert [x.id for x in ranking(tmp_path).excluded] == ["b"]


@pytest.mark.parametrize(
    ("scoring", "direction", "expected"),
    [
        ("{method: min_max}", "higher", {"a": 0.0, "b": 0.5, "c": 1.0}),
        ("{method: min_max}", "lower", {"a": 1.0, "b": 0.5, "c": 0.0}),
        ("{method: ratio}", "higher", {"a": 0.5, "b": 0.75, "c": 1.0}),
        ("{method: ratio}", "lower", {"a": 1.0, "b": 2 / 3, "c": 0.5}),
        ("{method: absolute, best: 40, worst: 20}", "higher", {"a": 0.0, "b": 0.5, "c": 1.0}),
        ("{method: absolute, best: 35, worst: 45}", "lower", {"a": 1.0, "b": 1.0, "c": 0.5}),
        (
            "{method: piecewise, points: [[25, 0], [30, 0.2], [40, 1]]}",
            "higher",
            {"a": 0.0, "b": 0.2, "c": 1.0},
        ),
        (
            "{method: piecewise, points: [[25, 0.4], [35, 0.9]]}",
            "higher",
            {"a": 0.4, "b": 0.65, "c": 0.9},
        ),
    ],
)
def test_value_functions(
    scoring: str, direction: str, expected: dict[str, float], tmp_path: Path
) -> None:
    crit = f"criteria:\n  - {{id: x, kind: numeric, field: metrics.x, direction: {direction}, weight: 100, scoring: {scoring}}}\n"
    write_project(
        tmp_path,
        crit,
        [
            f"id: {v}\nname: {v}\nmetrics: {{x: {x}}}\n"
            for v, x in [("a", 20), ("b", 30), ("c", 40)]
        ],
    )
    got = {v.id: v.criteria["x"].utility for v in ranking(tmp_path).ranking}
    assert got == pytest.approx(expected)


def test_default_scoring_per_kind(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: n, kind: numeric, field: metrics.x, direction: higher, weight: 50}\n"
        "  - {id: r, kind: rubric, weight: 50, scale: [0, 10]}\n",
        ["id: a\nname: A\nmetrics: {x: 1}\n", "id: b\nname: B\nmetrics: {x: 3}\n"],
        {"e": "evaluator: e\nscores:\n  a: {r: 2.5}\n  b: {r: 10}\n"},
    )
    r = ranking(tmp_path)
    got = {v.id: (v.criteria["n"].utility, v.criteria["r"].utility) for v in r.ranking}
    assert got == {"a": (0.0, 0.25), "b": (1.0, 1.0)}  # numeric: min_max; rubric: its scale
    assert [c.scoring for c in r.criteria] == ["min_max", "absolute"]


def test_non_discriminating_criterion_is_reported(tmp_path: Path) -> None:
    crit = "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 40}\n  - {id: y, kind: numeric, field: metrics.y, direction: higher, weight: 60}\n"
    write_project(
        tmp_path,
        crit,
        ["id: a\nname: A\nmetrics: {x: 5, y: 1}\n", "id: b\nname: B\nmetrics: {x: 5, y: 2}\n"],
    )
    r = ranking(tmp_path)
    notes = [w.message for w in r.warnings if w.code == "non-discriminating"]
    assert notes == [
        "x: every ranked vendor gets the same utility, so its 40.0 % of the weight changes no ranking"
    ]
    assert all(math.isfinite(v.score) for v in r.ranking)


def test_ratio_with_a_zero_is_an_error_with_a_position(tmp_path: Path) -> None:
    crit = "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: lower, weight: 100, scoring: {method: ratio}}\n"
    write_project(
        tmp_path, crit, ["id: a\nname: A\nmetrics: {x: 0}\n", "id: b\nname: B\nmetrics: {x: 3}\n"]
    )
    with pytest.raises(InputError) as caught:
        ranking(tmp_path)
    issue = caught.value.issues[0]
    assert (issue.line, issue.code) == (7, "cannot-score")
    assert "ratio scoring needs every value to be > 0" in issue.message


def test_empty_ranking_is_a_warning(tmp_path: Path) -> None:
    crit = "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 100, minimum: 10}\n"
    write_project(tmp_path, crit, ["id: a\nname: A\nmetrics: {x: 1}\n"])
    r = ranking(tmp_path)
    assert r.ranking == ()
    assert "empty-ranking" in [w.code for w in r.warnings]


def test_group_weights_and_overrides(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        """\
        groups: {money: 40, service: 60}
        criteria:
          - {id: cost, kind: numeric, field: pricing.rate, direction: lower, weight: 1, group: money}
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 30, group: service}
          - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 10, group: service}
          - {id: shown, kind: numeric, field: kpis.nps, direction: higher, weight: 0, group: service}
        """,
        [
            "id: a\nname: A\npricing: {currency: USD, unit: per_contact, rate: 2}\nkpis: {fcr: 1, csat: 1, nps: 1}\n"
        ],
    )
    e = evaluate_at(tmp_path)
    assert e.ranking.weights == pytest.approx(
        {"cost": 0.4, "fcr": 0.45, "csat": 0.15, "shown": 0.0}
    )
    e2 = evaluate_at(tmp_path, weights={"money": 60, "csat": 30})
    # top level 60 + 60: money 0.5; service 0.5 split 30:30 between fcr and csat
    assert e2.ranking.weights == pytest.approx(
        {"cost": 0.5, "fcr": 0.25, "csat": 0.25, "shown": 0.0}
    )
    with pytest.raises(UsageError):
        evaluate_at(tmp_path, weights={"nope": 1})


def test_weighted_product_and_topsis_kernels() -> None:
    u = np.array([[0.5, 1.0], [0.0, 1.0], [1.0, 0.25]])
    w = np.array([0.5, 0.5])
    wp = methods.weighted_product(u, w)
    assert wp == pytest.approx([100 * math.sqrt(0.5), 0.0, 50.0])
    # a zero utility under zero weight does not zero the product
    assert methods.weighted_product(np.array([[0.0, 0.81]]), np.array([0.0, 1.0])) == pytest.approx(
        [81.0]
    )
    t = methods.topsis(np.array([[1.0, 1.0], [1.0, 1.0]]), w, np.array([True, True]))
    assert list(t) == [100.0, 100.0]  # identical vendors: both at the ideal, no NaN


def test_topsis_on_utilities(tmp_path: Path) -> None:
    crit = "method: topsis\ntopsis: {normalization: utility}\ncriteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: lower, weight: 100}\n"
    write_project(
        tmp_path, crit, ["id: a\nname: A\nmetrics: {x: 1}\n", "id: b\nname: B\nmetrics: {x: 3}\n"]
    )
    r = ranking(tmp_path)
    assert scores(r) == {"a": 100.0, "b": 0.0}
    assert r.normalization == "utility"
    assert all(c.contribution is None for v in r.ranking for c in v.criteria.values())


def test_tie_breakers_then_competition_ranks() -> None:
    ids = ["d", "c", "b", "a", "e"]
    score = [80.0, 80.0 + 5e-10, 80.0, 80.0, 70.0]
    breakers = [[0.5], [0.9], [0.5], [0.1], [1.0]]
    assert rank(ids, score, breakers) == [(1, 1), (2, 2), (0, 2), (3, 4), (4, 5)]
    assert rank(["x", "y"], [1.0, 1.0 + 2e-9], [[], []]) == [(1, 1), (0, 2)]


def test_tie_breakers_from_the_criteria_file(tmp_path: Path) -> None:
    crit = (
        "tie_breakers: [y]\ncriteria:\n"
        "  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 50, scoring: {method: absolute, best: 10, worst: 0}}\n"
        "  - {id: y, kind: numeric, field: metrics.y, direction: higher, weight: 50, scoring: {method: absolute, best: 10, worst: 0}}\n"
    )
    write_project(
        tmp_path,
        crit,
        ["id: a\nname: A\nmetrics: {x: 6, y: 4}\n", "id: b\nname: B\nmetrics: {x: 4, y: 6}\n"],
    )
    r = ranking(tmp_path)
    assert [(v.rank, v.id) for v in r.ranking] == [(1, "b"), (2, "a")]


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection
    from vendorscore.views.ranking import to_csv, to_json, to_markdown

    a = rank_project(Selection(example=True)).ranking
    b = rank_project(Selection(example=True)).ranking
    assert to_json(a) == to_json(b)
    assert to_csv(a) == to_csv(b)
    assert to_markdown(a) == to_markdown(b)
