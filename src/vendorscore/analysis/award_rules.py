"""The award's rules one by one: what each costs, and which conflict when nothing is feasible.

A rule is named by its key in the award section (``vendors.min``, ``share.max``,
``floors.kpis.fcr``, ``locks.table-bay.en``), plus two the vendors' files set:
``capacity`` (declared peak capacity) and ``languages`` (agents per language).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np

from vendorscore.analysis.award_formulation import Ask, Rules
from vendorscore.analysis.award_model import Solution, solve, solve_many
from vendorscore.analysis.award_problem import Problem, lock_key, lock_reason
from vendorscore.analysis.award_result import Conflict, Portfolio, RuleEffect
from vendorscore.analysis.award_solutions import optimum, portfolio, tolerance
from vendorscore.formatting import amount, fmt_num

MAX_FACTS = 6  # vendors' declared limits listed under a conflict


def present_rules(problem: Problem) -> list[tuple[str, str]]:
    """The rules in force: (key, words)."""
    settings = problem.settings
    out: list[tuple[str, str]] = []
    if settings.vendors.min > 1:
        out.append(("vendors.min", f"at least {settings.vendors.min} vendors"))
    if settings.vendors.max is not None:
        out.append(("vendors.max", f"at most {settings.vendors.max} vendors"))
    if settings.share.max < 100:
        out.append(("share.max", f"the {fmt_num(settings.share.max)} % share cap"))
    if settings.share.min_if_used:
        out.append(
            ("share.min_if_used", f"the {fmt_num(settings.share.min_if_used)} % minimum share")
        )
    if settings.resilience == "n-1" and problem.peaks:
        out.append(("resilience", "n-1 resilience"))
    for key, value in settings.floors.items():
        out.append((f"floors.{key}", f"the {key} floor of {fmt_num(value)}"))
    for key, value in settings.ceilings.items():
        out.append((f"ceilings.{key}", f"the {key} ceiling of {fmt_num(value)}"))
    for index, (_, _, lock) in enumerate(problem.locks):
        vid, sid = lock_key(problem, index)
        out.append((f"locks.{vid}.{sid}", f"the lock {vid} {sid} {lock.text()}"))
    if problem.peaks and np.isfinite(problem.capacity).any():
        out.append(("capacity", "the vendors' declared peak capacity"))
    if problem.peaks and problem.language_caps:
        out.append(("languages", "the vendors' agents per language"))
    return out


def rules_text(problem: Problem) -> tuple[str, ...]:
    return tuple(words for _, words in present_rules(problem))


def rules_of(problem: Problem, on: Iterable[str]) -> Rules:
    """The Rules with exactly the rules ``on`` in force (of those present)."""
    keys = set(on)
    locks = frozenset(
        i for i in range(len(problem.locks)) if "locks.{}.{}".format(*lock_key(problem, i)) in keys
    )
    return Rules(
        vendors_min="vendors.min" in keys,
        vendors_max="vendors.max" in keys,
        share_max="share.max" in keys,
        min_if_used="share.min_if_used" in keys,
        resilience="resilience" in keys,
        capacity="capacity" in keys,
        languages="languages" in keys,
        floors=frozenset(k for k in problem.settings.floors if f"floors.{k}" in keys),
        ceilings=frozenset(k for k in problem.settings.ceilings if f"ceilings.{k}" in keys),
        locks=locks,
    )


def _relaxed_optima(problem: Problem, keys: list[str]) -> list[Solution | None]:
    """The optimum without each rule in turn (side by side for cost and score; value needs
    Dinkelbach's few solves each)."""
    what = problem.settings.objective
    asks = [Ask(rules=rules_of(problem, [k for k in keys if k != key])) for key in keys]
    if what == "value":
        return [optimum(problem, ask) for ask in asks]
    return solve_many(problem, [dataclasses.replace(a, objective=what) for a in asks])


def _gain(problem: Problem, best: Solution, relaxed: Solution) -> float:
    """How much better the objective is without the rule (> 0: the rule is binding)."""
    what = problem.settings.objective
    if what == "cost":
        return best.cost - relaxed.cost - tolerance(best.cost)
    if what == "score":
        return relaxed.score - best.score - tolerance(best.score)
    ratio = best.score / best.cost
    return relaxed.score / relaxed.cost - ratio - tolerance(ratio)


def effects(problem: Problem, best: Solution, contacts: float) -> tuple[RuleEffect, ...]:
    """Each rule's cost: the optimum without it against the award (binding ones first)."""
    rules = present_rules(problem)
    keys = [k for k, _ in rules]
    chosen = portfolio(problem, best, contacts)
    out = []
    for (key, words), relaxed in zip(rules, _relaxed_optima(problem, keys), strict=True):
        if relaxed is None:
            continue
        binding = _gain(problem, best, relaxed) > 0
        without = portfolio(problem, relaxed, contacts) if binding else None
        saved = best.cost - relaxed.cost if binding else 0.0
        gained = relaxed.score - best.score if binding else 0.0
        out.append(
            RuleEffect(
                rule=key,
                text=words,
                cost=saved,
                score=gained,
                sentence=_sentence(problem, key, words, (chosen, without), saved, gained),
                without=without,
            )
        )
    out.sort(key=lambda e: (e.without is None, -e.cost, -e.score))
    return tuple(out)


def _sentence(
    problem: Problem,
    key: str,
    words: str,
    pair: tuple[Portfolio, Portfolio | None],
    saved: float,
    gained: float,
) -> str:
    chosen, without = pair
    words = words[0].upper() + words[1:]
    if without is None:
        return f"{words} is not binding: the award meets it as it is."
    what = problem.settings.objective
    if what == "cost":
        head = f"{words} costs {amount(saved, problem.currency)} a year"
    elif what == "score":
        head = f"{words} costs {gained:.2f} points of volume-weighted score"
    else:
        head = (
            f"{words} lowers the value: without it the score would change by {gained:+.2f} "
            f"points and the cost by {_signed_money(-saved, problem.currency)} a year"
        )
    before = chosen.shares()
    entering = [
        (a.name, a.segment) for a in without.allocations if (a.vendor, a.segment) not in before
    ]
    if key.startswith(("floors.", "ceilings.")) and entering:
        names = "; ".join(f"{name} from {seg}" for name, seg in entering)
        return f"{head}: it excludes {names} (without it: {without.summary()})."
    return f"{head} (without it: {without.summary()})."


def _signed_money(value: float, currency: str) -> str:
    """+1,234 USD or -1,234 USD; never -0."""
    rounded = round(value)
    return f"{'-' if rounded < 0 else '+'}{amount(abs(rounded), currency)}"


def conflict(problem: Problem) -> Conflict:
    """Why no award satisfies the rules: the rules whose relaxation alone makes one possible,
    and a smallest set that cannot hold together (a deletion filter over the rules)."""
    rules = present_rules(problem)
    keys = [k for k, _ in rules]
    words = dict(rules)
    reasons = [r for i in range(len(problem.locks)) if (r := lock_reason(problem, i))]
    if not problem.segments:
        reasons += [f"{segment.id}: {why}" for segment, why in problem.unserved]
        return Conflict((), (), tuple(reasons) or ("no vendor passes the gates",))
    if _feasible(problem, []) is False:
        return Conflict((), (), tuple(reasons))
    asks = [Ask(rules=rules_of(problem, [x for x in keys if x != k])) for k in keys]
    relaxers = [k for k, found in zip(keys, solve_many(problem, asks), strict=True) if found]
    kept = list(keys)
    # the vendors' own limits are tried first, so that the set names the buyer's rules
    # where they suffice to conflict
    physical = [k for k in keys if k in ("capacity", "languages")]
    for key in [*physical, *(k for k in keys if k not in physical)]:
        trial = [k for k in kept if k != key]
        if not _feasible(problem, trial):
            kept = trial
    reasons += _facts(problem, kept)
    return Conflict(
        rules=tuple(f"{k}: {words[k]}" for k in kept),
        relaxers=tuple(f"{k}: {words[k]}" for k in relaxers),
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _feasible(problem: Problem, on: list[str]) -> bool:
    return solve(problem, Ask(rules=rules_of(problem, on))) is not None


def _facts(problem: Problem, kept: list[str]) -> list[str]:
    """Plain facts that explain the usual conflicts."""
    out = []
    settings = problem.settings
    for s, segment in enumerate(problem.segments):
        able = [problem.names[v] for v in np.nonzero(problem.able[:, s])[0]]
        if len(able) == 1 and ("share.max" in kept or "resilience" in kept):
            out.append(f"only {able[0]} may serve {segment.id}")
    if "vendors.min" in kept and len(problem.ids) < settings.vendors.min:
        out.append(f"only {len(problem.ids)} vendors pass the gates")
    if "languages" in kept:
        for v, _, agents, tag in problem.language_caps[:MAX_FACTS]:
            out.append(f"{problem.names[v]} declares {agents} agents for {tag}")
    if "capacity" in kept:
        for v in np.nonzero(np.isfinite(problem.capacity))[0][:MAX_FACTS]:
            cap = f"{problem.capacity[v]:,.0f}"
            out.append(f"{problem.names[v]} declares a peak capacity of {cap} agents")
    for key in kept:
        if key.startswith("floors."):
            field = key.removeprefix("floors.")
            values = problem.metrics[field]
            if not np.isfinite(values).any():
                out.append(f"no vendor that may be awarded gives {field}")
                continue
            best = fmt_num(round(float(np.nanmax(values)), 2))
            out.append(f"the best {field} among the vendors that may be awarded is {best}")
    return out
