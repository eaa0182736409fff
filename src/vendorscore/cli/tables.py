"""The human views: a ranking, an explanation and a sensitivity analysis as rich tables.

Each prints to ``file`` (stdout when None; ``cli/emit.py`` passes a buffer to write a file).
Vendor text is escaped for rich markup; numbers come from ``vendorscore.formatting``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from vendorscore.formatting import (
    column_legend,
    fmt_pct,
    fmt_score,
    fmt_signed,
    lead_sentence,
    stability_bound,
    stability_method,
    weight_share,
)

if TYPE_CHECKING:
    from rich.console import Console

    from vendorscore.analysis.explain import Explanation
    from vendorscore.analysis.summary import Sensitivity
    from vendorscore.models.results import Ranking


def _console(file: TextIO | None, width: int) -> Console:
    from rich.console import Console

    fixed = file is not None or not sys.stdout.isatty()
    return Console(file=file, width=width if fixed else None, highlight=False)


def print_ranking(
    r: Ranking, file: TextIO | None = None, top: int | None = None, quiet: bool = False
) -> None:
    """The ranking with per-criterion columns, then exclusions and warnings."""
    from rich.markup import escape
    from rich.table import Table

    from vendorscore.views.ranking import criterion_cell, scored_criteria, shown, subtitle

    console = _console(file, 160)
    contribution = r.method == "weighted_sum"
    scored = scored_criteria(r)
    table = Table(title=escape(f"{r.name}\n{subtitle(r)}"), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Vendor")
    table.add_column("Score", justify="right", style="bold")
    for c in scored:
        table.add_column(f"{c.id}\n{weight_share(c.weight)}", justify="right")
    for v in shown(r, top):
        table.add_row(
            str(v.rank),
            escape(v.name),
            fmt_score(v.score),
            *(criterion_cell(v, c.id, contribution) for c in scored),
        )
    console.print(table)
    console.print(column_legend(contribution))
    if r.winner is not None:
        runner = r.ranking[1] if len(r.ranking) > 1 else None
        lead = lead_sentence(
            r.winner.name,
            r.winner.score,
            runner.name if runner else None,
            runner.score if runner else 0.0,
        )
        console.print(lead, style="bold green", markup=False, soft_wrap=True)
    if r.excluded:
        console.print("\n[bold red]Excluded[/bold red]")
        for x in r.excluded:
            console.print(
                f"  {x.name} ({x.id}): " + "; ".join(x.reasons), markup=False, soft_wrap=True
            )
    if r.warnings and not quiet:
        console.print("\n[bold yellow]Warnings[/bold yellow]")
        for w in r.warnings:
            console.print(f"  [{w.code}] {w.message}", markup=False, soft_wrap=True)


def _columns(table: Any, columns: tuple[tuple[str, str], ...]) -> None:
    for column, justify in columns:
        table.add_column(column, justify=justify)


def print_sensitivity(s: Sensitivity, file: TextIO | None = None, top: int = 5) -> None:
    """The verdict first, then the evidence."""
    from rich.markup import escape

    console = _console(file, 120)
    console.print(f"[bold]{escape(s.robustness.summary)}[/bold]", soft_wrap=True)
    for line in s.robustness.details:
        console.print(f"  {escape(line)}", soft_wrap=True)
    console.print()
    console.print(_stability_table(s))
    console.print(f"Stability computed {stability_method(s.exact_stability)}.")
    console.print()
    console.print(_acceptability_table(s, top))
    if s.method_agreement:
        console.print()
        console.print(
            "Method agreement (Kendall's tau): "
            + ", ".join(
                f"{k} {'undefined' if v is None else fmt_score(v)}"
                for k, v in s.method_agreement.items()
            )
        )


def _stability_table(s: Sensitivity) -> Any:
    from rich.markup import escape
    from rich.table import Table

    stab = Table(
        title=escape("Weight stability: the winner stays first while the weight is in [low, high]"),
        title_justify="left",
    )
    _columns(
        stab,
        (
            ("criterion", "left"),
            ("weight", "right"),
            ("low", "right"),
            ("high", "right"),
            ("top 3 order kept", "left"),
        ),
    )
    for i in s.stability:
        stab.add_row(
            i.criterion,
            fmt_pct(i.weight),
            stability_bound(i.low, low=True),
            stability_bound(i.high, low=False),
            "yes" if i.top3_kept else "no",
        )
    return stab


def _acceptability_table(s: Sensitivity, top: int) -> Any:
    from rich.markup import escape
    from rich.table import Table

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
        acc.add_row(escape(v), *(fmt_pct(float(x)) for x in row[:ranks]), f"{conf:.0f}")
    return acc


def print_explanation(e: Explanation, file: TextIO | None = None) -> None:
    """Who leads and by how much, the gap criterion by criterion, the smallest change."""
    from rich.markup import escape

    console = _console(file, 120)
    ahead, behind = (e.a_name, e.b_name) if e.a_score >= e.b_score else (e.b_name, e.a_name)
    console.print(
        f"[bold]{escape(e.a_name)}[/bold] (rank {e.a_rank}, {fmt_score(e.a_score)}) vs "
        f"[bold]{escape(e.b_name)}[/bold] (rank {e.b_rank}, {fmt_score(e.b_score)}): "
        f"{escape(ahead)} leads by {fmt_score(abs(e.a_score - e.b_score))} points.",
        soft_wrap=True,
    )
    console.print(_gap_table(e))
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
            f"from {fmt_pct(c.current)} past {fmt_pct(c.threshold)} (others rescaled in "
            f"proportion) puts {escape(behind)} ahead of {escape(ahead)}.",
            soft_wrap=True,
        )


def _gap_table(e: Explanation) -> Any:
    from rich.markup import escape
    from rich.table import Table

    contribution = e.method == "weighted_sum"
    table = Table(title_justify="left")
    _columns(
        table,
        (
            ("criterion", "left"),
            ("weight", "right"),
            (escape(e.a), "right"),
            (escape(e.b), "right"),
            ("utility diff", "right"),
        ),
    )
    if contribution:
        table.add_column("points to " + escape(e.a), justify="right")
    for g in e.gaps:
        cells = [
            escape(g.label),
            fmt_pct(g.weight),
            fmt_score(g.utility_a),
            fmt_score(g.utility_b),
            fmt_signed(g.utility_diff),
        ]
        if contribution:
            cells.append(fmt_signed(g.contribution_diff or 0.0))
        table.add_row(*cells)
    return table
