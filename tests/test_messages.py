"""Messages that help: where a misplaced key belongs, the spelling that would have been read,
YAML mistakes placed where they are, huge numbers shortened, and what a path given for a
file really is.

Each file in tests/data/hostile/yaml/ ends with the ``# expect: LINE:COL SEVERITY CODE
(MESSAGE)`` lines it must produce, message included, word for word.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, EXAMPLE, CliRunner

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)  \((.*)\)$", re.MULTILINE)
CASES = sorted((DATA / "hostile" / "yaml").glob("*.yaml"))


def expected(path: Path) -> list[tuple[int, int, str, str, str]]:
    text = path.read_text(encoding="utf-8")
    return sorted((int(a), int(b), sev, code, msg) for a, b, sev, code, msg in EXPECT.findall(text))


def test_there_are_many_message_cases() -> None:
    assert len([c for c in CASES if expected(c)]) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_message(case: Path, cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(case))
    doc = json.loads(result.out)
    got = sorted(
        (i["line"], i["column"], sev, i["code"], i["message"])
        for sev in ("error", "warning")
        for i in doc[sev + "s"]
    )
    assert got == expected(case)
    assert result.code == (1 if doc["errors"] else 0)


def test_a_duplicate_key_hides_no_other_error(cli: CliRunner) -> None:
    case = DATA / "hostile" / "yaml" / "duplicate_key_keeps_checking.yaml"
    result = cli("validate", str(case))
    codes = re.findall(r"\[([a-z-]+)\]$", result.out, re.MULTILINE)
    assert codes == ["duplicate-key", "percent-range", "bad-currency", "not-positive"]


def test_a_duplicate_key_fails_a_file_that_is_otherwise_valid(cli: CliRunner) -> None:
    case = DATA / "badinputs" / "vendor_duplicate_key.yaml"
    result = cli("validate", str(case))
    assert result.code == 1
    assert "[duplicate-key]" in result.out


# --- suggestions that need a whole project ------------------------------------------------


def test_an_unknown_vendor_in_a_score_file_gets_the_closest_id(
    cli: CliRunner, project: Path
) -> None:
    sheet = project / "scores" / "alice.yaml"
    sheet.write_text(sheet.read_text().replace("bayani-cx:", "bayani_cx:", 1))
    result = cli("validate", str(project))
    assert result.code == 1
    assert "error: no vendor with id 'bayani_cx' (did you mean 'bayani-cx'?) [unknown-vendor]" in (
        result.out
    )


def test_an_unknown_rubric_criterion_gets_the_closest_rubric(cli: CliRunner, project: Path) -> None:
    sheet = project / "scores" / "alice.yaml"
    text = sheet.read_text()
    rubric = re.search(r"\{(\w+):", text)
    assert rubric is not None
    name = rubric.group(1)
    sheet.write_text(text.replace(f"{name}:", f"{name[:-1]}:", 1))
    result = cli("validate", str(project))
    assert result.code == 1
    assert (
        f"error: no rubric criterion with id '{name[:-1]}' (did you mean '{name}'?) "
        "[unknown-criterion]"
    ) in result.out


# --- a path given for a file that is not a regular file ------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_criteria_that_is_a_folder_says_so(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("rank", str(EXAMPLE), "--criteria", str(tmp_path))
    assert result.code == 2
    assert result.err == (
        f"vendorscore: error: {tmp_path}: is a folder, not a file "
        "(--criteria needs a criteria file)\n"
    )


def test_criteria_that_is_a_fifo_says_so_and_does_not_block(cli: CliRunner, fifo: Path) -> None:
    result = cli("rank", str(EXAMPLE), "--criteria", str(fifo))
    assert result.code == 2
    assert result.err == (
        f"vendorscore: error: {fifo}: not a regular file (a named pipe) "
        "(--criteria needs a criteria file)\n"
    )
    result = cli("sheet", "--criteria", str(fifo), "-o", str(fifo.parent / "r.xlsx"))
    assert result.code == 2
    assert "not a regular file (a named pipe)" in result.err


def test_criteria_that_is_a_device_says_so(cli: CliRunner) -> None:
    result = cli("rank", str(EXAMPLE), "--criteria", "/dev/null")
    assert result.code == 2
    assert result.err == (
        "vendorscore: error: /dev/null: not a regular file (a device) "
        "(--criteria needs a criteria file)\n"
    )


def test_a_template_that_is_a_folder_or_a_fifo_says_so(
    cli: CliRunner, tmp_path: Path, fifo: Path
) -> None:
    out = str(tmp_path / "r.html")
    result = cli("report", "--example", "--template", str(tmp_path), "-o", out)
    assert result.code == 2
    assert result.err == (
        f"vendorscore: error: {tmp_path}: is a folder, not a file "
        "(--template needs a template file)\n"
    )
    result = cli("report", "--example", "--template", str(fifo), "-o", out)
    assert result.code == 2
    assert "not a regular file (a named pipe) (--template needs a template file)" in result.err
    missing = tmp_path / "none.j2"
    result = cli("report", "--example", "--template", str(missing), "-o", out)
    assert result.err == (
        f"vendorscore: error: {missing}: no such file (--template needs a template file)\n"
    )


def test_import_of_a_folder_says_so(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "responses.csv"
    folder.mkdir()
    result = cli("import", str(folder), "-o", str(tmp_path / "vendors"))
    assert result.code == 2
    assert result.err == f"vendorscore: error: {folder}: is a folder, not a file\n"


def test_a_missing_criteria_file_is_still_no_such_file(cli: CliRunner, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path)
    result = cli("rank", str(EXAMPLE), "--criteria", str(tmp_path / "c.yaml"))
    assert result.code == 2
    assert "no such file (--criteria needs a criteria file)" in result.err
