"""The view-model of a report: every number already formatted, every chart already drawn.

Templates only lay out what is here (STYLE: build a view-model before templating).
Strings from the input files stay plain strings; the renderer escapes every one for the
report's format (``render.py``).
Charts are SVG markup built (and escaped) in ``charts.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from vendorscore.analysis.award_result import AwardReport
from vendorscore.analysis.summary import Sensitivity, sources
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.formatting import (
    MISSING,
    amount_range,
    column_legend,
    fmt_criterion,
    fmt_pct,
    fmt_score,
    lead_sentence,
    stability_bound,
    stability_method,
)
from vendorscore.models.measured import measured_figures, spread_of
from vendorscore.models.results import CriterionInfo, Ranking
from vendorscore.reporting import charts
from vendorscore.reporting.award import award_section
from vendorscore.reporting.cover import cover_fields
from vendorscore.reporting.excluded import excluded_rows, exclusion_cost
from vendorscore.reporting.staffing import staffing_chart, staffing_section
from vendorscore.scoring.evaluation import Evaluation

SHOWN_INPUTS = 5  # uncertain inputs listed in the report's attribution table


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
) -> dict[str, Any]:
    """Everything a report template needs, as plain data."""
    r = evaluation.ranking
    names = {v.id: v.name for v in r.ranking}
    criteria = list(r.criteria)
    scored = [c for c in criteria if c.weight > 0]  # what the charts draw: what carries weight
    drawn = _charts(evaluation, sensitivity, scored, names)
    if r.staffing is not None:  # under model: flat the report is what it was before issue 12
        drawn["staffing"] = staffing_chart(r.staffing)
    return {
        "title": r.name,
        "description": inputs.criteria.description or "",
        "cover": cover_fields(inputs.criteria),
        "tool_version": r.tool_version,
        "evaluation_date": r.evaluation_date.isoformat(),
        "generated": options.timestamp,
        "method": r.method,
        "method_label": _method_label(r.method, r.normalization),
        "contribution_mode": r.method == "weighted_sum",
        "column_legend": column_legend(r.method == "weighted_sum"),
        "recommendation": _recommendation(evaluation, sensitivity),
        # the ranking table has every criterion, weight 0 included, as every ranking view
        "columns": [{"id": c.id, "label": c.label, "weight": fmt_pct(c.weight)} for c in criteria],
        "labels": {c.id: c.label for c in criteria},
        "ranking": _ranking_rows(r, criteria),
        "criteria": _criteria_detail(r),
        "excluded": excluded_rows(evaluation),
        "exclusion_cost": exclusion_cost(evaluation),
        "warnings": [{"code": w.code, "message": w.message} for w in r.warnings],
        "sensitivity": _sensitivity(sensitivity, names, {c.id: c.label for c in criteria}),
        "disagreements": _disagreements(evaluation),
        "audit": _audit(inputs, evaluation, sensitivity),
        "staffing": staffing_section(r, inputs.criteria.workload),
        "award": award_section(award),
        "charts": drawn,
    }


def _ranking_rows(r: Ranking, scored: list[CriterionInfo]) -> list[dict[str, Any]]:
    weighted_sum = r.method == "weighted_sum"
    return [
        {
            "rank": v.rank,
            "id": v.id,
            "name": v.name,
            "score": fmt_score(v.score),
            "cells": [
                fmt_criterion(
                    v.criteria[c.id].contribution if weighted_sum else v.criteria[c.id].utility,
                    weighted_sum,
                )
                for c in scored
            ],
        }
        for v in r.ranking
    ]


def _criteria_detail(r: Ranking) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "label": c.label,
            "kind": c.kind,
            "group": c.group or MISSING,
            "nominal": f"{c.nominal_weight:g}",
            "weight": fmt_pct(c.weight),
            "direction": "higher is better" if c.direction == "higher" else "lower is better",
            "scoring": c.scoring_detail,
            "unit": c.unit or MISSING,
            "rows": [
                {
                    "vendor": v.name,
                    "raw": "missing"
                    if v.criteria[c.id].raw is None
                    else amount_range(
                        v.criteria[c.id].raw or 0.0,
                        v.criteria[c.id].low,
                        v.criteria[c.id].high,
                        c.unit,
                    ),
                    "utility": fmt_score(v.criteria[c.id].utility),
                }
                for v in r.ranking
            ],
        }
        for c in r.criteria
    ]


def _method_label(method: str, normalization: str | None) -> str:
    names = {
        "weighted_sum": "weighted sum",
        "weighted_product": "weighted product",
        "topsis": "TOPSIS",
    }
    label = names[method]
    if normalization:
        label += (
            " on raw values (vector normalisation)"
            if normalization == "vector"
            else " on utilities"
        )
    return label


def _recommendation(evaluation: Evaluation, s: Sensitivity) -> dict[str, Any]:
    r = evaluation.ranking
    winner = r.winner
    if winner is None:
        return {
            "winner": None,
            "text": "No vendor passed the gates: there is no recommendation.",
            "details": [],
        }
    runner = r.ranking[1] if len(r.ranking) > 1 else None
    lead = lead_sentence(
        winner.name,
        winner.score,
        runner.name if runner else None,
        runner.score if runner else 0.0,
    )
    return {
        "winner": winner.name,
        "score": fmt_score(winner.score),
        "runner_up": runner.name if runner else None,
        "margin": fmt_score(winner.score - runner.score) if runner else None,
        "text": lead,
        "level": s.robustness.level,
        "summary": s.robustness.summary,
        "details": list(s.robustness.details),
    }


def _pairwise(s: Sensitivity, names: dict[str, str]) -> dict[str, Any]:
    """P(row ranks above column) among the first vendors of the ranking."""
    ids = s.smaa.pairwise_ids
    return {
        "vendors": [names[v] for v in ids],
        "rows": [
            {
                "vendor": names[a],
                "cells": [
                    MISSING if a == b else fmt_pct(float(x), 0)
                    for b, x in zip(ids, row, strict=True)
                ],
            }
            for a, row in zip(ids, s.smaa.pairwise, strict=True)
        ],
    }


def _data(s: Sensitivity, names: dict[str, str]) -> dict[str, Any] | None:
    """What the uncertain vendor figures add (None when none was drawn)."""
    data = s.smaa.data
    if data is None:
        return None
    winner = names.get(s.smaa.vendors[0], "") if s.smaa.vendors else ""
    return {
        "inputs": f"{len(data.inputs):,}",
        "winner": winner,
        "runner_up": names.get(data.runner_up or "", MISSING),
        "excluded": any(float(x) > 0 for x in data.excluded),
        "attribution": [
            {
                "input": a.label,
                "winner": f"{a.winner_first:+.2f}",
                "runner_up": f"{a.runner_up_rank:+.2f}",
            }
            for a in data.attribution[:SHOWN_INPUTS]
        ],
    }


def _sensitivity(s: Sensitivity, names: dict[str, str], labels: dict[str, str]) -> dict[str, Any]:
    smaa = s.smaa
    ranks = min(5, len(smaa.vendors))
    return {
        "stability_method": stability_method(s.exact_stability),
        "stability": [
            {
                "criterion": labels[i.criterion],
                "weight": fmt_pct(i.weight),
                "low": stability_bound(i.low, low=True),
                "high": stability_bound(i.high, low=False),
                "top3": "yes" if i.top3_kept else "no",
            }
            for i in s.stability
        ],
        "samples": f"{smaa.samples:,}",
        "seed": smaa.seed,
        "model": smaa.model if smaa.jitter is None else f"jitter ±{smaa.jitter:g} %",
        "ranks": list(range(1, ranks + 1)),
        "acceptability": [
            {
                "vendor": names[v],
                "shares": [fmt_pct(float(x)) for x in row[:ranks]],
                "confidence": fmt_pct(float(c), 0 if smaa.data is None else 1),
                "excluded": fmt_pct(float(smaa.data.excluded[k])) if smaa.data else None,
            }
            for k, (v, row, c) in enumerate(
                zip(smaa.vendors, smaa.acceptability, smaa.confidence, strict=True)
            )
        ],
        "pairwise": _pairwise(s, names),
        "data": _data(s, names),
        "central": [
            {
                "vendor": names[v],
                "weights": "never first"
                if math.isnan(row[0])
                else ", ".join(
                    f"{labels[c]} {fmt_pct(float(w))}"
                    for c, w in zip(smaa.criteria, row, strict=True)
                    if w > 0.0005
                ),
            }
            for v, row in zip(smaa.vendors, smaa.central, strict=True)
        ],
        "leave_one_out": [
            {
                "removed": names[rm.removed],
                "flips": [f"{names[a]} and {names[b]}" for a, b in rm.flips],
            }
            for rm in s.leave_one_out
        ],
        "agreement": [
            {"pair": k.replace("/", " vs "), "tau": "undefined" if v is None else fmt_score(v)}
            for k, v in s.method_agreement.items()
        ],
    }


def _disagreements(evaluation: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            "vendor": next(
                (v.name for v in evaluation.ranking.ranking if v.id == d.vendor), d.vendor
            ),
            "criterion": next(c.label for c in evaluation.ranking.criteria if c.id == d.criterion),
            "scores": ", ".join(f"{who} {s:g}" for who, s in d.scores),
            "value": fmt_score(d.value),
            "consensus": "yes" if d.consensus else "no",
        }
        for d in evaluation.ranking.rubrics
        if d.disagreement
    ]


def _audit(given: EvaluationInput, evaluation: Evaluation, s: Sensitivity) -> dict[str, Any]:
    r = evaluation.ranking
    inputs = [{"path": f.path, "sha256": f.sha256} for f in given.files]
    return {
        "inputs": inputs,
        "sha256": r.inputs.sha256,
        "tool_version": r.tool_version,
        "evaluation_date": r.evaluation_date.isoformat(),
        "currency": r.currency,
        "fx": [{"currency": k, "rate": f"{v:g}"} for k, v in r.fx.items()],
        "fx_as_of": r.fx_as_of.isoformat() if r.fx_as_of else "not stated",
        "method": _method_label(r.method, r.normalization),
        "normalisations": [{"criterion": c.label, "scoring": c.scoring_detail} for c in r.criteria],
        "weights": [
            {
                "criterion": c.label,
                "nominal": f"{c.nominal_weight:g}",
                "effective": fmt_pct(c.weight, 2),
            }
            for c in r.criteria
        ],
        "smaa": f"{s.smaa.samples:,} samples, seed {s.smaa.seed}, {s.smaa.model} weights",
        "uncertainty": _assumptions(given, s),
    }


def _assumptions(given: EvaluationInput, s: Sensitivity) -> dict[str, Any] | None:
    """The uncertainty the verdict rests on: what was drawn, the criteria file's defaults,
    and the figures marked audited (None when nothing was uncertain)."""
    defaults = given.criteria.uncertainty or {}
    if s.smaa.data is None and not defaults:
        return None
    audited = [
        f"{v.id} {path}"
        for v in given.vendors
        for _, path, figure in measured_figures(v)
        if (found := spread_of(figure)) is not None and found.audited
    ]
    return {
        "drawn": sources(s.smaa),
        "defaults": [f"{key}: {spread.text()}" for key, spread in defaults.items()],
        "audited": audited,
    }


def _charts(
    evaluation: Evaluation, s: Sensitivity, scored: list[Any], names: dict[str, str]
) -> dict[str, str]:
    r = evaluation.ranking
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
    return {
        "contributions": charts.contribution_bars(vendor_names, labels, points, title),
        "heat_map": charts.heat_map(
            vendor_names,
            labels,
            [[v.criteria[c.id].utility for c in scored] for v in r.ranking],
            "Utility (0 = worst, 1 = best) of each vendor on each criterion",
        ),
        "acceptability": charts.acceptability_bars(
            [names[v] for v in s.smaa.vendors],
            [list(map(float, row)) for row in s.smaa.acceptability],
            "SMAA-2 rank acceptability: share of weight samples in which each vendor takes "
            "each rank",
        ),
        "stability": charts.stability_intervals(
            [
                (next(c.label for c in r.criteria if c.id == i.criterion), i.weight, i.low, i.high)
                for i in s.stability
            ],
            "Weight stability: range of each criterion's weight in which the winner stays first",
        ),
    }
