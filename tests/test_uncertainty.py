"""Uncertain vendor data through SMAA-2 (issue 13): analytic checks, shared drivers, gates per
sample, determinism, and the sampled pipeline against the real one."""

from __future__ import annotations

import json
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

from tests.builders import evaluate_at, write_project
from tests.conftest import CliRunner
from vendorscore.analysis.chunk import Chunk
from vendorscore.analysis.smaa import SmaaOptions, smaa
from vendorscore.analysis.uncertainty import ranked_rows
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.scoring.engine import evaluate
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.scoring.sampling import Measurements

SAMPLES = 20_000


def _se(p: float, n: int = SAMPLES) -> float:
    return math.sqrt(max(p * (1 - p), 1e-12) / n)


def _two(root: Path, a_fcr: str, b_fcr: str, extra: str = "") -> Path:
    """Two vendors differing only in FCR (absolute scoring: utility linear in FCR), plus a
    second criterion on which they are equal, so no weighting changes who leads."""
    criteria = f"""\
        {extra}
        criteria:
          - {{id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 1,
              scoring: {{method: absolute, best: 100, worst: 0}}}}
          - {{id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 1,
              scoring: {{method: absolute, best: 100, worst: 0}}}}
        """
    vendors = [
        f"id: a\nname: A\nkpis: {{fcr: {a_fcr}, csat: 80}}\n",
        f"id: b\nname: B\nkpis: {{fcr: {b_fcr}, csat: 80}}\n",
    ]
    return write_project(root, criteria, vendors)


def _uniform_above(a1: float, b1: float, a2: float, b2: float) -> float:
    """P(X > Y) for independent X ~ U(a1, b1), Y ~ U(a2, b2), in closed form: the mean over X
    of the CDF of Y, a clipped line, integrated piece by piece."""

    def cdf_integral(x: float) -> float:  # integral of F_Y from -inf to x
        if x <= a2:
            return 0.0
        if x <= b2:
            return (x - a2) ** 2 / (2 * (b2 - a2))
        return (b2 - a2) / 2 + (x - b2)

    return (cdf_integral(b1) - cdf_integral(a1)) / (b1 - a1)


def _measurements(root: Path) -> tuple[Evaluation, Measurements]:
    evaluation = evaluate_at(root)
    assert evaluation.context is not None
    return evaluation, Measurements(evaluation.context)


def _acceptability(result: object, vendor: str, rank: int = 0) -> float:
    vendors = result.vendors  # type: ignore[attr-defined]
    return float(result.acceptability[vendors.index(vendor), rank])  # type: ignore[attr-defined]


def test_pairwise_matches_the_closed_form_for_two_uniform_ranges(tmp_path: Path) -> None:
    root = _two(tmp_path, "{low: 70, high: 90}", "{low: 75, high: 85}")
    result = smaa(evaluate_at(root), SmaaOptions(samples=SAMPLES, seed=3))
    expected = _uniform_above(70, 90, 75, 85)
    ids = result.pairwise_ids
    got = float(result.pairwise[ids.index("a"), ids.index("b")])
    assert abs(got - expected) <= 4 * _se(expected)
    assert got + float(result.pairwise[ids.index("b"), ids.index("a")]) == pytest.approx(1.0)


def test_a_vendor_dominating_in_every_sample_is_first_with_confidence_one(tmp_path: Path) -> None:
    root = _two(tmp_path, "{low: 90, high: 95}", "{mean: 60, sd: 3}")
    result = smaa(evaluate_at(root), SmaaOptions(samples=5_000))
    assert result.data is not None
    assert _acceptability(result, "a") == 1.0
    assert float(result.confidence[result.vendors.index("a")]) == 1.0
    assert float(result.confidence[result.vendors.index("b")]) == 0.0


@pytest.mark.parametrize(
    ("written", "probability"),
    [
        ("{low: 70, high: 90}", 6 / 20),  # P(U(70, 90) > 84)
        ("{mean: 80, sd: 4}", 1 - NormalDist().cdf(1.0)),  # P(N(80, 4) > 84)
        ("{low: 70, mode: 80, high: 90}", (90 - 84) ** 2 / (20 * 10)),  # triangular tail
    ],
)
def test_fixed_weights_and_one_uncertain_criterion_give_its_own_probability(
    tmp_path: Path, written: str, probability: float
) -> None:
    root = _two(tmp_path, written, "84")
    result = smaa(evaluate_at(root), SmaaOptions(samples=SAMPLES, seed=1, fixed_weights=True))
    assert abs(_acceptability(result, "a") - probability) <= 4 * _se(probability)


def test_collapsed_ranges_give_the_weights_only_analysis_byte_for_byte(
    tmp_path: Path, cli: CliRunner
) -> None:
    """Every range collapsed to its point (low = high, sd 0, plus_minus 0) is the same input as
    the plain figures: the analysis is the weights-only one, to the byte."""
    ranged = write_project(
        tmp_path / "ranged",
        "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 2}\n"
        "  - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 1}\n",
        [
            "id: a\nname: A\nkpis: {fcr: {low: 81, high: 81}, csat: {value: 70, plus_minus: 0}}\n",
            "id: b\nname: B\nkpis: {fcr: {mean: 79, sd: 0}, csat: 90}\n",
            "id: c\nname: C\nkpis: {fcr: 75, csat: {value: 95, audited: true}}\n",
        ],
    )
    plain = write_project(
        tmp_path / "plain",
        "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 2}\n"
        "  - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 1}\n",
        [
            "id: a\nname: A\nkpis: {fcr: 81, csat: 70}\n",
            "id: b\nname: B\nkpis: {fcr: 79, csat: 90}\n",
            "id: c\nname: C\nkpis: {fcr: 75, csat: 95}\n",
        ],
    )
    on = cli("sensitivity", str(ranged), "--format", "json", "--samples", "3000")
    off = cli(
        "sensitivity", str(ranged), "--format", "json", "--samples", "3000", "--uncertainty", "off"
    )
    assert on.code == 0, on.err
    smaa_on = json.loads(on.out)["smaa"]
    assert smaa_on["uncertain_data"] is None
    assert on.out == off.out
    same = cli("sensitivity", str(plain), "--format", "json", "--samples", "3000")
    assert json.loads(same.out)["smaa"] == smaa_on


def test_gbp_quotes_move_together_and_a_usd_quote_does_not(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        """\
        uncertainty: {fx: {plus_minus_percent: 5}}
        criteria:
          - {id: cost, kind: cost, weight: 1}
        """,
        [
            "id: g1\nname: G1\npricing: {currency: GBP, unit: per_productive_hour, rate: 11}\n",
            "id: g2\nname: G2\npricing: {currency: GBP, unit: per_minute, rate: 0.4}\n",
            "id: u1\nname: U1\npricing: {currency: USD, unit: per_productive_hour, rate: "
            "{low: 12, high: 16}}\n",
        ],
    )
    evaluation, measurements = _measurements(root)
    assert evaluation.context is not None
    u = np.random.default_rng(0).random((2_000, len(measurements.inputs)))
    cost = measurements.draw(u).raw[0]
    ids = [v.id for v in evaluation.context.vendors]
    g1, g2, u1 = (cost[:, ids.index(v)] for v in ("g1", "g2", "u1"))
    assert np.corrcoef(g1, g2)[0, 1] == pytest.approx(1.0, abs=1e-12)
    assert abs(np.corrcoef(g1, u1)[0, 1]) < 0.1
    assert g1.std() > 0
    assert u1.std() > 0


def test_same_seed_same_bytes_and_another_seed_within_four_standard_errors(
    project: Path, cli: CliRunner
) -> None:
    """The example declares ranges (rates, FCR, attrition), CSAT and fx defaults and drawn
    evaluators."""
    args = ("sensitivity", str(project), "--format", "json", "--samples", "4000")
    first, again = cli(*args), cli(*args)
    assert first.code == 0, first.err
    assert first.out == again.out
    assert json.loads(first.out)["smaa"]["uncertain_data"] is not None
    other = json.loads(cli(*args, "--seed", "7").out)["smaa"]["acceptability"]
    base = json.loads(first.out)["smaa"]["acceptability"]
    assert base != other
    for vendor, row in base.items():
        for p, q in zip(row, other[vendor], strict=True):
            assert abs(p - q) <= 4 * math.sqrt(2) * _se(p, 4000) + 1e-12


def test_the_sampled_pipeline_equals_the_engine_run_on_the_drawn_figures(tmp_path: Path) -> None:
    """For each of a few samples, put the drawn figures (and exchange rate) into the vendor
    files' models and evaluate them with the engine: the chunk's scores (fixed weights) and
    exclusions are the engine's, relative value functions and gates included."""
    root = write_project(
        tmp_path,
        """\
        uncertainty: {fx: {minus_percent: 4, plus_percent: 8}, kpis.csat: {plus_minus: 3}}
        criteria:
          - {id: cost, kind: cost, weight: 3}
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 2, minimum: 75}
          - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 1,
             scoring: {method: ratio}}
        """,
        [
            "id: a\nname: A\npricing: {currency: GBP, unit: per_productive_hour, rate: "
            "{value: 11, minus_percent: 5, plus_percent: 15, shape: triangular}, setup_fee: "
            "{low: 5000, high: 9000}}\nkpis: {fcr: {mean: 77, sd: 2}, csat: 88}\n",
            "id: b\nname: B\npricing: {currency: USD, unit: per_minute, rate: 0.42}\n"
            "kpis: {fcr: 80, csat: {low: 84, mode: 90, high: 92, shape: pert}}\n",
            "id: c\nname: C\npricing: {currency: EUR, unit: per_contact, rate: 4.1}\n"
            "kpis: {fcr: {low: 74, high: 83}, csat: 86}\n",
        ],
    )
    evaluation, measurements = _measurements(root)
    assert evaluation.context is not None
    rows = ranked_rows(evaluation, measurements)
    u = np.random.default_rng(5).random((25, len(measurements.inputs)))
    drawn = measurements.draw(u)
    scores = Chunk(evaluation, drawn, rows).scores(evaluation.weights[None, :])
    x = measurements.laws.draw(u)
    for s in range(len(u)):
        inputs = _drawn_inputs(evaluation.context.inputs, measurements, x[s])
        truth = evaluate(inputs)
        got = {
            evaluation.ranked_ids[i]: scores[s, i]
            for i in range(len(rows))
            if np.isfinite(scores[s, i])
        }
        want = {v.id: v.score for v in truth.ranking.ranking}
        assert set(got) == set(want) & set(evaluation.ranked_ids)
        for vendor, value in want.items():
            if vendor in got:
                assert got[vendor] == pytest.approx(value, rel=1e-9, abs=1e-9)


def _drawn_inputs(inputs: EvaluationInput, measurements: Measurements, x: np.ndarray) -> object:
    """The evaluation's input with every uncertain figure replaced by its draw."""
    crit = inputs.criteria
    fx = dict(crit.fx)
    vendors = []
    for k, found in enumerate(measurements.inputs):
        if found.key.startswith("fx "):
            fx[found.key[3:]] = float(x[k])
    for row, vendor in enumerate(measurements.context.vendors):
        data = vendor.model_dump()
        for path, found in measurements.fields[row].items():
            section, name = path.split(".")
            data[section][name] = float(x[measurements.column[found.key]])
        vendors.append(type(vendor).model_validate(data))
    criteria = crit.model_copy(update={"fx": fx, "uncertainty": None})
    return EvaluationInput(criteria, tuple(vendors), inputs.scores)
