"""Views of `explain` and `sensitivity`: JSON (SPEC §6.2; the rich tables are in cli/tables.py)."""

from __future__ import annotations

import json
import math
from typing import Any

from vendorscore.analysis.explain import Explanation
from vendorscore.analysis.summary import Sensitivity
from vendorscore.formatting import json_visible


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def sensitivity_dict(s: Sensitivity) -> dict[str, Any]:
    """The document of `sensitivity --format json` (SPEC §6.2, plus a few documented extras)."""
    smaa = s.smaa
    return {
        "method": s.method,
        "winner": s.winner,
        "robustness": {
            "level": s.robustness.level,
            "summary": s.robustness.summary,
            "details": list(s.robustness.details),
        },
        "stability": {
            i.criterion: {
                "weight": i.weight,
                "low": _num(i.low),
                "high": _num(i.high),
                "top3_order_kept": i.top3_kept,
            }
            for i in s.stability
        },
        "stability_method": "closed form" if s.exact_stability else "numerical (bisection to 1e-9)",
        "smaa": {
            "samples": smaa.samples,
            "seed": smaa.seed,
            "weights": smaa.model,
            "jitter": smaa.jitter,
            "acceptability": {
                v: [float(x) for x in row]
                for v, row in zip(smaa.vendors, smaa.acceptability, strict=True)
            },
            "central_weights": {
                v: None
                if math.isnan(row[0])
                else {c: float(w) for c, w in zip(smaa.criteria, row, strict=True)}
                for v, row in zip(smaa.vendors, smaa.central, strict=True)
            },
            "confidence": {v: float(c) for v, c in zip(smaa.vendors, smaa.confidence, strict=True)},
        },
        "leave_one_out": [
            {"removed": r.removed, "flips": [list(p) for p in r.flips]} for r in s.leave_one_out
        ],
        "method_agreement": s.method_agreement,
    }


def sensitivity_json(s: Sensitivity) -> str:
    """JSON text of a sensitivity analysis."""
    text = json.dumps(sensitivity_dict(s), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"


def explanation_dict(e: Explanation) -> dict[str, Any]:
    """The document of `explain --format json`."""
    change = e.change
    return {
        "method": e.method,
        "a": {"id": e.a, "name": e.a_name, "rank": e.a_rank, "score": e.a_score},
        "b": {"id": e.b, "name": e.b_name, "rank": e.b_rank, "score": e.b_score},
        "criteria": [
            {
                "id": g.id,
                "weight": g.weight,
                "utility_a": g.utility_a,
                "utility_b": g.utility_b,
                "utility_diff": g.utility_diff,
                "contribution_diff": g.contribution_diff,
            }
            for g in e.gaps
        ],
        "smallest_change": None
        if change is None
        else {
            "criterion": change.criterion,
            "weight": change.current,
            "threshold": change.threshold,
        },
    }


def explanation_json(e: Explanation) -> str:
    """JSON text of an explanation."""
    text = json.dumps(explanation_dict(e), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"
