"""Output views of a ranking: JSON (SPEC §6.1), CSV, Markdown and a rich table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from vendorscore.formatting import csv_safe, md_escape
from vendorscore.models.results import Ranking, ScoredVendor


def ranking_dict(r: Ranking, top: int | None = None) -> dict[str, Any]:
    """The JSON document of `rank --format json`."""
    rows = r.ranking if top is None else r.ranking[:top]
    return {
        "tool": {"name": "vendorscore", "version": r.tool_version},
        "inputs": {
            "criteria": r.inputs.criteria,
            "vendors": list(r.inputs.vendors),
            "scores": list(r.inputs.scores),
            "sha256": r.inputs.sha256,
        },
        "evaluation_date": r.evaluation_date.isoformat(),
        "method": r.method,
        "currency": r.currency,
        "weights": r.weights,
        "ranking": [
            {
                "rank": v.rank,
                "id": v.id,
                "name": v.name,
                "score": v.score,
                "criteria": {
                    cid: {"raw": c.raw, "utility": c.utility, "contribution": c.contribution}
                    for cid, c in v.criteria.items()
                },
            }
            for v in rows
        ],
        "excluded": [{"id": x.id, "name": x.name, "reasons": list(x.reasons)} for x in r.excluded],
        "warnings": [{"code": w.code, "message": w.message} for w in r.warnings],
    }


def to_json(r: Ranking, top: int | None = None) -> str:
    """JSON text, full-precision numbers, stable key order."""
    return json.dumps(ranking_dict(r, top), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def to_csv(r: Ranking, top: int | None = None) -> str:
    """One row per vendor (ranked, then excluded): numbers as numbers, formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    ids = [c.id for c in r.criteria]
    header = ["rank", "id", "name", "score", "status"]
    for cid in ids:
        header += [f"{cid}.raw", f"{cid}.utility", f"{cid}.contribution"]
    header.append("reasons")
    writer.writerow(header)
    rows = r.ranking if top is None else r.ranking[:top]
    for v in rows:
        line: list[Any] = [v.rank, v.id, csv_safe(v.name), repr(v.score), "ranked"]
        for cid in ids:
            c = v.criteria[cid]
            line += [_num(c.raw), _num(c.utility), _num(c.contribution)]
        writer.writerow([*line, ""])
    for x in r.excluded:
        writer.writerow(
            [
                "",
                x.id,
                csv_safe(x.name),
                "",
                "excluded",
                *[""] * (3 * len(ids)),
                csv_safe("; ".join(x.reasons)),
            ]
        )
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else repr(value)


def _cell(v: ScoredVendor, cid: str, contribution: bool) -> str:
    c = v.criteria[cid]
    value = c.contribution if contribution else c.utility
    return "–" if value is None else f"{value:.1f}" if contribution else f"{value:.2f}"


def to_markdown(r: Ranking, top: int | None = None) -> str:
    """A Markdown ranking that renders on GitHub; every cell escaped."""
    contribution = r.method == "weighted_sum"
    scored = [c for c in r.criteria if c.weight > 0]
    lines = [f"# {md_escape(r.name)}", "", _subtitle(r), ""]
    head = [
        "Rank",
        "Vendor",
        "Score",
        *(f"{md_escape(c.id)} ({c.weight * 100:.1f} %)" for c in scored),
    ]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for v in r.ranking if top is None else r.ranking[:top]:
        cells = [
            str(v.rank),
            md_escape(v.name),
            f"{v.score:.2f}",
            *(_cell(v, c.id, contribution) for c in scored),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    what = "contribution to the score (points)" if contribution else "utility (0-1)"
    lines += ["", f"Criterion columns show each {what}."]
    if r.excluded:
        lines += ["", "## Excluded", ""]
        lines += [
            f"- **{md_escape(x.name)}**: {md_escape('; '.join(x.reasons))}" for x in r.excluded
        ]
    if r.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- `{w.code}`: {md_escape(w.message)}" for w in r.warnings]
    return "\n".join(lines) + "\n"


def _subtitle(r: Ranking) -> str:
    method = r.method + (f" ({r.normalization} normalisation)" if r.normalization else "")
    return (
        f"Method {method} · evaluation date {r.evaluation_date.isoformat()} · currency {r.currency}"
    )


def print_table(r: Ranking, top: int | None = None, quiet: bool = False) -> None:
    """The human view: ranking with per-criterion columns, then exclusions and warnings."""
    import sys

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160, highlight=False)
    contribution = r.method == "weighted_sum"
    scored = [c for c in r.criteria if c.weight > 0]
    table = Table(title=escape(f"{r.name}\n{_subtitle(r)}"), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Vendor")
    table.add_column("Score", justify="right", style="bold")
    for c in scored:
        table.add_column(f"{c.id}\n{c.weight * 100:.1f}%", justify="right")
    for v in r.ranking if top is None else r.ranking[:top]:
        table.add_row(
            str(v.rank),
            escape(v.name),
            f"{v.score:.2f}",
            *(_cell(v, c.id, contribution) for c in scored),
        )
    console.print(table)
    what = (
        "points each criterion contributes" if contribution else "utility (0-1) on each criterion"
    )
    console.print(f"Columns under the criteria: {what}.")
    if r.winner is not None and len(r.ranking) > 1:
        margin = r.winner.score - r.ranking[1].score
        first, second = escape(r.winner.name), escape(r.ranking[1].name)
        console.print(
            f"[bold green]{first}[/bold green] ranks first, {margin:.2f} points ahead of {second}.",
            soft_wrap=True,
        )
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
