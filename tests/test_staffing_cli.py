"""`vendorscore staffing`: every vendor's staffing and cost under the staffing model beside the
flat formula, the service-level / price trade-off, every format safe, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, CliRunner

HOUR_BASED = {"per_productive_hour", "per_fte_month"}  # billed by the hours staffed
VOLUME_BASED = {"per_minute", "per_contact", "per_resolved_contact"}  # billed by the volume
EXAMPLE_IDS = sorted(p.stem for p in (EXAMPLE / "vendors").glob("*.yaml"))
CRITERIA = Path("criteria") / "retail-cx.yaml"
ISSUE_LINE = re.compile(r"^[^\n]+:\d+:\d+: error: [^\n]+ \[[a-z-]+\]\n$")
# What must never reach a terminal raw (LF aside): C0, DEL, C1, separators, bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "a|b|c pipes",
    "\x1b[2J\x1b[H screen cleared",
    "\x1b]0;pwned\x07 retitled",
    "\x9b31m one-byte CSI",
    "invoice\u202efdp.exe",
    "first line\nFAKE: a second line",
    "visible\rOVERWRITTEN",
]


def _doc(cli: CliRunner, *args: str) -> dict[str, Any]:
    result = cli("staffing", *args, "--format", "json")
    assert result.code == 0, result.err
    doc: dict[str, Any] = json.loads(result.out, parse_constant=_no_constant)
    return doc


def _no_constant(name: str) -> float:
    raise AssertionError(f"JSON holds {name}")


@pytest.fixture(scope="module")
def tradeoff(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example at its own 80/20 and at 90/20 and 80/30 (one run for the module)."""
    from vendorscore.cli import run

    out = tmp_path_factory.mktemp("tradeoff") / "staffing.json"
    levels = ["--service-level", "80/20", "--service-level", "90/20", "--service-level", "80/30"]
    assert run(["staffing", "--example", *levels, "-f", "json", "-o", str(out)]) == 0
    doc: dict[str, Any] = json.loads(out.read_text(), parse_constant=_no_constant)
    return doc


def _set_name(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", lambda _: "name: " + json.dumps(name), text, flags=re.M)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with every vendor renamed to a hostile text (copies of andes for the rest)."""
    root = tmp_path_factory.mktemp("hostile") / "rfp"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    vendors = root / "vendors"
    template = (vendors / "andes.yaml").read_text(encoding="utf-8")
    for n in range(len(HOSTILE) - len(EXAMPLE_IDS)):
        extra = re.sub(r"^id: .*$", f"id: extra-{n}", template, flags=re.M)
        (vendors / f"extra-{n}.yaml").write_text(extra, encoding="utf-8")
    for path, name in zip(sorted(vendors.glob("*.yaml")), HOSTILE, strict=True):
        _set_name(path, name)
    return root


# --- what it computes ------------------------------------------------------------------------


def test_every_vendor_is_shown_sorted_and_staffing_costs_more_than_the_flat_formula(
    tradeoff: dict[str, Any], cli: CliRunner
) -> None:
    vendors = tradeoff["vendors"]
    assert [v["id"] for v in vendors] == EXAMPLE_IDS  # gated-out vendors included
    assert tradeoff["staffing"]["service_level"] == "80/20"
    for v in vendors:
        if v["pricing_unit"] == "per_productive_hour":
            assert v["staffed_hours"] > v["flat_hours"], v["id"]
        if v["pricing_unit"] in HOUR_BASED:
            assert v["annual_cost"] > v["flat_annual_cost"], v["id"]
        else:
            assert v["annual_cost"] == v["flat_annual_cost"], v["id"]
        gap = 100 * (v["annual_cost"] - v["flat_annual_cost"]) / v["flat_annual_cost"]
        assert v["difference_percent"] == pytest.approx(gap)
        assert v["rostered_hours"] == pytest.approx(v["staffed_hours"] / 0.7)  # shrinkage 30 %
        assert v["peak_rostered"] >= v["peak_agents"] >= 1
    # the costs are the ones `rank` scores, and the peak gate excludes the same vendors
    ranking = json.loads(cli("rank", "--example", "--format", "json").out)
    for ranked in ranking["ranking"]:
        row = next(v for v in vendors if v["id"] == ranked["id"])
        assert row["annual_cost"] == pytest.approx(ranked["criteria"]["cost"]["raw"])
        assert not row["excluded_by_peak_gate"]
    by_gate = {
        x["id"] for x in ranking["excluded"] if any("peak capacity" in r for r in x["reasons"])
    }
    assert {v["id"] for v in vendors if v["excluded_by_peak_gate"]} == by_gate
    for v in vendors:
        assert (v["peak_capacity"] == "fails") == (v["capacity"] < v["peak_rostered"])


def test_a_higher_service_level_costs_more_only_for_vendors_billed_by_the_hour(
    tradeoff: dict[str, Any],
) -> None:
    levels = {level["service_level"]: level["vendors"] for level in tradeoff["service_levels"]}
    assert list(levels) == ["80/20", "90/20", "80/30"]
    for i, v in enumerate(tradeoff["vendors"]):
        at = {name: rows[i] for name, rows in levels.items()}
        assert all(row["id"] == v["id"] for row in at.values())
        assert at["80/20"]["annual_cost"] == v["annual_cost"]  # the workload's own target
        if v["pricing_unit"] in HOUR_BASED:
            assert at["90/20"]["annual_cost"] > at["80/20"]["annual_cost"], v["id"]
            assert at["90/20"]["staffed_hours"] > at["80/20"]["staffed_hours"]
            assert at["80/30"]["annual_cost"] <= at["80/20"]["annual_cost"], v["id"]
        else:
            assert v["pricing_unit"] in VOLUME_BASED
            assert at["90/20"]["annual_cost"] == at["80/20"]["annual_cost"], v["id"]


def test_json_round_trips(tradeoff: dict[str, Any]) -> None:
    text = json.dumps(tradeoff, allow_nan=False)
    assert json.loads(text) == tradeoff


def test_the_table_names_every_vendor_the_peak_gate_and_the_trade_off(cli: CliRunner) -> None:
    result = cli("staffing", "--example", "--service-level", "90/20")
    assert result.code == 0, result.err
    doc = _doc(cli, "--example")
    for v in doc["vendors"]:
        assert v["name"] in result.out
    assert "America/New_York" in result.out  # the peak interval's zone
    assert "Excluded by the peak gate" in result.out
    assert "90/20" in result.out
    assert "Flat formula" in result.out


def test_a_vendor_without_pricing_shows_no_cost(cli: CliRunner, project: Path) -> None:
    andes = project / "vendors" / "andes.yaml"
    text = andes.read_text(encoding="utf-8")
    andes.write_text(re.sub(r"^pricing:\n(?:  .*\n)+", "", text, flags=re.M), encoding="utf-8")
    row = next(v for v in _doc(cli, str(project), "--service-level", "90/20")["vendors"])
    assert (row["id"], row["pricing_unit"]) == ("andes", None)
    assert (row["annual_cost"], row["flat_annual_cost"]) == (None, None)
    assert row["difference_percent"] is None
    table = cli("staffing", str(project)).out
    line = next(x for x in table.splitlines() if "Andes" in x and "no pricing" in x)
    assert line.count("—") == 3  # staffed, flat, difference


# --- hostile text in every format ------------------------------------------------------------


def test_csv_has_numbers_as_numbers_and_no_formula(cli: CliRunner, hostile: Path) -> None:
    result = cli("staffing", str(hostile), "--format", "csv", "--service-level", "90/20")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == len(HOSTILE)
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://x","y")' in names
    for row in rows:
        for column, cell in row.items():
            if cell.startswith(FORMULA):
                float(cell)  # only a number (a negative difference) may start so
            assert RAW.search(cell) is None, (column, cell)
        assert float(row["annual_cost_at_90/20"]) >= float(row["annual_cost"])


def test_markdown_escapes_pipes_and_keeps_one_row_per_vendor(cli: CliRunner, hostile: Path) -> None:
    result = cli("staffing", str(hostile), "--format", "md")
    assert result.code == 0, result.err
    assert RAW.search(result.out) is None
    assert "a\\|b\\|c pipes" in result.out
    for table in re.split(r"\n## ", result.out)[1:3]:  # staffing and cost
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert len(rows) == 2 + len(HOSTILE)
        cells = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(cells) == 1, table  # no name adds a cell


def test_no_control_character_reaches_the_terminal(cli: CliRunner, hostile: Path) -> None:
    result = cli("staffing", str(hostile), "--service-level", "90/20")
    assert result.code == 0, result.err
    assert RAW.search(result.out) is None
    assert RAW.search(result.err) is None
    assert "\\x1b[2J" in result.out  # the name is there, visibly escaped
    assert "\\u202e" in result.out
    doc = _doc(cli, str(hostile))
    assert {v["name"] for v in doc["vendors"]} == set(HOSTILE)  # JSON keeps the real text


def test_output_file_is_written_whole(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "staffing.md"
    assert cli("staffing", "--example", "-f", "md", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == cli("staffing", "--example", "-f", "md").out


# --- one-line errors -------------------------------------------------------------------------


def _criteria(project: Path, old: str, new: str) -> str:
    """Replace ``old`` in the criteria file; returns where it was: ``criteria/x.yaml:LINE:``."""
    path = project / CRITERIA
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return f"{path}:{text[: text.index(old)].count(chr(10)) + 1}:"


def test_a_flat_workload_says_what_to_set(cli: CliRunner, project: Path) -> None:
    _criteria(project, "peak_gate: true", "peak_gate: false")  # the gate needs a model
    where = _criteria(project, "model: erlang_c", "model: flat")
    result = cli("staffing", str(project))
    assert result.code == 1
    assert result.out == ""
    assert ISSUE_LINE.match(result.err), result.err
    assert result.err.startswith(where)
    for words in ("erlang_c or erlang_a", "service_level", "model is flat", "[not-staffed]"):
        assert words in result.err


def test_no_workload_and_no_cost_criterion_say_what_to_set(cli: CliRunner, project: Path) -> None:
    path = project / CRITERIA
    text = path.read_text(encoding="utf-8")
    no_cost = re.sub(r"  - id: cost\n(?:    .*\n)+\n", "", text)
    no_cost = no_cost.replace("tie_breakers: [cost, quality]", "tie_breakers: [quality]")
    no_cost = no_cost.replace("  commercial: 30\n", "")
    no_cost = no_cost[: no_cost.index("\naward:")] + "\n"  # the award needs the cost criterion
    path.write_text(no_cost, encoding="utf-8")
    result = cli("staffing", str(project))
    assert result.code == 1, result.err
    assert ISSUE_LINE.match(result.err), result.err
    assert "no cost criterion" in result.err
    path.write_text(re.sub(r"^workload:\n(?:  .*\n|\s*\n)+", "", no_cost, flags=re.M))
    result = cli("staffing", str(project))
    assert result.code == 1, result.err
    assert ISSUE_LINE.match(result.err), result.err
    assert "there is no workload" in result.err
    assert "erlang_c or erlang_a" in result.err


def test_a_staffing_problem_is_placed_in_the_criteria_file(cli: CliRunner, project: Path) -> None:
    where = _criteria(project, "contacts_per_year: 600000", "contacts_per_year: 60000000000")
    result = cli("staffing", str(project))
    assert result.code == 1
    assert ISSUE_LINE.match(result.err), result.err
    assert result.err.startswith(where)
    assert "[load-too-large]" in result.err


def test_an_invalid_file_is_one_positioned_line(cli: CliRunner, project: Path) -> None:
    andes = project / "vendors" / "andes.yaml"
    andes.write_text(
        andes.read_text().replace("rate: {value: 0.36, plus_minus_percent: 5}", "rate: -1")
    )
    result = cli("staffing", str(project))
    assert result.code == 1
    assert ISSUE_LINE.match(result.err), result.err
    assert str(andes) + ":10:" in result.err


@pytest.mark.parametrize(
    "value", ["100/20", "0/20", "80/3601", "80/-1", "80", "80/20/5", " 80/20", "8e1/20", "nan/20"]
)
def test_a_bad_service_level_is_a_one_line_usage_error(cli: CliRunner, value: str) -> None:
    result = cli("staffing", "--example", f"--service-level={value}")
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"vendorscore: error: --service-level {value}: expected")


def test_the_number_of_service_levels_is_bounded(cli: CliRunner) -> None:
    from vendorscore.models.choices import MAX_SERVICE_LEVELS

    many = [f"--service-level={50 + n}/20" for n in range(MAX_SERVICE_LEVELS + 1)]
    result = cli("staffing", "--example", *many)
    assert result.code == 2
    assert result.err == (
        f"vendorscore: error: --service-level: at most {MAX_SERVICE_LEVELS} targets "
        "(each re-staffs the year)\n"
    )
    doc = _doc(cli, "--example", *many[: MAX_SERVICE_LEVELS - 1], "--service-level=50/20")
    assert len(doc["service_levels"]) == MAX_SERVICE_LEVELS - 1  # a repeated target once
