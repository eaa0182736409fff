"""Views of the award command's result: JSON and Markdown, and the lines every view shares
(the rich tables are in cli/award_table.py; the report's section reads ``award_lines``)."""

from __future__ import annotations

import json
from typing import Any

from vendorscore.analysis.award_result import AwardReport, FrontierPoint, Portfolio
from vendorscore.analysis.award_words import (
    conflict_lines,
    finding_lines,
    headline,
    money,
    settings_lines,
    share_cell,
)
from vendorscore.formatting import MISSING, amount, json_visible, md_escape
from vendorscore.views.staffing import document_head

# --- JSON ------------------------------------------------------------------------------------


def _portfolio(p: Portfolio | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "vendors": list(p.vendors),
        "annual_cost": p.cost,
        "setup_per_year": p.setup,
        "staffed_annual_cost": p.staffed_cost,
        "score": p.score,
        "metrics": dict(p.metrics),
        "proven_optimal": p.optimal,
        "allocations": [
            {
                "vendor": a.vendor,
                "name": a.name,
                "segment": a.segment,
                "share_percent": a.share,
                "contacts": a.contacts,
                "annual_cost": a.cost,
                "peak_rostered": a.peak,
            }
            for a in p.allocations
        ],
    }


def _point(f: FrontierPoint) -> dict[str, Any]:
    return {
        "label": f.label,
        "annual_cost": f.cost,
        "score": f.score,
        "award": _portfolio(f.portfolio),
    }


def _findings(r: AwardReport) -> dict[str, Any]:
    s = r.splitting
    return {
        "price_of_splitting": None
        if s is None
        else {
            "against": s.against,
            "comparator": _portfolio(s.comparator),
            "difference": s.difference,
            "lost_pooling": s.lost_pooling,
            "extra_setup": s.setup,
            "sentence": s.sentence,
        },
        "rule_effects": [
            {
                "rule": e.rule,
                "text": e.text,
                "binding": e.without is not None,
                "annual_cost": e.cost,
                "score": e.score,
                "sentence": e.sentence,
                "without": _portfolio(e.without),
            }
            for e in r.effects
        ],
        "frontier": {
            "by_vendors": [_point(f) for f in r.by_count],
            "by_score": [_point(f) for f in r.by_score],
        },
        "linear_optimiser": None
        if r.linear is None
        else {
            "award": _portfolio(r.linear),
            "believed_annual_cost": r.linear_claim,
            "feasible_when_staffed": r.linear_feasible,
            "breaches_when_staffed": list(r.linear_breaches),
        },
        "conflict": None
        if r.conflict is None
        else {
            "rules": list(r.conflict.rules),
            "relaxers": list(r.conflict.relaxers),
            "reasons": list(r.conflict.reasons),
        },
    }


def award_dict(r: AwardReport) -> dict[str, Any]:
    """The JSON document of `award --format json` (and of the report's award section)."""
    return {
        **document_head(r),
        "objective": r.objective,
        "cost_model": r.cost_model,
        "grid": r.grid,
        "contract_years": r.contract_years,
        "min_level": r.level,
        "rules": list(r.rules),
        "segments": [{"id": i, "percent": p, "contacts": c} for i, p, c in r.segments],
        "unserved": [{"id": i, "percent": p, "reason": why} for i, p, why in r.unserved],
        "cannot_be_awarded": [{"vendor": v, "reason": why} for v, why in r.excluded],
        "award": _portfolio(r.best),
        "resilience": r.resilience,
        "alternatives": [_portfolio(p) for p in r.alternatives],
        **_findings(r),
        "notes": list(r.notes),
    }


def to_json(r: AwardReport) -> str:
    text = json.dumps(award_dict(r), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"


# --- Markdown --------------------------------------------------------------------------------


def _md_portfolio(p: Portfolio, currency: str) -> list[str]:
    lines = [
        "| Vendor | Segment | Share | Contacts a year | Annual cost | Peak rostered |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for a in p.allocations:
        peak = MISSING if a.peak is None else f"{a.peak:,.0f}"
        lines.append(
            f"| {md_escape(a.name)} | {md_escape(a.segment)} | {share_cell(a.share)} | "
            f"{a.contacts:,.0f} | {amount(a.cost, currency)} | {peak} |"
        )
    return lines


def _md_frontier(points: tuple[FrontierPoint, ...], currency: str) -> list[str]:
    lines = ["| Award | Annual cost | Score | Who |", "|---|---:|---:|---|"]
    for f in points:
        who = md_escape(f.portfolio.summary()) if f.portfolio else "no award satisfies the rules"
        score = MISSING if f.score is None else f"{f.score:.2f}"
        lines.append(f"| {md_escape(f.label)} | {money(f.cost, currency)} | {score} | {who} |")
    return lines


FRONTIER_MD = (
    "The cheapest award at each number of vendors (the award's vendor counts set aside, its "
    "other rules kept), and at rising score floors."
)


def to_markdown(r: AwardReport) -> str:
    out = [f"# Award: {md_escape(r.name)}", "", md_escape(headline(r)), ""]
    out += [f"- {md_escape(line)}" for line in settings_lines(r)]
    out.append("")
    if r.best is None:
        out += [md_escape(line) for line in conflict_lines(r)]
        return "\n".join(out) + "\n"
    out += [*_md_portfolio(r.best, r.currency), ""]
    out += [f"- {md_escape(line)}" for line in finding_lines(r)] + [""]
    if len(r.alternatives) > 1:
        out += [
            "## The best awards",
            "",
            "| # | Annual cost | Score | Who |",
            "|---:|---:|---:|---|",
        ]
        out += [
            f"| {i} | {amount(p.cost, r.currency)} | {p.score:.2f} | {md_escape(p.summary())} |"
            for i, p in enumerate(r.alternatives, 1)
        ]
        out.append("")
    if r.by_count or r.by_score:
        points = _md_frontier((*r.by_count, *r.by_score), r.currency)
        out += ["## Frontier", "", FRONTIER_MD, "", *points, ""]
    return "\n".join(out)
