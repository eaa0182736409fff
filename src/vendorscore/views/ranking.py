"""Views of a ranking: JSON (SPEC §6.1), CSV and Markdown (the rich table is in cli/tables.py)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from vendorscore.formatting import (
    column_legend,
    fmt_criterion,
    fmt_score,
    json_visible,
    md_escape,
    safe_cell,
    weight_share,
)
from vendorscore.models.results import (
    CostLine,
    CriterionInfo,
    CriterionScore,
    Ranking,
    ScoredVendor,
)


def criterion_cell(v: ScoredVendor, cid: str, contribution: bool) -> str:
    """The cell under a criterion: points contributed (weighted sum) or utility (0-1)."""
    c = v.criteria[cid]
    return fmt_criterion(c.contribution if contribution else c.utility, contribution)


def ranking_criteria(r: Ranking) -> list[CriterionInfo]:
    """The criterion columns of every ranking table (rich table, Markdown, CSV, workbook,
    report): every criterion, a weight-0 one included (its share reads 0.0 %), as JSON has it."""
    return list(r.criteria)


def shown(r: Ranking, top: int | None) -> tuple[ScoredVendor, ...]:
    """The ranked vendors a view shows: all, or the first ``top``."""
    return r.ranking if top is None else r.ranking[:top]


def subtitle(r: Ranking) -> str:
    """Method, evaluation date and currency in one line."""
    method = r.method + (f" ({r.normalization} normalisation)" if r.normalization else "")
    return (
        f"Method {method} · evaluation date {r.evaluation_date.isoformat()} · currency {r.currency}"
    )


def ranking_dict(r: Ranking, top: int | None = None) -> dict[str, Any]:
    """The JSON document of `rank --format json`."""
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
                "criteria": {cid: _cell(c) for cid, c in v.criteria.items()},
            }
            for v in shown(r, top)
        ],
        "excluded": [{"id": x.id, "name": x.name, "reasons": list(x.reasons)} for x in r.excluded],
        "warnings": [{"code": w.code, "message": w.message} for w in r.warnings],
        "costs": [cost_line_dict(line) for line in r.costs],
    }


def cost_line_dict(line: CostLine) -> dict[str, Any]:
    """One vendor's cost breakdown (issue 15): quote, volume, fx, run-rate, setup, totals."""
    return {
        "id": line.id,
        "name": line.name,
        "unit": line.unit,
        "rate": line.rate,
        "quote_currency": line.quote_currency,
        "fx": line.fx,
        "fx_as_of": line.fx_as_of.isoformat() if line.fx_as_of else None,
        "quantity": line.quantity,
        "quantity_unit": line.quantity_unit,
        "run_rate": line.run_rate,
        "setup_fee": line.setup_fee,
        "setup_per_year": line.setup_per_year,
        "annual": line.annual,
        "contract_years": line.contract_years,
        "contract_total": line.contract_total,
        "excluded": line.excluded,
        "occupancy_percent": line.occupancy,
        "peak_rostered": line.peak_rostered,
    }


def _cell(c: CriterionScore) -> dict[str, Any]:
    """One criterion of one vendor; ``range`` only when the raw value comes from uncertain
    figures (its ends: every input at the low, then the high end of its range)."""
    cell: dict[str, Any] = {"raw": c.raw, "utility": c.utility, "contribution": c.contribution}
    if c.low is not None and c.high is not None:
        cell["range"] = [c.low, c.high]
    return cell


def to_json(r: Ranking, top: int | None = None) -> str:
    """JSON text, full-precision numbers, stable key order."""
    text = json.dumps(ranking_dict(r, top), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"


def to_csv(r: Ranking, top: int | None = None) -> str:
    """One row per vendor (ranked, then excluded): numbers as numbers, formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    ids = [c.id for c in ranking_criteria(r)]
    ranged = any(c.low is not None for v in r.ranking for c in v.criteria.values())
    parts = (
        ("raw", "low", "high", "utility", "contribution")
        if ranged
        else ("raw", "utility", "contribution")
    )
    header = ["rank", "id", "name", "score", "status"]
    for cid in ids:
        header += [f"{cid}.{part}" for part in parts]
    header.append("reasons")
    writer.writerow(header)
    for v in shown(r, top):
        line: list[Any] = [v.rank, v.id, safe_cell(v.name), repr(v.score), "ranked"]
        for cid in ids:
            c = v.criteria[cid]
            ends = [_num(c.low), _num(c.high)] if ranged else []
            line += [_num(c.raw), *ends, _num(c.utility), _num(c.contribution)]
        writer.writerow([*line, ""])
    for x in r.excluded:
        writer.writerow(
            [
                "",
                x.id,
                safe_cell(x.name),
                "",
                "excluded",
                *[""] * (len(parts) * len(ids)),
                safe_cell("; ".join(x.reasons)),
            ]
        )
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else repr(value)


def to_markdown(r: Ranking, top: int | None = None) -> str:
    """A Markdown ranking that renders on GitHub; every cell escaped."""
    contribution = r.method == "weighted_sum"
    scored = ranking_criteria(r)
    lines = [f"# {md_escape(r.name)}", "", subtitle(r), ""]
    head = [
        "Rank",
        "Vendor",
        "Score",
        *(f"{md_escape(c.id)} ({weight_share(c.weight)})" for c in scored),
    ]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for v in shown(r, top):
        cells = [
            str(v.rank),
            md_escape(v.name),
            fmt_score(v.score),
            *(criterion_cell(v, c.id, contribution) for c in scored),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", column_legend(contribution)]
    if r.excluded:
        lines += ["", "## Excluded", ""]
        lines += [
            f"- **{md_escape(x.name)}**: {md_escape('; '.join(x.reasons))}" for x in r.excluded
        ]
    if r.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- `{w.code}`: {md_escape(w.message)}" for w in r.warnings]
    return "\n".join(lines) + "\n"
