"""Per-vendor scorecards (issue 15, item 5): for every vendor, ranked ones in ranking order then
the excluded, its strengths and weaknesses (the weighted criteria on which it gains or loses
most against the field's average), the evaluators' scores with their notes, its cost
breakdown and its risks."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.formatting import MISSING, amount_range, fmt_score
from vendorscore.models.results import CriterionInfo, Ranking, ScoredVendor
from vendorscore.models.scores import score_value
from vendorscore.reporting.costs import CostRow, CostSection
from vendorscore.reporting.figure import Figure
from vendorscore.reporting.risks import RiskRow, RiskSection

SHOWN = 3  # strengths and weaknesses per vendor
NOTICED = 0.005  # points: a smaller gain or loss against the field is not a strength


@dataclass(frozen=True)
class Standing:
    """A criterion on which the vendor gains or loses against the field."""

    criterion: str
    """The criterion's label."""
    raw: str
    """The vendor's raw value, with its unit."""
    utility: Figure
    """0-1."""
    points: Figure
    """Points gained (+) or lost (-) against the field's average."""


@dataclass(frozen=True)
class EvaluatorScore:
    """One evaluator's score of the vendor on a rubric criterion, with the note."""

    criterion: str
    """The criterion's label."""
    evaluator: str
    """Who scored (the score file's evaluator)."""
    score: Figure
    """The score on the criterion's scale."""
    note: str
    """"" without one."""
    consensus: bool
    """A moderation (consensus) score, which replaces the aggregate."""


@dataclass(frozen=True)
class Scorecard:
    """One vendor on a page."""

    id: str
    """The vendor's id."""
    name: str
    """The vendor's name."""
    rank: int | None
    """None: excluded."""
    score: Figure
    """Value None when excluded."""
    reasons: tuple[str, ...]
    """Why it is excluded (empty when ranked)."""
    hq_country: str
    """Its headquarters' country code (``—`` when not given)."""
    sites: str
    """"Cape Town (ZA), Durban (ZA)"."""
    strengths: tuple[Standing, ...]
    """Up to three weighted criteria on which it gains most points against the field."""
    weaknesses: tuple[Standing, ...]
    """Up to three weighted criteria on which it loses most points against the field."""
    evaluators: tuple[EvaluatorScore, ...]
    """The evaluators' scores of the vendor, with their notes."""
    cost: CostRow | None
    """Its cost breakdown (None when it gives no pricing or nothing is priced)."""
    risks: tuple[RiskRow, ...]
    """Its risks, in the register's order."""


def _points(r: Ranking, v: ScoredVendor, c: CriterionInfo) -> float:
    """What the criterion adds to the vendor's score, in points of 100."""
    cell = v.criteria[c.id]
    if r.method == "weighted_sum":
        return cell.contribution or 0.0
    return (cell.utility or 0.0) * c.weight * 100


def field_means(r: Ranking) -> dict[str, float]:
    """Each weighted criterion's average points over the ranked vendors."""
    return {
        c.id: sum(_points(r, v, c) for v in r.ranking) / len(r.ranking)
        for c in r.criteria
        if c.weight > 0
    }


def _standings(r: Ranking, v: ScoredVendor, means: dict[str, float]) -> list[Standing]:
    """Every weighted criterion with the vendor's gain against the field, largest first."""
    out = []
    for c in r.criteria:
        if c.id not in means:
            continue
        gain = _points(r, v, c) - means[c.id]
        cell = v.criteria[c.id]
        raw = "missing" if cell.raw is None else amount_range(cell.raw, cell.low, cell.high, c.unit)
        out.append(
            Standing(
                c.label,
                raw,
                Figure(cell.utility, fmt_score(cell.utility)),
                Figure(gain, f"{gain:+.2f}"),
            )
        )
    out.sort(key=lambda s: -(s.points.value or 0.0))
    return out


def _evaluators(
    inputs: EvaluationInput, vendor: str, labels: dict[str, str]
) -> list[EvaluatorScore]:
    out = []
    for sheet in inputs.scores:
        for criterion, entry in sheet.scores.get(vendor, {}).items():
            if criterion not in labels:
                continue
            note = getattr(entry, "note", None) or ""
            value = score_value(entry)
            out.append(
                EvaluatorScore(
                    labels[criterion], sheet.evaluator, Figure(value, f"{value:g}"), note,
                    sheet.consensus,
                )
            )  # fmt: skip
    order = list(labels.values())
    out.sort(key=lambda e: (order.index(e.criterion), e.consensus, e.evaluator))
    return out


def scorecards(
    inputs: EvaluationInput,
    r: Ranking,
    risks: RiskSection | None = None,
    costs: CostSection | None = None,
) -> tuple[Scorecard, ...]:
    """A scorecard for every vendor in the evaluation, ranked first, then the excluded: its
    risks and its cost rows are the register's and the cost section's (built once)."""
    vendors = {v.id: v for v in inputs.vendors}
    cost_rows = {c.id: c for c in costs.rows} if costs is not None else {}
    mine = risks.by_vendor if risks is not None else {}
    labels = {c.id: c.label for c in r.criteria if c.kind == "rubric"}
    entries: list[tuple[str, str, int | None, float | None, tuple[str, ...]]] = [
        (v.id, v.name, v.rank, v.score, ()) for v in r.ranking
    ]
    entries += [(x.id, x.name, None, None, tuple(x.reasons)) for x in r.excluded]
    placed = {v.id: v for v in r.ranking}
    means = field_means(r) if r.ranking else {}
    out = []
    for vid, name, rank, score, reasons in entries:
        vendor = vendors.get(vid)
        standings = (
            _standings(r, placed[vid], means) if vid in placed and len(r.ranking) > 1 else []
        )
        sites = (vendor.sites or []) if vendor is not None else []
        out.append(
            Scorecard(
                id=vid,
                name=name,
                rank=rank,
                score=Figure(score, MISSING if score is None else fmt_score(score)),
                reasons=reasons,
                hq_country=(vendor.hq_country or MISSING) if vendor is not None else MISSING,
                sites=", ".join(f"{s.name} ({s.country or '?'})" for s in sites) or MISSING,
                strengths=tuple(s for s in standings if (s.points.value or 0) > NOTICED)[:SHOWN],
                weaknesses=tuple(
                    s for s in reversed(standings) if (s.points.value or 0) < -NOTICED
                )[:SHOWN],
                evaluators=tuple(_evaluators(inputs, vid, labels)),
                cost=cost_rows.get(vid),
                risks=mine[vid].rows if vid in mine else (),
            )
        )
    return tuple(out)
