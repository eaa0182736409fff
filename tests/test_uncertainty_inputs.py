"""Uncertain inputs (issue 13): how figures are written and read, the draws' laws, the gates
evaluated per sample, evaluators drawn, the staffing grid, the CLI, and where ranges show."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from pydantic import ValidationError

from tests.builders import evaluate_at, write_project
from tests.conftest import CliRunner
from vendorscore.analysis.chunk import Chunk
from vendorscore.analysis.smaa import SmaaOptions, smaa
from vendorscore.analysis.uncertainty import ranked_rows
from vendorscore.models.measured import MeasuredFloat, MeasuredInt, spread_of
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.distributions import Law, Laws, normal_quantile, quantile
from vendorscore.scoring.sampling import Measurements

U = np.random.default_rng(11).random(400_000)


def _vendor(**fields: object) -> Vendor:
    return Vendor.model_validate({"id": "a", "name": "A", **fields})


# --- how a figure is written ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "point", "family", "ends"),
    [
        ({"low": 11, "high": 13}, 12.0, "uniform", (11, 13)),
        ({"low": 11, "mode": 11.5, "high": 13}, 11.5, "triangular", (11, 13)),
        ({"low": 11, "mode": 11.5, "high": 13, "shape": "pert"}, 11.5, "pert", (11, 13)),
        ({"mean": 12, "sd": 0.5}, 12.0, "normal", (11, 13)),
        ({"value": 12, "plus_minus": 1}, 12.0, "uniform", (11, 13)),
        ({"value": 12, "plus_minus_percent": 10}, 12.0, "uniform", (10.8, 13.2)),
        ({"value": 12, "minus": 1, "plus": 3}, 12.0, "uniform", (11, 15)),
        (
            {"value": 10, "minus_percent": 5, "plus_percent": 15, "shape": "triangular"},
            10.0,
            "triangular",
            (9.5, 11.5),
        ),
    ],
)
def test_each_form_gives_its_point_family_and_ends(
    written: dict[str, object], point: float, family: str, ends: tuple[float, float]
) -> None:
    rate = _vendor(pricing={"currency": "USD", "unit": "per_minute", "rate": written}).pricing
    assert rate is not None
    assert isinstance(rate.rate, MeasuredFloat)
    assert float(rate.rate) == point
    spread = spread_of(rate.rate)
    assert spread is not None
    assert spread.family == family
    assert spread.ends() == pytest.approx(ends)


def test_a_plain_value_mapping_is_the_plain_number_and_audited_keeps_the_mark() -> None:
    kpis = _vendor(kpis={"fcr": {"value": 80}, "csat": {"value": 88, "audited": True}}).kpis
    assert kpis is not None
    assert type(kpis.fcr) is float
    assert spread_of(kpis.csat) is not None
    assert spread_of(kpis.csat).audited  # type: ignore[union-attr]
    assert spread_of(kpis.csat).exact  # type: ignore[union-attr]


def test_an_agent_count_range_draws_and_shows_whole_numbers() -> None:
    capacity = _vendor(capacity={"agents": {"low": 30, "high": 45}}).capacity
    assert capacity is not None
    assert isinstance(capacity.agents, MeasuredInt)
    assert capacity.agents == 38  # the mean 37.5, rounded half to even
    law = Law("uniform", 30, 0, 45, whole=True)
    drawn = quantile(law, U[:1000])
    assert (drawn == np.rint(drawn)).all()
    assert drawn.min() >= 30
    assert drawn.max() <= 45
    with pytest.raises(ValidationError, match="whole number"):
        _vendor(capacity={"agents": {"value": 30.5, "plus_minus": 2}})


# --- the laws ----------------------------------------------------------------------------


def test_the_normal_quantile_is_exact_to_double_precision() -> None:
    p = np.array([1e-300, 1e-12, 0.001, 0.02425, 0.3, 0.5, 0.8, 0.975, 1 - 1e-12])
    want = np.array([NormalDist().inv_cdf(x) for x in p])
    assert np.abs(normal_quantile(p) - want).max() <= 1e-12 * np.abs(want).max()


@pytest.mark.parametrize(
    ("law", "mean"),
    [
        (Law("uniform", 2, 0, 6), 4.0),
        (Law("triangular", 2, 3, 6), (2 + 3 + 6) / 3),
        (Law("pert", 2, 3, 6), (2 + 4 * 3 + 6) / 6),
        (Law("normal", 0, 0, 100, mean=50, sd=5), 50.0),
        (Law("discrete", values=(1.0, 3.0, 5.0)), 3.0),
    ],
)
def test_each_law_has_its_mean_and_stays_in_its_range(law: Law, mean: float) -> None:
    x = quantile(law, U)
    se = float(x.std()) / math.sqrt(U.size)
    assert abs(float(x.mean()) - mean) <= 4 * se + 1e-9
    if law.family != "discrete":
        assert law.low <= x.min()
        assert x.max() <= law.high


def test_a_truncated_normal_has_the_truncated_mean() -> None:
    """N(99, 2) cut at 100: mean 99 - 2 phi(0.5) / Phi(0.5)."""
    x = quantile(Law("normal", 0, 0, 100, mean=99, sd=2), U)
    d = NormalDist()
    want = 99 - 2 * d.pdf(0.5) / d.cdf(0.5)
    assert abs(float(x.mean()) - want) <= 4 * float(x.std()) / math.sqrt(U.size)
    assert x.max() <= 100


def test_many_laws_drawn_together_equal_each_drawn_alone() -> None:
    laws = (
        Law("triangular", 1, 2, 5),
        Law("uniform", -3, 0, 3),
        Law("normal", 0, 0, 10, mean=4, sd=1),
        Law("pert", 0, 1, 2),
        Law("discrete", values=(2.0, 4.0)),
        Law("uniform", 0, 0, 9, whole=True),
    )
    u = np.random.default_rng(2).random((50, len(laws)))
    together = Laws(laws).draw(u)
    for k, law in enumerate(laws):
        assert together[:, k] == pytest.approx(quantile(law, u[:, k]), abs=1e-12)


# --- gates per sample ---------------------------------------------------------------------


def _gated(root: Path) -> Path:
    criteria = """\
        criteria:
          - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 1, minimum: 75,
             scoring: {method: absolute, best: 100, worst: 0}}
          - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 1,
             scoring: {method: absolute, best: 100, worst: 0}}
        """
    return write_project(
        root,
        criteria,
        [
            "id: a\nname: A\nkpis: {fcr: {low: 70, high: 90}, csat: 80}\n",  # passes 75 %
            "id: b\nname: B\nkpis: {fcr: 78, csat: 70}\n",
            "id: c\nname: C\nkpis: {fcr: {value: 74, plus_minus: 4}, csat: 95}\n",  # out at 74
        ],
    )


def test_a_gate_on_a_ranged_figure_excludes_in_the_share_its_range_gives(tmp_path: Path) -> None:
    evaluation = evaluate_at(_gated(tmp_path))
    assert evaluation.ranked_ids == ("a", "b")
    n = 20_000
    result = smaa(evaluation, SmaaOptions(samples=n, seed=4))
    assert result.data is not None
    excluded = dict(zip(result.vendors, result.data.excluded, strict=True))
    assert abs(excluded["a"] - 0.25) <= 4 * math.sqrt(0.25 * 0.75 / n)
    assert excluded["b"] == 0.0
    # an excluded vendor takes no rank: A's acceptabilities sum to its share of samples in
    assert float(result.acceptability[result.vendors.index("a")].sum()) == pytest.approx(
        1 - excluded["a"]
    )
    sentences = " ".join(result.data.exclusions)
    assert "A is excluded by a gate in" in sentences
    assert "fcr below the minimum 75" in sentences
    # C fails at its stated 74, but passes whenever its FCR (70-78) is drawn at 75 or more
    found = re.search(
        r"C is excluded at its stated figures but would pass every gate in ([0-9.]+) %", sentences
    )
    assert found is not None
    assert abs(float(found.group(1)) / 100 - 3 / 8) <= 4 * math.sqrt(3 / 8 * 5 / 8 / n) + 0.0005


def test_the_sampled_gates_match_the_drawn_figures(tmp_path: Path) -> None:
    evaluation = evaluate_at(_gated(tmp_path))
    assert evaluation.context is not None
    measurements = Measurements(evaluation.context)
    u = np.random.default_rng(3).random((500, len(measurements.inputs)))
    drawn = measurements.draw(u)
    x = measurements.laws.draw(u)
    fcr = x[:, measurements.column["a kpis.fcr"]]
    assert drawn.passing is not None
    ids = [v.id for v in evaluation.context.vendors]
    assert (drawn.passing[:, ids.index("a")] == (fcr >= 75)).all()
    assert drawn.failures[(ids.index("a"), "fcr below the minimum 75")] == int((fcr < 75).sum())


def test_confidence_wins_equal_a_brute_force_count(tmp_path: Path) -> None:
    """The pruned count of samples in which a vendor is first under its own weights is the
    count every vendor's full scores give, under the sum and the product, with exclusions."""
    rows = "\n".join(
        f"  - {{id: c{k}, kind: numeric, field: metrics.m{k}, direction: higher, weight: 1}}"
        for k in range(4)
    )
    rng = np.random.default_rng(8)
    vendors = []
    for v in range(30):
        figures = ", ".join(
            f"m{k}: {{low: {lo:.3f}, high: {lo + rng.uniform(0.1, 3):.3f}}}"
            for k, lo in enumerate(rng.uniform(1, 10, 4))
        )
        vendors.append(f"id: v{v:02d}\nname: V{v}\nmetrics: {{{figures}}}\n")
    root = write_project(
        tmp_path,
        "gates:\n  - {field: metrics.m0, op: '>=', value: 3}\ncriteria:\n" + rows,
        vendors,
    )
    for method in ("weighted_sum", "weighted_product"):
        evaluation = evaluate_at(root, method=method)
        assert evaluation.context is not None
        measurements = Measurements(evaluation.context)
        chunk = Chunk(
            evaluation,
            measurements.draw(np.random.default_rng(1).random((300, len(measurements.inputs)))),
            ranked_rows(evaluation, measurements),
        )
        n = len(evaluation.ranked_ids)
        weights = np.random.default_rng(5).dirichlet(np.ones(4), size=n)
        ties = np.arange(n)
        every = list(range(n))
        brute = []
        for v in every:
            scores = chunk.scores(weights[v : v + 1])
            best = ties[np.argmax(scores[:, ties], axis=1)]
            brute.append(int(((best == v) & np.isfinite(scores[np.arange(300), best])).sum()))
        assert chunk.wins(weights, every, ties).tolist() == brute
        assert sum(brute) > 0


# --- evaluators, staffing, drivers --------------------------------------------------------


def test_evaluators_drawn_give_each_evaluators_score_equally_often(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        "criteria:\n  - {id: refs, kind: rubric, weight: 1, uncertainty: evaluators}\n",
        ["id: a\nname: A\n", "id: b\nname: B\n"],
        {
            "x": "evaluator: X\nscores: {a: {refs: 2}, b: {refs: 3}}\n",
            "y": "evaluator: Y\nscores: {a: {refs: 5}, b: {refs: 3}}\n",
        },
    )
    evaluation = evaluate_at(root)
    assert evaluation.context is not None
    measurements = Measurements(evaluation.context)
    assert [i.key for i in measurements.inputs] == ["a refs"]  # B's evaluators agree
    u = np.random.default_rng(0).random((4000, 1))
    refs = measurements.draw(u).raw[0][:, 0]
    assert set(np.unique(refs).tolist()) == {2.0, 5.0}
    assert abs(float((refs == 5.0).mean()) - 0.5) <= 4 * math.sqrt(0.25 / 4000)
    result = smaa(evaluation, SmaaOptions(samples=4000, fixed_weights=True))
    first = float(result.acceptability[result.vendors.index("a"), 0])
    assert abs(first - 0.5) <= 4 * math.sqrt(0.25 / 4000)


def test_an_uncertain_volume_restaffs_each_vendor_on_a_grid(project: Path) -> None:
    """The example staffs its year with Erlang C: a ±20 % volume changes every per-hour
    vendor's hours (and so its cost) through the staffing model, not in proportion."""
    criteria = project / "criteria" / "retail-cx.yaml"
    criteria.write_text(
        criteria.read_text().replace(
            "  fx: {plus_minus_percent: 5}\n", "  volume: {plus_minus_percent: 20}\n"
        )
    )
    evaluation = evaluate_at(project)
    assert evaluation.context is not None
    measurements = Measurements(evaluation.context)
    assert measurements.grid is not None
    ids = [v.id for v in evaluation.context.vendors]
    row = ids.index("bayani-cx")
    point = evaluation.context.raw.staffed["bayani-cx"].productive
    hours, _ = measurements.grid.at(row, np.array([0.8, 1.0, 1.2]))
    low, mid, high = (float(h) for h in hours.productive)  # type: ignore[attr-defined]
    assert mid == pytest.approx(point, rel=1e-12)
    assert low < mid < high
    assert (high - mid) / mid < 0.2  # pooling: +20 % volume needs less than +20 % hours
    assert (mid - low) / mid < 0.2


# --- the command line and the outputs ------------------------------------------------------


def test_the_headline_names_the_sources_and_off_is_weights_only(cli: CliRunner) -> None:
    on = json.loads(cli("sensitivity", "--example", "--format", "json", "--samples", "500").out)
    summary = on["robustness"]["summary"]
    assert "uncertain vendor figures" in summary
    assert "exchange rates (EUR, GBP)" in summary
    assert "individual evaluators' scores" in summary
    off = cli(
        "sensitivity", "--example", "--format", "json", "--samples", "500", "--uncertainty", "off"
    )
    doc = json.loads(off.out)
    assert doc["smaa"]["uncertain_data"] is None
    assert doc["robustness"]["summary"].endswith(
        "samples of random weightings (uniform over all weight combinations)."
    )
    fixed = json.loads(
        cli(
            "sensitivity", "--example", "--format", "json", "--samples", "500", "--fixed-weights"
        ).out
    )
    assert fixed["smaa"]["fixed_weights"] is True
    assert "the stated weights (fixed)" in fixed["robustness"]["summary"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fixed-weights", "--uncertainty", "off"), "leaves nothing to draw"),
        (("--fixed-weights", "--weights", "jitter"), "--fixed-weights draws no weights"),
        (("--uncertainty", "maybe"), "maybe"),
    ],
)
def test_conflicting_uncertainty_flags_are_usage_errors(
    cli: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = cli("sensitivity", "--example", *args)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""


def test_ranges_show_next_to_raw_values_in_every_output(cli: CliRunner, tmp_path: Path) -> None:
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    table_bay = next(v for v in doc["ranking"] if v["id"] == "table-bay")["criteria"]
    assert table_bay["quality"]["range"] == [76.0, 84.0]  # FCR 80, sd 2: mean ± 2 sd
    assert table_bay["attrition"]["range"] == [20.0, 30.0]
    assert "range" not in table_bay["csat"]  # audited
    rows = list(csv.DictReader(io.StringIO(cli("rank", "--example", "--format", "csv").out)))
    first = next(r for r in rows if r["id"] == "table-bay")
    assert (float(first["quality.low"]), float(first["quality.high"])) == (76.0, 84.0)
    report = tmp_path / "r.md"
    assert cli("report", "--example", "-o", str(report), "--samples", "300", "-q").code == 0
    assert "| Table Bay Contact | 80 (76–84) |" in report.read_text()


def test_validate_warns_of_a_range_nothing_reads(cli: CliRunner, project: Path) -> None:
    vendor = project / "vendors" / "table-bay.yaml"
    vendor.write_text(vendor.read_text().replace("  nps: 45\n", "  nps: {low: 40, high: 50}\n"))
    result = cli("validate", str(project))
    assert result.code == 0
    line = next(n for n, text in enumerate(vendor.read_text().splitlines(), 1) if "nps:" in text)
    assert (
        f"table-bay.yaml:{line}:3: warning: table-bay's kpis.nps has a range, but no" in result.out
    )
    assert "[range-unused]" in result.out


def test_ratio_scoring_refuses_a_range_that_reaches_zero(cli: CliRunner, tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        "criteria:\n  - {id: refs, kind: numeric, field: metrics.refs, direction: higher, "
        "weight: 1, scoring: {method: ratio}}\n",
        [
            "id: a\nname: A\nmetrics: {refs: {value: 2, plus_minus: 3}}\n",
            "id: b\nname: B\nmetrics: {refs: 4}\n",
        ],
    )
    result = cli("validate", str(root))
    assert result.code == 1
    assert "v00.yaml:3:11: error: 'refs' uses ratio scoring" in result.out
    assert "reaches -1" in result.out


def test_a_cost_past_1e15_at_the_top_of_its_range_is_refused_where_it_is_written(
    cli: CliRunner, project: Path
) -> None:
    vendor = project / "vendors" / "andes.yaml"
    vendor.write_text(
        vendor.read_text().replace(
            "rate: {value: 0.36, plus_minus_percent: 5}",
            "rate: {value: 30000000, plus_percent: 1000}",
        )
    )
    result = cli("sensitivity", str(project))
    assert result.code == 1
    assert result.out == ""
    assert "andes.yaml:10:3: error: at the top of its ranges, annual cost comes to" in result.err


def test_explain_shows_a_quotes_range_in_its_cost_derivation(cli: CliRunner) -> None:
    text = cli("explain", "table-bay", "andes", "--example").out
    assert "per_productive_hour at 11.5 GBP (quoted as 10.925–13.225)" in text
    assert "× fx 1.27 USD per GBP (drawn ± 5 %):" in text
    doc = json.loads(cli("explain", "table-bay", "andes", "--example", "--format", "json").out)
    ranges = {d["vendor"]: d["rate_range"] for d in doc["cost_derivation"]}
    assert ranges["table-bay"] == pytest.approx([11.5 * 0.95, 11.5 * 1.15])
    assert ranges["andes"] == pytest.approx([0.36 * 0.95, 0.36 * 1.05])


def test_diff_reports_a_changed_range_and_a_sheet_is_filled_with_points(
    cli: CliRunner, tmp_path: Path
) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for root in (before, after):
        assert cli("init", str(root)).code == 0
    bayani = after / "vendors" / "bayani-cx.yaml"
    bayani.write_text(bayani.read_text().replace("plus_percent: 15", "plus_percent: 25"))
    doc = json.loads(cli("diff", str(before), str(after), "--format", "json").out)
    assert [(c["field"], c["before"], c["after"]) for c in doc["changes"]] == [
        ("pricing.rate.plus_percent", 15.0, 25.0)
    ]
    sheet = tmp_path / "sheet.xlsx"
    assert cli("sheet", str(after), "--fill", "-o", str(sheet), "-q").code == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(sheet)["Vendors"].iter_rows(values_only=True))
    header = rows[0]
    bayani_row = next(r for r in rows if "bayani-cx" in r)
    rate = bayani_row[next(i for i, h in enumerate(header) if h and "rate" in str(h))]
    assert rate == 11.5  # the point value: a workbook cell holds a number


def test_order_and_driver_errors_are_placed_at_their_key(cli: CliRunner, project: Path) -> None:
    criteria = project / "criteria" / "retail-cx.yaml"
    criteria.write_text(
        criteria.read_text().replace("  fx: {plus_minus_percent: 5}", "  fx: {plus_minus: 0.05}")
    )
    vendor = project / "vendors" / "andes.yaml"
    vendor.write_text(
        vendor.read_text().replace(
            "attrition: {low: 30, high: 40}", "attrition: {low: 40, high: 30}"
        )
    )
    out = cli("validate", str(project)).out
    fx_line = next(
        n for n, t in enumerate(criteria.read_text().splitlines(), 1) if "fx: {plus_minus:" in t
    )
    assert f"retail-cx.yaml:{fx_line}:3: error: fx takes a spread in percent" in out
    line = next(n for n, t in enumerate(vendor.read_text().splitlines(), 1) if "attrition:" in t)
    column = vendor.read_text().splitlines()[line - 1].index("low") + 1
    assert f"andes.yaml:{line}:{column}: error: low must not be above high" in out


def test_a_rare_exclusion_is_never_shown_as_zero() -> None:
    from vendorscore.analysis.uncertainty import _share

    assert _share(0.0001) == "under 0.1 %"
    assert _share(0.0) == "0.0 %"
    assert _share(0.25) == "25.0 %"


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_reports_audit_lists_the_uncertainty_assumptions(
    cli: CliRunner, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"r.{suffix}"
    assert cli("report", "--example", "-o", str(out), "--samples", "200", "-q").code == 0
    text = out.read_text()
    assert "Default spreads (criteria file): kpis.csat: sd 1.5; fx: ± 5 %" in text
    assert "Audited figures (no default spread): table-bay kpis.csat" in text
    assert "Uncertainty drawn: random weightings" in text
