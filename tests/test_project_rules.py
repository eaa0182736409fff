"""Cross-file rules of SPEC §3, each shown by one change to a copy of the example project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRunner


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


# (description, change to apply, expected (file, line, code) diagnostics)
MUTATIONS: list[tuple[str, list[tuple[str, str, str]], list[tuple[str, int, str]]]] = [
    (
        "vendor id used twice across files",
        [("vendors/kaveri.yaml", "id: kaveri", "id: andes")],
        [("vendors/kaveri.yaml", 1, "duplicate-id")]
        + [(f"scores/{who}.yaml", 8, "unknown-vendor") for who in ("alice", "bikram", "carmen")],
    ),
    (
        "currency without an fx rate",
        [("criteria/retail-cx.yaml", "fx: {EUR: 1.08, GBP: 1.27}", "fx: {EUR: 1.08}")],
        [("vendors/table-bay.yaml", 8, "fx-missing")],
    ),
    (
        "per_fte_month quote without hours_per_fte_month",
        [
            (
                "criteria/retail-cx.yaml",
                "  hours_per_fte_month: 160  # paid hours in one billed FTE-month\n",
                "",
            )
        ],
        [("vendors/kaveri.yaml", 9, "workload-missing")],
    ),
    (
        "setup fee without contract_years",
        [("criteria/retail-cx.yaml", "  contract_years: 3\n", "")],
        [
            (f"vendors/{v}.yaml", line, "workload-missing")
            for v, line in [
                ("andes", 11),
                ("bayani-cx", 11),
                ("heartland", 10),
                ("kaveri", 11),
                ("mabuhay", 11),
                ("table-bay", 12),
                ("vistula-tejo", 11),
            ]
        ],
    ),
    (
        "score for an unknown vendor",
        [("scores/alice.yaml", "  kaveri:", "  kavery:")],
        [("scores/alice.yaml", 8, "unknown-vendor")],
    ),
    (
        "score for a criterion that is not a rubric",
        [("scores/bikram.yaml", "  kaveri: {references: 3", "  kaveri: {cost: 3")],
        [("scores/bikram.yaml", 8, "not-rubric")],
    ),
    (
        "score for an unknown criterion",
        [("scores/bikram.yaml", "  kaveri: {references: 3", "  kaveri: {referencs: 3")],
        [("scores/bikram.yaml", 8, "unknown-criterion")],
    ),
    (
        "score off the scale",
        [("scores/carmen.yaml", "  heartland: {references: 5", "  heartland: {references: 7")],
        [("scores/carmen.yaml", 6, "score-range")],
    ),
    (
        "two files for one evaluator",
        [("scores/carmen.yaml", "evaluator: carmen", "evaluator: alice")],
        [("scores/carmen.yaml", 1, "duplicate-evaluator")],
    ),
    (
        "a criteria file in vendors/",
        [("vendors/kaveri.yaml", "id: kaveri\n", "criteria: []\nid: kaveri\n")],
        [("vendors/kaveri.yaml", 1, "wrong-file-kind")],
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [(m[1], m[2]) for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_cross_file_rule(
    changes: list[tuple[str, str, str]],
    expected: list[tuple[str, int, str]],
    project: Path,
    cli: CliRunner,
) -> None:
    for file, old, new in changes:
        edit(project / file, old, new)
    result = cli("validate", "--format", "json", str(project))
    doc = json.loads(result.out)
    got = sorted(
        (str(Path(i["file"]).relative_to(project)), i["line"], i["code"]) for i in doc["errors"]
    )
    assert got == sorted(expected)
    assert result.code == 1


def test_project_with_two_criteria_files_checks_each(project: Path, cli: CliRunner) -> None:
    second = project / "criteria" / "eu.yaml"
    text = (project / "criteria" / "retail-cx.yaml").read_text()
    second.write_text(text.replace("fx: {EUR: 1.08, GBP: 1.27}", "fx: {GBP: 1.27}"))
    result = cli("validate", str(project))
    assert result.code == 1
    assert "no fx rate for EUR: add it to 'fx' in" in result.out
    assert result.out.count("[fx-missing]") == 1


def test_example_project_is_valid_and_strict_clean(cli: CliRunner, project: Path) -> None:
    result = cli("validate", "--strict", str(project))
    assert (result.code, result.out) == (0, "")
