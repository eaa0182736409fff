"""Extreme numbers through every criterion kind and every method (issue 11, item 4).

Hypothesis writes small projects whose numbers come from the edges of float64 and of the
documented range (0, -0, denormals, 1e-300, just under 1e15, and beyond it), whose dates run
past 1900 and 2200, and scores each one with one criterion kind (from the registry) and one
method (from the list of methods). What comes out is either a positioned error (every issue
with a file, a line and a column: `validate` refused it) or a ranking, an explanation and a
sensitivity analysis with only finite numbers, scores in 0..100 and weight thresholds in 0..1.

The default run tries a few projects per kind and method (a few seconds); the run marked
``slow`` tries many more.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendorscore.analysis.explain import explain
from vendorscore.analysis.smaa import SmaaOptions
from vendorscore.analysis.summary import analyse
from vendorscore.criteria.registry import KINDS
from vendorscore.errors import InputError, Issue
from vendorscore.models.choices import METHODS
from vendorscore.models.limits import MAX_MAGNITUDE
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.services.evaluate import rank_project
from vendorscore.services.project import Selection
from vendorscore.views.analysis import explanation_json, sensitivity_json
from vendorscore.views.ranking import to_json

EDGES = [
    0.0,
    -0.0,
    5e-324,
    1e-323,
    2.2250738585072014e-308,
    1e-300,
    1e-15,
    0.5,
    1.0,
    100.0,
    1e14,
    999999999999999.0,
    -999999999999999.0,
    -1e-300,
    -5e-324,
]
BEYOND = [1e15, -1e15, 1e300, -1e308]  # out of range: validate must refuse, with a position
inside = st.one_of(
    st.sampled_from(EDGES),
    st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE, allow_nan=False, allow_infinity=False).filter(
        lambda x: abs(x) < MAX_MAGNITUDE
    ),
)
numbers = inside
positive = numbers.map(abs)
weights = st.one_of(positive, st.sampled_from([0.0, 30.0, 100.0]))
dates = st.dates(date(1890, 1, 1), date(2210, 12, 31)).map(date.isoformat)
counts = st.one_of(st.integers(0, 10**6), st.sampled_from([0, 10**15 - 1, 10**15, 10**20]))

Draw = Callable[[st.SearchStrategy[Any]], Any]
Spec = tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]  # criterion, settings, sheets
Maker = Callable[[Draw, list[dict[str, Any]]], Spec]


def _maybe(draw: Draw, value: Any) -> Any:
    return draw(st.sampled_from([value, value, None]))


def _numeric(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
    lo, hi = sorted(draw(st.lists(numbers, min_size=2, max_size=2, unique=True)))
    points = sorted({draw(numbers) for _ in range(3)} | {lo})
    scoring = draw(
        st.sampled_from(
            [
                None,
                {"method": "min_max"},
                {"method": "ratio"},
                {"method": "absolute", "best": hi, "worst": lo},
                {"method": "piecewise", "points": [[x, i / 3] for i, x in enumerate(points)]},
            ]
        )
    )
    if scoring is not None and scoring["method"] == "piecewise" and len(points) < 2:
        scoring = None
    for v in vendors:
        value = _maybe(draw, draw(numbers))
        if value is not None:
            v["metrics"] = {"x": value}
    criterion = {"kind": "numeric", "field": "metrics.x", "direction": "higher"}
    return {**criterion, **({"scoring": scoring} if scoring else {})}, {}, []


def _cost(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
    units = ["per_productive_hour", "per_fte_month", "per_minute", "per_contact"]
    for v in vendors:
        if draw(st.booleans()):
            v["pricing"] = {
                "currency": draw(st.sampled_from(["USD", "EUR"])),
                "unit": draw(st.sampled_from([*units, "per_resolved_contact"])),
                "rate": draw(positive),
                "setup_fee": draw(positive),
            }
    workload = {
        "contacts_per_year": draw(positive),
        "aht_seconds": draw(positive),
        "occupancy": draw(st.sampled_from([5e-324, 1e-300, 0.82, 1.0, 80.0, 100.0, 0.0])),
        "hours_per_fte_month": draw(positive),
        "contract_years": draw(positive),
    }
    return {"kind": "cost"}, {"workload": workload, "fx": {"EUR": draw(positive)}}, []


WINDOWS = [
    {"days": "daily", "start": "00:00", "end": "24:00", "timezone": "Pacific/Kiritimati"},
    {"days": "weekdays", "start": "13:00", "end": "07:00", "timezone": "Asia/Manila"},
    {"days": ["sat"], "start": "23:59", "end": "00:01", "timezone": "Pacific/Pago_Pago"},
]


def _coverage(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
    for v in vendors:
        v["coverage"] = draw(st.lists(st.sampled_from(WINDOWS), max_size=2))
        v["closed"] = draw(st.lists(dates, max_size=3, unique=True))
    required = [{"days": "daily", "start": "06:00", "end": "24:00", "timezone": "America/New_York"}]
    return {"kind": "coverage", "required": required}, {"evaluation_date": draw(dates)}, []


def _languages(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
    for v in vendors:
        v["languages"] = [
            {"code": code, "level": draw(st.sampled_from(["A1", "B2", "native"]))}
            | ({"agents": draw(counts)} if draw(st.booleans()) else {})
            for code in draw(st.lists(st.sampled_from(["en", "es-MX", "fr"]), unique=True))
        ]
    demand = {"en": draw(positive), "es": draw(positive)}
    return (
        {"kind": "languages", "demand": demand, "required": draw(st.sampled_from([[], ["fr"]]))},
        {},
        [],
    )


def _points(kind: str) -> Maker:
    def make(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
        for v in vendors:
            names = draw(st.lists(st.sampled_from(["voice", "chat", "ISO 27001"]), unique=True))
            if kind == "set":
                v["channels"] = names
            else:
                v["certifications"] = [{"name": n, "expires": draw(dates)} for n in names]
        points = {"voice": draw(positive), "chat": draw(positive), "ISO 27001": draw(positive)}
        field = {"field": "channels"} if kind == "set" else {}
        return {"kind": kind, "points": points, **field}, {"evaluation_date": draw(dates)}, []

    return make


def _rubric(draw: Draw, vendors: list[dict[str, Any]]) -> Spec:
    low, high = sorted(draw(st.lists(numbers, min_size=2, max_size=2, unique=True)))
    sheets = [
        {
            "evaluator": name,
            "scores": {
                v["id"]: {"k": draw(st.one_of(st.sampled_from([low, high]), st.floats(low, high)))}
                for v in vendors
                if draw(st.booleans())
            },
        }
        for name in ("alice", "bob")
    ]
    return {"kind": "rubric", "scale": [low, high], "disagreement": draw(numbers)}, {}, sheets


MAKERS: dict[str, Maker] = {
    "numeric": _numeric,
    "cost": _cost,
    "coverage": _coverage,
    "languages": _languages,
    "set": _points("set"),
    "certifications": _points("certifications"),
    "rubric": _rubric,
}


def test_every_registered_kind_has_a_maker() -> None:
    assert set(MAKERS) == {k.name for k in KINDS}


@st.composite
def projects(draw: Draw, kind: str) -> dict[str, Any]:
    vendors: list[dict[str, Any]] = [
        {"id": f"v{i}", "name": f"V{i}"} for i in range(draw(st.integers(1, 4)))
    ]
    criterion, extra, sheets = MAKERS[kind](draw, vendors)
    other = {"id": "other", "kind": "numeric", "field": "metrics.y", "direction": "lower"}
    for v in vendors:
        v.setdefault("metrics", {})["y"] = draw(numbers)
    return {
        "criteria": {
            "name": "Extremes",
            **extra,
            "criteria": [
                {"id": "k", "weight": draw(weights), **criterion},
                {**other, "weight": draw(weights)},
            ],
        },
        "vendors": vendors,
        "scores": sheets,
    }


def _write(root: Path, spec: dict[str, Any]) -> None:
    for folder in ("criteria", "vendors", "scores"):
        (root / folder).mkdir()
    (root / "criteria" / "c.yaml").write_text(json.dumps(spec["criteria"]))
    for vendor in spec["vendors"]:
        (root / "vendors" / f"{vendor['id']}.yaml").write_text(json.dumps(vendor))
    for sheet in spec["scores"]:
        (root / "scores" / f"{sheet['evaluator']}.yaml").write_text(json.dumps(sheet))


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _rank(spec: dict[str, Any], method: str) -> Evaluation | tuple[Issue, ...]:
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, spec)
        try:
            return rank_project(Selection(str(root)), method)  # type: ignore[arg-type]
        except InputError as error:
            return error.issues


SCORED: list[int] = [0, 0]  # projects scored, projects refused (printed by the slow run)


def exercise(spec: dict[str, Any], method: str) -> None:
    """A positioned error, or finite results from rank, explain and sensitivity."""
    evaluation = _rank(spec, method)
    if isinstance(evaluation, tuple):
        SCORED[1] += 1
        assert evaluation
        for issue in evaluation:
            assert issue.line >= 1, issue
            assert issue.column >= 1, issue
            assert issue.code, issue
            assert Path(issue.file).name.endswith(".yaml"), issue
        return
    SCORED[0] += 1
    ranking = evaluation.ranking
    document = json.loads(to_json(ranking))  # allow_nan=False inside: raises on NaN
    assert _finite(document)
    assert all(0.0 <= v.score <= 100.0 for v in ranking.ranking)
    for v in ranking.ranking:
        for cell in v.criteria.values():
            assert cell.utility is None or 0.0 <= cell.utility <= 1.0
    if len(ranking.ranking) >= 2:
        first, last = ranking.ranking[0].id, ranking.ranking[-1].id
        assert _finite(json.loads(explanation_json(explain(evaluation, first, last))))
    result = analyse(evaluation, SmaaOptions(samples=10))
    assert _finite(json.loads(sensitivity_json(result)))
    for interval in result.stability:
        for end in (interval.low, interval.high):
            assert end is None or 0.0 <= end <= 1.0


CASES = [(kind, method) for kind in MAKERS for method in METHODS]
QUICK = settings(
    max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
LONG = settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.parametrize(("kind", "method"), CASES, ids=[f"{k}-{m}" for k, m in CASES])
def test_extreme_numbers_score_or_are_refused_with_a_position(kind: str, method: str) -> None:
    @QUICK
    @given(spec=projects(kind))
    def check(spec: dict[str, Any]) -> None:
        exercise(spec, method)

    check()


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_number_beyond_the_range_is_refused_with_its_position(kind: str) -> None:
    """The same projects with one number (a weight, a value) pushed past 1e15."""

    @QUICK
    @given(spec=projects(kind), beyond=st.sampled_from(BEYOND), where=st.booleans())
    def check(spec: dict[str, Any], beyond: float, where: bool) -> None:
        if where:
            spec["criteria"]["criteria"][1]["weight"] = abs(beyond)
        else:
            spec["vendors"][0]["metrics"]["y"] = beyond
        issues = _rank(spec, "weighted_sum")
        assert isinstance(issues, tuple)
        assert any(i.code == "too-large" and i.line >= 1 and i.column >= 1 for i in issues)

    check()


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "method"), CASES, ids=[f"{k}-{m}" for k, m in CASES])
def test_extreme_numbers_long_run(kind: str, method: str) -> None:
    @LONG
    @given(spec=projects(kind))
    def check(spec: dict[str, Any]) -> None:
        exercise(spec, method)

    check()
