"""The view-model of a report: every number already formatted, every chart already drawn.

Templates only lay out what is here (STYLE: build a view-model before templating). The types
are in ``viewmodel.py`` (and beside each section's builder); numbers are ``Figure``s (the raw
value and the printed text), strings from the input files stay plain strings: the renderer
escapes every one for the report's format (``render.py``).
Charts are SVG markup built (and escaped) in ``charts.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from vendorscore.analysis.award_result import AwardReport
from vendorscore.analysis.summary import Sensitivity, sources
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.formatting import (
    METHOD_NAMES,
    MISSING,
    amount_range,
    column_legend,
    fmt_criterion,
    lead_sentence,
    prose,
)
from vendorscore.models.measured import measured_figures, spread_of
from vendorscore.models.results import CriterionInfo, Ranking
from vendorscore.reporting import charts
from vendorscore.reporting.award import award_section
from vendorscore.reporting.costs import cost_section
from vendorscore.reporting.cover import cover_fields
from vendorscore.reporting.excluded import excluded_rows, exclusion_cost
from vendorscore.reporting.figure import Figure, none, number, pct, score
from vendorscore.reporting.risks import risk_section
from vendorscore.reporting.scorecards import scorecards
from vendorscore.reporting.sensitivity import sensitivity_section
from vendorscore.reporting.staffing import staffing_chart, staffing_section
from vendorscore.reporting.summary import executive_summary
from vendorscore.reporting.vendors import vendors_data
from vendorscore.reporting.viewmodel import (
    Assumptions,
    Audit,
    AuditInput,
    AuditWeight,
    Charts,
    Column,
    CriterionDetail,
    CriterionRow,
    Disagreement,
    FxRate,
    Normalisation,
    RankingRow,
    Recommendation,
    ReportContext,
    WarningRow,
)
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class ReportOptions:
    """What the report was asked to include."""

    timestamp: str | None = None


def build_context(
    inputs: EvaluationInput,
    evaluation: Evaluation,
    sensitivity: Sensitivity,
    options: ReportOptions,
    award: AwardReport | None = None,
) -> ReportContext:
    """Everything a report template needs, as typed read-only data."""
    r = evaluation.ranking
    names = {v.id: v.name for v in r.ranking}
    criteria = list(r.criteria)
    labels = {c.id: c.label for c in criteria}
    vendors = vendors_data(inputs.vendors, [*names, *(x.id for x in r.excluded)])
    risks = risk_section(inputs, evaluation)
    costs = cost_section(r)
    excluding = exclusion_cost(evaluation)
    return ReportContext(
        title=r.name,
        description=prose(inputs.criteria.description),
        cover=cover_fields(inputs.criteria),
        tool_version=r.tool_version,
        evaluation_date=r.evaluation_date.isoformat(),
        generated=options.timestamp,
        method=r.method,
        method_label=_method_label(r.method, r.normalization),
        contribution_mode=r.method == "weighted_sum",
        column_legend=column_legend(r.method == "weighted_sum"),
        summary=executive_summary(r, sensitivity, award, risks, excluding),
        recommendation=_recommendation(evaluation, sensitivity),
        # the ranking table has every criterion, weight 0 included, as every ranking view
        columns=tuple(Column(c.id, c.label, pct(c.weight)) for c in criteria),
        labels=MappingProxyType(labels),
        ranking=_ranking_rows(r, criteria),
        criteria=_criteria_detail(r),
        costs=costs,
        excluded=excluded_rows(evaluation),
        risks=risks,
        scorecards=scorecards(inputs, r, risks, costs),
        exclusion_cost=excluding,
        warnings=tuple(WarningRow(w.code, w.message) for w in r.warnings),
        sensitivity=sensitivity_section(sensitivity, names, labels),
        disagreements=_disagreements(evaluation),
        audit=_audit(inputs, evaluation, sensitivity),
        staffing=staffing_section(r, inputs.criteria.workload),
        award=award_section(award),
        charts=_charts(evaluation, sensitivity, names),
        vendors=vendors,
        vendors_by_id=MappingProxyType({v.id: v for v in vendors}),
    )


def _ranking_rows(r: Ranking, scored: list[CriterionInfo]) -> tuple[RankingRow, ...]:
    weighted_sum = r.method == "weighted_sum"
    rows = []
    for v in r.ranking:
        cells = []
        for c in scored:
            x = v.criteria[c.id].contribution if weighted_sum else v.criteria[c.id].utility
            cells.append(Figure(x, fmt_criterion(x, weighted_sum)))
        rows.append(RankingRow(v.rank, v.id, v.name, score(v.score), tuple(cells)))
    return tuple(rows)


def _raw(info: CriterionInfo, raw: float | None, low: float | None, high: float | None) -> Figure:
    if raw is None:
        return none("missing")
    return Figure(raw, amount_range(raw, low, high, info.unit))


def _criteria_detail(r: Ranking) -> tuple[CriterionDetail, ...]:
    return tuple(
        CriterionDetail(
            id=c.id,
            label=c.label,
            kind=c.kind,
            group=c.group or MISSING,
            nominal=number(c.nominal_weight),
            weight=pct(c.weight),
            direction="higher is better" if c.direction == "higher" else "lower is better",
            scoring=c.scoring_detail,
            unit=c.unit or MISSING,
            rows=tuple(
                CriterionRow(
                    id=v.id,
                    vendor=v.name,
                    raw=_raw(c, v.criteria[c.id].raw, v.criteria[c.id].low, v.criteria[c.id].high),
                    utility=score(v.criteria[c.id].utility),
                )
                for v in r.ranking
            ),
        )
        for c in r.criteria
    )


def _method_label(method: str, normalization: str | None) -> str:
    label = METHOD_NAMES[method]
    if normalization:
        label += (
            " on raw values (vector normalisation)"
            if normalization == "vector"
            else " on utilities"
        )
    return label


def _recommendation(evaluation: Evaluation, s: Sensitivity) -> Recommendation:
    r = evaluation.ranking
    winner = r.winner
    if winner is None:
        text = "No vendor passed the gates: there is no recommendation."
        return Recommendation(None, text, None, None, None, "", "", ())
    runner = r.ranking[1] if len(r.ranking) > 1 else None
    lead = lead_sentence(
        winner.name,
        winner.score,
        runner.name if runner else None,
        runner.score if runner else 0.0,
    )
    return Recommendation(
        winner=winner.name,
        text=lead,
        score=score(winner.score),
        runner_up=runner.name if runner else None,
        margin=score(winner.score - runner.score) if runner else None,
        level=s.robustness.level,
        summary=s.robustness.summary,
        details=tuple(s.robustness.details),
    )


def _disagreements(evaluation: Evaluation) -> tuple[Disagreement, ...]:
    return tuple(
        Disagreement(
            vendor=next((v.name for v in evaluation.ranking.ranking if v.id == d.vendor), d.vendor),
            criterion=next(c.label for c in evaluation.ranking.criteria if c.id == d.criterion),
            scores=", ".join(f"{who} {s:g}" for who, s in d.scores),
            value=score(d.value),
            consensus="yes" if d.consensus else "no",
        )
        for d in evaluation.ranking.rubrics
        if d.disagreement
    )


def _audit(given: EvaluationInput, evaluation: Evaluation, s: Sensitivity) -> Audit:
    r = evaluation.ranking
    return Audit(
        inputs=tuple(AuditInput(f.path, f.sha256) for f in given.files),
        sha256=r.inputs.sha256,
        tool_version=r.tool_version,
        evaluation_date=r.evaluation_date.isoformat(),
        currency=r.currency,
        fx=tuple(FxRate(k, Figure(v, f"{v:g}")) for k, v in r.fx.items()),
        fx_as_of=r.fx_as_of.isoformat() if r.fx_as_of else "not stated",
        method=_method_label(r.method, r.normalization),
        normalisations=tuple(Normalisation(c.label, c.scoring_detail) for c in r.criteria),
        weights=tuple(
            AuditWeight(c.label, number(c.nominal_weight), pct(c.weight, 2)) for c in r.criteria
        ),
        smaa=f"{s.smaa.samples:,} samples, seed {s.smaa.seed}, {s.smaa.model} weights",
        uncertainty=_assumptions(given, s),
    )


def _assumptions(given: EvaluationInput, s: Sensitivity) -> Assumptions | None:
    """The uncertainty the verdict rests on: what was drawn, the criteria file's defaults,
    and the figures marked audited (None when nothing was uncertain)."""
    defaults = given.criteria.uncertainty or {}
    if s.smaa.data is None and not defaults:
        return None
    audited = tuple(
        f"{v.id} {path}"
        for v in given.vendors
        for _, path, figure in measured_figures(v)
        if (found := spread_of(figure)) is not None and found.audited
    )
    return Assumptions(
        drawn=sources(s.smaa),
        defaults=tuple(f"{key}: {spread.text()}" for key, spread in defaults.items()),
        audited=audited,
    )


def _charts(evaluation: Evaluation, s: Sensitivity, names: dict[str, str]) -> Charts:
    r = evaluation.ranking
    scored = [c for c in r.criteria if c.weight > 0]  # what the charts draw: what carries weight
    vendor_names = [v.name for v in r.ranking]
    labels = [c.label for c in scored]
    if r.method == "weighted_sum":
        points = [[v.criteria[c.id].contribution or 0.0 for c in scored] for v in r.ranking]
        title = "Score of each vendor, stacked by the points each criterion contributes"
    else:
        points = [
            [(v.criteria[c.id].utility or 0.0) * c.weight * 100 for c in scored] for v in r.ranking
        ]
        title = "Weighted utilities of each vendor, stacked by criterion (100 x weight x utility)"
    return Charts(
        contributions=charts.contribution_bars(vendor_names, labels, points, title),
        heat_map=charts.heat_map(
            vendor_names,
            labels,
            [[v.criteria[c.id].utility for c in scored] for v in r.ranking],
            "Utility (0 = worst, 1 = best) of each vendor on each criterion",
        ),
        acceptability=charts.acceptability_bars(
            [names[v] for v in s.smaa.vendors],
            [list(map(float, row[: charts.SMAA_RANKS])) for row in s.smaa.acceptability],
            "SMAA-2 rank acceptability: share of weight samples in which each vendor takes "
            "each rank",
        ),
        stability=charts.stability_intervals(
            [
                (next(c.label for c in r.criteria if c.id == i.criterion), i.weight, i.low, i.high)
                for i in s.stability
            ],
            "Weight stability: range of each criterion's weight in which the winner stays first",
        ),
        # under model: flat the report is what it was before issue 12
        staffing=None if r.staffing is None else staffing_chart(r.staffing),
    )
