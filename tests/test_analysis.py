"""Decision analysis (SPEC §5): hand-worked stability, analytic SMAA, reversal, explain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.builders import evaluate_at, write_project
from tests.conftest import FLAT_EXAMPLE, CliRunner
from vendorscore.analysis.explain import explain
from vendorscore.analysis.reversal import kendall_tau, leave_one_out, method_agreement
from vendorscore.analysis.smaa import SmaaOptions, batch_scores, sample_weights, smaa
from vendorscore.analysis.stability import bounds, stability


def utility_project(
    root: Path,
    weights: tuple[float, ...],
    rows: dict[str, tuple[float, ...]],
    method: str = "weighted_sum",
) -> Path:
    """Criteria x, y, z... scored absolute 0..10, so a raw value of 9 is a utility of 0.9."""
    names = "xyzvw"[: len(weights)]
    lines = [f"method: {method}", "criteria:"]
    for key, weight in zip(names, weights, strict=True):
        lines.append(
            f"  - {{id: {key}, kind: numeric, field: metrics.{key}, direction: higher, "
            f"weight: {weight}, scoring: {{method: absolute, best: 10, worst: 0}}}}"
        )
    vendors = []
    for vid, values in rows.items():
        metrics = ", ".join(f"{k}: {v}" for k, v in zip(names, values, strict=True))
        vendors.append(f"id: {vid}\nname: {vid.upper()}\nmetrics: {{{metrics}}}\n")
    return write_project(root, "\n".join(lines) + "\n", vendors)


THREE = {"a": (9, 2, 5), "b": (4, 9, 6), "c": (2, 5, 10)}


def test_closed_form_stability_matches_a_hand_calculation(tmp_path: Path) -> None:
    # Weights 50/30/20; utilities A (.9, .2, .5) = 61, B (.4, .9, .6) = 59, C (.2, .5, 1) = 45.
    # Criterion x (w = .5): R_v = (.3 u_y + .2 u_z) / .5, so R_A = .32, R_B = .78, R_C = .70.
    #   vs B: a = .9 - .4 = .5, b = .32 - .78 = -.46; a > b, so A loses below t = .46/.96 = 23/48.
    #   vs C: a = .7, b = -.38; A loses below .38/1.08 = 19/54 < 23/48. Nothing binds above.
    # Criterion y (w = .3): R_v = (.5 u_x + .2 u_z) / .7: R_A = .55/.7, R_B = .32/.7, R_C = .30/.7.
    #   vs B: a = -.7, b = 23/70; a < b, so A loses above t = (23/70) / (72/70) = 23/72.
    #   vs C: a = -.3, b = 25/70; above (25/70) / (46/70) = 25/46 > 23/72.
    # Criterion z (w = .2): R_v = (.5 u_x + .3 u_y) / .8: R_A = .6375, R_B = .5875, R_C = .3125.
    #   vs B: a = -.1, b = .05: above .05/.15 = 1/3.  vs C: a = -.5, b = .325: above 13/33.
    e = evaluate_at(utility_project(tmp_path, (50, 30, 20), THREE))
    assert [v.id for v in e.ranking.ranking] == ["a", "b", "c"]
    got = {i.criterion: (i.low, i.high) for i in stability(e)}
    expected = {"x": (23 / 48, None), "y": (None, 23 / 72), "z": (None, 1 / 3)}
    for criterion, (low, high) in expected.items():
        got_low, got_high = got[criterion]
        assert (got_low is None) == (low is None)
        assert (got_high is None) == (high is None)
        if low is not None:
            assert abs(got_low - low) <= 1e-12  # type: ignore[operator]
        if high is not None:
            assert abs(got_high - high) <= 1e-12  # type: ignore[operator]


def test_numerical_search_agrees_with_the_closed_form(tmp_path: Path) -> None:
    e = evaluate_at(utility_project(tmp_path, (50, 30, 20), THREE))
    leader, rivals = 0, [1, 2]
    for k in range(3):
        exact = bounds(e, k, leader, rivals, exact=True)
        numeric = bounds(e, k, leader, rivals, exact=False)
        for x, y in zip(exact, numeric, strict=True):
            assert (x is None) == (y is None)
            if x is not None:
                assert abs(x - y) <= 1e-6  # type: ignore[operator]


def test_numerical_stability_for_other_methods_is_consistent(tmp_path: Path) -> None:
    e = evaluate_at(utility_project(tmp_path, (50, 30, 20), THREE), method="topsis")
    from vendorscore.analysis.weights import with_weight

    winner = e.order(e.rescore(e.weights))[0][0]
    for interval in stability(e):
        k = [c.id for c in e.ranking.criteria].index(interval.criterion)
        for bound, step in ((interval.low, -1e-6), (interval.high, 1e-6)):
            if bound is None:
                continue
            inside = e.order(e.rescore(with_weight(e.weights, k, bound - step)))[0][0]  # type: ignore[arg-type]
            outside = e.order(e.rescore(with_weight(e.weights, k, bound + step)))[0][0]  # type: ignore[arg-type]
            assert inside == winner
            assert outside != winner


def test_explain_finds_the_smallest_single_weight_change(tmp_path: Path) -> None:
    # From the hand calculation above: B overtakes A when x falls below 23/48 (a move of
    # 1/48 from .5), when y rises above 23/72 (a move of 1.4/72 from .3) or z above 1/3.
    e = evaluate_at(utility_project(tmp_path, (50, 30, 20), THREE))
    result = explain(e, "a", "b")
    assert result.change is not None
    assert result.change.criterion == "y"
    assert abs(result.change.threshold - 23 / 72) <= 1e-12
    assert [g.id for g in result.gaps] == ["x", "y", "z"]  # |25|, |21|, |2| points
    assert result.gaps[0].contribution_diff == pytest.approx(25.0)
    assert sum(g.contribution_diff or 0 for g in result.gaps) == pytest.approx(61 - 59)


def test_two_vendors_each_best_on_one_criterion_split_first_place(tmp_path: Path) -> None:
    e = evaluate_at(utility_project(tmp_path, (50, 50), {"a": (10, 0), "b": (0, 10)}))
    result = smaa(e, SmaaOptions(samples=10_000, seed=0))
    first = dict(zip(result.vendors, result.acceptability[:, 0], strict=True))
    assert abs(first["a"] - 0.5) <= 0.02
    assert abs(first["b"] - 0.5) <= 0.02
    assert result.acceptability.sum(axis=1) == pytest.approx([1.0, 1.0])


def test_a_dominating_vendor_is_first_in_every_sample(tmp_path: Path) -> None:
    rows = {"top": (9, 9, 9), "mid": (5, 8, 9), "low": (1, 2, 3)}
    for method in ("weighted_sum", "weighted_product", "topsis"):
        e = evaluate_at(utility_project(tmp_path / method, (30, 30, 40), rows, method))
        for model in ("uniform", "jitter"):
            result = smaa(e, SmaaOptions(samples=2000, seed=3, model=model))
            assert result.vendors[0] == "top"
            assert result.acceptability[0, 0] == 1.0


def test_central_weights_and_confidence(tmp_path: Path) -> None:
    e = evaluate_at(utility_project(tmp_path, (50, 50), {"a": (10, 0), "b": (0, 10), "c": (1, 1)}))
    result = smaa(e, SmaaOptions(samples=4000, seed=1))
    central = dict(zip(result.vendors, result.central, strict=True))
    assert central["a"][0] > 0.7  # a wins when x weighs more: its central weights lean on x
    assert central["b"][1] > 0.7
    assert np.isnan(central["c"]).all()  # never first
    confidence = dict(zip(result.vendors, result.confidence, strict=True))
    assert (confidence["a"], confidence["b"], confidence["c"]) == (1.0, 1.0, 0.0)


def test_weight_samples() -> None:
    base = np.array([0.5, 0.3, 0.2, 0.0])
    uniform = sample_weights(base, 5000, 7, "uniform", 0)
    assert uniform.sum(axis=1) == pytest.approx(np.ones(5000))
    assert (uniform[:, 3] == 0).all()  # a weight-0 criterion is shown, not scored
    assert uniform[:, :3].mean(axis=0) == pytest.approx([1 / 3] * 3, abs=0.02)
    jitter = sample_weights(base, 5000, 7, "jitter", 10)
    ratio = jitter[:, 0] / jitter[:, 1]
    assert ratio.min() >= 0.5 * 0.9 / (0.3 * 1.1) - 1e-12
    assert ratio.max() <= 0.5 * 1.1 / (0.3 * 0.9) + 1e-12
    assert (
        sample_weights(base, 10, 7, "jitter", 10) == sample_weights(base, 10, 7, "jitter", 10)
    ).all()


@pytest.mark.parametrize("method", ["weighted_sum", "weighted_product", "topsis"])
@pytest.mark.parametrize("ignore", [False, True])
def test_batch_scores_equal_the_ranking_kernels(method: str, ignore: bool, tmp_path: Path) -> None:
    missing = "ignore" if ignore else "worst"
    write_project(
        tmp_path,
        f"method: {method}\ncriteria:\n"
        f"  - {{id: x, kind: numeric, field: metrics.x, direction: higher, weight: 40, missing: {missing}}}\n"
        "  - {id: y, kind: numeric, field: metrics.y, direction: lower, weight: 35}\n"
        "  - {id: z, kind: numeric, field: metrics.z, direction: higher, weight: 25, scoring: {method: absolute, best: 10, worst: 0}}\n",
        [
            "id: a\nname: A\nmetrics: {x: 3, y: 5, z: 7}\n",
            "id: b\nname: B\nmetrics: {y: 2, z: 9}\n",
            "id: c\nname: C\nmetrics: {x: 8, y: 9, z: 1}\n",
            "id: d\nname: D\nmetrics: {x: 5, y: 4, z: 5}\n",
        ],
    )
    e = evaluate_at(tmp_path)
    weights = sample_weights(e.weights, 50, 0, "uniform", 0)
    batched = batch_scores(e, weights)
    for s in range(50):
        assert batched[s] == pytest.approx(e.rescore(weights[s]), abs=1e-9)


def min_max_reversal(root: Path, scoring: str) -> Path:
    # Price (lower is better) 40, quality 60. Without C, A is cheapest by far: A 70, B 54.
    # C is dearer than both, which stretches the min-max price scale in B's favour:
    # price utilities A 1, B (20 - 12) / (20 - 10) = .8, C 0; scores A 70, B 86, C 30.
    return write_project(
        root,
        "criteria:\n"
        f"  - {{id: price, kind: numeric, field: pricing.rate, direction: lower, weight: 40, scoring: {scoring}}}\n"
        "  - {id: quality, kind: numeric, field: kpis.qa_score, direction: higher, weight: 60, scoring: {method: absolute, best: 100, worst: 0}}\n",
        [
            "id: a\nname: A\npricing: {currency: USD, unit: per_contact, rate: 10}\nkpis: {qa_score: 50}\n",
            "id: b\nname: B\npricing: {currency: USD, unit: per_contact, rate: 12}\nkpis: {qa_score: 90}\n",
            "id: c\nname: C\npricing: {currency: USD, unit: per_contact, rate: 20}\nkpis: {qa_score: 50}\n",
        ],
    )


def test_leave_one_out_finds_a_reversal_under_min_max(tmp_path: Path) -> None:
    e = evaluate_at(min_max_reversal(tmp_path, "{method: min_max}"))
    assert [(v.id, round(v.score, 9)) for v in e.ranking.ranking] == [
        ("b", 86.0),
        ("a", 70.0),
        ("c", 30.0),
    ]
    removals = {r.removed: r.flips for r in leave_one_out(e)}
    assert removals == {"b": (), "a": (), "c": (("b", "a"),)}


def test_no_reversal_with_absolute_scoring(tmp_path: Path) -> None:
    e = evaluate_at(min_max_reversal(tmp_path, "{method: absolute, best: 5, worst: 25}"))
    assert all(r.flips == () for r in leave_one_out(e))


def test_kendall_tau() -> None:
    assert kendall_tau([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    # tau-b with a tie: (C - D) / sqrt((n0 - n1)(n0 - n2)) = (5 - 0) / sqrt(5 * 6)
    assert kendall_tau([1, 2, 2, 4], [1, 3, 2, 4]) == pytest.approx(5 / np.sqrt(30), abs=1e-15)
    big = list(range(3000))
    assert kendall_tau(big, big[::-1]) == -1.0


def test_method_agreement_keys(tmp_path: Path) -> None:
    e = evaluate_at(utility_project(tmp_path, (50, 30, 20), THREE))
    agreement = method_agreement(e)
    assert list(agreement) == [
        "weighted_sum/weighted_product",
        "weighted_sum/topsis",
        "weighted_product/topsis",
    ]
    assert all(-1 <= v <= 1 for v in agreement.values())


def test_sensitivity_json_shape_and_determinism(cli: CliRunner) -> None:
    first = cli("sensitivity", "--example", "--samples", "3000", "--format", "json")
    again = cli("sensitivity", "--example", "--samples", "3000", "--format", "json")
    assert first.code == 0
    assert first.out == again.out  # same seed, same bytes
    assert first.err == ""  # no progress bar under --format json
    doc = json.loads(first.out)
    for key in ("method", "winner", "stability", "smaa", "leave_one_out", "method_agreement"):
        assert key in doc
    assert doc["winner"] == "table-bay"
    assert set(doc["stability"]["cost"]) >= {"weight", "low", "high"}
    smaa_doc = doc["smaa"]
    assert (smaa_doc["samples"], smaa_doc["seed"], smaa_doc["weights"]) == (3000, 0, "uniform")
    for row in smaa_doc["acceptability"].values():
        assert sum(row) == pytest.approx(1.0)
    assert set(doc["method_agreement"]) == {
        "weighted_sum/weighted_product",
        "weighted_sum/topsis",
        "weighted_product/topsis",
    }
    assert [row["removed"] for row in doc["leave_one_out"]] == [
        "table-bay", "andes", "bayani-cx", "mabuhay"
    ]  # fmt: skip
    # in the flat example Bayani and Andes are 0.9 points apart: removing the winner, whose
    # csat is the top of the min-max range, swaps them
    flat = json.loads(cli("sensitivity", str(FLAT_EXAMPLE), "--samples", "300", "-f", "json").out)
    assert flat["leave_one_out"][0] == {"removed": "table-bay", "flips": [["bayani-cx", "andes"]]}


def test_a_different_seed_stays_within_monte_carlo_error(cli: CliRunner) -> None:
    a = json.loads(cli("sensitivity", "--example", "--seed", "1", "-f", "json").out)["smaa"][
        "acceptability"
    ]
    b = json.loads(cli("sensitivity", "--example", "--seed", "2", "-f", "json").out)["smaa"][
        "acceptability"
    ]
    assert a != b
    for vendor, row in a.items():
        for p, q in zip(row, b[vendor], strict=True):
            # 4 standard errors of a proportion at 10 000 samples (at most 0.005 each)
            assert abs(p - q) <= 4 * np.sqrt(2 * 0.25 / 10_000)


def test_jitter_model_and_table_output(cli: CliRunner) -> None:
    result = cli(
        "sensitivity", "--example", "--weights", "jitter", "--jitter", "10", "--samples", "2000"
    )
    assert result.code == 0
    assert "ranks first in" in result.out
    assert "within ±10 % of the stated weights" in result.out
    assert "[low, high]" in result.out
    assert cli("sensitivity", "--example", "--jitter", "150").code == 2


def test_explain_cli(cli: CliRunner) -> None:
    result = cli("explain", "table-bay", "andes", "--example", "-f", "json")
    doc = json.loads(result.out)
    assert doc["a"]["id"] == "table-bay"
    gaps = [c["contribution_diff"] for c in doc["criteria"]]
    assert sum(gaps) == pytest.approx(doc["a"]["score"] - doc["b"]["score"])
    assert [abs(g) for g in gaps] == sorted((abs(g) for g in gaps), reverse=True)
    table = cli("explain", "table-bay", "andes", "--example")
    assert "Smallest single change" in table.out
    assert cli("explain", "table-bay", "nobody", "--example").code == 2
    excluded = cli("explain", "table-bay", "kaveri", "--example")
    assert excluded.code == 1
    assert "kaveri is excluded" in excluded.err


def test_exact_ties_in_samples_are_settled_like_the_ranking(tmp_path: Path) -> None:
    # Under weighted_product a zero utility on a weighted criterion makes the score 0 in every
    # sample; a and b tie there and the tie breaker (y, where b is better) puts b first.
    write_project(
        tmp_path,
        "method: weighted_product\ntie_breakers: [y]\ncriteria:\n"
        "  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 50, scoring: {method: absolute, best: 10, worst: 0}}\n"
        "  - {id: y, kind: numeric, field: metrics.y, direction: higher, weight: 50, scoring: {method: absolute, best: 10, worst: 0}}\n",
        [
            "id: a\nname: A\nmetrics: {x: 0, y: 2}\n",
            "id: b\nname: B\nmetrics: {x: 0, y: 8}\n",
            "id: c\nname: C\nmetrics: {x: 5, y: 5}\n",
        ],
    )
    e = evaluate_at(tmp_path)
    assert [(v.rank, v.id) for v in e.ranking.ranking] == [(1, "c"), (2, "b"), (3, "a")]
    result = smaa(e, SmaaOptions(samples=500, seed=0))
    rows = dict(zip(result.vendors, result.acceptability, strict=True))
    assert list(rows["b"]) == [0.0, 1.0, 0.0]
    assert list(rows["a"]) == [0.0, 0.0, 1.0]


def test_analysis_of_an_empty_ranking(cli: CliRunner, tmp_path: Path) -> None:
    """Regression (found by the fuzzer): nobody passing the gates crashed SMAA."""
    write_project(
        tmp_path,
        "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 100, minimum: 10}\n",
        ["id: a\nname: A\nmetrics: {x: 1}\n", "id: b\nname: B\nmetrics: {x: 2}\n"],
    )
    result = cli("sensitivity", str(tmp_path), "--samples", "100", "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["winner"] is None
    assert doc["smaa"]["acceptability"] == {}
    assert doc["robustness"]["level"] == "none"
    out = tmp_path / "r.html"
    assert cli("report", str(tmp_path), "-o", str(out), "--samples", "100").code == 0
    assert "No vendor passed the gates" in out.read_text()


@pytest.mark.parametrize("method", ["weighted_sum", "weighted_product", "topsis"])
@pytest.mark.parametrize("passing", [0, 1])
def test_one_or_no_ranked_vendor_under_every_method(
    method: str, passing: int, cli: CliRunner, tmp_path: Path
) -> None:
    """Regression (found by the fuzzer): TOPSIS on zero vendors (leave-one-out of a one-vendor
    ranking) reduced an empty array."""
    write_project(
        tmp_path,
        f"method: {method}\ncriteria:\n  - {{id: x, kind: numeric, field: metrics.x, direction: higher, weight: 100, minimum: {5 if passing else 50}}}\n",
        ["id: a\nname: A\nmetrics: {x: 10}\n", "id: b\nname: B\nmetrics: {x: 2}\n"],
    )
    ranked = cli("rank", str(tmp_path), "-f", "json")
    assert ranked.code == 0, ranked.err
    assert len(json.loads(ranked.out)["ranking"]) == passing
    result = cli("sensitivity", str(tmp_path), "--samples", "100", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["winner"] == ("a" if passing else None)
