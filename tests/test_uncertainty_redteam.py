"""Regression tests for the red-team pass over uncertain vendor data (issue 13): each project
in ``data/hostile/uncertainty/`` is the reproducer of one finding."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tests.builders import evaluate_at, write_project
from tests.conftest import DATA, CliRunner
from vendorscore.analysis.uncertainty import UNCERTAIN_CELLS, uncertain_chunk
from vendorscore.scoring import distributions
from vendorscore.scoring.sampling import Measurements

CASES = DATA / "hostile" / "uncertainty"


def _json(cli: CliRunner, *args: str) -> dict[str, object]:
    result = cli(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_a_normal_aht_under_a_staffing_model_is_staffed_over_its_reach(cli: CliRunner) -> None:
    """The grid spanned the field's bound (10^15 s): rank, sensitivity and report failed."""
    case = str(CASES / "01-normal-aht-under-staffing")
    assert cli("rank", case).code == 0
    assert _json(cli, "sensitivity", case, "--samples", "300")["smaa"]["uncertain_data"]


def test_each_vendor_is_staffed_on_its_own_grid_through_its_stated_load(cli: CliRunner) -> None:
    """One vendor's AHT range (+1000 %) coarsened every other vendor's grid: B's sampled cost
    at its stated figures was 11 % low, and its shown range left out its raw value."""
    case = CASES / "02-shared-load-grid"
    doc = _json(cli, "rank", str(case))
    for row in doc["ranking"]:  # type: ignore[attr-defined]
        cost = row["criteria"]["cost"]
        low, high = cost["range"]
        assert low <= cost["raw"] <= high
    evaluation = evaluate_at(case)
    assert evaluation.context is not None
    measurements = Measurements(evaluation.context)
    assert measurements.grid is not None
    for row, vendor in enumerate(evaluation.context.vendors):
        hours, _ = measurements.grid.at(row, np.array([1.0]))
        point = evaluation.context.raw.staffed[vendor.id].productive
        assert float(hours.productive[0]) == point  # type: ignore[index]


def test_a_drawn_load_the_staffing_models_refuse_names_the_vendor_and_factor(
    cli: CliRunner,
) -> None:
    case = str(CASES / "03-load-too-large-from-ranges")
    assert cli("rank", case).code == 0  # the ranking needs no drawn load
    result = cli("sensitivity", case)
    assert result.code == 1
    assert result.out == ""
    assert "c.yaml:5:3: error: a at 8.5 × its contact volume (the top of its drawn range)" in (
        result.err
    )
    assert "[load-too-large]" in result.err


def test_drawn_language_agents_reach_the_languages_criterion(cli: CliRunner) -> None:
    case = str(CASES / "04-language-agents-ranges-ignored")
    doc = _json(cli, "sensitivity", case, "--fixed-weights", "--samples", "4000")
    first = doc["smaa"]["acceptability"]  # type: ignore[index]
    # B serves Spanish while its drawn count (0 or 1) is 1: about half the draws
    assert abs(first["b"][0] - 0.5) <= 4 * math.sqrt(0.25 / 4000)


def test_a_figure_written_exact_but_not_audited_takes_the_defaults(cli: CliRunner) -> None:
    case = str(CASES / "07-source-without-audited-drops-default")
    inputs = _json(cli, "sensitivity", case, "--samples", "200")["smaa"]["uncertain_data"]
    keys = {i["key"] for i in inputs["inputs"]}  # type: ignore[index]
    assert keys == {"a kpis.csat", "a kpis.fcr", "b kpis.csat", "b kpis.fcr"}


def test_a_setup_fee_range_needs_contract_years(cli: CliRunner) -> None:
    result = cli("validate", str(CASES / "10-setup-fee-range-hidden-contract-years"))
    assert result.code == 1
    assert "a setup fee needs workload.contract_years" in result.out


def test_sampled_topsis_keeps_the_rankings_order_on_tiny_values(cli: CliRunner) -> None:
    case = str(CASES / "11-topsis-sampled-underflow")
    ranked = [r["id"] for r in _json(cli, "rank", case)["ranking"]]  # type: ignore[index]
    acceptability = _json(cli, "sensitivity", case, "--fixed-weights", "--samples", "500")["smaa"][
        "acceptability"
    ]  # type: ignore[index]
    assert [max(acceptability, key=lambda v: acceptability[v][r]) for r in range(3)] == ranked


def test_a_single_vendors_verdict_names_its_exclusion_share(cli: CliRunner) -> None:
    doc = _json(cli, "sensitivity", str(CASES / "12-single-vendor-verdict"), "--samples", "4000")
    robustness = doc["robustness"]  # type: ignore[index]
    assert robustness["level"] != "robust"
    assert "and a gate excludes it in" in robustness["summary"]
    assert any("is excluded by a gate in" in d for d in robustness["details"])


def test_agent_count_ranges_are_whole_and_show_around_their_point(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(CASES / "13-count-ranges-fractional"))
    doc = json.loads(result.out)
    codes = [(Path(e["file"]).name, e["code"]) for e in doc["errors"]]
    assert codes == [("b.yaml", "not-whole"), ("b.yaml", "not-whole"), ("d.yaml", "not-whole")]


def test_normal_agent_counts_show_a_whole_range_around_their_point(
    cli: CliRunner, tmp_path: Path
) -> None:
    root = write_project(
        tmp_path,
        "criteria:\n  - {id: ag, kind: numeric, field: capacity.agents, direction: higher, "
        "weight: 1}\n",
        [
            "id: c\nname: C\ncapacity: {agents: {mean: 12.5, sd: 0.2}}\n",
            "id: e\nname: E\ncapacity: {agents: 20}\n",
        ],
    )
    cell = next(r for r in _json(cli, "rank", str(root))["ranking"] if r["id"] == "c")  # type: ignore[attr-defined]
    low, high = cell["criteria"]["ag"]["range"]
    assert (low, cell["criteria"]["ag"]["raw"], high) == (12.0, 12.0, 13.0)


def test_uncertainty_keys_that_change_nothing_are_refused_or_warned(
    cli: CliRunner, tmp_path: Path
) -> None:
    result = cli("validate", str(CASES / "14-silent-uncertainty-keys"))
    assert result.code == 1
    assert "'metrics.' is a field no range can be on" in result.out
    root = write_project(
        tmp_path,
        """\
        uncertainty:
          fx.USD: {plus_minus_percent: 5}
          fx.JPY: {plus_minus_percent: 5}
          capacity.*: {plus_minus: 3}
        criteria:
          - {id: cost, kind: cost, weight: 1}
        """,
        ["id: a\nname: A\npricing: {currency: GBP, unit: per_contact, rate: 2}\n"],
    )
    warned = cli("validate", str(root))
    assert warned.code == 0
    assert "USD is the base currency: its rate is 1" in warned.out
    assert "no vendor quotes in JPY" in warned.out
    assert "no criterion, gate or peak gate reads a capacity field" in warned.out
    assert warned.out.count("[uncertainty-unused]") == 3
    empty = write_project(
        tmp_path / "empty",
        "uncertainty: {kpis.*: {shape: pert}}\ncriteria:\n  - {id: f, kind: numeric, "
        "field: kpis.fcr, direction: higher, weight: 1}\n",
        ["id: a\nname: A\nkpis: {fcr: 80}\n"],
    )
    assert "[uncertainty-empty]" in cli("validate", str(empty)).out


def test_a_drawn_cost_past_1e15_excludes_that_vendor_in_that_sample(cli: CliRunner) -> None:
    """It stopped sensitivity and report with `sampled-range`."""
    doc = _json(
        cli, "sensitivity", str(CASES / "15-excluded-vendor-blocks-analysis"), "--samples", "300"
    )
    assert doc["smaa"]["uncertain_data"] is not None  # type: ignore[index]


def test_a_drawn_tie_breaker_settles_ties_within_a_sample(cli: CliRunner) -> None:
    doc = _json(
        cli, "sensitivity", str(CASES / "16-tie-breaker-on-drawn-figure"), "--samples", "4000"
    )
    acceptability = doc["smaa"]["acceptability"]  # type: ignore[index]
    # A's FCR, drawn from U(70, 90), beats B's 81 in 45 % of samples
    assert abs(acceptability["a"][0] - 0.45) <= 4 * math.sqrt(0.45 * 0.55 / 4000)


def test_memory_is_bounded_whatever_the_number_of_varying_columns(tmp_path: Path) -> None:
    rows = "".join(
        f"  - {{id: c{k}, kind: numeric, field: metrics.m{k}, direction: higher, weight: 1}}\n"
        for k in range(40)
    )
    ranged = ", ".join(f"m{k}: {{low: 1, high: 2}}" for k in range(40))
    plain = ", ".join(f"m{k}: {k % 3}" for k in range(40))
    vendors = [f"id: v{i:03d}\nname: V{i}\nmetrics: {{{plain}}}\n" for i in range(300)]
    vendors.append(f"id: z\nname: Z\nmetrics: {{{ranged}}}\n")
    evaluation = evaluate_at(write_project(tmp_path, "criteria:\n" + rows, vendors))
    assert evaluation.context is not None
    measurements = Measurements(evaluation.context)
    assert len(measurements.varying) == 40
    size = uncertain_chunk(evaluation, measurements)
    per_sample = 301 * (3 * 40 + 2) + 2 * len(measurements.inputs)
    assert size * per_sample <= UNCERTAIN_CELLS
    assert size >= 1


def test_pert_tables_are_made_on_demand_in_a_bounded_cache() -> None:
    laws = tuple(distributions.Law("pert", 0, 1 + k / 1000, 10) for k in range(300))
    drawn = distributions.Laws(laws).draw(np.full((2, 300), 0.5))
    assert np.isfinite(drawn).all()
    info = distributions._beta_table.cache_info()
    assert info.maxsize == 128
    assert info.currsize <= 128


def test_sheet_fill_notes_that_ranges_become_points(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("sheet", "--example", "--fill", "-o", str(tmp_path / "s.xlsx"))
    assert result.code == 0
    assert "note: 5 vendor(s) have figures written as ranges" in result.err


@pytest.mark.parametrize("method", ["weighted_sum", "weighted_product", "topsis"])
def test_the_verdict_never_names_the_winner_as_its_own_challenger(
    cli: CliRunner, method: str
) -> None:
    doc = _json(cli, "sensitivity", "--example", "-m", method, "--samples", "500")
    robustness = doc["robustness"]  # type: ignore[index]
    winner = doc["winner"]  # type: ignore[index]
    names = {"table-bay": "Table Bay Contact", "andes": "Andes Nearshore CX"}
    second = next(d for d in robustness["details"] if d.startswith("Second place"))
    assert names.get(str(winner), "?") not in second
