"""The fuzz target keeps working: a few generated projects through every command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

import fuzz_projects


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(spec=fuzz_projects.project())
def test_generated_projects_never_crash(spec: dict[str, Any]) -> None:
    fuzz_projects.exercise(spec)
