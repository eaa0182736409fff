"""The SMAA part of `sensitivity`'s table view: rank acceptability (with the share of samples
a gate excludes each vendor, under uncertain data), the pairwise winning matrix and the
uncertain inputs that move the decision most."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendorscore.cli.markup import markup_text as _t
from vendorscore.formatting import fmt_pct

if TYPE_CHECKING:
    from rich.console import Console

    from vendorscore.analysis.summary import Sensitivity

ATTRIBUTED = 5  # inputs listed in the attribution table


def smaa_tables(console: Console, s: Sensitivity, top: int) -> None:
    """Acceptability, then (with two vendors or more) pairwise, then the attribution."""
    console.print(_acceptability_table(s, top))
    if len(s.smaa.pairwise) > 1:
        console.print()
        console.print(_pairwise_table(s))
    if s.smaa.data is not None and s.smaa.data.attribution:
        console.print()
        console.print(_attribution_table(s))


def _acceptability_table(s: Sensitivity, top: int) -> Any:
    from rich.table import Table

    smaa = s.smaa
    ranks = min(top, len(smaa.vendors))
    kind = "samples at the stated weights" if smaa.fixed_weights else f"{smaa.model} weight samples"
    count = 0 if smaa.data is None else len(smaa.data.inputs)
    data = f" x {count} uncertain input{'s' if count != 1 else ''}" if count else ""
    acc = Table(
        title=f"SMAA-2 rank acceptability ({smaa.samples:,} {kind}{data}, seed {smaa.seed})",
        title_justify="left",
    )
    acc.add_column("vendor")
    for r in range(ranks):
        acc.add_column(f"rank {r + 1}", justify="right")
    excluded = smaa.data is not None and bool(smaa.data.excluded.any())
    if excluded:
        acc.add_column("excluded", justify="right")
    acc.add_column("confidence", justify="right")
    for k, (v, row, conf) in enumerate(
        zip(smaa.vendors, smaa.acceptability, smaa.confidence, strict=True)
    ):
        cells = [fmt_pct(float(x)) for x in row[:ranks]]
        if excluded:
            assert smaa.data is not None
            cells.append(fmt_pct(float(smaa.data.excluded[k])))
        acc.add_row(_t(v), *cells, fmt_pct(float(conf), 0 if smaa.data is None else 1))
    return acc


def _pairwise_table(s: Sensitivity) -> Any:
    from rich.table import Table

    smaa = s.smaa
    ids = smaa.pairwise_ids
    table = Table(
        title="Pairwise winning: share of samples in which the row's vendor ranks above the "
        "column's",
        title_justify="left",
    )
    table.add_column("vendor")
    for v in ids:
        table.add_column(_t(v), justify="right")
    for a, row in zip(ids, smaa.pairwise, strict=True):
        table.add_row(
            _t(a), *("—" if a == b else fmt_pct(float(x), 0) for b, x in zip(ids, row, strict=True))
        )
    return table


def _attribution_table(s: Sensitivity) -> Any:
    from rich.table import Table

    smaa = s.smaa
    assert smaa.data is not None
    winner = smaa.vendors[0] if smaa.vendors else ""
    runner = smaa.data.runner_up or "—"
    table = Table(
        title="What moves the decision: rank correlation of each uncertain input with the outcome",
        title_justify="left",
    )
    table.add_column("uncertain input")
    table.add_column(_t(f"with {winner} first"), justify="right")
    table.add_column(_t(f"with {runner}'s rank (higher = worse)"), justify="right")
    for a in smaa.data.attribution[:ATTRIBUTED]:
        table.add_row(_t(a.label), f"{a.winner_first:+.2f}", f"{a.runner_up_rank:+.2f}")
    return table
