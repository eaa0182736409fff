"""The price of splitting, the n-1 verdict, and what a per-unit optimiser would have chosen."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from vendorscore.analysis import award_problem
from vendorscore.analysis.award_formulation import Ask, Rules
from vendorscore.analysis.award_model import Solution, solve
from vendorscore.analysis.award_problem import Array, Problem
from vendorscore.analysis.award_result import Portfolio, Splitting
from vendorscore.analysis.award_solutions import optimum, portfolio
from vendorscore.criteria.award import AwardSettings
from vendorscore.formatting import amount
from vendorscore.scoring.evaluation import Evaluation

# the comparators keep the floors, ceilings, capacity and language agents, and drop the
# rules that only a split can meet (vendor counts, share cap and minimum, n-1, locks)
UNSPLIT = Rules(
    vendors_min=False,
    vendors_max=False,
    share_max=False,
    min_if_used=False,
    resilience=False,
    locks=frozenset(),
)


def lost_pooling(problem: Problem, solution: Solution) -> float:
    """What the award's shares cost beyond the same fractions of whole segments at the same
    vendors: the staffing a share needs as a queue of its own."""
    if problem.linear:
        return 0.0
    total = 0.0
    for v, s in solution.used():
        share = float(solution.shares[v, s])
        curve = problem.curves[v, s]
        total += curve.cost_at(share) - share * curve.whole
    return total


def splitting(
    problem: Problem,
    best: Solution,
    contacts: float,
    restaff: Callable[[Solution], float] | None = None,
) -> Splitting:
    """This award against the best single-vendor award meeting the same floors, ceilings and
    capacities (else the best award that keeps every segment whole). ``restaff`` prices both
    sides staffed exactly when the model's own cost is linear under an Erlang workload, so
    the comparison is on one basis."""
    split = len(best.vendors()) > 1 or any(
        (best.shares[:, s] > 1e-9).sum() > 1 for s in range(len(problem.segments))
    )
    if not split:
        return Splitting(
            "", None, 0.0, 0.0, 0.0, "The award does not split: one vendor takes everything."
        )
    against, comparator = "single vendor", solve(problem, Ask(rules=UNSPLIT, single=True))
    lead = ""
    if comparator is None:
        lead = f"No single vendor can take every segment ({_why_no_single(problem)}). "
        against, comparator = "whole segments", solve(problem, Ask(rules=UNSPLIT, whole=True))
    if comparator is None:
        return Splitting(
            "",
            None,
            0.0,
            0.0,
            0.0,
            lead + "No award that keeps every segment whole meets the floors, ceilings and "
            "capacities.",
        )
    mine, theirs = best.cost, comparator.cost
    if restaff is not None:
        mine, theirs = restaff(best), restaff(comparator)
    other = dataclasses.replace(portfolio(problem, comparator, contacts), cost=theirs)
    difference = mine - theirs
    pooling = lost_pooling(problem, best) - lost_pooling(problem, comparator)
    setup = float(
        problem.setup[list(best.vendors())].sum() - problem.setup[list(comparator.vendors())].sum()
    )
    return Splitting(
        against,
        other,
        difference,
        pooling,
        setup,
        lead + _split_sentence(problem, against, other, difference, (pooling, setup), restaff),
    )


def _split_sentence(
    problem: Problem,
    against: str,
    other: Portfolio,
    difference: float,
    parts: tuple[float, float],
    restaff: Callable[[Solution], float] | None,
) -> str:
    pooling, setup = parts
    money = problem.currency
    what = (
        "the best single vendor"
        if against == "single vendor"
        else "the best award that splits no segment"
    )
    verb = "costs" if difference >= 0 else "saves"
    text = (
        f"Against {what} meeting the same floors, ceilings and capacities ({other.summary()}, "
        f"{amount(other.cost, money)} a year; it is not held to the share cap, the vendor "
        f"counts, the locks or n-1), this award {verb} {amount(abs(difference), money)} a year"
    )
    if restaff is not None:
        return (
            text + ", both staffed exactly (the linear cost model itself prices no pooling loss)."
        )
    if problem.linear:
        return text + "; the flat formula prices no pooling loss."
    prices = difference - pooling - setup
    return (
        text + f": {_signed(pooling, money)} of lost pooling (shares staffed as queues of "
        f"their own), {_signed(setup, money)} of setup fees and {_signed(prices, money)} "
        "from the vendors' prices."
    )


def _signed(value: float, currency: str) -> str:
    rounded = round(value)
    return f"{'-' if rounded < 0 else '+'}{amount(abs(rounded), currency)}"


def _why_no_single(problem: Problem) -> str:
    full = [v for v in range(len(problem.ids)) if problem.able[v].all()]
    if not full:
        return "no vendor may serve every segment"
    names = ", ".join(problem.names[v] for v in full[:3])
    return (
        f"{names} may serve them all, but not within the floors, ceilings, capacities and "
        "language agents"
    )


def resilience_verdict(problem: Problem, best: Solution) -> str:
    """Whether the award survives the loss of any one vendor."""
    if not problem.peaks:
        return "not checked: the flat formula gives no peak headcount to check n-1 with"
    if problem.settings.resilience == "n-1":
        return (
            "n-1 holds (a rule of this award): if any one awarded vendor fails, the others' "
            "declared peak capacity covers every segment's peak"
        )
    if len(best.vendors()) < 2:
        return "n-1 does not hold: one vendor takes everything"
    check = solve(problem, Ask(rules=Rules(), fixed=best.shares, check_resilience=True))
    if check is not None:
        return (
            "n-1 would hold: if any one awarded vendor fails, the others' declared peak "
            "capacity covers every segment's peak"
        )
    return (
        "n-1 does not hold: if one of the awarded vendors failed, the others' declared peak "
        "capacity could not carry every segment (add resilience: n-1 to require it)"
    )


def linear_view(
    evaluation: Evaluation, settings: AwardSettings, problem: Problem, contacts: float
) -> tuple[Portfolio | None, float | None, tuple[str, ...]]:
    """What an optimiser pricing every share linearly would award, priced by the staffing
    (exactly, at its own shares); the cost it believes; and whether the award meets the
    rules once staffed (capacity and language agents are checked on staffed peaks).
    None under a linear model."""
    if problem.linear:
        return None, None, ()
    flat = award_problem.build(evaluation, settings.model_copy(update={"cost_model": "linear"}))
    chosen = optimum(flat, Ask())
    if chosen is None:
        return None, None, ()
    exact = award_problem.exact_costs(evaluation, problem, chosen.shares)
    used = list(chosen.vendors())
    true_cost = float(exact.sum() + problem.setup[used].sum())
    staffed = dataclasses.replace(chosen, cost=true_cost)
    shown = portfolio(problem, staffed, contacts)
    return dataclasses.replace(shown, cost=true_cost), chosen.cost, breaches(problem, chosen.shares)


def breaches(problem: Problem, shares: Array) -> tuple[str, ...]:
    """The capacity and language-agent limits an award breaks once its shares are staffed."""
    if not problem.peaks:
        return ()
    out = []
    for v, group, agents, tag in problem.language_caps:
        need = sum(
            problem.curves[v, s].peak_at(float(shares[v, s])) or 0.0
            for s in group
            if shares[v, s] > 1e-9
        )
        if need > agents + 1e-6:
            out.append(
                f"{problem.names[v]} would need {need:,.0f} agents for {tag} at the peak, "
                f"more than the {agents:,} it declares"
            )
    for v in range(len(problem.ids)):
        need = sum(
            problem.curves[v, s].peak_at(float(shares[v, s])) or 0.0
            for s in range(len(problem.segments))
            if shares[v, s] > 1e-9
        )
        if need > problem.capacity[v] + 1e-6:
            out.append(
                f"{problem.names[v]} would need {need:,.0f} agents at the peak, more than its "
                f"declared capacity of {problem.capacity[v]:,.0f}"
            )
    return tuple(out)
