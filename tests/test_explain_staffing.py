"""`explain` under a staffing model (issue 12): each vendor's annual cost derived step by step,
the flat formula's figure beside it; under model flat, explain prints what it always did."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.builders import ranking, raw_of
from tests.conftest import DATA, ROOT, CliRunner
from tests.test_report_staffing import HOSTILE, hostile_name, staffed_project

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize(
    ("fmt", "golden"), [("table", "flat-explain.txt"), ("json", "flat-explain.json")]
)
def test_under_the_flat_model_explain_is_byte_for_byte_its_golden(
    fmt: str, golden: str, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12's output (no staffing derivation under the flat formula), plus issue 15's cost
    breakdown of the two vendors, which cost separates."""
    shutil.copytree(DATA / "flat-example", tmp_path / "example")
    monkeypatch.chdir(tmp_path)
    result = cli("explain", "table-bay", "andes", "example", "-f", fmt)
    assert result.code == 0, result.err
    assert result.out == (GOLDEN / golden).read_text(encoding="utf-8")


def derivations(cli: CliRunner, a: str, b: str, *where: str) -> list[dict[str, Any]]:
    result = cli("explain", a, b, *where, "-f", "json")
    assert result.code == 0, result.err
    found: list[dict[str, Any]] = json.loads(result.out)["cost_derivation"]
    assert [d["vendor"] for d in found] == [a, b]
    return found


def as_flat(project: Path) -> Path:
    """The same project under model flat (the staffing keys the flat model ignores kept)."""
    criteria = next((project / "criteria").glob("*.yaml"))
    text = criteria.read_text()
    assert text.count("model: erlang_c") == 1
    flat = text.replace("model: erlang_c", "model: flat")
    criteria.write_text(flat.replace("peak_gate: true", "peak_gate: false"))
    return project


def check_arithmetic(d: dict[str, Any], raw: float, flat_raw: float) -> None:
    """The steps multiply out to the cost criterion's raw value, and the flat figure to the
    raw value the flat model gives the same vendor."""
    approx = pytest.approx
    assert d["usage"] == approx(d["rate"] * d["quantity"])
    assert d["setup_per_year"] == approx(d["setup_fee"] / d["contract_years"])
    assert (d["usage"] + d["setup_per_year"]) * d["fx"] == approx(d["annual"])
    assert d["annual"] == approx(raw, rel=1e-12)
    handle_hours = d["contacts"] * d["aht_seconds"] / 3600
    assert d["occupancy"] == approx(100 * handle_hours / d["staffed_hours"])
    assert d["rostered_hours"] == approx(d["staffed_hours"] / (1 - d["shrinkage"] / 100))
    assert d["flat_hours"] == approx(handle_hours / (d["flat_occupancy"] / 100))
    unit = d["unit"]
    if unit == "per_productive_hour":
        assert d["quantity"] == d["staffed_hours"]
        assert d["flat_quantity"] == approx(d["flat_hours"])
    elif unit == "per_fte_month":
        assert d["quantity"] == approx(d["rostered_hours"] / d["hours_per_fte_month"])
        kept = 1 - d["shrinkage"] / 100
        assert d["flat_quantity"] == approx(d["flat_hours"] / kept / d["hours_per_fte_month"])
    elif unit == "per_minute":
        assert d["quantity"] == approx(d["contacts"] * d["aht_seconds"] / 60)
    elif unit == "per_resolved_contact":
        assert d["quantity"] == approx(d["contacts"] * d["resolution_rate"] / 100)
    flat_usage = d["rate"] * d["flat_quantity"]
    assert (flat_usage + d["setup_per_year"]) * d["fx"] == approx(d["flat_annual"])
    assert d["flat_annual"] == approx(flat_raw, rel=1e-12)


def test_the_derivation_multiplies_out_for_every_pricing_unit(
    cli: CliRunner, tmp_path: Path, project: Path
) -> None:
    own = staffed_project(tmp_path / "own")
    cases = [
        (own, "hourly", "monthly"),  # EUR per productive hour; USD per FTE-month
        (project, "table-bay", "andes"),  # GBP per productive hour; per minute
        (project, "mabuhay", "bayani-cx"),  # per resolved contact; USD per productive hour
    ]
    units = set()
    staffed = {root: ranking(root) for root in (own, project)}
    flat_copies = {
        root: ranking(as_flat(shutil.copytree(root, tmp_path / f"flat-{i}")))
        for i, root in enumerate((own, project))
    }
    for root, a, b in cases:
        r = staffed[root]
        assert r.staffing is not None
        for d in derivations(cli, a, b, str(root)):
            figures = r.staffing.of(d["vendor"])
            assert figures is not None
            assert d["staffed_hours"] == figures.staffed_hours
            raw, flat_raw = (
                raw_of(r, d["vendor"], "cost"),
                raw_of(flat_copies[root], d["vendor"], "cost"),
            )
            assert raw is not None
            assert flat_raw is not None
            check_arithmetic(d, raw, flat_raw)
            units.add(d["unit"])
    assert units == {"per_productive_hour", "per_fte_month", "per_minute", "per_resolved_contact"}


def test_the_table_puts_the_derivation_in_words(cli: CliRunner, tmp_path: Path) -> None:
    root = staffed_project(tmp_path / "p")
    d = {x["vendor"]: x for x in derivations(cli, "hourly", "monthly", str(root))}
    result = cli("explain", "hourly", "monthly", str(root))
    assert result.code == 0, result.err
    text = result.out
    hourly, monthly = d["hourly"], d["monthly"]
    assert (
        f"staffed hours {hourly['staffed_hours']:,.0f} (Erlang C 80/20, AHT 330 s from the "
        f"vendor, implied occupancy {hourly['occupancy']:.1f} %)"
    ) in text
    assert f"× fx 1.08 USD per EUR: {hourly['usage'] + hourly['setup_per_year']:,.0f} EUR" in text
    assert "(Erlang C 80/20, AHT 300 s from the workload" in text  # monthly gives no AHT of its own
    assert f"rostered hours = {monthly['staffed_hours']:,.0f} / (1 − 25 %) = " in text
    assert f" / 160 hours per FTE-month = {monthly['quantity']:,.2f}\n" in text
    assert f"= {monthly['annual']:,.0f} USD a year" in text
    assert f"→ {monthly['flat_annual']:,.0f} USD a year" in text


def test_a_flat_project_has_no_derivation(cli: CliRunner, tmp_path: Path) -> None:
    root = as_flat(staffed_project(tmp_path / "p"))
    table = cli("explain", "hourly", "monthly", str(root))
    document = json.loads(cli("explain", "hourly", "monthly", str(root), "-f", "json").out)
    assert table.code == 0
    assert "annual cost is derived" not in table.out
    assert "cost_derivation" not in document


def test_a_hostile_name_in_the_derivation_is_shown_escaped(cli: CliRunner, tmp_path: Path) -> None:
    root = staffed_project(tmp_path / "p", name="PLACEHOLDER")
    vendor = root / "vendors" / "v00.yaml"
    vendor.write_text(vendor.read_text().replace("'PLACEHOLDER'", f'"{hostile_name()}"'))
    result = cli("explain", "hourly", "monthly", str(root))
    assert result.code == 0, result.err
    derivation = result.out[result.out.index("annual cost is derived") :]
    assert "\x1b" not in result.out
    assert "\u202e" not in result.out
    assert (
        "<script>alert(1)</script> {{ 7*7 }} | **x** \\x1b[2J\\u202egnp.exe (hourly)" in derivation
    )
    document = json.loads(cli("explain", "hourly", "monthly", str(root), "-f", "json").out)
    assert document["cost_derivation"][0]["name"] == HOSTILE
