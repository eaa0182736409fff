"""The structure holds: layers checked by import-linter, an evaluation that never was a file,
registries that cover every name they are keyed by."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from tests.conftest import ROOT
from vendorscore.analysis.smaa import BATCH
from vendorscore.cli.choices import Method as MethodChoice
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.errors import ScoringError
from vendorscore.models.choices import METHODS, Method
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.engine import evaluate
from vendorscore.scoring.evaluation import SCORERS

LINT = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [LINT, "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=src.parent,
        check=False,
    )


@pytest.mark.skipif(not Path(LINT).exists(), reason="import-linter is not installed")
def test_the_layers_hold() -> None:
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.skipif(not Path(LINT).exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # scoring must never see a file: importing the loader breaks the layers
        ("scoring/engine.py", "from vendorscore.loading import project", "Layers"),
        # only the CLI talks to the terminal
        ("analysis/summary.py", "import rich", "typer and rich only in the CLI"),
        # only loading reads or writes YAML
        ("exchange/responses.py", "import yaml", "yaml only in loading"),
    ],
)
def test_a_wrong_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "vendorscore",
        src / "vendorscore",
        ignore=shutil.ignore_patterns("__pycache__", "example"),
    )
    target = src / "vendorscore" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint(src)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout


def _vendor(vid: str, rate: float, fcr: float) -> Vendor:
    return Vendor.model_validate(
        {
            "id": vid,
            "name": vid.title(),
            "pricing": {"currency": "USD", "unit": "per_contact", "rate": rate},
            "kpis": {"fcr": fcr},
        },
        strict=False,
    )


CRITERIA = {
    "name": "In memory",
    "evaluation_date": "2027-01-15",
    "criteria": [
        {
            "id": "price",
            "kind": "numeric",
            "field": "pricing.rate",
            "direction": "lower",
            "weight": 60,
        },
        {"id": "fcr", "kind": "numeric", "field": "kpis.fcr", "direction": "higher", "weight": 40},
    ],
}


def test_an_evaluation_that_never_was_a_file_ranks() -> None:
    criteria = CriteriaFile.model_validate(CRITERIA, strict=False)
    vendors = [_vendor("a", 2.0, 70), _vendor("b", 3.0, 80), _vendor("c", 4.0, 90)]
    inputs = EvaluationInput.in_memory(criteria, vendors)
    ranking = evaluate(inputs).ranking
    # min-max: a = 60*1 + 40*0 = 60; b = 60*0.5 + 40*0.5 = 50; c = 0 + 40 = 40
    assert [(v.id, v.score) for v in ranking.ranking] == [("a", 60.0), ("b", 50.0), ("c", 40.0)]
    assert ranking.inputs.criteria == "<memory>"
    assert len(ranking.inputs.sha256) == 64
    again = EvaluationInput.in_memory(criteria, list(reversed(vendors)))
    assert again.sources.sha256 == inputs.sources.sha256  # order of vendors does not matter
    other = EvaluationInput.in_memory(criteria, vendors[:2])
    assert other.sources.sha256 != inputs.sources.sha256


def test_a_scoring_problem_names_a_model_path_not_a_file() -> None:
    """Ratio scoring of a lower-is-better value of 0 is impossible; scoring says where in
    the model (the service layer turns that into file:line:column)."""
    data = {
        **CRITERIA,
        "criteria": [
            {
                "id": "zero",
                "kind": "numeric",
                "field": "metrics.zero",
                "direction": "lower",
                "weight": 1,
                "scoring": {"method": "ratio"},
            }
        ],
    }
    criteria = CriteriaFile.model_validate(data, strict=False)
    zero = Vendor.model_validate({"id": "y", "name": "Y", "metrics": {"zero": 0}}, strict=False)
    one = Vendor.model_validate({"id": "x", "name": "X", "metrics": {"zero": 1}}, strict=False)
    with pytest.raises(ScoringError) as caught:
        evaluate(EvaluationInput.in_memory(criteria, [zero, one]))
    assert caught.value.path == ("criteria", 0, "scoring")
    assert caught.value.code == "cannot-score"


def test_every_method_has_a_scorer_a_batch_kernel_and_a_cli_choice() -> None:
    assert set(get_args(Method)) == set(METHODS)
    assert set(SCORERS) == set(METHODS)
    assert set(BATCH) == set(METHODS)
    assert [m.value for m in MethodChoice] == list(METHODS)


def test_modules_and_functions_stay_small() -> None:
    """No module over 400 lines; no function over 60 lines unless its docstring says why."""
    import ast

    too_long: list[str] = []
    for path in sorted((ROOT / "src" / "vendorscore").rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > 400:
            too_long.append(f"{path.name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                reason = "over 60 lines" in " ".join((ast.get_docstring(node) or "").split())
                if size > 60 and not reason:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}: {size} lines")
    assert too_long == []
