"""Output views of `diff`: JSON, Markdown and a plain table."""

from __future__ import annotations

import json
from typing import Any

from vendorscore.analysis.diff import Comparison, Move
from vendorscore.formatting import md_escape


def _value(value: Any) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def diff_dict(c: Comparison) -> dict[str, Any]:
    """The document of `diff --format json`."""
    return {
        "before": c.before,
        "after": c.after,
        "changes": [
            {
                "kind": x.kind,
                "subject": x.subject,
                "field": x.field,
                "before": x.before,
                "after": x.after,
            }
            for x in c.changes
        ],
        "moves": [
            {
                "id": m.id,
                "name": m.name,
                "rank_before": m.rank_before,
                "rank_after": m.rank_after,
                "score_before": m.score_before,
                "score_after": m.score_after,
                "drivers": [{"criterion": k, "points": p} for k, p in m.drivers],
            }
            for m in c.moves
        ],
    }


def diff_json(c: Comparison) -> str:
    """JSON text."""
    return json.dumps(diff_dict(c), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rank(value: int | None) -> str:
    return "—" if value is None else str(value)


def _move(m: Move) -> str:
    if m.rank_before == m.rank_after:
        return "same rank" if m.rank_after is not None else "excluded in both"
    if m.rank_before is None:
        return "now ranked"
    if m.rank_after is None:
        return "no longer ranked"
    return "up" if m.rank_after < m.rank_before else "down"


def _drivers(m: Move, limit: int = 3) -> str:
    return ", ".join(f"{k} {p:+.2f}" for k, p in m.drivers[:limit]) or "—"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def diff_lines(c: Comparison) -> list[str]:
    """The human view."""
    lines = [f"Comparing {c.before} (before) with {c.after} (after)", ""]
    lines.append(f"Inputs changed ({len(c.changes)}):" if c.changes else "No input changed.")
    for x in c.changes:
        lines.append(f"  {x.kind} {x.subject}: {x.field} {_value(x.before)} -> {_value(x.after)}")
    lines += ["", "Ranking:"]
    for m in c.moves:
        delta = (
            ""
            if m.score_before is None or m.score_after is None
            else f" ({m.score_after - m.score_before:+.2f})"
        )
        lines.append(
            f"  {m.name}: rank {_rank(m.rank_before)} -> {_rank(m.rank_after)} [{_move(m)}], "
            f"score {_score(m.score_before)} -> {_score(m.score_after)}{delta}; "
            f"moved by {_drivers(m)}"
        )
    return lines


def diff_markdown(c: Comparison) -> str:
    """Markdown for a pull request comment."""
    out = [f"## vendorscore diff: {md_escape(c.before)} → {md_escape(c.after)}", ""]
    if c.changes:
        out += ["| Kind | Subject | Field | Before | After |", "|---|---|---|---|---|"]
        out += [
            f"| {x.kind} | {md_escape(x.subject)} | {md_escape(x.field)} | "
            f"{md_escape(_value(x.before))} | "
            f"{md_escape(_value(x.after))} |"
            for x in c.changes
        ]
    else:
        out.append("No input changed.")
    out += ["", "| Vendor | Rank | Score | Moved by (points) |", "|---|---|---|---|"]
    for m in c.moves:
        out.append(
            f"| {md_escape(m.name)} | {_rank(m.rank_before)} → {_rank(m.rank_after)} | "
            f"{_score(m.score_before)} → {_score(m.score_after)} | {md_escape(_drivers(m))} |"
        )
    return "\n".join(out) + "\n"
