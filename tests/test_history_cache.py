"""A load reads the arrival history twice (the criteria file's rules, then the project) and
parses it once; a file whose bytes change is parsed again; a bad file gives the same
diagnostic every time. And every criterion kind has a way to its raw values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vendorscore.criteria import registry
from vendorscore.criteria.coverage import CoverageCriterion
from vendorscore.errors import InputError
from vendorscore.loading import history
from vendorscore.scoring.columns import COLUMNS, raw_column
from vendorscore.services.project import Selection, load

CRITERIA = """\
name: t
evaluation_date: 2027-01-15
workload:
  contacts_per_year: 600000
  aht_seconds: 360
  occupancy: 80
  model: erlang_c
  service_level: {percent: 80, seconds: 20}
  profile: {timezone: America/New_York}
  profile_file: arrivals.csv
criteria:
  - {id: cost, kind: cost, weight: 1}
  - id: hours
    kind: coverage
    weight: 1
    required: [{days: [mon, tue, wed, thu, fri], start: "08:00", end: "20:00", timezone: UTC}]
"""
VENDOR = """\
id: v
name: V
pricing: {currency: USD, unit: per_productive_hour, rate: 10}
coverage: [{days: [mon, tue, wed, thu, fri], start: "08:00", end: "20:00", timezone: UTC}]
"""


def _arrivals(weeks: int, count: int = 1) -> str:
    start = datetime(2027, 1, 4)
    rows = [f"{start + timedelta(hours=h):%Y-%m-%d %H:%M},{count}" for h in range(24 * 7 * weeks)]
    return "timestamp,contacts\n" + "\n".join(rows) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "criteria").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / "criteria" / "c.yaml").write_text(CRITERIA)
    (root / "vendors" / "v.yaml").write_text(VENDOR)
    (root / "criteria" / "arrivals.csv").write_text(_arrivals(2))
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The histories parsed, by the name shown (the cache starts empty)."""
    seen: list[str] = []
    parse: Callable[..., Any] = history._parse

    def counted(text: str, digest: str, shown: str, zone: str) -> Any:
        seen.append(shown)
        return parse(text, digest, shown, zone)

    monkeypatch.setattr(history, "_parse", counted)
    monkeypatch.setattr(history, "_parsed", {})
    return seen


def test_a_load_parses_the_history_once(project: Path, parses: list[str]) -> None:
    loaded = load(Selection(str(project)))
    assert loaded.inputs.history is not None
    assert len(loaded.inputs.history.counts) == 24 * 14
    assert len(parses) == 1
    load(Selection(str(project)))  # the same bytes: not parsed again
    assert len(parses) == 1


def test_a_changed_history_is_parsed_again(project: Path, parses: list[str]) -> None:
    load(Selection(str(project)))
    (project / "criteria" / "arrivals.csv").write_text(_arrivals(3))
    loaded = load(Selection(str(project)))
    assert loaded.inputs.history is not None
    assert len(loaded.inputs.history.counts) == 24 * 21
    assert len(parses) == 2


def test_a_bad_history_gives_the_same_diagnostic_each_time(
    project: Path, parses: list[str]
) -> None:
    (project / "criteria" / "arrivals.csv").write_text("timestamp,contacts\nnot a date,1\n")
    found = []
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            load(Selection(str(project)))
        found.append([i.format() for i in caught.value.issues])
    assert found[0] == found[1]
    assert any("arrivals.csv:2:1" in line and "bad-timestamp" in line for line in found[0])
    assert len(parses) == 1


def test_the_cache_is_bounded(tmp_path: Path, parses: list[str]) -> None:
    from vendorscore.criteria.settings import Workload

    workload = Workload.model_validate(
        {"contacts_per_year": 1000, "aht_seconds": 60, "occupancy": 80, "profile_file": "a.csv"}
    )
    for k in range(history.KEPT + 3):
        folder = tmp_path / str(k)
        folder.mkdir()
        (folder / "a.csv").write_text(_arrivals(1, count=k + 1))
        found = history.history_of(workload, folder / "c.yaml", f"{k}/c.yaml")
        assert found.counts[0] == k + 1
    assert len(history._parsed) == history.KEPT
    assert len(parses) == history.KEPT + 3


def test_every_kind_has_a_way_to_its_raw_values() -> None:
    for kind in registry.KINDS:
        assert kind.raw is not None or kind.name in COLUMNS, kind.name
    coverage = CoverageCriterion.model_validate(
        {
            "id": "c",
            "kind": "coverage",
            "weight": 1,
            "required": [{"days": ["mon"], "start": "08:00", "end": "20:00", "timezone": "UTC"}],
        }
    )
    assert raw_column(coverage) is COLUMNS["coverage"]
