"""The report's award section (issue 14): the recommended split, its price, the binding rules,
the best alternatives and the frontier, formatted for the templates (the same sentences as
`vendorscore award`, from ``views/award.py``). None when the criteria file has no award."""

from __future__ import annotations

from typing import Any

from vendorscore.analysis.award_result import AwardReport, FrontierPoint
from vendorscore.analysis.award_words import (
    conflict_lines,
    finding_lines,
    headline,
    settings_lines,
    share_cell,
)
from vendorscore.formatting import MISSING, amount


def _point(f: FrontierPoint, currency: str) -> dict[str, str]:
    return {
        "label": f.label,
        "cost": MISSING if f.cost is None else amount(f.cost, currency),
        "score": MISSING if f.score is None else f"{f.score:.2f}",
        "who": f.portfolio.summary() if f.portfolio else "no award satisfies the rules",
    }


def award_section(r: AwardReport | None) -> dict[str, Any] | None:
    if r is None:
        return None
    cur = r.currency
    rows = []
    if r.best is not None:
        rows = [
            {
                "vendor": a.name,
                "segment": a.segment,
                "share": share_cell(a.share),
                "contacts": f"{a.contacts:,.0f}",
                "cost": amount(a.cost, cur),
                "peak": MISSING if a.peak is None else f"{a.peak:,.0f}",
            }
            for a in r.best.allocations
        ]
    return {
        "headline": headline(r),
        "settings": settings_lines(r),
        "rows": rows,
        "findings": finding_lines(r) if r.best is not None else conflict_lines(r),
        "alternatives": [
            {"rank": i, "cost": amount(p.cost, cur), "score": f"{p.score:.2f}", "who": p.summary()}
            for i, p in enumerate(r.alternatives, 1)
        ]
        if len(r.alternatives) > 1
        else [],
        "frontier": [_point(f, cur) for f in (*r.by_count, *r.by_score)],
    }
