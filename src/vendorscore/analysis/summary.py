"""All the analysis of one ranking together, and what it says in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.analysis.reversal import Removal, leave_one_out, method_agreement
from vendorscore.analysis.smaa import Progress, SmaaOptions, SmaaResult, smaa
from vendorscore.analysis.stability import Interval, closed_form, stability
from vendorscore.models.choices import Level, Method
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class Robustness:
    """How far the recommendation can be trusted, as a level and sentences."""

    level: Level
    summary: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class Sensitivity:
    """The results of `vendorscore sensitivity` (SPEC §5, §6.2)."""

    method: Method
    winner: str | None
    winner_name: str | None
    exact_stability: bool
    stability: tuple[Interval, ...]
    smaa: SmaaResult
    leave_one_out: tuple[Removal, ...]
    method_agreement: dict[str, float]
    robustness: Robustness


def analyse(
    evaluation: Evaluation,
    options: SmaaOptions = SmaaOptions(),  # noqa: B008 - frozen, so sharing it is safe
    progress: Progress | None = None,
) -> Sensitivity:
    """Weight stability, SMAA-2, leave-one-out and method agreement for one ranking."""
    ranking = evaluation.ranking
    winner = ranking.winner
    intervals = tuple(stability(evaluation))
    result = smaa(evaluation, options, progress)
    removals = tuple(leave_one_out(evaluation))
    agreement = method_agreement(evaluation) if len(evaluation.ranked_ids) > 1 else {}
    return Sensitivity(
        evaluation.method,
        winner.id if winner else None,
        winner.name if winner else None,
        closed_form(evaluation),
        intervals,
        result,
        removals,
        agreement,
        judge(evaluation, intervals, result, removals, agreement),
    )


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def judge(
    evaluation: Evaluation,
    intervals: tuple[Interval, ...],
    result: SmaaResult,
    removals: tuple[Removal, ...],
    agreement: dict[str, float],
) -> Robustness:
    """The verdict: first-rank acceptability of the winner, the nearest weight threshold,
    rank reversals and method agreement, in sentences a buyer can repeat."""
    winner = evaluation.ranking.winner
    if winner is None:
        return Robustness("none", "No vendor passed the gates, so there is nothing to test.", ())
    if len(evaluation.ranked_ids) == 1:
        return Robustness("robust", f"{winner.name} is the only vendor that passed the gates.", ())
    share = float(result.acceptability[0, 0])
    weighting = (
        "random weightings (uniform over all weight combinations)"
        if result.model == "uniform"
        else f"weightings within ±{result.jitter:g} % of the stated weights"
    )
    level: Level = "robust" if share >= 0.75 else "moderate" if share >= 0.5 else "fragile"
    words = {"robust": "robust", "moderate": "moderately robust", "fragile": "fragile"}[level]
    summary = (
        f"The recommendation is {words}: {winner.name} ranks first in {share * 100:.0f} % of "
        f"{result.samples:,} {weighting}."
    )
    details: list[str] = []
    nearest = _nearest(intervals)
    if nearest is not None:
        interval, bound = nearest
        direction = "fell below" if bound < interval.weight else "rose above"
        label = next(c.label for c in evaluation.ranking.criteria if c.id == interval.criterion)
        details.append(
            f"The closest threshold: if the weight of {label} {direction} {_pct(bound)} "
            f"(now {_pct(interval.weight)}), {winner.name} would no longer rank first."
        )
    else:
        details.append(
            f"No change to a single criterion's weight takes first place from {winner.name}."
        )
    flips = [r for r in removals if r.flips]
    names = {v.id: v.name for v in evaluation.ranking.ranking}
    if flips:
        pairs = "; ".join(
            f"removing {names[r.removed]} swaps "
            + ", ".join(f"{names[a]} and {names[b]}" for a, b in r.flips)
            for r in flips
        )
        details.append(f"Rank reversal (relative scoring): {pairs}.")
    else:
        details.append("Removing any one vendor changes no other vendor's order.")
    if agreement:
        low_pair, low = min(agreement.items(), key=lambda item: item[1])
        details.append(
            f"Method agreement (Kendall's tau): lowest {low:.2f} between "
            f"{low_pair.replace('/', ' and ')}."
        )
    return Robustness(level, summary, tuple(details))


def _nearest(intervals: tuple[Interval, ...]) -> tuple[Interval, float] | None:
    best: tuple[Interval, float] | None = None
    for interval in intervals:
        for bound in (interval.low, interval.high):
            if bound is None:
                continue
            if best is None or abs(bound - interval.weight) < abs(best[1] - best[0].weight):
                best = (interval, bound)
    return best
