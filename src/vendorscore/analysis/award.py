"""`vendorscore award`: the best split of the contacts between vendors, and why.

One award problem (``award_problem.build``) is solved many times (``award_model.solve``):
the optimum with the project's tie breakers; the k best portfolios (each new one with the
earlier ones cut off); the price of splitting (against the best single vendor, else the best
award that keeps every segment whole); each rule's cost (the optimum without it); a
frontier (the cheapest award at each number of vendors, and at rising score floors); what a
per-unit (linear) optimiser would pick and what it really costs; and, when nothing is
feasible, which rules conflict (each rule relaxed in turn, and a smallest conflicting set).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from vendorscore.analysis import award_problem
from vendorscore.analysis.award_formulation import Ask, Rules
from vendorscore.analysis.award_model import OutOfTime, Solution, budget, solve, solve_many
from vendorscore.analysis.award_problem import Problem
from vendorscore.analysis.award_result import (
    AwardReport,
    FrontierPoint,
    Portfolio,
    RuleEffect,
    Splitting,
)
from vendorscore.analysis.award_rules import conflict, effects, rules_text
from vendorscore.analysis.award_solutions import optimum, portfolio
from vendorscore.analysis.award_split import linear_view, resilience_verdict, splitting
from vendorscore.criteria.award import AwardSettings
from vendorscore.errors import ScoringError, UsageError
from vendorscore.scoring.evaluation import Evaluation

NO_AWARD = (
    "the criteria file has no 'award:' section: add one (README: Split awards), e.g. "
    "award: {segments: {by: [language]}, vendors: {min: 2, max: 3}}"
)
MAX_TOP = 20  # --top (README: limits)
MAX_PAIRS = 1_000  # vendor-segment pairs an award problem may hold (README: limits)
MAX_SCENARIO_COLUMNS = 50_000  # n-1: failed vendor x survivor x segment
EXPLAIN_SECONDS = 120.0  # solving time for everything after the award itself
FRONTIER_COUNT = 5  # vendor counts tried on the frontier
FRONTIER_SCORES = 4  # score floors between the cheapest and the best-scoring award


def alternatives(problem: Problem, best: Solution, top: int) -> list[Solution]:
    """The ``top`` best awards with different sets of vendors, the best first: each the
    optimum once every earlier set of vendors is cut off."""
    found = [best]
    while len(found) < top:
        cuts = tuple(frozenset(s.vendors()) for s in found)
        nxt = optimum(problem, Ask(cuts=cuts))
        if nxt is None:
            break
        found.append(nxt)
    return found


def _frontier(
    problem: Problem, best: Solution, contacts: float
) -> tuple[tuple[FrontierPoint, ...], tuple[FrontierPoint, ...]]:
    """The cheapest award at 1..5 vendors (other rules kept), and at rising score floors
    from the cheapest award's score to the best score the rules allow."""
    most = min(FRONTIER_COUNT, len(problem.ids))
    free = Rules(vendors_min=False, vendors_max=False)
    asks = [Ask(rules=free, count=n) for n in range(1, most + 1)]
    *by_count, top = solve_many(problem, [*asks, Ask(objective="score")])
    cheapest = best if problem.settings.objective == "cost" else solve(problem, Ask())
    counts = tuple(
        _point(f"{n} vendor{'s' if n > 1 else ''}", sol, problem, contacts)
        for n, sol in zip(range(1, most + 1), by_count, strict=True)
    )
    if cheapest is None or top is None or top.score <= cheapest.score + 0.01:
        return counts, ()
    floors = [
        math.floor((cheapest.score + (top.score - cheapest.score) * k / FRONTIER_SCORES) * 100)
        / 100
        for k in range(1, FRONTIER_SCORES + 1)
    ]
    found = solve_many(problem, [Ask(score_at_least=f) for f in floors])
    scores = tuple(
        _point(f"score >= {f:.2f}", sol, problem, contacts)
        for f, sol in zip(floors, found, strict=True)
    )
    return counts, scores


def _point(label: str, sol: Solution | None, problem: Problem, contacts: float) -> FrontierPoint:
    if sol is None:
        return FrontierPoint(label, None, None, None)
    return FrontierPoint(label, sol.cost, sol.score, portfolio(problem, sol, contacts))


def award(
    evaluation: Evaluation, top: int = 1, frontier: bool = True, explain: bool = True
) -> AwardReport:
    """Solve the project's award problem (its criteria file's ``award:`` section)."""
    started = time.perf_counter()
    if not 1 <= top <= MAX_TOP:
        raise UsageError(f"--top must be from 1 to {MAX_TOP}, got {top}")
    context = evaluation.context
    assert context is not None
    crit = context.inputs.criteria
    settings = crit.award
    if settings is None:
        raise ScoringError(("award",), "no-award", NO_AWARD)
    problem = award_problem.build(evaluation, settings)
    _check_size(problem)
    assert crit.workload is not None
    contacts = float(crit.workload.contacts_per_year)
    best = optimum(problem, Ask())
    report = _frame(evaluation, problem, settings, contacts)
    if best is None:
        return dataclasses.replace(
            report, conflict=conflict(problem), seconds=time.perf_counter() - started
        )
    chosen = portfolio(problem, best, contacts)
    chosen = dataclasses.replace(chosen, staffed_cost=_restaffed(evaluation, problem, best))
    parts = _Parts(report.notes)
    with budget(EXPLAIN_SECONDS):
        found = parts.run("the best alternatives", lambda: alternatives(problem, best, top), [best])
        if explain:
            _explain(parts, evaluation, problem, best, contacts)
        if frontier:
            parts.frontier = parts.run(
                "the frontier", lambda: _frontier(problem, best, contacts), parts.frontier
            )
        verdict = parts.run("the n-1 check", lambda: resilience_verdict(problem, best), "")
    if len(found) < top and not parts.late:
        many = len(found) > 1
        parts.notes += (
            f"Only {len(found)} set{'s' if many else ''} of vendors "
            f"satisf{'y' if many else 'ies'} the rules ({top} asked for).",
        )
    linear, claim, breaks = parts.linear
    return dataclasses.replace(
        report,
        best=chosen,
        notes=parts.notes,
        alternatives=(chosen, *(portfolio(problem, s, contacts) for s in found[1:])),
        splitting=parts.splitting,
        effects=parts.effects,
        by_count=parts.frontier[0],
        by_score=parts.frontier[1],
        linear=linear,
        linear_claim=claim,
        linear_breaches=breaks,
        resilience=verdict or "not checked (out of time)",
        seconds=time.perf_counter() - started,
    )


def _explain(
    parts: _Parts, evaluation: Evaluation, problem: Problem, best: Solution, contacts: float
) -> None:
    """The price of splitting, the rules' costs and the linear optimiser's award."""
    settings = problem.settings
    restaff = None
    if problem.linear and problem.peaks:  # compare on the staffed basis, not the linear one

        def restaff(solution: Solution) -> float:
            value = _restaffed(evaluation, problem, solution)
            return solution.cost if value is None else value

    parts.splitting = parts.run(
        "the price of splitting",
        lambda: splitting(problem, best, contacts, restaff),
        parts.splitting,
    )
    parts.effects = parts.run(
        "the rules' costs", lambda: effects(problem, best, contacts), parts.effects
    )
    parts.linear = parts.run(
        "the linear optimiser's award",
        lambda: linear_view(evaluation, settings, problem, contacts),
        parts.linear,
    )


T = TypeVar("T")


class _Parts:
    """The explanations, each computed unless the time budget ran out before it ended."""

    def __init__(self, notes: tuple[str, ...]) -> None:
        self.notes = notes
        self.late: list[str] = []
        self.splitting: Splitting | None = None
        self.effects: tuple[RuleEffect, ...] = ()
        self.linear: tuple[Portfolio | None, float | None, tuple[str, ...]] = (None, None, ())
        self.frontier: tuple[tuple[FrontierPoint, ...], tuple[FrontierPoint, ...]] = ((), ())

    def run(self, what: str, part: Callable[[], T], fallback: T) -> T:
        try:
            return part()
        except OutOfTime:
            self.late.append(what)
            self.notes += (
                f"Left out after {EXPLAIN_SECONDS:g} s of solving (README: Split awards, "
                f"limits): {what}.",
            )
            return fallback


def _check_size(problem: Problem) -> None:
    """Refuse what no solve could finish: too many pairs, or n-1 over too many vendors."""
    pairs = len(problem.curves)
    if pairs > MAX_PAIRS:
        raise ScoringError(
            ("award", "segments"),
            "award-too-large",
            f"{pairs:,} vendor-segment pairs may be awarded, more than the {MAX_PAIRS:,} the "
            "award solves: narrow the vendors (gates) or the segments",
        )
    vendors = len({v for v, _ in problem.curves})
    if problem.settings.resilience == "n-1" and pairs * vendors > MAX_SCENARIO_COLUMNS:
        raise ScoringError(
            ("award", "resilience"),
            "award-too-large",
            f"n-1 over {vendors} vendors and {pairs:,} vendor-segment pairs needs "
            f"{pairs * vendors:,} failure columns, more than the {MAX_SCENARIO_COLUMNS:,} it "
            "allows: narrow the vendors (gates) or drop n-1",
        )


def _restaffed(evaluation: Evaluation, problem: Problem, best: Solution) -> float | None:
    """The award's cost with every share staffed exactly (None without a staffing model)."""
    if not problem.peaks:
        return None
    exact = award_problem.exact_costs(evaluation, problem, best.shares)
    used = np.nonzero((best.shares > 1e-9).any(axis=1))[0]
    return float(exact.sum() + problem.setup[used].sum())


def _frame(
    evaluation: Evaluation, problem: Problem, settings: AwardSettings, contacts: float
) -> AwardReport:
    ranking = evaluation.ranking
    model = "flat" if not problem.peaks else ("linear" if problem.linear else "staffing")
    return AwardReport(
        name=ranking.name,
        inputs=ranking.inputs,
        evaluation_date=ranking.evaluation_date,
        currency=problem.currency,
        objective=settings.objective,
        cost_model=model,
        grid=award_problem.describe_bound(problem),
        contract_years=problem.contract_years,
        level=problem.level,
        segments=tuple((s.id, 100 * s.share, contacts * s.share) for s in problem.segments),
        unserved=tuple((s.id, 100 * s.share, why) for s, why in problem.unserved),
        excluded=problem.excluded,
        rules=rules_text(problem),
        best=None,
        notes=_notes(problem),
    )


def _notes(problem: Problem) -> tuple[str, ...]:
    notes = []
    if problem.peaks and problem.linear:
        notes.append(
            "cost_model: linear prices a share as its fraction of the whole segment, so "
            "splitting looks free; the award's cost staffed exactly is given beside it."
        )
    if not problem.peaks:
        notes.append(
            "The workload uses the flat formula: a share costs its fraction of the whole, so "
            "splitting looks free and no capacity is checked; set workload.model: erlang_c to "
            "price the pooling a split loses."
        )
    return tuple(notes)
