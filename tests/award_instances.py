"""Small award problems built directly (no project), a brute-force enumerator over a share
grid, and a feasibility check written independently of the MILP formulation."""

from __future__ import annotations

import itertools
import math
import random
from types import SimpleNamespace
from typing import Any

import numpy as np

from vendorscore.analysis.award_curves import Curve
from vendorscore.analysis.award_problem import FLOOR_SHARE, Problem, _locks
from vendorscore.analysis.award_segments import Segment
from vendorscore.criteria.award import AwardSettings


def _curve(rng: random.Random, share: float, step: int, peaks: bool) -> Curve:
    """A concave cost over the share (a queue's fixed part, then sqrt pooling, then linear),
    breakpoints every 5 % and every step."""
    points = sorted(set(range(0, 101, 5)) | set(range(0, 101, step)))
    x = np.array(points, dtype=np.float64) / 100
    linear = rng.uniform(50_000, 150_000) * share
    pooled = rng.uniform(0, 40_000) * share
    fixed = rng.uniform(0, 8_000)
    xs = np.maximum(x, 1e-9)
    cost = fixed + pooled * np.sqrt(xs) + linear * xs
    peak = None
    if peaks:
        peak = np.ceil(1 + rng.uniform(5, 20) * np.sqrt(xs) + rng.uniform(20, 80) * share * xs)
    return Curve(x, cost, peak)


def random_problem(seed: int) -> Problem:
    """Up to 5 vendors x 3 segments, rules drawn at random, shares on a grid of 20-50 %."""
    rng = random.Random(seed)
    n_v, n_s = rng.randint(1, 5), rng.randint(1, 3)
    steps = [20, 25, 50]
    rng.shuffle(steps)  # the finest grid the brute force can enumerate in a blink
    step = next((x for x in steps if math.comb(100 // x + n_v - 1, n_v - 1) ** n_s <= 4000), 50)
    raw = [rng.uniform(1, 10) for _ in range(n_s)]
    segments = tuple(Segment(f"s{j}", r / sum(raw)) for j, r in enumerate(raw))
    able = np.array([[rng.random() < 0.75 for _ in range(n_s)] for _ in range(n_v)], dtype=bool)
    for j in range(n_s):
        if not able[:, j].any():
            able[rng.randrange(n_v), j] = True
    peaks = rng.random() < 0.6
    curves = {
        (i, j): _curve(rng, segments[j].share, step, peaks)
        for i in range(n_v)
        for j in range(n_s)
        if able[i, j]
    }
    settings = _settings(rng, n_v, n_s, step)
    ids = tuple(f"v{i}" for i in range(n_v))
    fcr = np.array([rng.choice([70.0, 74.0, 76.0, 78.0, 82.0]) for _ in range(n_v)])
    if rng.random() < 0.15:
        fcr[rng.randrange(n_v)] = math.nan
    metrics = {
        "score": np.array([rng.uniform(50, 90) for _ in range(n_v)]),
        "kpis.fcr": fcr,
        "kpis.attrition": np.array([rng.uniform(20, 50) for _ in range(n_v)]),
    }
    caps: list[tuple[int, tuple[int, ...], int, str]] = []
    if peaks:
        for i in range(n_v):
            if rng.random() < 0.3 and able[i].any():
                j = int(rng.choice(np.nonzero(able[i])[0].tolist()))
                caps.append((i, (j,), rng.randint(5, 60), f"s{j}"))
    return Problem(
        ids=ids,
        names=tuple(f"Vendor {i}" for i in range(n_v)),
        segments=segments,
        unserved=(),
        able=able,
        why_not={(i, j): "cannot" for i in range(n_v) for j in range(n_s) if not able[i, j]},
        curves=curves,
        peaks=peaks,
        setup=np.array([rng.choice([0.0, 2_000.0, 5_000.0]) for _ in range(n_v)]),
        capacity=np.array(
            [rng.uniform(20, 150) if peaks and rng.random() < 0.7 else math.inf for _ in range(n_v)]
        ),
        language_caps=tuple(caps),
        metrics=metrics,
        preference=tuple((n_v - i) / n_v for i in range(n_v)),
        scale=100_000.0,
        settings=settings,
        locks=_locks(
            settings,
            [SimpleNamespace(id=v) for v in ids],  # type: ignore[misc]
            list(segments),
        ),
        currency="USD",
        contract_years=3.0,
        linear=False,
        level="B2",
    )


def _settings(rng: random.Random, n_v: int, n_s: int, step: int) -> AwardSettings:
    data: dict[str, Any] = {"segments": [{"id": f"s{j}", "share": 1} for j in range(n_s)]}
    low = rng.randint(1, min(3, n_v))
    data["vendors"] = {"min": low}
    if rng.random() < 0.5:
        data["vendors"]["max"] = rng.randint(low, n_v)
    share: dict[str, Any] = {"step": step}
    if rng.random() < 0.5:
        share["max"] = rng.choice([50, 75, 100])
    if rng.random() < 0.4:
        share["min_if_used"] = rng.choice([10, 20, 25])
        share["min_if_used"] = min(share["min_if_used"], share.get("max", 100))
    data["share"] = share
    floors: dict[str, float] = {}
    if rng.random() < 0.4:
        floors["kpis.fcr"] = rng.choice([72, 75, 77])
    if rng.random() < 0.3:
        floors["score"] = rng.choice([55, 65, 75])
    data["floors"] = floors
    if rng.random() < 0.3:
        data["ceilings"] = {"kpis.attrition": rng.choice([30, 40])}
    if rng.random() < 0.3:
        v, s = rng.randrange(n_v), rng.randrange(n_s)
        data["locks"] = {f"v{v}": {f"s{s}": rng.choice([">= 50", "<= 50", "25", ">= 100"])}}
    data["objective"] = rng.choice(["cost", "cost", "score", "value"])
    return AwardSettings.model_validate(data)


def cost_of(problem: Problem, shares: np.ndarray) -> float:
    used = shares > 1e-9
    total = sum(
        problem.curves[v, s].cost_at(float(shares[v, s]))
        for v, s in zip(*np.nonzero(used), strict=False)
    )
    return float(total + problem.setup[used.any(axis=1)].sum())


def score_of(problem: Problem, shares: np.ndarray) -> float:
    weights = np.array([s.share for s in problem.segments])
    weights = weights / weights.sum()
    return float(np.sum(shares * weights[None, :] * problem.metrics["score"][:, None]))


def feasible(problem: Problem, shares: np.ndarray, tol: float = 1e-6) -> list[str]:
    """Every rule the award breaks (empty when it meets them all), read from the settings."""
    st = problem.settings
    out = []
    used = shares > 1e-9
    vendors = int(used.any(axis=1).sum())
    weights = np.array([s.share for s in problem.segments])
    weights = weights / weights.sum()
    if not np.allclose(shares.sum(axis=0), 1.0, atol=tol):
        out.append("segments not fully served")
    if (shares < -tol).any() or (used & ~problem.able).any():
        out.append("a vendor serves a segment it may not")
    if vendors < st.vendors.min or (st.vendors.max is not None and vendors > st.vendors.max):
        out.append("vendor count")
    if (shares > st.share.max / 100 + tol).any():
        out.append("share.max")
    least = max(FLOOR_SHARE, (st.share.min_if_used or 0) / 100)
    if (used & (shares < least - tol)).any():
        out.append("share.min_if_used")
    if st.share.step:
        units = shares * 100 / st.share.step
        if not np.allclose(units, np.round(units), atol=1e-6):
            out.append("share.step")
    for key, bound, sign in [
        *((k, b, 1) for k, b in st.floors.items()),
        *((k, b, -1) for k, b in st.ceilings.items()),
    ]:
        values = problem.metrics[key]
        if (used & np.isnan(values)[:, None]).any():
            out.append(f"{key}: a vendor without the value")
            continue
        mean = float(np.sum(shares * weights[None, :] * np.nan_to_num(values)[:, None]))
        if sign * (mean - bound) < -1e-6:
            out.append(f"{key} bound")
    if problem.peaks:
        for v in range(len(problem.ids)):
            peak = sum(
                problem.curves[v, s].peak_at(float(shares[v, s])) or 0.0
                for s in range(len(problem.segments))
                if used[v, s]
            )
            if peak > problem.capacity[v] + 1e-6:
                out.append(f"capacity of {problem.ids[v]}")
        for v, group, agents, _ in problem.language_caps:
            peak = sum(
                problem.curves[v, s].peak_at(float(shares[v, s])) or 0.0
                for s in group
                if used[v, s]
            )
            if peak > agents + 1e-6:
                out.append(f"language agents of {problem.ids[v]}")
    for v, s, lock in problem.locks:
        x = 100 * shares[v, s]
        ok = {
            ">=": x >= lock.percent - 1e-6,
            "<=": x <= lock.percent + 1e-6,
            "=": abs(x - lock.percent) <= 1e-6,
        }
        if not ok[lock.op]:
            out.append("lock")
    return out


def brute_force(problem: Problem) -> tuple[float, np.ndarray] | None:
    """The best objective value over every award on the share grid (None when none is
    feasible): cost minimised, score or score per cost maximised (returned negated)."""
    step = problem.settings.share.step
    assert step
    units = 100 // step
    n_v, n_s = problem.able.shape
    per_segment = []
    for s in range(n_s):
        options = []
        for combo in itertools.product(range(units + 1), repeat=n_v):
            if sum(combo) == units and all(
                c == 0 or problem.able[v, s] for v, c in enumerate(combo)
            ):
                options.append(np.array(combo, dtype=np.float64) / units)
        per_segment.append(options)
    best: tuple[float, np.ndarray] | None = None
    what = problem.settings.objective
    for columns in itertools.product(*per_segment):
        shares = np.stack(columns, axis=1)
        if feasible(problem, shares):
            continue
        cost = cost_of(problem, shares)
        value = {"cost": cost, "score": -score_of(problem, shares)}.get(what)
        if value is None:
            value = -score_of(problem, shares) / cost
        if best is None or value < best[0]:
            best = (value, shares)
    return best
