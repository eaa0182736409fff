"""The human view of `vendorscore award`: the recommended portfolio as a rich table, the
findings as sentences, the k best and the frontier (lines from ``views/award.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from vendorscore.analysis.award_words import (
    conflict_lines,
    finding_lines,
    headline,
    money,
    settings_lines,
    share_cell,
)
from vendorscore.cli.markup import markup_text as _t
from vendorscore.cli.tables import _console
from vendorscore.cli.tables import titled_table as _table
from vendorscore.formatting import MISSING, amount

if TYPE_CHECKING:
    from vendorscore.analysis.award_result import AwardReport, FrontierPoint, Portfolio


def _portfolio_table(p: Portfolio, currency: str) -> Any:
    table = _table(
        "Recommended award",
        [
            ("Vendor", "left"),
            ("Segment", "left"),
            ("Share", "right"),
            ("Contacts a year", "right"),
            ("Annual cost", "right"),
            ("Peak rostered", "right"),
        ],
    )
    for a in p.allocations:
        peak = MISSING if a.peak is None else f"{a.peak:,.0f}"
        table.add_row(
            _t(a.name),
            _t(a.segment),
            share_cell(a.share),
            f"{a.contacts:,.0f}",
            amount(a.cost, currency),
            peak,
        )
    return table


Row = tuple[str, "float | None", "float | None", str]


def _ranked_table(title: str, rows: Sequence[Row], currency: str) -> Any:
    table = _table(
        title, [("", "left"), ("Annual cost", "right"), ("Score", "right"), ("Who", "left")]
    )
    for label, cost, score, who in rows:
        table.add_row(
            _t(label), money(cost, currency), MISSING if score is None else f"{score:.2f}", _t(who)
        )
    return table


def _frontier_rows(
    points: tuple[FrontierPoint, ...],
) -> list[Row]:
    return [
        (
            f.label,
            f.cost,
            f.score,
            f.portfolio.summary() if f.portfolio else "no award satisfies the rules",
        )
        for f in points
    ]


FRONTIER = (
    "Frontier: the cheapest award at each number of vendors (the award's vendor counts set "
    "aside, its other rules kept), and at rising score floors"
)


def print_award(r: AwardReport, file: TextIO | None = None) -> None:
    """Headline, settings, the award, the findings, then the k best and the frontier."""
    console = _console(file, 160)
    console.print(f"[bold]{_t(r.name)}[/bold]", soft_wrap=True)
    console.print(_t(headline(r)), soft_wrap=True)
    for line in settings_lines(r):
        console.print(_t(line), soft_wrap=True, style="dim")
    if r.best is None:
        for line in conflict_lines(r):
            console.print(_t(line), soft_wrap=True)
        return
    console.print(_portfolio_table(r.best, r.currency))
    for line in finding_lines(r):
        console.print("• " + _t(line), soft_wrap=True)
    if len(r.alternatives) > 1:
        rows = [(f"#{i}", p.cost, p.score, p.summary()) for i, p in enumerate(r.alternatives, 1)]
        console.print(_ranked_table("The best awards", rows, r.currency))
    if r.by_count or r.by_score:
        console.print(
            _ranked_table(FRONTIER, _frontier_rows((*r.by_count, *r.by_score)), r.currency)
        )
