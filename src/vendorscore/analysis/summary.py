"""All the analysis of one ranking together, and what it says in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.analysis.reversal import Removal, leave_one_out, method_agreement
from vendorscore.analysis.smaa import Progress, SmaaOptions, SmaaResult, smaa
from vendorscore.analysis.stability import Interval, closed_form, stability
from vendorscore.analysis.uncertainty import Attribution
from vendorscore.formatting import METHOD_NAMES
from vendorscore.models.choices import Level, Method
from vendorscore.scoring.evaluation import Evaluation

LISTED = 5  # removals, and flipped pairs per removal, named in the verdict's sentence


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
    method_agreement: dict[str, float | None]  # None: undefined (a method ties everyone)
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
    agreement: dict[str, float | None],
) -> Robustness:
    """The verdict: first-rank acceptability of the winner, the nearest weight threshold,
    rank reversals and method agreement, in sentences a buyer can repeat."""
    winner = evaluation.ranking.winner
    if winner is None:
        return Robustness("none", "No vendor passed the gates, so there is nothing to test.", ())
    if len(evaluation.ranked_ids) == 1:
        alone = f"{winner.name} is the only vendor that passed the gates"
        if result.data is not None and float(result.data.excluded[0]) > 0:
            share = float(result.data.excluded[0])
            level: Level = "fragile" if share >= 0.5 else "moderate"
            return Robustness(
                level,
                f"{alone}, and a gate excludes it in {share * 100:.0f} % of samples.",
                tuple(data_details(evaluation, result)),
            )
        return Robustness("robust", f"{alone}.", tuple(data_details(evaluation, result)))
    share = float(result.acceptability[0, 0])
    level = "robust" if share >= 0.75 else "moderate" if share >= 0.5 else "fragile"
    words = {"robust": "robust", "moderate": "moderately robust", "fragile": "fragile"}[level]
    summary = (
        f"The recommendation is {words}: {winner.name} ranks first in {share * 100:.0f} % of "
        f"{result.samples:,} samples of {sources(result)}."
    )
    details: list[str] = data_details(evaluation, result)
    closest = nearest(intervals)
    if closest is not None:
        interval, bound = closest
        direction = "fell below" if bound < interval.weight else "rose above"
        label = next(c.label for c in evaluation.ranking.criteria if c.id == interval.criterion)
        details.append(
            f"The closest threshold: if the weight of {label} {direction} {_pct(bound)} "
            f"(now {_pct(interval.weight)}), {winner.name} would no longer rank first."
        )
    else:
        scored = "scored " if any(i.weight <= 0 for i in intervals) else ""
        details.append(
            f"No change to a single {scored}criterion's weight takes first place "
            f"from {winner.name}."
        )
    details.append(_reversals(removals, {v.id: v.name for v in evaluation.ranking.ranking}))
    details += _agreement(agreement)
    return Robustness(level, summary, tuple(details))


def sources(result: SmaaResult) -> str:
    """The sources of uncertainty a SMAA run drew from, in words (the headline says them)."""
    if result.fixed_weights:
        parts = ["the stated weights (fixed)"]
    elif result.model == "uniform":
        parts = ["random weightings (uniform over all weight combinations)"]
    else:
        parts = [f"weightings within ±{result.jitter:g} % of the stated weights"]
    data = result.data
    if data is None:
        return parts[0] + (", with the vendors' figures as stated" if result.fixed_weights else "")
    origins = [i.origin for i in data.inputs]
    figures = origins.count("vendor") + origins.count("default")
    if figures:
        declared = origins.count("vendor")
        parts.append(
            f"{figures} uncertain vendor figure{'s' if figures != 1 else ''} "
            f"({declared} with the vendor's own range, {figures - declared} from the "
            "criteria file's defaults)"
        )
    rates = [i.key[3:] for i in data.inputs if i.key.startswith("fx ")]
    if rates:
        parts.append(f"exchange rate{'s' if len(rates) > 1 else ''} ({', '.join(rates)})")
    if any(i.key == "volume" for i in data.inputs):
        parts.append("the contact volume")
    judged = origins.count("evaluators")
    if judged:
        parts.append(f"individual evaluators' scores ({judged} vendor-criterion pairs)")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def data_details(evaluation: Evaluation, result: SmaaResult) -> list[str]:
    """With uncertain data: the runner-up contest, the input that moves the decision most,
    and the gates that exclude vendors in some samples."""
    data = result.data
    if data is None:
        return []
    names = {v.id: v.name for v in evaluation.ranking.ranking}
    out: list[str] = []
    if result.acceptability.shape[1] > 1 and len(result.vendors) > 2:
        second = result.acceptability[:, 1]
        # the contest for second place among the others (row 0 is the ranking's winner)
        order = sorted(range(1, len(second)), key=lambda r: (-second[r], r))[:2]
        contest = " and ".join(
            f"{names[result.vendors[r]]} in {second[r] * 100:.0f} %" for r in order
        )
        out.append(f"Second place (the challenger or backup): {contest} of samples.")
    strongest = data.attribution[0] if data.attribution else None
    if strongest is not None and result.vendors and _moves(strongest):
        top = strongest
        winner = names[result.vendors[0]]
        if abs(top.winner_first) >= abs(top.runner_up_rank):
            effect = "more" if top.winner_first > 0 else "less"
            moved = f"the {effect} often {winner} ranks first"
            corr = top.winner_first
        else:
            runner = names.get(data.runner_up or "", "the runner-up")
            effect = "worse" if top.runner_up_rank > 0 else "better"
            moved = f"the {effect} {runner} places"
            corr = top.runner_up_rank
        strength = (
            "strongly" if abs(corr) >= 0.5 else "moderately" if abs(corr) >= 0.3 else "weakly"
        )
        out.append(
            f"The uncertain input that moves the decision most ({strength}): {top.label}. The "
            f"higher it is drawn, {moved} (rank correlation {abs(corr):.2f}, where 0 is no "
            "link and 1 a perfect one)."
        )
    out += list(data.exclusions)
    return out


def _moves(attribution: Attribution) -> bool:
    """Whether an input's correlation with either outcome is worth a sentence."""
    return max(abs(attribution.winner_first), abs(attribution.runner_up_rank)) >= 0.05


def _reversals(removals: tuple[Removal, ...], names: dict[str, str]) -> str:
    """The leave-one-out sentence: at most ``LISTED`` removals and ``LISTED`` pairs each are
    named (a catalogue of thousands can flip hundreds of thousands of pairs; the JSON lists
    them all), then how many more."""
    flips = [r for r in removals if r.flips]
    if not flips:
        return "Removing any one vendor changes no other vendor's order."
    parts = []
    for r in flips[:LISTED]:
        pairs = ", ".join(f"{names[a]} and {names[b]}" for a, b in r.flips[:LISTED])
        more = len(r.flips) - LISTED
        parts.append(
            f"removing {names[r.removed]} swaps {pairs}"
            + (f" and {more:,} more pair{'s' if more > 1 else ''}" if more > 0 else "")
        )
    rest = len(flips) - LISTED
    if rest > 0:
        parts.append(f"{rest:,} more removal{'s' if rest > 1 else ''} swap other pairs")
    return f"Rank reversal (relative scoring): {'; '.join(parts)}."


def _agreement(agreement: dict[str, float | None]) -> list[str]:
    defined = {pair: tau for pair, tau in agreement.items() if tau is not None}
    if defined:
        low_pair, low = min(defined.items(), key=lambda item: item[1])
        a, b = (METHOD_NAMES.get(m, m) for m in low_pair.split("/"))
        verdict = (
            "agree closely"
            if low >= 0.8
            else "broadly agree"
            if low >= 0.5
            else "agree only in part"
            if low >= 0
            else "disagree"
        )
        return [
            f"The scoring methods {verdict}: the least alike, {a} and {b}, order the vendors "
            f"with a rank correlation (Kendall's tau) of {low:.2f}, where 1 is the same order "
            "and -1 the reverse."
        ]
    if agreement:
        return ["Method agreement (Kendall's tau) is undefined: a method ranks every vendor equal."]
    return []


def nearest(intervals: tuple[Interval, ...]) -> tuple[Interval, float] | None:
    """The weight threshold nearest to a current weight, among the criteria that carry weight
    (a criterion weighted 0 is shown but not scored: the headline never names it)."""
    best: tuple[Interval, float] | None = None
    for interval in intervals:
        if interval.weight <= 0:
            continue
        for bound in (interval.low, interval.high):
            if bound is None:
                continue
            if best is None or abs(bound - interval.weight) < abs(best[1] - best[0].weight):
                best = (interval, bound)
    return best
