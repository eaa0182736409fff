"""Solving the award problem for its objective, with the project's tie breakers, and
turning a solution into the output's words."""

from __future__ import annotations

import dataclasses

import numpy as np

from vendorscore.analysis.award_formulation import Ask
from vendorscore.analysis.award_model import Solution, solve
from vendorscore.analysis.award_problem import Problem
from vendorscore.analysis.award_result import Allocation, Portfolio


def tolerance(value: float) -> float:
    """Two objective values this close are equal (the solver's gaps are far smaller)."""
    return 2e-9 * abs(value) + 2e-6


def optimum(problem: Problem, ask: Ask) -> Solution | None:
    """The best award under ``ask`` for the problem's objective. Under ``cost`` one solve,
    ties broken inside it by the tie order; under ``score`` and ``value`` a second solve
    finds the cheapest award (tie order included) as good as the first."""
    what = problem.settings.objective
    if what == "cost":
        return solve(problem, dataclasses.replace(ask, objective="cost"))
    if what == "score":
        first = solve(problem, dataclasses.replace(ask, objective="score"))
        if first is None:
            return None
        bound = ("score", 0.0, -first.score + tolerance(first.score))
    else:
        found = _dinkelbach(problem, ask)
        if found is None:
            return None
        first, ratio = found
        value = ratio * first.cost - first.score
        bound = ("mix", ratio, value + tolerance(first.score))
    return solve(problem, dataclasses.replace(ask, objective="cost", bound=bound)) or first


def _dinkelbach(problem: Problem, ask: Ask) -> tuple[Solution, float] | None:
    """Score per cost by Dinkelbach's method: maximise score - q x cost with q = S / C of
    the last award, until no award does better than 0 (a handful of solves)."""
    current = solve(problem, dataclasses.replace(ask, objective="cost"))
    if current is None:
        return None
    for _ in range(30):
        ratio = current.score / current.cost if current.cost > 0 else 0.0
        step = solve(problem, dataclasses.replace(ask, objective="mix", ratio=ratio))
        if step is None or step.score - ratio * step.cost <= tolerance(step.score):
            break
        current = step
    return current, (current.score / current.cost if current.cost > 0 else 0.0)


def weighted(problem: Problem, solution: Solution, per_vendor: tuple[float, ...]) -> float:
    values = np.asarray(per_vendor, dtype=np.float64)
    return float(np.sum(solution.shares * problem.weights[None, :] * values[:, None]))


def portfolio(problem: Problem, solution: Solution, contacts: float) -> Portfolio:
    """A solution in the words of the output."""
    allocations = []
    for v, s in sorted(solution.used()):
        share = float(solution.shares[v, s])
        segment = problem.segments[s]
        curve = problem.curves[v, s]
        allocations.append(
            Allocation(
                vendor=problem.ids[v],
                name=problem.names[v],
                segment=segment.id,
                share=100 * share,
                contacts=contacts * segment.share * share,
                cost=curve.cost_at(share),
                peak=curve.peak_at(share),
            )
        )
    metrics = {
        key: weighted(problem, solution, tuple(values.tolist()))
        for key, values in problem.metrics.items()
        if key != "score" and not np.isnan(values[list(solution.vendors())]).any()
    }
    return Portfolio(
        allocations=tuple(allocations),
        vendors=tuple(problem.ids[v] for v in solution.vendors()),
        cost=solution.cost,
        score=solution.score,
        metrics=metrics,
        optimal=solution.optimal,
        setup=float(problem.setup[list(solution.vendors())].sum()),
    )
