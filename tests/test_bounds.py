"""What `validate` accepts, `rank` can score (issue 11, item 4): every number, date and text of
the input files is bounded (``models/limits.py``), and everything inside the bounds scores to
finite numbers under every method.

Hostile inputs are data: ``data/hostile/numbers/*.yaml`` are single files validated alone,
``data/hostile/numbers/project_*/`` are projects. Each file ends with the ``# expect: LINE:COL
SEVERITY CODE`` lines it must produce (as in ``data/cases``); a project without errors is then
ranked, explained and analysed under every method, and every number out must be finite.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, ROOT, CliRunner
from vendorscore.models.choices import MAX_SEED, METHODS
from vendorscore.models.limits import MAX_DATE, MAX_MAGNITUDE, MAX_NAME, MAX_TEXT, MIN_DATE

HOSTILE = DATA / "hostile" / "numbers"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)", re.MULTILINE)
RANK_WARNING = re.compile(r"^# rank-warning: ([a-z0-9-]+)", re.MULTILINE)
FILES = sorted(HOSTILE.glob("*.yaml"))
PROJECTS = sorted(p for p in HOSTILE.glob("project_*") if p.is_dir())


def expected(path: Path) -> list[tuple[int, int, str, str]]:
    return sorted((int(a), int(b), s, c) for a, b, s, c in EXPECT.findall(path.read_text()))


def diagnostics(doc: dict[str, Any]) -> list[tuple[str, int, int, str, str]]:
    return sorted(
        (Path(i["file"]).name, i["line"], i["column"], sev, i["code"])
        for sev in ("error", "warning")
        for i in doc[sev + "s"]
    )


def strict_json(text: str) -> Any:
    """JSON with no NaN or Infinity anywhere (json.loads would accept both)."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-finite number in the output: {constant}")

    return json.loads(text, parse_constant=refuse)


def finite_numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in finite_numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in finite_numbers(v)]
    return []


def test_there_are_many_hostile_number_cases() -> None:
    assert len(FILES) >= 40
    assert len(PROJECTS) >= 12
    assert sum(1 for f in FILES if expected(f)) >= 35


@pytest.mark.parametrize("case", FILES, ids=[c.stem for c in FILES])
def test_hostile_file(case: Path, cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(case))
    doc = strict_json(result.out)
    got = [(line, col, sev, code) for _, line, col, sev, code in diagnostics(doc)]
    assert got == expected(case)
    assert result.code == (1 if doc["errors"] else 0)
    assert "Traceback" not in result.err
    for issue in doc["errors"] + doc["warnings"]:  # one short line, the value not in full
        assert "\n" not in issue["message"]
        assert len(issue["message"]) < 300
        assert "{" not in issue["message"].replace("{method: absolute", "")


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_hostile_project(project: Path, cli: CliRunner) -> None:
    """Validated with every diagnostic where its file says; then, when valid, scored."""
    files = sorted(project.rglob("*.yaml"))
    want = sorted((f.name, *e) for f in files for e in expected(f))
    result = cli("validate", "--format", "json", str(project))
    doc = strict_json(result.out)
    assert diagnostics(doc) == want
    rank = cli("rank", "--format", "json", str(project))
    if doc["errors"]:
        assert result.code == rank.code == 1
        first = doc["errors"][0]
        assert f"{first['file']}:{first['line']}:{first['column']}: error:" in rank.err
        return
    assert rank.code == 0, rank.err
    warned = {w["code"] for w in strict_json(rank.out)["warnings"]}
    assert set(RANK_WARNING.findall((project / "criteria" / "c.yaml").read_text())) <= warned
    for method in METHODS:
        check_scored(cli, project, method)


def check_scored(cli: CliRunner, project: Path, method: str) -> None:
    rank = cli("rank", "--format", "json", "-m", method, str(project))
    assert rank.code == 0, rank.err
    doc = strict_json(rank.out)
    for row in doc["ranking"]:
        assert 0.0 <= row["score"] <= 100.0
    assert all(math.isfinite(x) for x in finite_numbers(doc))
    ids = [row["id"] for row in doc["ranking"]]
    if len(ids) >= 2:
        explain = cli("explain", ids[0], ids[-1], str(project), "-m", method, "--format", "json")
        assert explain.code == 0, explain.err
        assert all(math.isfinite(x) for x in finite_numbers(strict_json(explain.out)))
    sens = cli("sensitivity", str(project), "-m", method, "--samples", "20", "--format", "json")
    assert sens.code == 0, sens.err
    analysis = strict_json(sens.out)
    for bounds in analysis["stability"].values():
        for end in (bounds["low"], bounds["high"]):
            assert end is None or 0.0 <= end <= 1.0
    table = cli("sensitivity", str(project), "-m", method, "--samples", "20")
    assert table.code == 0
    assert "nan" not in table.out.lower().split()
    assert "inf" not in table.out.lower().split()


# --- the rules behind the data ----------------------------------------------------------


def test_the_date_error_shows_the_value_not_a_placeholder(cli: CliRunner) -> None:
    """The message said "got {value!r}" literally (issue 11, item 10)."""
    result = cli("validate", str(HOSTILE / "vendor_closed_number.yaml"))
    assert "{value" not in result.out
    assert "expected a date as YYYY-MM-DD, got the number 20271225 [bad-date]" in result.out
    assert "got 'christmas' [bad-date]" in result.out
    assert "got the boolean true [bad-date]" in result.out


@pytest.mark.parametrize("seed", ["-1", str(MAX_SEED + 1), "-99999999999999999999"])
def test_seed_out_of_range_is_a_usage_error(seed: str, cli: CliRunner) -> None:
    result = cli("sensitivity", "--example", "--samples", "5", "--seed", seed)
    assert result.code == 2
    assert "--seed" in result.err
    assert "Traceback" not in result.err


def test_seed_at_the_documented_maximum_runs(cli: CliRunner) -> None:
    result = cli(
        "sensitivity", "--example", "--samples", "5", "--seed", str(MAX_SEED), "-f", "json"
    )
    assert result.code == 0, result.err
    assert strict_json(result.out)["smaa"]["seed"] == MAX_SEED


@pytest.mark.parametrize("value", ["1e300", "1e15", "1e308"])
def test_weight_override_beyond_the_limit_is_a_usage_error(value: str, cli: CliRunner) -> None:
    result = cli("rank", "--example", "--weight", f"cost={value}")
    assert result.code == 2
    assert "below 1e15" in result.err


def test_weight_override_just_below_the_limit_scores(cli: CliRunner) -> None:
    result = cli("rank", "--example", "--weight", "cost=999999999999999", "-f", "json")
    assert result.code == 0, result.err
    doc = strict_json(result.out)
    assert doc["ranking"][0]["score"] <= 100.0


def test_the_limits_are_documented_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text()
    section = text.split("## What vendorscore refuses, and why", 1)[1].split("\n## ", 1)[0]
    assert MAX_MAGNITUDE == 1e15
    assert "10^15" in section
    assert f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}" in section
    assert f"at most {MAX_NAME} characters" in section
    assert f"at most {MAX_TEXT:,} characters" in section
    assert "2**32-1" in section
    assert MAX_SEED == 2**32 - 1
    for code in ("too-large", "date-range", "cost-range", "too-long", "fraction-percent"):
        assert f"`{code}`" in section
