"""The human views: a ranking, an explanation and a sensitivity analysis as rich tables.

Each prints to ``file`` (stdout when None; ``cli/emit.py`` passes a buffer to write a file).
Vendor text is escaped for rich markup; numbers come from ``vendorscore.formatting``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from vendorscore.cli.markup import markup_text as _t
from vendorscore.formatting import (
    column_legend,
    fmt_pct,
    fmt_score,
    fmt_signed,
    lead_sentence,
    stability_bound,
    stability_method,
    visible,
    weight_share,
)

if TYPE_CHECKING:
    from rich.console import Console

    from vendorscore.analysis.explain import Explanation
    from vendorscore.analysis.summary import Sensitivity
    from vendorscore.models.results import CriterionInfo, Ranking, ScoredVendor

VENDOR_WIDTH = 24
"""When criterion columns must be left out anyway, the vendor column keeps names up to this
width on one line (longer ones wrap); when wrapping names makes every column fit, they wrap."""


def _console(file: TextIO | None, width: int) -> Console:
    from vendorscore.cli.main import console  # its broken pipe is exit 0, not rich's exit 1

    fixed = file is not None or not sys.stdout.isatty()
    return console(file=file, width=width if fixed else None, highlight=False, emoji=False)


def titled_table(title: str, columns: list[tuple[str, str]]) -> Any:
    """A rich table with a left-aligned title and folding columns: (header, justify)."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for header, justify in columns:
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def fit_columns(room: int, fixed: list[int], wanted: list[tuple[int, float]]) -> list[int]:
    """Which of the ``wanted`` (content width, weight) columns fit in ``room`` terminal columns
    beside the ``fixed`` ones: the heaviest first, in table order. A column costs its content
    plus 3 (padding on both sides and its rule); the table's left edge costs 1."""
    left = room - 1 - sum(w + 3 for w in fixed)
    keep: list[int] = []
    for i in sorted(range(len(wanted)), key=lambda i: (-wanted[i][1], i)):
        if wanted[i][0] + 3 <= left:
            keep.append(i)
            left -= wanted[i][0] + 3
    return sorted(keep)


def _ranking_columns(
    r: Ranking, rows: tuple[ScoredVendor, ...], width: int
) -> tuple[list[CriterionInfo], list[CriterionInfo]]:
    """The criterion columns shown at ``width`` and the ones left out. Every column if the
    vendor names can wrap at spaces to make room; else names keep one line (up to
    ``VENDOR_WIDTH``) and the lightest criteria give way."""
    from rich.cells import cell_len

    from vendorscore.views.ranking import criterion_cell, ranking_criteria

    contribution = r.method == "weighted_sum"
    columns = ranking_criteria(r)
    names = [visible(v.name) for v in rows]
    longest = max((cell_len(n) for n in names), default=0)
    word = max((cell_len(w) for n in names for w in n.split()), default=0)
    rank = max([1, *(len(str(v.rank)) for v in rows)])
    score = max([len("Score"), *(len(fmt_score(v.score)) for v in rows)])
    wanted = [
        (
            max(
                cell_len(visible(c.id)),
                len(weight_share(c.weight)),
                *(len(criterion_cell(v, c.id, contribution)) for v in rows),
            ),
            c.weight,
        )
        for c in columns
    ]
    wrapped = max(len("Vendor"), min(longest, word, VENDOR_WIDTH))
    kept = fit_columns(width, [rank, wrapped, score], wanted)
    if len(kept) < len(columns):
        one_line = max(len("Vendor"), min(longest, VENDOR_WIDTH))
        kept = fit_columns(width, [rank, one_line, score], wanted)
    return [columns[i] for i in kept], [c for i, c in enumerate(columns) if i not in kept]


def print_ranking(
    r: Ranking, file: TextIO | None = None, top: int | None = None, quiet: bool = False
) -> None:
    """The ranking with per-criterion columns, then exclusions and warnings. Criterion columns
    that do not fit the width are left out, the lightest first, and a line says which."""
    from rich.table import Table

    from vendorscore.views.ranking import criterion_cell, shown, subtitle

    console = _console(file, 160)
    contribution = r.method == "weighted_sum"
    rows = shown(r, top)
    columns, hidden = _ranking_columns(r, rows, console.width)
    table = Table(title=f"{_t(r.name)}\n{_t(subtitle(r))}", title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Vendor", overflow="fold")
    table.add_column("Score", justify="right", style="bold", no_wrap=True)
    for c in columns:
        table.add_column(f"{_t(c.id)}\n{weight_share(c.weight)}", justify="right", no_wrap=True)
    for v in rows:
        table.add_row(
            str(v.rank),
            _t(v.name),
            fmt_score(v.score),
            *(criterion_cell(v, c.id, contribution) for c in columns),
        )
    console.print(table)
    console.print(column_legend(contribution))
    if hidden:
        console.print(_hidden_line(hidden, console.width), markup=False, soft_wrap=True)
    if r.winner is not None:
        runner = r.ranking[1] if len(r.ranking) > 1 else None
        lead = lead_sentence(
            r.winner.name,
            r.winner.score,
            runner.name if runner else None,
            runner.score if runner else 0.0,
        )
        console.print(visible(lead), style="bold green", markup=False, soft_wrap=True)
    _print_notes(console, r, quiet)


def _hidden_line(hidden: list[CriterionInfo], width: int) -> str:
    ids = ", ".join(visible(c.id) for c in hidden)
    many = len(hidden) != 1
    return (
        f"{len(hidden)} criterion column{'s' * many} not shown at {width} columns ({ids}): "
        "see every column with --format md or csv, or in a wider terminal."
    )


def _print_notes(console: Console, r: Ranking, quiet: bool) -> None:
    if r.excluded:
        console.print("\n[bold red]Excluded[/bold red]")
        for x in r.excluded:
            console.print(
                visible(f"  {x.name} ({x.id}): " + "; ".join(x.reasons)),
                markup=False,
                soft_wrap=True,
            )
    if r.warnings and not quiet:
        console.print("\n[bold yellow]Warnings[/bold yellow]")
        for w in r.warnings:
            console.print(visible(f"  [{w.code}] {w.message}"), markup=False, soft_wrap=True)


def _columns(table: Any, columns: tuple[tuple[str, str], ...]) -> None:
    for column, justify in columns:
        table.add_column(column, justify=justify)


def print_sensitivity(s: Sensitivity, file: TextIO | None = None, top: int = 5) -> None:
    """The verdict first, then the evidence."""
    console = _console(file, 120)
    console.print(f"[bold]{_t(s.robustness.summary)}[/bold]", soft_wrap=True)
    for line in s.robustness.details:
        console.print(f"  {_t(line)}", soft_wrap=True)
    console.print()
    console.print(_stability_table(s))
    console.print(f"Stability computed {stability_method(s.exact_stability)}.")
    console.print()
    from vendorscore.cli.smaa_tables import smaa_tables  # sensitivity's only (not rank's)

    smaa_tables(console, s, top)
    if s.method_agreement:
        console.print()
        console.print(
            "Method agreement (Kendall's tau): "
            + ", ".join(
                f"{_t(k)} {'undefined' if v is None else fmt_score(v)}"
                for k, v in s.method_agreement.items()
            )
        )


def _stability_table(s: Sensitivity) -> Any:
    from rich.table import Table

    stab = Table(
        title=_t("Weight stability: the winner stays first while the weight is in [low, high]"),
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
            _t(i.criterion),
            fmt_pct(i.weight),
            stability_bound(i.low, low=True),
            stability_bound(i.high, low=False),
            "yes" if i.top3_kept else "no",
        )
    return stab


def print_explanation(e: Explanation, file: TextIO | None = None) -> None:
    """Who leads and by how much, the gap criterion by criterion, the smallest change."""
    console = _console(file, 120)
    ahead, behind = (e.a_name, e.b_name) if e.a_score >= e.b_score else (e.b_name, e.a_name)
    console.print(
        f"[bold]{_t(e.a_name)}[/bold] (rank {e.a_rank}, {fmt_score(e.a_score)}) vs "
        f"[bold]{_t(e.b_name)}[/bold] (rank {e.b_rank}, {fmt_score(e.b_score)}): "
        f"{_t(ahead)} leads by {fmt_score(abs(e.a_score - e.b_score))} points.",
        soft_wrap=True,
    )
    console.print(_gap_table(e))
    if e.change is None:
        console.print(
            f"No change to a single criterion's weight puts {_t(behind)} ahead of {_t(ahead)}."
        )
    else:
        c = e.change
        verb = "raising" if c.threshold > c.current else "lowering"
        console.print(
            f"Smallest single change: {verb} the weight of {_t(c.label)} "
            f"from {fmt_pct(c.current)} past {fmt_pct(c.threshold)} (others rescaled in "
            f"proportion) puts {_t(behind)} ahead of {_t(ahead)}.",
            soft_wrap=True,
        )
    if e.breakdown:
        console.print(_breakdown_table(e))
    if e.costs:  # staffing models only: under model flat explain prints what it always did
        from vendorscore.views.analysis import cost_lines

        console.print("How the annual cost is derived (the flat formula's figure last):")
        for d in e.costs:
            for line in cost_lines(d):
                console.print(_t(line), soft_wrap=True)


def _breakdown_table(e: Explanation) -> Any:
    """A's and B's costs line by line, with A minus B where it is money."""
    from rich.table import Table

    from vendorscore.views.analysis import breakdown_rows

    table = Table(title=f"Cost, {e.currency} unless quoted otherwise", title_justify="left")
    _columns(
        table,
        (("", "left"), (_t(e.a), "right"), (_t(e.b), "right"), ("difference", "right")),
    )
    for label, a, b, diff in breakdown_rows(e):
        table.add_row(_t(label), _t(a), _t(b), diff)
    return table


def _gap_table(e: Explanation) -> Any:
    from rich.table import Table

    contribution = e.method == "weighted_sum"
    table = Table(title_justify="left")
    _columns(
        table,
        (
            ("criterion", "left"),
            ("weight", "right"),
            (_t(e.a), "right"),
            (_t(e.b), "right"),
            ("utility diff", "right"),
        ),
    )
    if contribution:
        table.add_column("points to " + _t(e.a), justify="right")
    for g in e.gaps:
        cells = [
            _t(g.label),
            fmt_pct(g.weight),
            fmt_score(g.utility_a),
            fmt_score(g.utility_b),
            fmt_signed(g.utility_diff),
        ]
        if contribution:
            cells.append(fmt_signed(g.contribution_diff or 0.0))
        table.add_row(*cells)
    return table
