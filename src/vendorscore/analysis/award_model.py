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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import highspy
import numpy as np

from vendorscore.analysis.award_formulation import Ask, Model, formulate
from vendorscore.analysis.award_problem import Array, Problem

TIME_LIMIT = 60.0  # seconds per solve (README: limits); a solve that hits it is reported
ABS_GAP = 1e-6  # the MIP gaps asked of HiGHS: optimal to the cent and beyond
REL_GAP = 1e-9


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


@contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on stdout when it is created: keep it off our output."""
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


def _run(model: Model, objective: dict[int, float]) -> tuple[list[float], bool] | None:
    n = len(model.lower)
    with _quiet():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", REL_GAP)
    h.setOptionValue("mip_abs_gap", ABS_GAP)
    h.setOptionValue("time_limit", TIME_LIMIT)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")  # measured: costs more than it saves on these models
    inf = highspy.kHighsInf
    costs = np.zeros(n)
    for index, value in objective.items():
        costs[index] = value
    lower = np.array(model.lower, dtype=np.float64)
    upper = np.array(model.upper, dtype=np.float64)
    h.addVars(n, lower, upper)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    if model.integer:
        idx = np.array(model.integer, dtype=np.int32)
        h.changeColsIntegrality(idx.size, idx, np.full(idx.size, highspy.HighsVarType.kInteger))
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
    if lows:
        h.addRows(
            len(lows),
            np.array(lows, dtype=np.float64),
            np.array(highs, dtype=np.float64),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
    h.run()
    status = h.getModelStatus()
    ok = highspy.HighsModelStatus
    if status == ok.kOptimal:
        return list(h.getSolution().col_value), True
    if status in (ok.kTimeLimit, ok.kInterrupt) and h.getInfo().primal_solution_status == 2:
        return list(h.getSolution().col_value), False
    return None
