"""Views of `diff`: JSON, Markdown and plain text lines.

Every text from the inputs (names, fields, values, a score's note) is shown through
``formatting.visible`` or ``md_escape``: a note holding a line feed or ESC cannot forge a line
of the output or act on the terminal.
"""

from __future__ import annotations

import json
from typing import Any

from vendorscore.analysis.diff import Comparison, Move
from vendorscore.formatting import (
    MISSING,
    amount,
    fmt_num,
    fmt_score,
    fmt_signed,
    json_visible,
    md_escape,
    visible,
)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value(value: Any) -> str:
    if value is None:
        return "(absent)"
    if _is_number(value):
        return fmt_num(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def _md_value(value: Any) -> str:
    # a number is our own formatting: a negative one is not a formula to defuse
    return _value(value) if _is_number(value) else md_escape(_value(value))


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
        "award": None
        if c.award is None
        else {
            "before": c.award.before,
            "after": c.award.after,
            "annual_cost_before": c.award.cost_before,
            "annual_cost_after": c.award.cost_after,
            "shares": [
                {"vendor": v, "segment": s, "percent_before": x, "percent_after": y}
                for v, s, x, y in c.award.shares
            ],
        },
    }


def diff_json(c: Comparison) -> str:
    """JSON text."""
    text = json.dumps(diff_dict(c), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"


def _rank(value: int | None) -> str:
    return MISSING if value is None else str(value)


def _move(m: Move) -> str:
    if m.rank_before == m.rank_after:
        return "same rank" if m.rank_after is not None else "excluded in both"
    if m.rank_before is None:
        return "now ranked"
    if m.rank_after is None:
        return "no longer ranked"
    return "up" if m.rank_after < m.rank_before else "down"


def _drivers(m: Move, limit: int = 3) -> str:
    return ", ".join(f"{k} {fmt_signed(p)}" for k, p in m.drivers[:limit]) or MISSING


def diff_lines(c: Comparison) -> list[str]:
    """The human view, one line per change and per vendor, whatever the texts hold."""
    return [visible(line) for line in _raw_lines(c)]


def _raw_lines(c: Comparison) -> list[str]:
    lines = [f"Comparing {c.before} (before) with {c.after} (after)", ""]
    lines.append(f"Inputs changed ({len(c.changes)}):" if c.changes else "No input changed.")
    for x in c.changes:
        lines.append(f"  {x.kind} {x.subject}: {x.field} {_value(x.before)} -> {_value(x.after)}")
    lines += ["", "Ranking:"]
    for m in c.moves:
        delta = (
            ""
            if m.score_before is None or m.score_after is None
            else f" ({fmt_signed(m.score_after - m.score_before)})"
        )
        lines.append(
            f"  {m.name}: rank {_rank(m.rank_before)} -> {_rank(m.rank_after)} [{_move(m)}], "
            f"score {fmt_score(m.score_before)} -> {fmt_score(m.score_after)}{delta}; "
            f"moved by {_drivers(m)}"
        )
    return lines + award_lines(c)


def award_lines(c: Comparison) -> list[str]:
    """The award before and after, its cost, and each share that moved."""
    a = c.award
    if a is None:
        return []
    lines = ["", "Award:", f"  before: {a.before}", f"  after: {a.after}"]
    if a.cost_before is not None and a.cost_after is not None:
        change = a.cost_after - a.cost_before
        sign = "+" if change >= 0 else "-"
        lines.append(
            f"  annual cost {amount(a.cost_before, a.currency)} -> "
            f"{amount(a.cost_after, a.currency)} ({sign}{amount(abs(change), a.currency)})"
        )
    if a.cost_before is not None and a.cost_after is not None:
        lines += [f"  {v} {s}: {x:.1f} % -> {y:.1f} %" for v, s, x, y in a.shares]
    return lines


def diff_text(c: Comparison) -> str:
    """The human view as text."""
    return "\n".join(diff_lines(c)) + "\n"


def diff_markdown(c: Comparison) -> str:
    """Markdown for a pull request comment."""
    out = [f"## vendorscore diff: {md_escape(c.before)} → {md_escape(c.after)}", ""]
    if c.changes:
        out += ["| Kind | Subject | Field | Before | After |", "|---|---|---|---|---|"]
        out += [
            f"| {x.kind} | {md_escape(x.subject)} | {md_escape(x.field)} | "
            f"{_md_value(x.before)} | {_md_value(x.after)} |"
            for x in c.changes
        ]
    else:
        out.append("No input changed.")
    out += ["", "| Vendor | Rank | Score | Moved by (points) |", "|---|---|---|---|"]
    for m in c.moves:
        out.append(
            f"| {md_escape(m.name)} | {_rank(m.rank_before)} → {_rank(m.rank_after)} | "
            f"{fmt_score(m.score_before)} → {fmt_score(m.score_after)} | {md_escape(_drivers(m))} |"
        )
    award = award_lines(c)
    if award:
        out += ["", "**Award**", ""] + [f"- {md_escape(line.strip())}" for line in award[2:]]
    return "\n".join(out) + "\n"
