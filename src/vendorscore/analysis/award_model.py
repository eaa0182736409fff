"""The award problem as a mixed-integer model, solved by HiGHS (``highspy``).

This module is the only one that imports highspy, and only ``vendorscore award`` (and the
report of a project with an ``award:`` section) imports this module.

Variables, for every pair p = (vendor v, segment s) the vendor may serve, and every interval
k = 1..K of the cost curve's breakpoints b_0 = 0 < b_1 < ... < b_K = 1:

- ``w[p,k]`` binary: the pair's share lies in interval k (at most one per pair);
- ``d[p,k]`` in [0, b_k - b_(k-1)]: how far into the interval (0 unless ``w[p,k]``);
- ``y[v]`` binary: the vendor is awarded anything;
- ``n[p]`` integer (only with ``share.step``): the share in steps;
- ``r[u,v,s]`` in [0, 1] (only with n-1 resilience): the share of segment s vendor v would
  carry if vendor u failed.

The share is ``x[p] = sum_k (b_(k-1) w[p,k] + d[p,k])`` and its cost ``sum_k (C(b_(k-1))
w[p,k] + slope_k d[p,k])``: the cost curve, piecewise linear between breakpoints, with a jump
at 0 for the queue a share of any size needs. The binaries are what make a concave curve
exact: a relaxation could otherwise mix two far breakpoints and price a split below its
staffing. Every rule is a set of rows that ``Rules`` can switch off, so that the analysis can
price each rule by solving without it, and explain an infeasible problem by relaxing rules.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from vendorscore.analysis.award_formulation import Ask, Model, formulate
from vendorscore.analysis.award_problem import Array, Problem
from vendorscore.errors import ScoringError

TIME_LIMIT = 60.0  # seconds per solve (README: limits); a solve that hits it is reported
ABS_GAP = 1e-6  # the MIP gaps asked of HiGHS: optimal to the cent and beyond
REL_GAP = 1e-9
WORKERS = min(4, os.cpu_count() or 1)  # threads for independent solves


@dataclass(frozen=True)
class Solution:
    """A solved award: each pair's share, and what the model says it costs."""

    shares: Array  # (V, S) fractions of each segment
    cost: float  # annual, base currency, including setup per year
    score: float  # volume-weighted ranking score
    optimal: bool  # proven optimal (False: the time limit stopped it with this incumbent)
    seconds: float

    def used(self) -> frozenset[tuple[int, int]]:
        rows, cols = np.nonzero(self.shares > 1e-9)
        return frozenset(zip(rows.tolist(), cols.tolist(), strict=True))

    def vendors(self) -> tuple[int, ...]:
        return tuple(sorted({v for v, _ in self.used()}))


_CREATING = threading.Lock()  # _quiet moves fd 1: one creation at a time


@contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on stdout when it is created: keep it off our output."""
    with _CREATING:
        sys.stdout.flush()
        saved = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)


def solve_many(problem: Problem, asks: Sequence[Ask]) -> list[Solution | None]:
    """``solve`` for each ask, in order; independent solves run side by side on up to
    ``WORKERS`` threads (HiGHS releases the GIL while it solves)."""
    if len(asks) < 2 or WORKERS < 2:
        return [solve(problem, ask) for ask in asks]
    with ThreadPoolExecutor(min(WORKERS, len(asks))) as pool:
        return list(pool.map(lambda ask: solve(problem, ask), asks))


def solve(problem: Problem, ask: Ask) -> Solution | None:
    """The best award under ``ask``, or None when no award satisfies it."""
    started = time.perf_counter()
    if not problem.curves:
        return None
    model, layout, objective = formulate(problem, ask)
    ran = _run(model, objective)
    if ran is None:
        return None
    values, optimal = ran
    shares = np.zeros(problem.able.shape)
    for p, (v, s) in enumerate(layout.pairs):
        if sum(values[wk] for wk in layout.w[p]) < 0.5:
            continue  # not used: a share of 1e-7 left by the tolerances is no share
        b = problem.curves[v, s].breaks
        shares[v, s] = sum(
            float(b[k]) * values[wk] + values[dk]
            for k, (wk, dk) in enumerate(zip(layout.w[p], layout.d[p], strict=True))
        )
    shares = _clean(shares, problem.settings.share.step)
    return Solution(
        shares=shares,
        cost=model_cost(problem, shares),
        score=float(np.sum(shares * problem.weights[None, :] * problem.metrics["score"][:, None])),
        optimal=optimal,
        seconds=time.perf_counter() - started,
    )


def _clean(shares: Array, step: int | None) -> Array:
    """Shares as the award states them: whole steps, or to 1e-7 with each served segment
    summing to exactly 1."""
    if step:
        return np.asarray(np.round(shares * 100 / step) * step / 100, dtype=np.float64)
    shares = np.clip(np.round(shares, 7), 0.0, 1.0)
    totals = shares.sum(axis=0)
    return np.asarray(np.where(totals > 0, shares / np.where(totals > 0, totals, 1), 0.0))


def model_cost(problem: Problem, shares: Array) -> float:
    """The annual cost of an award by the model's curves (setup of every vendor used)."""
    total = 0.0
    for v, s in zip(*np.nonzero(shares > 1e-9), strict=True):
        total += problem.curves[int(v), int(s)].cost_at(float(shares[v, s]))
    used = np.nonzero((shares > 1e-9).any(axis=1))[0]
    return total + float(problem.setup[used].sum())


class OutOfTime(Exception):
    """A solve under ``budget`` ran out of time: the explanation it served is left out."""


_deadline: list[float] = []  # the innermost budget's end (time.monotonic)


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Solves inside share ``seconds``; one that runs out raises ``OutOfTime`` (rather than
    answer with a solution it could not prove)."""
    _deadline.append(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.pop()


def _check(status: object, what: str) -> None:
    if status == highspy.HighsStatus.kError:
        raise ScoringError(
            ("award",),
            "solver-refused",
            f"the solver refused the award model ({what}): a bound or a figure is outside "
            "what it takes; please report this with the criteria file",
        )


def _run(model: Model, objective: dict[int, float]) -> tuple[list[float], bool] | None:
    n = len(model.lower)
    limit = TIME_LIMIT
    if _deadline:
        left = _deadline[-1] - time.monotonic()
        if left <= 0:
            raise OutOfTime
        limit = min(limit, left)
    with _quiet():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    for option, value in (
        ("output_flag", False),
        ("mip_rel_gap", REL_GAP),
        ("mip_abs_gap", ABS_GAP),
        ("time_limit", limit),
        ("random_seed", 0),
        ("threads", 1),
        ("presolve", "off"),  # measured: costs more than it saves on these models
    ):
        _check(h.setOptionValue(option, value), option)
    costs = np.zeros(n)
    for index, value in objective.items():
        costs[index] = value
    _check(h.addVars(n, np.array(model.lower), np.array(model.upper)), "columns")
    _check(h.changeColsCost(n, np.arange(n, dtype=np.int32), costs), "objective")
    if model.integer:
        idx = np.array(model.integer, dtype=np.int32)
        kinds = np.full(idx.size, highspy.HighsVarType.kInteger)
        _check(h.changeColsIntegrality(idx.size, idx, kinds), "integers")
    if model.rows:
        _check(h.addRows(*_rows(model)), "rows")
    _check(h.run(), "solve")
    status = h.getModelStatus()
    ok = highspy.HighsModelStatus
    if status == ok.kOptimal:
        return list(h.getSolution().col_value), True
    if status in (ok.kTimeLimit, ok.kInterrupt):
        if _deadline:
            raise OutOfTime
        if h.getInfo().primal_solution_status == 2:
            return list(h.getSolution().col_value), False
        raise ScoringError(
            ("award",),
            "award-time",
            f"no award found within {TIME_LIMIT:g} s: narrow the problem (fewer vendors "
            "through the gates, fewer segments, a share step)",
        )
    return None


def _rows(model: Model) -> tuple[Any, ...]:
    """The rows in the compressed form ``addRows`` takes."""
    inf = highspy.kHighsInf
    starts: list[int] = []
    indices: list[int] = []
    values: list[float] = []
    lows: list[float] = []
    highs: list[float] = []
    for low, high, terms in model.rows:
        starts.append(len(indices))
        indices.extend(terms)
        values.extend(terms.values())
        lows.append(-inf if low == -math.inf else low)
        highs.append(inf if high == math.inf else high)
    return (
        len(lows),
        np.array(lows, dtype=np.float64),
        np.array(highs, dtype=np.float64),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(values, dtype=np.float64),
    )
