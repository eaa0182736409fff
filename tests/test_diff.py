"""`vendorscore diff`: changed inputs and the rank moves they explain."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLE, FLAT_EXAMPLE, CliRunner


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def changed_copy(root: Path) -> tuple[Path, Path]:
    before, after = root / "before", root / "after"
    shutil.copytree(FLAT_EXAMPLE, before)  # the flat example: its ranks 2 and 3 are close
    shutil.copytree(FLAT_EXAMPLE, after)
    # one weight and one vendor price
    edit(
        after / "criteria" / "retail-cx.yaml",
        "    field: kpis.fcr\n    direction: higher\n    weight: 30",
        "    field: kpis.fcr\n    direction: higher\n    weight: 60",
    )
    edit(after / "vendors" / "andes.yaml", "rate: 0.36", "rate: 0.29")
    return before, after


def test_diff_names_exactly_the_two_changed_inputs(cli: CliRunner, tmp_path: Path) -> None:
    before, after = changed_copy(tmp_path)
    result = cli("diff", str(before), str(after), "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["changes"] == [
        {"kind": "weight", "subject": "quality", "field": "weight", "before": 30.0, "after": 60.0},
        {
            "kind": "vendor",
            "subject": "andes",
            "field": "pricing.rate",
            "before": 0.36,
            "after": 0.29,
        },
    ]
    moves = {m["id"]: m for m in doc["moves"]}
    andes, bayani = moves["andes"], moves["bayani-cx"]
    assert (andes["rank_before"], andes["rank_after"]) == (3, 2)
    assert (bayani["rank_before"], bayani["rank_after"]) == (2, 3)
    # the moves are explained by the criteria whose contributions changed, largest first
    for move in (andes, bayani):
        points = [d["points"] for d in move["drivers"]]
        assert abs(sum(points) - (move["score_after"] - move["score_before"])) < 1e-9
        assert [abs(p) for p in points] == sorted((abs(p) for p in points), reverse=True)
    drivers = {d["criterion"]: d["points"] for d in andes["drivers"]}
    assert drivers["cost"] > 0  # the cheaper quote
    assert drivers["quality"] > 0  # Andes' FCR beats Bayani's, and quality now weighs more
    assert moves["heartland"]["rank_before"] is None  # excluded in both


def test_diff_formats(cli: CliRunner, tmp_path: Path) -> None:
    before, after = changed_copy(tmp_path)
    table = cli("diff", str(before), str(after)).out
    assert "Inputs changed (2):" in table
    assert "vendor andes: pricing.rate 0.36 -> 0.29" in table
    assert "Andes Nearshore CX: rank 3 -> 2 [up]" in table
    md = cli("diff", str(before), str(after), "-f", "md").out
    assert "| weight | quality | weight | 30 | 60 |" in md
    same = cli("diff", str(before), str(before)).out
    assert "No input changed." in same


def test_diff_against_a_git_revision(cli: CliRunner, tmp_path: Path, monkeypatch: object) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "rfp")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    edit(repo / "rfp" / "vendors" / "bayani-cx.yaml", "value: 11.50", "value: 10.90")
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD", "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["changes"] == [
        {
            "kind": "vendor",
            "subject": "bayani-cx",
            "field": "pricing.rate.value",  # the quote is written as a range
            "before": 11.5,
            "after": 10.9,
        }
    ]
    assert cli("diff", str(repo / "rfp"), "--git", "no-such-rev").code == 2
    assert cli("diff", str(repo / "rfp")).code == 2
