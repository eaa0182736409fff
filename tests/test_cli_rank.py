"""`vendorscore rank`: the four formats, options, and the guarantees of its outputs."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from tests.builders import write_project
from tests.conftest import CliRunner


def test_json_matches_spec_and_contributions_sum_to_the_score(cli: CliRunner) -> None:
    result = cli("rank", "--example", "--format", "json")
    assert result.code == 0
    doc = json.loads(result.out)
    assert list(doc) == [
        "tool",
        "inputs",
        "evaluation_date",
        "method",
        "currency",
        "weights",
        "ranking",
        "excluded",
        "warnings",
        "costs",  # issue 15: every priced vendor's cost breakdown, after SPEC §6.1's keys
    ]
    assert doc["tool"]["name"] == "vendorscore"
    assert set(doc["inputs"]) == {"criteria", "vendors", "scores", "sha256"}
    assert len(doc["inputs"]["sha256"]) == 64
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    # staffed with Erlang C, Andes (per minute) passes Bayani (per productive hour)
    assert [r["id"] for r in doc["ranking"]] == ["table-bay", "andes", "bayani-cx", "mabuhay"]
    for row in doc["ranking"]:
        assert set(row) == {"rank", "id", "name", "score", "criteria"}
        parts = [
            c["contribution"] for c in row["criteria"].values() if c["contribution"] is not None
        ]
        assert sum(parts) == pytest.approx(row["score"], abs=1e-9)
        for cell in row["criteria"].values():
            assert set(cell) - {"range"} == {"raw", "utility", "contribution"}
            if "range" in cell:  # a raw value read from uncertain figures: low <= point <= high
                low, high = cell["range"]
                assert low <= cell["raw"] <= high
                assert low < high
    assert "range" in doc["ranking"][0]["criteria"]["cost"]  # Table Bay's GBP per-hour quote
    assert "range" not in doc["ranking"][0]["criteria"]["coverage"]
    assert doc["ranking"][3]["criteria"]["csat"]["raw"] is None
    assert {x["id"] for x in doc["excluded"]} == {"heartland", "kaveri", "vistula-tejo"}
    assert all(set(w) == {"code", "message"} for w in doc["warnings"])


def test_json_paths_are_as_given(
    cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    doc = json.loads(cli("rank", "project", "-f", "json").out)
    assert doc["inputs"]["criteria"] == "project/criteria/retail-cx.yaml"
    assert doc["inputs"]["vendors"][0] == "project/vendors/andes.yaml"


def test_other_methods_have_no_contributions(cli: CliRunner) -> None:
    for method in ("weighted_product", "topsis"):
        doc = json.loads(cli("rank", "--example", "-m", method, "-f", "json").out)
        assert doc["method"] == method
        assert all(
            c["contribution"] is None for r in doc["ranking"] for c in r["criteria"].values()
        )
        assert all(0 <= r["score"] <= 100 for r in doc["ranking"])


def test_csv_opens_cleanly(cli: CliRunner, tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 100, minimum: 1}\n",
        [
            'id: a\nname: "=HYPERLINK(\\"http://x\\")"\nmetrics: {x: 2}\n',
            "id: b\nname: 'B, \"quoted\"'\nmetrics: {x: 0}\n",
        ],
    )
    result = cli("rank", str(tmp_path), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows[0]["name"].startswith("'=")  # a formula is shown, never run
    assert float(rows[0]["score"]) == 100.0
    assert float(rows[0]["x.raw"]) == 2.0
    assert rows[1]["status"] == "excluded"
    assert rows[1]["name"] == 'B, "quoted"'
    assert rows[1]["reasons"] == "x 0 < minimum 1"


def test_markdown_escapes_vendor_text(cli: CliRunner, tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 100}\n",
        ["id: a\nname: '<script>alert(1)</script> | **x**'\nmetrics: {x: 2}\n"],
    )
    out = cli("rank", str(tmp_path), "-f", "md").out
    assert "<script>" not in out
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\| \\*\\*x\\*\\*" in out
    row = next(line for line in out.splitlines() if "script" in line)
    assert row.count(" | ") == 3  # rank | vendor | score | x: the name's pipe is escaped


def test_table_shows_ranking_exclusions_and_warnings(cli: CliRunner) -> None:
    out = cli("rank", "--example").out
    assert "Table Bay Contact" in out
    assert "Excluded" in out
    assert "lacks required PCI DSS" in out
    assert "Warnings" in out
    assert "[missing-worst]" in out
    assert "Warnings" not in cli("rank", "--example", "--quiet").out


def test_top_limits_the_ranking(cli: CliRunner) -> None:
    doc = json.loads(cli("rank", "--example", "--top", "2", "-f", "json").out)
    assert [r["rank"] for r in doc["ranking"]] == [1, 2]


def test_weight_override_changes_the_ranking(cli: CliRunner) -> None:
    doc = json.loads(cli("rank", "--example", "-w", "csat=0", "-f", "json").out)
    assert doc["weights"]["csat"] == 0.0
    base = json.loads(cli("rank", "--example", "-f", "json").out)
    assert [r["id"] for r in doc["ranking"]] != [r["id"] for r in base["ranking"]]


@pytest.mark.parametrize("bad", ["cost", "cost=-1", "cost=x", "=3", "nope=2", "cost=nan"])
def test_bad_weight_overrides_are_usage_errors(bad: str, cli: CliRunner) -> None:
    result = cli("rank", "--example", "--weight", bad)
    assert result.code == 2
    assert "--weight" in result.err


def test_strict_fails_on_warnings(cli: CliRunner) -> None:
    assert cli("rank", "--example", "-f", "json", "--strict").code == 1


def test_usage_errors(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("rank", str(tmp_path / "missing")).code == 2
    assert "not a project folder" in cli("rank", str(tmp_path)).err
    assert cli("rank", "--example", str(tmp_path)).code == 2


def test_several_criteria_files_need_a_choice(cli: CliRunner, project: Path) -> None:
    (project / "criteria" / "alt.yaml").write_text(
        (project / "criteria" / "retail-cx.yaml").read_text()
    )
    result = cli("rank", str(project))
    assert result.code == 2
    assert "choose one with --criteria" in result.err
    chosen = cli(
        "rank", str(project), "--criteria", str(project / "criteria" / "alt.yaml"), "-f", "json"
    )
    assert chosen.code == 0


def test_invalid_project_prints_every_problem_and_no_ranking(cli: CliRunner, project: Path) -> None:
    (project / "vendors" / "andes.yaml").write_text(
        "id: andes\nname: Andes\npricing: {currency: XYZ, unit: per_minute, rate: 0}\n"
    )
    result = cli("rank", str(project), "-f", "json")
    assert result.code == 1
    assert result.out == ""
    assert result.err.count("andes.yaml:3:") == 2


def test_no_nan_or_infinity_reaches_the_output(cli: CliRunner, tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: x, kind: numeric, field: metrics.x, direction: higher, weight: 50}\n"
        "  - {id: y, kind: numeric, field: metrics.y, direction: lower, weight: 50}\n",
        ["id: a\nname: A\nmetrics: {x: 0, y: 0}\n", "id: b\nname: B\nmetrics: {x: 0}\n"],
    )
    for method in ("weighted_sum", "weighted_product", "topsis"):
        result = cli("rank", str(tmp_path), "-m", method, "-f", "json")
        doc = json.loads(result.out, parse_constant=lambda c: pytest.fail(f"{c} in output"))
        for row in doc["ranking"]:
            assert math.isfinite(row["score"])
