"""Tests as data: each file in data/cases and data/badinputs gets exactly its diagnostics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)", re.MULTILINE)
CASES = sorted((DATA / "cases").glob("*.yaml"))


def expected(path: Path) -> list[tuple[int, int, str, str]]:
    text = path.read_bytes().decode("utf-8", "replace")
    return sorted((int(a), int(b), sev, code) for a, b, sev, code in EXPECT.findall(text))


def test_there_are_many_cases() -> None:
    invalid = [c for c in CASES if expected(c)]
    assert len(invalid) >= 90


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_diagnostics(case: Path, cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(case))
    doc = json.loads(result.out)
    got = sorted(
        (i["line"], i["column"], sev, i["code"])
        for sev in ("error", "warning")
        for i in doc[sev + "s"]
    )
    assert got == expected(case)
    has_errors = any(sev == "error" for _, _, sev, _ in got)
    assert result.code == (1 if has_errors else 0)
    assert doc["ok"] is (not has_errors)
    assert all(i["file"] == str(case) for i in doc["errors"] + doc["warnings"])


def test_text_lines_name_file_line_and_column(cli: CliRunner) -> None:
    case = DATA / "cases" / "vendor_rate_zero.yaml"
    result = cli("validate", str(case))
    assert result.out == f"{case}:3:45: error: rate must be > 0, got 0 [not-positive]\n"
    assert "Traceback" not in result.err


BAD = sorted((DATA / "badinputs").glob("*.yaml"))


@pytest.mark.parametrize("case", BAD, ids=[c.stem for c in BAD])
def test_shared_badinputs(case: Path, cli: CliRunner) -> None:
    """The hostile sample from ../shared/badinputs, answered as its `# expect:` line says."""
    expect_file = case.with_suffix(".expect")
    first = (expect_file if expect_file.exists() else case).read_text().splitlines()
    header = first[0] if first else ""
    want = re.search(r"exit (\d)", header)
    assert want, f"{case.name} has no expect line"
    result = cli("validate", str(case))
    assert result.code == int(want.group(1))
    assert "Traceback" not in result.out + result.err
    line = re.search(r"exit \d, line (\d+)", header)
    if line:
        assert f"{case.name}:{line.group(1)}:" in result.out
    if "--strict" in header:
        assert cli("validate", "--strict", str(case)).code == 1
