"""Shared fixtures: running the CLI in-process, the example project, golden-file updates."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from vendorscore.cli import run

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "src" / "vendorscore" / "example"
# the bundled example as it was before issue 12 (workload.model flat): the outputs of a flat
# workload must stay byte-identical to what they were, and these tests prove it
FLAT_EXAMPLE = ROOT / "tests" / "data" / "flat-example"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden output files from the current build instead of comparing.",
    )


@dataclass
class Result:
    """What one CLI run did."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``vendorscore ARGS...`` in-process; returns exit code, stdout and stderr."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the example project."""
    dest = tmp_path / "project"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when run with --update-golden."""
    return bool(request.config.getoption("--update-golden"))
