"""Output views of `explain` and `sensitivity`: JSON (SPEC §6.2) and rich tables in plain words."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from vendorscore.analysis.explain import Explanation
from vendorscore.analysis.summary import Sensitivity


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
    return json.dumps(sensitivity_dict(s), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _console() -> Any:
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 120, highlight=False)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def print_sensitivity(s: Sensitivity, top: int = 5) -> None:
    """The human view: the verdict first, then the evidence."""
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    console.print(f"[bold]{escape(s.robustness.summary)}[/bold]", soft_wrap=True)
    for line in s.robustness.details:
        console.print(f"  {escape(line)}", soft_wrap=True)
    stab = Table(
        title=escape("Weight stability: the winner stays first while the weight is in [low, high]"),
        title_justify="left",
    )
    for column, justify in (
        ("criterion", "left"),
        ("weight", "right"),
        ("low", "right"),
        ("high", "right"),
        ("top 3 order kept", "left"),
    ):
        stab.add_column(column, justify=justify)  # type: ignore[arg-type]
    for i in s.stability:
        stab.add_row(
            i.criterion,
            _pct(i.weight),
            _pct(i.low) if i.low is not None else "0 (never loses)",
            _pct(i.high) if i.high is not None else "100 % (never loses)",
            "yes" if i.top3_kept else "no",
        )
    console.print()
    console.print(stab)
    how = "closed form (exact)" if s.exact_stability else "numerical search, bisection to 1e-9"
    console.print(f"Stability computed by {how}.")
    smaa = s.smaa
    ranks = min(top, len(smaa.vendors))
    acc = Table(
        title=f"SMAA-2 rank acceptability ({smaa.samples:,} {smaa.model} weight samples, "
        f"seed {smaa.seed})",
        title_justify="left",
    )
    acc.add_column("vendor")
    for r in range(ranks):
        acc.add_column(f"rank {r + 1}", justify="right")
    acc.add_column("confidence", justify="right")
    for v, row, conf in zip(smaa.vendors, smaa.acceptability, smaa.confidence, strict=True):
        acc.add_row(escape(v), *(f"{x * 100:.1f} %" for x in row[:ranks]), f"{conf:.0f}")
    console.print()
    console.print(acc)
    if s.method_agreement:
        console.print()
        console.print(
            "Method agreement (Kendall's tau): "
            + ", ".join(f"{k} {v:.2f}" for k, v in s.method_agreement.items())
        )


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
    return json.dumps(explanation_dict(e), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def print_explanation(e: Explanation) -> None:
    """The human view of an explanation."""
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    ahead, behind = (e.a_name, e.b_name) if e.a_score >= e.b_score else (e.b_name, e.a_name)
    gap = abs(e.a_score - e.b_score)
    console.print(
        f"[bold]{escape(e.a_name)}[/bold] (rank {e.a_rank}, {e.a_score:.2f}) vs "
        f"[bold]{escape(e.b_name)}[/bold] (rank {e.b_rank}, {e.b_score:.2f}): "
        f"{escape(ahead)} leads by {gap:.2f} points.",
        soft_wrap=True,
    )
    contribution = e.method == "weighted_sum"
    table = Table(title_justify="left")
    for column, justify in (
        ("criterion", "left"),
        ("weight", "right"),
        (e.a, "right"),
        (e.b, "right"),
        ("utility diff", "right"),
    ):
        table.add_column(escape(column), justify=justify)  # type: ignore[arg-type]
    if contribution:
        table.add_column("points to " + escape(e.a), justify="right")
    for g in e.gaps:
        cells = [
            escape(g.label),
            _pct(g.weight),
            _u(g.utility_a),
            _u(g.utility_b),
            f"{g.utility_diff:+.2f}",
        ]
        if contribution:
            cells.append(f"{(g.contribution_diff or 0.0):+.2f}")
        table.add_row(*cells)
    console.print(table)
    if e.change is None:
        console.print(
            f"No change to a single criterion's weight puts {escape(behind)} "
            f"ahead of {escape(ahead)}."
        )
    else:
        c = e.change
        verb = "raising" if c.threshold > c.current else "lowering"
        console.print(
            f"Smallest single change: {verb} the weight of {escape(c.label)} "
            f"from {_pct(c.current)} past {_pct(c.threshold)} (others rescaled in proportion) "
            f"puts {escape(behind)} ahead of {escape(ahead)}.",
            soft_wrap=True,
        )


def _u(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
