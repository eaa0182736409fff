"""The award problem as data: segments, who may serve them, and each share's true cost.

Built from a ranking (``Evaluation``): only vendors that pass the gates take part, each on
the segments it may serve (``award_segments``); each such pair has a cost curve
(``award_curves``). The rest is what the rules read: setup fees, declared capacity, language
agent counts, floor fields, locks, and the tie order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from vendorscore.analysis import award_curves
from vendorscore.analysis.award_curves import FLOOR_SHARE, GRID, Curve, curves_of
from vendorscore.analysis.award_segments import (
    Segment,
    language_caps,
    segments_of,
    why_not,
)
from vendorscore.criteria.award import SCORE, AwardSettings, Lock, award_level
from vendorscore.criteria.cost import billing
from vendorscore.criteria.languages import languages_criterion
from vendorscore.errors import ScoringError
from vendorscore.formatting import fmt_num
from vendorscore.models.fields import vendor_value
from vendorscore.models.vendor import Level, Vendor
from vendorscore.scoring import staffing
from vendorscore.scoring.evaluation import Context, Evaluation

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
__all__ = ["FLOOR_SHARE", "Array", "Curve", "Mask", "Problem", "Segment", "build"]


@dataclass(frozen=True)
class Problem:
    """Everything the solver and the explanations need, as arrays over (vendor, segment)."""

    ids: tuple[str, ...]  # eligible vendors, in ranking order (the last tie breaker)
    names: tuple[str, ...]
    segments: tuple[Segment, ...]  # the segments someone can serve
    unserved: tuple[tuple[Segment, str], ...]  # the others, with why
    able: Mask  # (V, S): the vendor may be given the segment
    why_not: dict[tuple[int, int], str]  # (v, s) not able: why
    curves: dict[tuple[int, int], Curve]  # every pair the vendor may serve
    peaks: bool  # the curves carry peak headcounts (a staffing model)
    setup: Array  # (V,) setup fee per contract year, in the base currency
    capacity: Array  # (V,) declared peak capacity (inf: none declared or no staffing)
    language_caps: tuple[tuple[int, tuple[int, ...], int, str], ...]  # v, segments, agents, tag
    metrics: dict[str, Array]  # floor / ceiling keys -> (V,) values, NaN where missing
    preference: tuple[float, ...]  # (V,) tie order: 1 for the first vendor .. 1/V the last
    scale: float  # the cheapest whole-segment cost of every segment, summed (> 0)
    settings: AwardSettings
    locks: tuple[tuple[int, int, Lock], ...]
    currency: str
    contract_years: float
    linear: bool  # a share costs its fraction of the whole segment
    level: str  # the lowest language level that serves a segment
    gap: float = 0.0  # the largest gap between a curve and its staffing, / the whole segment
    excluded: tuple[tuple[str, str], ...] = field(default=())  # gated-out vendor ids, why

    @property
    def weights(self) -> Array:
        """Each served segment's share of the served contacts (sums to 1)."""
        shares = np.array([s.share for s in self.segments], dtype=np.float64)
        return np.asarray(shares / shares.sum(), dtype=np.float64)


def _metric(key: str, vendor: Vendor, score: float) -> float:
    if key == SCORE:
        return score
    value = vendor_value(vendor, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


@dataclass(frozen=True)
class _Eligible:
    vendors: list[Vendor]  # pass the gates and give pricing, in ranking order
    segments: list[Segment]  # someone may serve them
    unserved: tuple[tuple[Segment, str], ...]
    able: Mask
    why_not: dict[tuple[int, int], str]
    excluded: tuple[tuple[str, str], ...]


def _eligible(
    evaluation: Evaluation, segments: list[Segment], level: Level, demanded: tuple[str, ...]
) -> _Eligible:
    """Who may serve what: vendors that pass the gates and price, on the segments they serve."""
    context = evaluation.context
    assert context is not None
    by_id = {v.id: v for v in context.vendors}
    rows = evaluation.ranking.ranking
    ranked = [by_id[r.id] for r in rows if by_id[r.id].pricing is not None]
    excluded = tuple((e.id, "; ".join(e.reasons)) for e in evaluation.ranking.excluded)
    excluded += tuple((r.id, "gives no pricing") for r in rows if by_id[r.id].pricing is None)
    reasons = [[why_not(v, seg, level, demanded) for seg in segments] for v in ranked]
    able = np.array([[r is None for r in row] for row in reasons], dtype=bool)
    able = able.reshape(len(ranked), len(segments))
    served = [j for j in range(len(segments)) if able[:, j].any()]
    unserved = []
    for j, seg in enumerate(segments):
        if j not in served:
            unserved.append((seg, _unserved(seg, [row[j] for row in reasons], level)))
    return _Eligible(
        vendors=ranked,
        segments=[segments[j] for j in served],
        unserved=tuple(unserved),
        able=able[:, served],
        why_not={
            (i, k): why
            for i in range(len(ranked))
            for k, j in enumerate(served)
            if (why := reasons[i][j]) is not None
        },
        excluded=excluded,
    )


def _unserved(segment: Segment, reasons: list[str | None], level: Level) -> str:
    """Why no vendor may serve a segment: its language, its channel, or the two together."""
    if not reasons:
        return "no vendor passes the gates"
    language = f"{segment.language} at {level} or better"
    if segment.language and all(r and r.startswith("does not serve " + language) for r in reasons):
        return f"no vendor that passes the gates serves {language}"
    if segment.language is None:
        if all(r and r.startswith("does not serve") and "channel" not in r for r in reasons):
            return (
                "no vendor that passes the gates serves every demanded language at "
                f"{level} or better (a segment without a language takes them all)"
            )
        return f"no vendor that passes the gates serves the {segment.channel} channel"
    return (
        f"no vendor that passes the gates serves both {language} and the {segment.channel} channel"
    )


def build(evaluation: Evaluation, settings: AwardSettings) -> Problem:
    """The award problem of a ranking (see the module docstring)."""
    context = evaluation.context
    assert context is not None
    crit = context.inputs.criteria
    workload = crit.workload
    if workload is None:
        raise ScoringError(
            ("award",), "award-workload", "an award needs a workload and a cost criterion"
        )
    languages = languages_criterion(crit.criteria)
    level = award_level(settings, languages)
    demanded = tuple(languages.demand) if languages is not None else ()
    who = _eligible(evaluation, segments_of(settings, languages), level, demanded)
    ranked, kept = who.vendors, who.segments
    scores = {r.id: r.score for r in evaluation.ranking.ranking}
    staffed = workload.model != "flat"
    linear = settings.cost_model == "linear" or not staffed
    pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(who.able), strict=True)]
    curves, gap = curves_of(context, ranked, kept, pairs, settings, linear)
    return Problem(
        ids=tuple(v.id for v in ranked),
        names=tuple(v.name for v in ranked),
        segments=tuple(kept),
        unserved=who.unserved,
        able=who.able,
        why_not=who.why_not,
        curves=curves,
        peaks=staffed,
        setup=np.array([_setup(v, context) for v in ranked], dtype=np.float64),
        capacity=np.array([_capacity(v) if staffed else math.inf for v in ranked]),
        language_caps=language_caps(ranked, kept, level) if staffed else (),
        metrics={
            key: np.array([_metric(key, v, scores[v.id]) for v in ranked], dtype=np.float64)
            for key in dict.fromkeys([SCORE, *settings.floors, *settings.ceilings])
        },
        preference=_preference(evaluation, ranked),
        scale=_scale(curves, len(kept)),
        settings=settings,
        locks=_locks(settings, ranked, kept),
        currency=crit.currency,
        contract_years=workload.contract_years or 1.0,
        linear=linear,
        level=level,
        gap=gap,
        excluded=who.excluded,
    )


def _setup(vendor: Vendor, context: Context) -> float:
    crit = context.inputs.criteria
    assert crit.workload is not None
    bill = billing(vendor, crit.workload, crit.currency, crit.fx)
    return 0.0 if bill is None else float(bill.setup_per_year * bill.fx)


def _capacity(vendor: Vendor) -> float:
    capacity, _ = staffing.declared_capacity(vendor)
    return math.inf if capacity is None else float(capacity)


def _preference(evaluation: Evaluation, vendors: Sequence[Vendor]) -> tuple[float, ...]:
    """The tie order of the vendors: by their utility on each tie breaker in turn (higher
    first), then by ranking order; the first gets 1, the last 1/V."""
    rows = {vid: r for r, vid in enumerate(evaluation.ranked_ids)}
    columns = list(evaluation.tie_breakers)

    def key(index: int) -> tuple[float, ...]:
        row = rows[vendors[index].id]
        values = [float(evaluation.utilities[row, c]) for c in columns]
        return (*(-u if math.isfinite(u) else 0.0 for u in values), float(index))

    order = sorted(range(len(vendors)), key=key)
    out = [0.0] * len(vendors)
    for position, index in enumerate(order):
        out[index] = (len(vendors) - position) / len(vendors)
    return tuple(out)


def _scale(curves: dict[tuple[int, int], Curve], segments: int) -> float:
    cheapest = [math.inf] * segments
    for (_, j), curve in curves.items():
        cheapest[j] = min(cheapest[j], curve.whole)
    return max(sum(c for c in cheapest if math.isfinite(c)), 1.0)


def _locks(
    settings: AwardSettings, vendors: Sequence[Vendor], segments: Sequence[Segment]
) -> tuple[tuple[int, int, Lock], ...]:
    """Every lock as (vendor row, segment column, lock); -1 where the vendor cannot be
    awarded (gated out) or nobody serves the segment (such a lock, if it asks for a share,
    makes the award impossible, and ``lock_reasons`` says why)."""
    v_index = {v.id: i for i, v in enumerate(vendors)}
    s_index = {s.id: j for j, s in enumerate(segments)}
    return tuple(
        (v_index.get(vid, -1), s_index.get(sid, -1), lock)
        for vid, locks in settings.locks.items()
        for sid, lock in locks.items()
    )


def lock_key(problem: Problem, index: int) -> tuple[str, str]:
    """The vendor id and segment id a lock names (by its position in the settings)."""
    items = [(vid, sid) for vid, locks in problem.settings.locks.items() for sid in locks]
    return items[index]


def lock_reason(problem: Problem, index: int) -> str | None:
    """Why a lock asking for a share cannot be met whatever the other rules, if it cannot."""
    v, s, lock = problem.locks[index]
    vid, sid = lock_key(problem, index)
    if lock.op == "<=" or lock.percent == 0:
        return None
    excluded = dict(problem.excluded)
    if v < 0:
        why = excluded.get(vid, "is not among the vendors evaluated")
        return f"locks.{vid}.{sid}: {vid} cannot be awarded ({why})"
    if s < 0:
        unserved = {seg.id: why for seg, why in problem.unserved}
        why = unserved.get(sid, "no such segment")
        return f"locks.{vid}.{sid}: {sid} is not awarded ({why})"
    if not problem.able[v, s]:
        return f"locks.{vid}.{sid}: {problem.names[v]} {problem.why_not[v, s]}"
    return None


def describe_bound(problem: Problem) -> str:
    """The grid and the error bound it implies, in one sentence."""
    if problem.linear:
        return "cost linear in the share: each share costs its fraction of the whole segment"
    step = problem.settings.share.step
    also = f" and every {step} % (the share step)" if step and GRID % step else ""
    return (
        f"each share staffed at every {GRID} % of its segment{also}, and just above 0 %, "
        "linear in between; checked at every 0.5 % from the least share a vendor may hold, "
        f"the line stays within {fmt_num(round(100 * problem.gap, 2))} % of the whole "
        "segment's staffed cost"
    )


def exact_costs(evaluation: Evaluation, problem: Problem, shares: Array) -> Array:
    """Each pair's annual cost (without setup) with its share staffed exactly (under the flat
    formula: its linear cost)."""
    assert evaluation.context is not None
    curves = None if problem.peaks else problem.curves  # staffed whenever a model staffs
    return award_curves.exact_costs(
        evaluation.context, problem.ids, problem.segments, shares, curves
    )
