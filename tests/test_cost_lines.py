"""Every vendor's cost breakdown (issue 15, item 2): in `rank --format json` and the workbook,
excluded vendors included, adding up to the cost criterion's raw value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FLAT_EXAMPLE, CliRunner


@pytest.mark.parametrize("project", ["--example", str(FLAT_EXAMPLE)])
def test_cost_lines_add_up_to_the_criterion(cli: CliRunner, project: str) -> None:
    doc = json.loads(cli("rank", project, "--format", "json").out)
    raw = {v["id"]: v["criteria"]["cost"]["raw"] for v in doc["ranking"]}
    lines = {c["id"]: c for c in doc["costs"]}
    assert set(raw) <= set(lines)
    for vid, cost in raw.items():
        assert lines[vid]["annual"] == pytest.approx(cost, rel=1e-12)
    for line in lines.values():
        assert line["run_rate"] + line["setup_per_year"] == pytest.approx(line["annual"], rel=1e-12)
        assert line["contract_total"] == pytest.approx(line["annual"] * line["contract_years"])
        assert line["run_rate"] == pytest.approx(line["rate"] * line["quantity"] * line["fx"])
    excluded = {x["id"] for x in doc["excluded"]}
    assert excluded
    assert excluded <= set(lines)
    assert all(lines[x]["excluded"] for x in excluded)
    staffed = project == "--example"
    assert all((line["peak_rostered"] is not None) == staffed for line in lines.values())


def test_table_bay_is_priced_in_pounds_at_the_files_rate(cli: CliRunner) -> None:
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    line = next(c for c in doc["costs"] if c["id"] == "table-bay")
    assert (line["quote_currency"], line["fx"], line["rate"]) == ("GBP", 1.27, 11.5)
    assert line["quantity_unit"] == "staffed hours"
    assert line["setup_per_year"] == pytest.approx(12000 / 3 * 1.27)


def test_each_line_dates_the_rate_it_converts_with(cli: CliRunner) -> None:
    """A converted quote carries the criteria file's fx_as_of; a base-currency quote none."""
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    dated = {c["quote_currency"]: c["fx_as_of"] for c in doc["costs"]}
    assert dated["GBP"] == dated["EUR"] == "2026-11-01"
    assert dated["USD"] is None


def test_the_workbook_has_a_costs_sheet(cli: CliRunner, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the [xlsx] extra is not installed")
    out = tmp_path / "r.xlsx"
    assert cli("rank", "--example", "--format", "xlsx", "-o", str(out)).code == 0
    sheet = openpyxl.load_workbook(out)["Costs"]
    header = [c.value for c in sheet[1]]
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(doc["costs"])
    for row in rows:
        annual = row[header.index("annual")]
        assert annual.number_format == '#,##0 "USD"'
        expected = next(c["annual"] for c in doc["costs"] if c["id"] == row[0].value)
        assert annual.value == pytest.approx(expected, rel=1e-14)  # xlsx keeps 15 digits
    # listed as the report lists them: ranked vendors in ranking order, then the excluded
    order = [v["id"] for v in doc["ranking"]] + [x["id"] for x in doc["excluded"]]
    listed = [row[0].value for row in rows]
    assert listed == [v for v in order if v in listed]
