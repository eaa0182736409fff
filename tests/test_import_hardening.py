"""`import` is all or nothing, keeps what exists, and turns every bad cell into a diagnostic.

Hostile response files live in tests/data/hostile/import/ (CSV, each with the diagnostics it
must produce); workbooks are built here, at test time, and damaged byte by byte.
"""

from __future__ import annotations

import csv
import datetime
import errno
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import DATA, CliRunner

HOSTILE = DATA / "hostile" / "import"
HEADER = ["id", "name", "currency (ISO 4217)", "pricing unit", "rate (currency per unit)"]
GOOD = [
    ["acme", "Acme", "USD", "per_contact", 2.5],
    ["beta", "Beta", "USD", "per_contact", 3],
    ["gamma", "Gamma", "USD", "per_contact", 4],
]


def workbook(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """A response workbook (a Vendors sheet) holding ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Vendors"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def damage(path: Path, old: bytes, new: bytes) -> Path:
    """Replace bytes inside the member of an xlsx that holds them (the sheet's XML)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    assert any(old in data for _, data in members), old
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data.replace(old, new))
    return path


def csv_file(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def listing(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) with its text."""
    return {
        str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- all or nothing ----------------------------------------------------------------------


def fail_on_replace(
    monkeypatch: pytest.MonkeyPatch, call: int, error: BaseException
) -> list[tuple[Path, Path]]:
    """Make the ``call``-th Path.replace raise ``error`` (a full disk, Ctrl-C)."""
    calls: list[tuple[Path, Path]] = []
    real = Path.replace

    def replace(self: Path, target: Any) -> Path:
        calls.append((self, Path(target)))
        if len(calls) == call:
            raise error
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    return calls


def test_a_write_error_half_way_leaves_the_folder_as_it_was(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    out = tmp_path / "vendors"
    out.mkdir()
    (out / "keep.yaml").write_text("id: keep\nname: Keep\n")
    before = listing(out)
    fail_on_replace(monkeypatch, 3, OSError(errno.ENOSPC, "No space left on device"))
    result = cli("import", str(sheet), "-o", str(out))
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "No space left on device" in result.err
    assert listing(out) == before  # no vendor file, no temporary folder
    assert [p.name for p in out.iterdir()] == ["keep.yaml"]


def test_ctrl_c_half_way_puts_back_the_files_it_replaced(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    out = tmp_path / "vendors"
    out.mkdir()
    (out / "acme.yaml").write_text("id: acme\nname: Old Acme\n")
    (out / "beta.yaml").write_text("id: beta\nname: Old Beta\n")
    before = listing(out)
    fail_on_replace(monkeypatch, 4, KeyboardInterrupt())  # acme moved aside and replaced
    result = cli("import", str(sheet), "-o", str(out), "--force")
    assert result.code == 130
    assert listing(out) == before


def test_a_folder_made_for_a_failed_import_is_removed(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    fail_on_replace(monkeypatch, 2, OSError(errno.EIO, "Input/output error"))
    result = cli("import", str(sheet), "-o", str(tmp_path / "new" / "vendors"))
    assert result.code == 1
    assert not (tmp_path / "new").exists()


def test_an_id_too_long_for_a_file_name_is_a_cell_error_and_nothing_is_written(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = csv_file(
        tmp_path / "responses.csv", [GOOD[0], ["a" * 300, "Long", "USD", "per_contact", 2]]
    )
    out = tmp_path / "vendors"
    out.mkdir()
    result = cli("import", str(sheet), "-o", str(out))
    assert result.code == 1
    assert "responses.csv!A3: error: the id is 300 characters" in result.err
    assert "[id-too-long]" in result.err
    assert list(out.iterdir()) == []


def test_existing_vendor_files_are_kept_unless_forced(cli: CliRunner, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    out = tmp_path / "vendors"
    out.mkdir()
    (out / "beta.yaml").write_text("id: beta\nname: Mine\n")
    result = cli("import", str(sheet), "-o", str(out))
    assert result.code == 2
    assert f"{out / 'beta.yaml'} exists already (use --force to overwrite)" in result.err
    assert listing(out) == {"beta.yaml": "id: beta\nname: Mine\n"}
    forced = cli("import", str(sheet), "-o", str(out), "--force")
    assert forced.code == 0, forced.err
    assert sorted(listing(out)) == ["acme.yaml", "beta.yaml", "gamma.yaml"]
    assert "name: Beta" in (out / "beta.yaml").read_text()


def test_the_output_folder_is_checked_before_the_sheet_is_read(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = csv_file(tmp_path / "responses.csv", [["Bad Id", "", "usd", "per_hour", "x"]])
    not_a_folder = tmp_path / "vendors"
    not_a_folder.write_text("a file")
    result = cli("import", str(sheet), "-o", str(not_a_folder))
    assert result.code == 2
    assert result.err == f"vendorscore: error: {not_a_folder}: not a folder\n"


def test_a_missing_output_folder_is_made_with_its_parents(cli: CliRunner, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    out = tmp_path / "a" / "b" / "vendors"
    result = cli("import", str(sheet), "-o", str(out))
    assert result.code == 0, result.err
    assert sorted(listing(out)) == ["acme.yaml", "beta.yaml", "gamma.yaml"]


# --- cells -------------------------------------------------------------------------------


def test_dates_typed_as_date_cells_are_read_as_dates(cli: CliRunner, tmp_path: Path) -> None:
    header = [*HEADER, "closed dates (YYYY-MM-DD, comma-separated)"]
    rows = [[*GOOD[0], datetime.datetime(2025, 12, 25)], [*GOOD[1], datetime.date(2026, 1, 1)]]
    sheet = workbook(tmp_path / "responses.xlsx", rows, header)
    out = tmp_path / "vendors"
    result = cli("import", str(sheet), "-o", str(out))
    assert result.code == 0, result.err
    assert "closed: ['2025-12-25']" in (out / "acme.yaml").read_text()
    assert "closed: ['2026-01-01']" in (out / "beta.yaml").read_text()
    assert cli("validate", str(out / "acme.yaml")).code == 0


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_column_named_twice_is_an_error(cli: CliRunner, tmp_path: Path, suffix: str) -> None:
    header = [*HEADER, "name"]
    rows = [[*GOOD[0], "Other"]]
    make = csv_file if suffix == "csv" else workbook
    sheet = make(tmp_path / f"responses.{suffix}", rows, header)
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    cell = "F1" if suffix == "csv" else "Vendors!F1"
    first = "B1" if suffix == "csv" else "Vendors!B1"
    assert result.err == (
        f"{sheet}!{cell}: error: column 'name' appears twice (first in {first}): "
        "keep one of them [duplicate-column]\n"
    )
    assert not (tmp_path / "vendors").exists()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"<v>12345</v>", b"<v>abc</v>", "invalid literal for int()"),
        (b'<c r="E3" t="n"><v>12345</v>', b'<c r="E3" t="d"><v>notadate</v>', "datetime"),
        (b'r="E3"', b'r="E!3"', "not a valid column name"),
    ],
)
def test_a_row_openpyxl_cannot_read_is_a_diagnostic_at_that_row(
    cli: CliRunner, tmp_path: Path, old: bytes, new: bytes, reason: str
) -> None:
    rows = [GOOD[0], [*GOOD[1][:4], 12345]]
    sheet = damage(workbook(tmp_path / "responses.xlsx", rows), old, new)
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1, result.err
    assert result.err.startswith(f"{sheet}!Vendors!A3: error: cannot read row 3: ValueError:")
    assert reason in result.err
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Acme\x1b[2J",
        "Acme\x07",
        "Acme\u009b31m",
        "Acme\u202eevil",
        "Acme\u2066x\u2069",
        "Acme\nForged line",
        "Acme\tTab",
        "Acme\u2028",
    ],
    ids=["esc", "bel", "csi", "rlo", "isolate", "lf", "tab", "line-separator"],
)
def test_control_characters_in_a_cell_are_refused_at_the_cell(
    cli: CliRunner, tmp_path: Path, text: str
) -> None:
    rows = [GOOD[0], [GOOD[1][0], text, *GOOD[1][2:]]]
    sheets = [csv_file(tmp_path / "responses.csv", rows)]
    if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text):  # what a workbook can hold
        sheets.append(workbook(tmp_path / "responses.xlsx", rows))
    for sheet in sheets:
        out = tmp_path / f"vendors-{sheet.suffix[1:]}"
        result = cli("import", str(sheet), "-o", str(out))
        assert result.code == 1, result.err
        cell = "B3" if sheet.suffix == ".csv" else "Vendors!B3"
        assert f"{sheet}!{cell}: error: " in result.err
        assert f"(U+{ord(re.findall(r'[^ -~]', text)[0]):04X}) in 'name'" in result.err
        assert "[control-character]" in result.err
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u202e\u2066]", result.err)
        assert not out.exists()


def test_a_control_character_in_a_column_name_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    sheet = csv_file(tmp_path / "responses.csv", [[*GOOD[0], "x"]], [*HEADER, "note\x1b]0;pwn\x07"])
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert f"{sheet}!F1: error: ESC (U+001B) in a column name" in result.err
    assert "\x1b" not in result.err


# --- hostile CSV files, each with the diagnostics it must produce ---------------------------

EXPECT = re.compile(r"^(\S+): error: (.*) \[([a-z-]+)\]$")
CASES = sorted(HOSTILE.glob("*.csv"))


def test_there_are_hostile_import_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_csv(cli: CliRunner, tmp_path: Path, case: Path) -> None:
    """Each file's .expect lists its diagnostics as ``PLACE: error: MESSAGE [code]`` (PLACE
    is ``!CELL`` or ``:LINE:COLUMN`` after the file name); nothing is written."""
    want = case.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    out = tmp_path / "vendors"
    result = cli("import", str(case), "-o", str(out))
    assert result.code == 1, result.err
    got = [line.replace(str(case), "", 1) for line in result.err.splitlines()]
    assert got == want
    assert "Traceback" not in result.err
    assert not out.exists()


def test_texts_yaml_1_2_reads_as_numbers_come_back_as_texts(cli: CliRunner, tmp_path: Path) -> None:
    """PyYAML quotes by YAML 1.1, which reads ``1e3`` and ``0o17`` as text: written bare, the
    YAML 1.2 reader reads them back as numbers and the imported file does not validate."""
    header = [*HEADER, "sites: name | country | time zone | seats; …"]
    rows = [
        ["1e3", "0o17", "USD", "per_contact", 2, "1e999 | PH"],
        ["2e5", "+1e3", "USD", "per_contact", 2, "0o7 | PH"],
    ]
    sheet = csv_file(tmp_path / "responses.csv", rows, header)
    out = tmp_path / "vendors"
    out.mkdir()
    assert cli("import", str(sheet), "-o", str(out)).code == 0
    for name in ("1e3.yaml", "2e5.yaml"):
        result = cli("validate", str(out / name))
        assert result.code == 0, result.out
    text = (out / "1e3.yaml").read_text()
    assert "id: '1e3'\nname: '0o17'\n" in text
    assert "name: '1e999'" in text


def test_a_zip_of_an_unknown_version_is_a_bad_workbook(cli: CliRunner, tmp_path: Path) -> None:
    """Found by fuzzing: zipfile raises NotImplementedError for a version it cannot read."""
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    data = bytearray(sheet.read_bytes())
    start = data.find(b"PK\x01\x02")  # the first central directory entry
    data[start + 6 : start + 8] = (77).to_bytes(2, "little")  # version needed to extract: 7.7
    sheet.write_bytes(bytes(data))
    result = cli("import", str(sheet), "-o", str(tmp_path / "vendors"))
    assert result.code == 1
    assert result.err == (
        f"{sheet}:1:1: error: not an xlsx workbook (not a readable zip archive: zip file "
        "version 7.7) [bad-workbook]\n"
    )


def test_force_replaces_a_link_without_writing_through_it_and_never_a_folder(
    cli: CliRunner, tmp_path: Path
) -> None:
    sheet = workbook(tmp_path / "responses.xlsx", GOOD)
    out = tmp_path / "vendors"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    (out / "acme.yaml").symlink_to(elsewhere)
    assert cli("import", str(sheet), "-o", str(out), "--force").code == 0
    assert elsewhere.read_text() == "keep me"
    assert not (out / "acme.yaml").is_symlink()
    (out / "beta.yaml").unlink()
    (out / "beta.yaml").mkdir()
    (out / "beta.yaml" / "mine.txt").write_text("mine")
    result = cli("import", str(sheet), "-o", str(out), "--force")
    assert result.code == 2
    assert f"{out / 'beta.yaml'} is a folder: vendorscore will not replace it" in result.err
    assert (out / "beta.yaml" / "mine.txt").read_text() == "mine"
