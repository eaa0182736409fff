"""Every limit on what a vendor file or a flag can inflate: an error with a place and a number.

The hostile files are generated here, at test time (zip bombs, long fields, wide headers),
so no large binary is committed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import CliRunner
from tests.test_import_hardening import GOOD, HEADER, csv_file, damage, workbook
from vendorscore.loading import yamlio


def bomb(path: Path, inflated: int, members: int = 1) -> Path:
    """A response workbook whose Vendors sheet holds one name of ``inflated`` characters
    (a member that inflates about a thousand times), or ``members`` extra members of
    ``inflated`` zero bytes each (many small ones: each below the ratio floor)."""
    workbook(path, [["acme", "BOMB", "USD", "per_contact", 2]])
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info, data in parts:
            if b"BOMB" not in data or members > 1:
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"BOMB")
            with archive.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head)
                for start in range(0, inflated, 2**20):
                    stream.write(b"A" * min(2**20, inflated - start))
                stream.write(tail)
        for index in range(members if members > 1 else 0):
            archive.writestr(f"xl/media/pad{index}.bin", bytes(inflated))
    return path


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(cli: CliRunner, tmp_path: Path) -> None:
    sheet = bomb(tmp_path / "responses.xlsx", 64 * 2**20)
    assert sheet.stat().st_size < 200_000
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err.startswith(
        f"{sheet}:1:1: error: refused: xl/worksheets/sheet1.xml inflates 1,0"
    )
    assert "a workbook member may inflate at most 100 times [zip-bomb]" in result.err
    assert list((tmp_path / "vendors").iterdir()) == []


def test_many_small_members_are_refused_by_their_total(cli: CliRunner, tmp_path: Path) -> None:
    sheet = bomb(tmp_path / "responses.xlsx", 2**20, members=150)  # 150 MiB in ~150 kB
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert "refused: the workbook inflates to more than 134,217,728 bytes (128.0 MiB)" in result.err
    assert "[zip-bomb]" in result.err


def test_a_zip_of_many_files_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    with zipfile.ZipFile(sheet, "a") as archive:
        for index in range(10_000):
            archive.writestr(f"xl/media/{index}.bin", b"")
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert "a workbook may hold at most 10,000 [zip-bomb]" in result.err


def test_a_file_too_large_to_import_is_refused_before_it_is_read(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "responses.csv"
    with sheet.open("wb") as stream:
        stream.truncate(64 * 2**20 + 1)  # sparse: costs no disk
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err == (
        f"{sheet}:1:1: error: file is 64.0 MiB, more than the 64.0 MiB an import reads "
        "[file-too-large]\n"
    )


def test_a_csv_field_past_csv_s_own_limit_is_a_positioned_error(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = csv_file(tmp_path / "responses.csv", [GOOD[0], ["beta", "x" * 200_000, "USD"]])
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err == (
        f"{sheet}:3:1: error: cannot read the CSV: a field longer than 32,767 characters "
        "(the most a cell holds) [bad-csv]\n"
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_cell_longer_than_a_spreadsheet_cell_is_refused(
    cli: CliRunner, tmp_path: Path, suffix: str
) -> None:
    if suffix == "csv":
        sheet = csv_file(tmp_path / "responses.csv", [GOOD[0], ["beta", "B" * 40_000]])
    else:  # openpyxl cuts what it writes at 32,767 characters, not what it reads
        sheet = workbook(tmp_path / "responses.xlsx", [GOOD[0], ["beta", "LONG"]])
        damage(sheet, b"LONG", b"B" * 40_000)
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    cell = "B3" if suffix == "csv" else "Vendors!B3"
    assert result.err == (
        f"{sheet}!{cell}: error: 40,000 characters in one cell: a cell holds at most 32,767 "
        "[cell-too-long]\n"
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_more_rows_than_an_import_reads_are_refused(
    cli: CliRunner, tmp_path: Path, suffix: str
) -> None:
    rows = [[f"v{i}", f"V{i}"] for i in range(20_000 + 1)]
    if suffix == "csv":
        sheet = csv_file(tmp_path / "responses.csv", rows, ["id", "name"])
    else:
        book = openpyxl.Workbook(write_only=True)
        vendors = book.create_sheet("Vendors")
        vendors.append(["id", "name"])
        for row in rows:
            vendors.append(row)
        sheet = tmp_path / "responses.xlsx"
        book.save(sheet)
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    cell = "A20002" if suffix == "csv" else "Vendors!A20002"
    assert result.err == (
        f"{sheet}!{cell}: error: row 20,002: an import reads at most 20,000 vendor rows "
        "(rows 2 to 20,001); split the responses into several files [too-many-rows]\n"
    )
    assert list((tmp_path / "vendors").iterdir()) == []


def test_more_columns_than_an_import_reads_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    header = [*HEADER, *(f"metric m{i}" for i in range(1_000))]
    sheet = csv_file(tmp_path / "responses.csv", [GOOD[0]], header)
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err == (
        f"{sheet}!ALM1: error: the header row has 1,005 columns: an import reads at most 1,000 "
        "[too-many-columns]\n"
    )


def test_a_row_past_the_last_row_of_a_spreadsheet_is_refused(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", [GOOD[0]])
    with zipfile.ZipFile(sheet) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            for cell in "ABCDE":
                data = data.replace(f'r="{cell}2"'.encode(), f'r="{cell}1048577"'.encode())
            archive.writestr(info, data.replace(b'<row r="2"', b'<row r="1048577"'))
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err == (
        f"{sheet}!Vendors!A1048576: error: the sheet goes past row 1,048,576, the last a "
        "spreadsheet has [bad-workbook]\n"
    )


def test_an_xml_entity_bomb_in_a_sheet_is_a_diagnostic_at_its_row(
    cli: CliRunner, tmp_path: Path
) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    sheet = workbook(tmp_path / "responses.xlsx", [["acme", "LOL", "USD", "per_contact", 2]])
    damage(sheet, b"<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet".encode())
    damage(sheet, b"LOL", b"&j;")  # ten billion a's, if expanded
    (tmp_path / "vendors").mkdir()
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err.startswith(f"{sheet}!Vendors!A2: error: cannot read row 2: ParseError: ")
    assert "amplification" in result.err
    assert list((tmp_path / "vendors").iterdir()) == []


def test_rows_past_a_wrong_stated_size_are_read(cli: CliRunner, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    with zipfile.ZipFile(sheet) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(
                info, data.replace(b'<dimension ref="A1:E4"', b'<dimension ref="A1:B2"')
            )
    (tmp_path / "vendors").mkdir()  # an existing folder: only the limit is under test
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "vendors").iterdir()) == [
        "acme.yaml",
        "beta.yaml",
        "gamma.yaml",
    ]


# --- YAML: aliases that repeat text --------------------------------------------------------


def test_aliases_are_counted_by_the_text_they_repeat(cli: CliRunner, tmp_path: Path) -> None:
    """One 2 MiB anchored name and 3,000 aliases: 3,000 nodes, but 6 GB once printed."""
    lines = ["vendors:", f"  - {{id: v0, name: &n {'x' * 2**21}}}"]
    lines += [f"  - {{id: v{i}, name: *n}}" for i in range(1, 3001)]
    path = tmp_path / "vendors.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 2.3e6
    result = cli("validate", str(path))
    assert result.code == 1
    assert result.out.startswith(
        f"{path}:35:21: error: refused: aliases repeat more than 67,108,864 characters of text "
        "(64 MiB) [alias-bomb]"
    )


def test_aliases_within_the_text_budget_load(tmp_path: Path) -> None:
    name = "x" * 2**20
    lines = ["vendors:", f"  - {{id: v0, name: &n {name}}}"]
    lines += [f"  - {{id: v{i}, name: *n}}" for i in range(1, 64)]  # 63 MiB repeated
    doc = yamlio.parse_text(("\n".join(lines) + "\n").encode(), "ok.yaml")
    assert len(doc.data["vendors"]) == 64
    assert doc.data["vendors"][63]["name"] is doc.data["vendors"][0]["name"]


def test_a_repeated_anchored_mapping_counts_its_text_once_per_alias(tmp_path: Path) -> None:
    site = "{name: " + "s" * 2**20 + ", country: PH}"
    lines = ["base: &b " + site, "copies:"] + ["  - *b"] * 70
    with pytest.raises(yamlio.LoadFailure) as caught:
        yamlio.parse_text(("\n".join(lines) + "\n").encode(), "map.yaml")
    assert caught.value.issue.code == "alias-bomb"
    assert caught.value.issue.line == 66  # the 64th alias passes 64 MiB


# --- sheet: no more columns than a spreadsheet holds -------------------------------------


def test_sheet_refuses_more_columns_than_a_spreadsheet_holds(
    cli: CliRunner, tmp_path: Path
) -> None:
    gates = "".join(f"  - {{field: metrics.m{i}, op: '>=', value: 0}}\n" for i in range(16_384))
    criteria = tmp_path / "wide.yaml"
    criteria.write_text(
        "name: Wide\ncriteria:\n"
        "  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 100}\n"
        f"gates:\n{gates}"
    )
    out = tmp_path / "responses.xlsx"
    result = cli("sheet", "--criteria", str(criteria), "-o", str(out))
    assert result.code == 1
    assert result.err == (
        f"{criteria}:2:1: error: the response sheet would need 16,424 columns (0 demanded "
        "languages take two each, 16,384 metrics one each): a spreadsheet holds 16,384 "
        "[too-many-columns]\n"
    )
    assert not out.exists()
