"""Properties of the ranking (hypothesis): order, names, weight scale, dominance, independence."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import ranking, write_project

values = st.one_of(st.none(), st.integers(0, 100), st.floats(0.5, 100, allow_nan=False))
vendor_rows = st.lists(st.tuples(values, values, values), min_size=2, max_size=7)
methods = st.sampled_from(["weighted_sum", "weighted_product", "topsis"])
scorings = st.sampled_from(
    ["{method: min_max}", "{method: absolute, best: 100, worst: 0}", "{method: ratio}"]
)


def criteria(
    method: str, weights: tuple[float, float, float], scoring: str, missing: str = "worst"
) -> str:
    lines = [f"method: {method}", "criteria:"]
    for key, weight, direction in zip("xyz", weights, ("higher", "lower", "higher"), strict=True):
        # absolute bounds run the other way for lower-is-better
        own = (
            scoring.replace("best: 100, worst: 0", "best: 0, worst: 100")
            if direction == "lower"
            else scoring
        )
        lines.append(
            f"  - {{id: {key}, kind: numeric, field: metrics.{key}, direction: {direction}, "
            f"weight: {weight!r}, missing: {missing}, scoring: {own}}}"
        )
    return "\n".join(lines) + "\n"


def vendor_text(vid: str, row: tuple[float | None, ...]) -> str:
    metrics = ", ".join(f"{k}: {v!r}" for k, v in zip("xyz", row, strict=True) if v is not None)
    return f"id: {vid}\nname: Vendor {vid}\nmetrics: {{{metrics}}}\n"


def outcome(crit: str, vendors: list[str]) -> list[tuple[int, str, float]]:
    folder = Path(tempfile.mkdtemp())
    try:
        write_project(folder, "name: P\n" + crit, vendors)
        r = ranking(folder)
        return [(v.rank, v.id, v.score) for v in r.ranking]
    finally:
        shutil.rmtree(folder)


def close(a: list[tuple[int, str, float]], b: list[tuple[int, str, float]]) -> bool:
    return [x[:2] for x in a] == [x[:2] for x in b] and all(
        abs(x[2] - y[2]) <= 1e-9 for x, y in zip(a, b, strict=True)
    )


positive = st.tuples(*[st.floats(0.5, 100)] * 3)


@settings(max_examples=60, deadline=None)
@given(rows=vendor_rows, method=methods, weights=positive, data=st.data())
def test_order_and_file_names_do_not_matter(
    rows: list[tuple[float | None, ...]],
    method: str,
    weights: tuple[float, float, float],
    data: st.DataObject,
) -> None:
    crit = criteria(method, weights, "{method: absolute, best: 100, worst: 0}")
    texts = [vendor_text(f"v{i}", row) for i, row in enumerate(rows)]
    shuffled = data.draw(st.permutations(texts))
    first = outcome(crit, texts)
    folder = Path(tempfile.mkdtemp())
    try:
        write_project(folder, "name: P\n" + crit, [])
        for index, text in enumerate(shuffled):
            (folder / "vendors" / f"zz-{len(shuffled) - index}-renamed.yaml").write_text(text)
        r = ranking(folder)
        assert close(first, [(v.rank, v.id, v.score) for v in r.ranking])
    finally:
        shutil.rmtree(folder)


@settings(max_examples=60, deadline=None)
@given(
    rows=vendor_rows,
    method=methods,
    weights=positive,
    factor=st.floats(0.01, 1000),
    scoring=scorings,
)
def test_scaling_every_weight_changes_nothing(
    rows: list[tuple[float | None, ...]],
    method: str,
    weights: tuple[float, float, float],
    factor: float,
    scoring: str,
) -> None:
    texts = [
        vendor_text(f"v{i}", tuple(v if v is None else max(v, 0.5) for v in row))
        for i, row in enumerate(rows)
    ]
    base = outcome(criteria(method, weights, scoring), texts)
    scaled = outcome(criteria(method, tuple(w * factor for w in weights), scoring), texts)  # type: ignore[arg-type]
    assert close(base, scaled)


full_rows = st.lists(st.tuples(*[st.integers(1, 100)] * 3), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(
    rows=full_rows,
    method=methods,
    weights=positive,
    scoring=scorings,
    better=st.tuples(*[st.integers(0, 20)] * 3),
)
def test_a_dominating_vendor_never_ranks_below(
    rows: list[tuple[int, int, int]],
    method: str,
    weights: tuple[float, float, float],
    scoring: str,
    better: tuple[int, int, int],
) -> None:
    # y is lower-is-better, so the dominating vendor has a smaller y
    base = rows[0]
    strong = (
        min(base[0] + better[0], 100),
        max(base[1] - better[1], 1),
        min(base[2] + better[2], 100),
    )
    texts = [vendor_text(f"v{i}", row) for i, row in enumerate(rows)] + [vendor_text("dom", strong)]
    result = {vid: rank for rank, vid, _ in outcome(criteria(method, weights, scoring), texts)}
    assert result["dom"] <= result["v0"]


@settings(max_examples=60, deadline=None)
@given(
    rows=vendor_rows,
    extra=st.tuples(values, values, values),
    method=st.sampled_from(["weighted_sum", "weighted_product"]),
    weights=positive,
)
def test_absolute_scoring_is_independent_of_other_vendors(
    rows: list[tuple[float | None, ...]],
    extra: tuple[float | None, ...],
    method: str,
    weights: tuple[float, float, float],
) -> None:
    crit = criteria(method, weights, "{method: absolute, best: 100, worst: 0}")
    texts = [vendor_text(f"v{i}", row) for i, row in enumerate(rows)]
    before = {vid: score for _, vid, score in outcome(crit, texts)}
    after = {vid: score for _, vid, score in outcome(crit, [*texts, vendor_text("new", extra)])}
    for vid, score in before.items():
        assert abs(after[vid] - score) <= 1e-9
