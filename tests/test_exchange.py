"""Spreadsheets: the response sheet, importing responses (xlsx and CSV), ranking exports."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl

from tests.conftest import EXAMPLE, CliRunner


def test_response_sheet_has_dropdowns_units_and_instructions(
    cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "responses.xlsx"
    assert (
        cli(
            "sheet", "--criteria", str(EXAMPLE / "criteria" / "retail-cx.yaml"), "-o", str(out)
        ).code
        == 0
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Instructions", "Vendors", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    assert "How to fill this workbook" in str(book["Instructions"]["A3"].value)
    sheet = book["Vendors"]
    headers = [c.value for c in sheet[1]]
    for header in (
        "rate (currency per unit)",
        "setup fee (currency)",
        "AHT (seconds)",
        "FCR (%)",
        "window 1 start (HH:MM)",
        "language en level",
        "language es agents",
        "pricing unit",
    ):
        assert header in headers
    assert sheet.freeze_panes == "C2"
    lists = {
        str(dv.sqref).split(":")[0][:-1]: dv.formula1
        for dv in sheet.data_validations.dataValidation
    }
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, start=1)}
    lists_sheet = book["Lists"]

    def values(formula: str) -> list[str]:
        column = formula.split("!")[1].split(":")[0].replace("$", "")[0]
        return [c.value for c in lists_sheet[column][1:] if c.value]

    assert values(lists[letter["pricing unit"]])[:2] == ["per_productive_hour", "per_fte_month"]
    assert "EUR" in values(lists[letter["currency (ISO 4217)"]])
    assert values(lists[letter["language en level"]]) == [
        "native",
        "C2",
        "C1",
        "B2",
        "B1",
        "A2",
        "A1",
    ]
    assert values(lists[letter["window 1 days"]])[:3] == ["daily", "weekdays", "weekends"]


def test_sheet_fill_import_rank_round_trip(cli: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "filled.xlsx"
    assert cli("sheet", "--example", "--fill", "-o", str(sheet)).code == 0
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE / "criteria", project / "criteria")
    shutil.copytree(EXAMPLE / "scores", project / "scores")
    (project / "vendors").mkdir()
    result = cli("import", str(sheet), "-o", str(project / "vendors"))
    assert result.code == 0, result.err
    assert len(list((project / "vendors").glob("*.yaml"))) == 7
    mine = json.loads(cli("rank", str(project), "-f", "json").out)
    example = json.loads(cli("rank", "--example", "-f", "json").out)
    assert [(r["rank"], r["id"], r["score"]) for r in mine["ranking"]] == [
        (r["rank"], r["id"], r["score"]) for r in example["ranking"]
    ]
    assert mine["excluded"] == example["excluded"]
    # exporting the imported vendors and importing them again changes nothing
    again = tmp_path / "again.xlsx"
    assert cli("sheet", str(project), "--fill", "-o", str(again)).code == 0
    second = tmp_path / "second"
    second.mkdir()
    assert cli("import", str(again), "-o", str(second)).code == 0
    for file in (project / "vendors").glob("*.yaml"):
        first_text = file.read_text().split("\n", 1)[1]  # the first line names the source row
        assert (second / file.name).read_text().split("\n", 1)[1] == first_text


def filled(tmp_path: Path, cli: CliRunner) -> Path:
    sheet = tmp_path / "responses.xlsx"
    cli("sheet", "--example", "--fill", "-o", str(sheet))
    return sheet


def cell_of(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str, row: int) -> str:
    headers = [c.value for c in sheet[1]]
    return f"{openpyxl.utils.get_column_letter(headers.index(header) + 1)}{row}"


def test_bad_rows_are_reported_by_cell_and_nothing_is_written(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = filled(tmp_path, cli)
    book = openpyxl.load_workbook(path)
    sheet = book["Vendors"]
    rate = cell_of(sheet, "rate (currency per unit)", 3)
    currency = cell_of(sheet, "currency (ISO 4217)", 5)
    level = cell_of(sheet, "language en level", 4)
    sheet[rate] = -3
    sheet[currency] = "usd"
    sheet[level] = "fluent"
    book.save(path)
    out = tmp_path / "vendors"
    out.mkdir()
    result = cli("import", str(path), "-o", str(out))
    assert result.code == 1
    assert (
        f"responses.xlsx!Vendors!{rate}: error: rate must be > 0, got -3 [not-positive]"
        in result.err
    )
    assert f"responses.xlsx!Vendors!{currency}: error:" in result.err
    assert "[bad-currency]" in result.err
    assert f"responses.xlsx!Vendors!{level}: error:" in result.err
    assert list(out.iterdir()) == []
    partial = cli("import", str(path), "-o", str(out), "--partial")
    assert partial.code == 1
    assert len(list(out.iterdir())) == 4  # 7 rows, 3 of them bad


def test_csv_import(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "id",
                "name",
                "currency (ISO 4217)",
                "pricing unit",
                "rate (currency per unit)",
                "window 1 days",
                "window 1 start (HH:MM)",
                "window 1 end (HH:MM, 24:00 ok)",
                "window 1 time zone (IANA)",
                "languages (other): code level [agents]; …",
                "FCR (%)",
            ]
        )
        writer.writerow(
            [
                "acme",
                "Acme, Inc.",
                "USD",
                "per_contact",
                "2.40",
                "weekdays",
                "08:00",
                "20:00",
                "America/Chicago",
                "en native 40; es-MX C1 5",
                "78",
            ]
        )
        writer.writerow(["bad id", "Bad", "USD", "per_contact", "x", "", "", "", "", "", ""])
    out = tmp_path / "vendors"
    out.mkdir()
    result = cli("import", str(path), "-o", str(out))
    assert result.code == 1
    assert "responses.csv!A3: error:" in result.err
    assert "responses.csv!E3: error:" in result.err
    assert cli("import", str(path), "-o", str(out), "--partial").code == 1
    text = (out / "acme.yaml").read_text()
    assert "name: Acme, Inc." in text
    assert "- {code: es-MX, level: C1, agents: 5}" in text
    assert cli("validate", str(out / "acme.yaml")).code == 0


def test_import_refuses_other_files(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("import", str(tmp_path / "none.xlsx")).code == 2
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    result = cli("import", str(junk), "-o", str(tmp_path))
    assert result.code == 1
    assert "[bad-workbook]" in result.err


def test_rank_as_a_workbook(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "ranking.xlsx"
    assert cli("rank", "--example", "-f", "xlsx", "-o", str(out)).code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Ranking", "Weights", "Breakdown", "Costs", "Excluded", "Warnings"]
    for name in book.sheetnames:
        assert book[name].freeze_panes == "A2"
    ranking = book["Ranking"]
    assert [c.value for c in ranking[1]][:4] == ["rank", "id", "name", "score"]
    assert ranking["B2"].value == "table-bay"
    assert isinstance(ranking["D2"].value, float)
    listed = json.loads(cli("rank", "--example", "-f", "json").out)["ranking"][0]["score"]
    assert ranking["D2"].value == listed
    excluded = {row[0] for row in book["Excluded"].iter_rows(min_row=2, values_only=True)}
    assert excluded == {"heartland", "kaveri", "vistula-tejo"}
    assert cli("rank", "--example", "-f", "xlsx").code == 2


def test_rank_to_a_file(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = cli("rank", "--example", "-f", "json", "-o", str(out))
    assert result.code == 0
    assert result.out == ""
    assert json.loads(out.read_text())["ranking"][0]["id"] == "table-bay"
