"""Small projects written to a temporary folder, for engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from vendorscore.loading.project import Loaded, find_project, require_project
from vendorscore.models.results import Ranking
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.services.evaluate import evaluate_loaded

HEADER = """\
name: Test
evaluation_date: 2027-01-15
currency: USD
fx: {EUR: 1.08, GBP: 1.27}
workload: {contacts_per_year: 600000, aht_seconds: 360, occupancy: 80, hours_per_fte_month: 160, contract_years: 3}
"""


def write_project(
    root: Path, criteria: str, vendors: list[str], scores: dict[str, str] | None = None
) -> Path:
    """criteria: the body after HEADER (or a whole file if it has 'name:'); vendors: YAML texts."""
    (root / "criteria").mkdir(parents=True, exist_ok=True)
    (root / "vendors").mkdir(exist_ok=True)
    body = textwrap.dedent(criteria)
    text = body if body.startswith("name:") else HEADER + body
    (root / "criteria" / "c.yaml").write_text(text)
    for index, vendor in enumerate(vendors):
        (root / "vendors" / f"v{index:02d}.yaml").write_text(textwrap.dedent(vendor))
    if scores:
        (root / "scores").mkdir(exist_ok=True)
        for name, sheet in scores.items():
            (root / "scores" / f"{name}.yaml").write_text(textwrap.dedent(sheet))
    return root


def load(root: Path) -> Loaded:
    return require_project(find_project(str(root)))


def evaluate_at(root: Path, **kwargs: object) -> Evaluation:
    return evaluate_loaded(load(root), **kwargs)  # type: ignore[arg-type]


def ranking(root: Path, **kwargs: object) -> Ranking:
    return evaluate_at(root, **kwargs).ranking


def raw_of(r: Ranking, vendor: str, criterion: str) -> float | None:
    row = next(v for v in r.ranking if v.id == vendor)
    return row.criteria[criterion].raw
