"""The spreadsheet ranking ready to forward (issue 15, item 8): numbers in their formats,
weights as percentages, columns as wide as what they show."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRunner

openpyxl = pytest.importorskip("openpyxl", reason="the [xlsx] extra is not installed")


@pytest.fixture
def book(cli: CliRunner, tmp_path: Path):  # type: ignore[no-untyped-def]
    out = tmp_path / "ranking.xlsx"
    assert cli("rank", "--example", "--format", "xlsx", "-o", str(out)).code == 0
    return openpyxl.load_workbook(out)


def test_scores_and_contributions_have_decimals_not_float_noise(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["Ranking"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        assert row[header.index("score")].number_format == "0.00"
        for cell in row[4:]:
            assert cell.number_format == "0.0"  # points of the 0-100 score


def test_weights_are_percentages_that_sum_to_one(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["Weights"]
    weights = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.number_format == "0.0%" for cell in weights)
    assert sum(cell.value for cell in weights) == pytest.approx(1.0)


def test_breakdown_shows_money_with_its_currency_and_percent_with_its_sign(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["Breakdown"]
    header = [c.value for c in sheet[1]]
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        unit, raw = row[header.index("unit")].value, row[header.index("raw")]
        assert row[header.index("weight")].number_format == "0.0%"
        if raw.value is None:
            continue
        if unit == "USD":
            assert raw.number_format == '#,##0 "USD"'
            seen.add("money")
        elif unit == "%":
            assert raw.number_format == '0.0" %"'
            seen.add("percent")
    assert seen == {"money", "percent"}


def test_columns_are_as_wide_as_what_they_show(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["Ranking"]
    names = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert sheet.column_dimensions["C"].width >= min(60, max(len(n) for n in names))
    reasons = book["Excluded"]
    longest = max(len(row[2].value) for row in reasons.iter_rows(min_row=2))
    assert reasons.column_dimensions["C"].width == min(60, longest + 2)
