"""Startup: `--help` and `validate` import only what they need (measured with -X importtime)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DATA


def imported(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vendorscore", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert modules, result.stderr
    return modules


def test_help_imports_no_heavy_module() -> None:
    modules = imported("--help")
    for heavy in ("numpy", "jinja2", "yaml", "vendorscore.models.vendor"):
        assert heavy not in modules


def test_rank_imports_no_jinja() -> None:
    modules = imported("rank", "--example", "--format", "json")
    assert "numpy" in modules
    assert "jinja2" not in modules


def test_validate_imports_no_numpy_or_jinja() -> None:
    modules = imported("validate", str(DATA / "badinputs" / "vendor_norwegian.yaml"))
    assert "yaml" in modules
    assert "numpy" not in modules
    assert "jinja2" not in modules


def test_only_award_imports_the_solver() -> None:
    """highspy (the award solver) loads for `award` alone."""
    assert "highspy" not in imported("--help")
    assert "highspy" not in imported("validate", "--example")
    assert "highspy" not in imported("rank", "--example", "--format", "json")
    assert "highspy" in imported("award", "--example", "--format", "json", "--no-frontier")
