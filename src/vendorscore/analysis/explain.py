"""Why vendor A and vendor B are ranked as they are (SPEC §5 explain)."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.analysis.costing import CostDerivation, derive
from vendorscore.analysis.stability import crossing
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.errors import UsageError, VendorscoreError
from vendorscore.models.choices import Method
from vendorscore.models.results import CostLine, Ranking
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class CriterionGap:
    """One criterion's part in the gap between A and B."""

    id: str
    label: str
    weight: float
    utility_a: float | None
    utility_b: float | None
    utility_diff: float
    contribution_diff: float | None  # weighted_sum only: points of A's lead from this criterion


@dataclass(frozen=True)
class WeightChange:
    """The smallest single-criterion weight change that reverses the order of A and B."""

    criterion: str
    label: str
    current: float
    threshold: float  # beyond this effective weight the order flips


@dataclass(frozen=True)
class Explanation:
    """Two vendors compared criterion by criterion."""

    a: str
    a_name: str
    a_rank: int
    a_score: float
    b: str
    b_name: str
    b_rank: int
    b_score: float
    method: Method
    gaps: tuple[CriterionGap, ...]
    change: WeightChange | None
    costs: tuple[CostDerivation, ...] = ()  # A's and B's cost, step by step (staffing models)
    breakdown: tuple[CostLine, ...] = ()  # A's and B's cost lines, when cost separates them
    currency: str = ""


def explain(
    evaluation: Evaluation, a: str, b: str, inputs: EvaluationInput | None = None
) -> Explanation:
    """Per-criterion utility and contribution differences (largest first), the smallest
    single-criterion weight change, if any, that would reverse the order of A and B, and,
    under a staffing model (given the ``inputs``), how each one's annual cost is derived."""
    ranking = evaluation.ranking
    if a == b:
        raise UsageError("explain needs two different vendors")
    rows = {vid: i for i, vid in enumerate(evaluation.ranked_ids)}
    for vid in (a, b):
        if vid not in rows:
            excluded = next((x for x in ranking.excluded if x.id == vid), None)
            if excluded is None:
                known = ", ".join(sorted([*rows, *(x.id for x in ranking.excluded)]))
                raise UsageError(f"no vendor '{vid}' (vendors: {known})")
            raise VendorscoreError(
                f"{vid} is excluded, so it has no score: " + "; ".join(excluded.reasons)
            )
    placed = {v.id: v for v in ranking.ranking}
    ra, rb = rows[a], rows[b]
    u, used, w = evaluation.utilities, evaluation.used, evaluation.weights
    gaps = []
    for j, info in enumerate(ranking.criteria):
        ua = float(u[ra, j]) if used[ra, j] else None
        ub = float(u[rb, j]) if used[rb, j] else None
        ca = placed[a].criteria[info.id].contribution
        cb = placed[b].criteria[info.id].contribution
        contribution = None if evaluation.method != "weighted_sum" else (ca or 0.0) - (cb or 0.0)
        gaps.append(
            CriterionGap(
                info.id, info.label, float(w[j]), ua, ub, (ua or 0.0) - (ub or 0.0), contribution
            )
        )
    gaps.sort(
        key=lambda g: (
            -abs(
                g.contribution_diff
                if g.contribution_diff is not None
                else g.utility_diff * g.weight
            ),
            g.id,
        )
    )
    return Explanation(
        a,
        placed[a].name,
        placed[a].rank,
        placed[a].score,
        b,
        placed[b].name,
        placed[b].rank,
        placed[b].score,
        evaluation.method,
        tuple(gaps),
        _smallest_change(evaluation, ra, rb),
        _costs(evaluation, inputs, (a, b)),
        _breakdown(ranking, gaps, (a, b)),
        ranking.currency,
    )


def _breakdown(
    ranking: Ranking, gaps: list[CriterionGap], ids: tuple[str, str]
) -> tuple[CostLine, ...]:
    """A's and B's cost breakdowns (``Ranking.costs``) when cost separates them: a weighted
    cost criterion on which their utilities differ."""
    kinds = {c.id: c.kind for c in ranking.criteria}
    if not any(kinds[g.id] == "cost" and g.weight > 0 and g.utility_diff != 0 for g in gaps):
        return ()
    lines = {c.id: c for c in ranking.costs}
    return tuple(lines[i] for i in ids if i in lines)


def _costs(
    evaluation: Evaluation, inputs: EvaluationInput | None, ids: tuple[str, str]
) -> tuple[CostDerivation, ...]:
    """The cost derivations of the two vendors: only under a staffing model and only when a
    cost criterion is scored (under ``model: flat`` explain shows what it always showed)."""
    ranking = evaluation.ranking
    staffing = ranking.staffing
    if inputs is None or staffing is None or not any(c.kind == "cost" for c in ranking.criteria):
        return ()
    vendors = {v.id: v for v in inputs.vendors}
    names = {v.id: v.name for v in ranking.ranking}
    found = (derive(vendors[i], names[i], inputs.criteria, staffing) for i in ids if i in vendors)
    return tuple(d for d in found if d is not None)


def _smallest_change(evaluation: Evaluation, ra: int, rb: int) -> WeightChange | None:
    scores = evaluation.rescore(evaluation.weights)
    ahead, behind = (ra, rb) if scores[ra] >= scores[rb] else (rb, ra)
    best: WeightChange | None = None
    for k, info in enumerate(evaluation.ranking.criteria):
        current = float(evaluation.weights[k])
        for t in crossing(evaluation, k, ahead, behind):
            if best is None or abs(t - current) < abs(best.threshold - best.current):
                best = WeightChange(info.id, info.label, current, t)
    return best
