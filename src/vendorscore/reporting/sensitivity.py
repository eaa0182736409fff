"""The report's sensitivity section: weight stability, SMAA-2 rank acceptability, pairwise
winning, what the uncertain inputs add, central weights, leave-one-out and method agreement."""

from __future__ import annotations

import math
from dataclasses import dataclass

from vendorscore.analysis.summary import Sensitivity
from vendorscore.formatting import fmt_pct, stability_bound, stability_method
from vendorscore.reporting.charts import SMAA_RANKS
from vendorscore.reporting.figure import Figure, count, none, pct, score, share

SHOWN_INPUTS = 5  # uncertain inputs listed in the report's attribution table


@dataclass(frozen=True)
class StabilityRow:
    """The interval of one criterion's weight in which the winner stays first."""

    criterion: str
    """The criterion's label."""
    weight: Figure
    """Its effective weight, a share 0-1 (prints ``25.0 %``)."""
    low: Figure
    """The low end, a share 0-1 (no number when the winner never loses: ``0 % (never
    loses)``)."""
    high: Figure
    """The high end, a share 0-1 (no number when the winner never loses)."""
    top3: str
    """Whether the first three keep their order over the interval, ``yes`` or ``no``."""


@dataclass(frozen=True)
class AcceptabilityRow:
    """One vendor's SMAA-2 rank acceptabilities."""

    vendor: str
    """The vendor's name."""
    shares: tuple[Figure, ...]
    """The share of samples (0-1) in which it takes rank 1, 2, … (as many as ``ranks``)."""
    confidence: Figure
    """The share of samples (0-1) in which it ranks first at its central weights."""
    excluded: Figure | None
    """The share of data samples that exclude it (None when no data was drawn)."""


@dataclass(frozen=True)
class PairwiseRow:
    """One row of the pairwise-winning table."""

    vendor: str
    """The row's vendor."""
    cells: tuple[Figure, ...]
    """The share of samples (0-1) in which it ranks above each column's vendor (no number on
    the diagonal)."""


@dataclass(frozen=True)
class Pairwise:
    """Pairwise winning among the first vendors of the ranking."""

    vendors: tuple[str, ...]
    """The columns' vendors."""
    rows: tuple[PairwiseRow, ...]
    """One row per vendor, in the same order."""


@dataclass(frozen=True)
class AttributionRow:
    """How one uncertain input moves the decision."""

    input: str
    """The input, ``andes pricing.rate``."""
    winner: Figure
    """Its rank correlation with the winner ranking first (-1 to 1)."""
    runner_up: Figure
    """Its rank correlation with the runner-up's rank (higher = a worse place)."""


@dataclass(frozen=True)
class DataSection:
    """What the uncertain vendor figures add to SMAA."""

    inputs: Figure
    """How many uncertain inputs were drawn."""
    winner: str
    """The winner's name."""
    runner_up: str
    """The runner-up's name."""
    excluded: bool
    """Whether some draws exclude some vendor."""
    attribution: tuple[AttributionRow, ...]
    """The inputs that move the decision most (at most five)."""


@dataclass(frozen=True)
class CentralRow:
    """The average weights under which a vendor ranks first."""

    vendor: str
    """The vendor's name."""
    weights: str
    """``Cost 31.2 %, Coverage 20.4 %, …``, or ``never first``."""


@dataclass(frozen=True)
class LeaveOneOut:
    """What removing one vendor does to the order of the others."""

    removed: str
    """The vendor removed."""
    flips: tuple[str, ...]
    """The pairs that swap places, ``A and B`` (empty when none)."""


@dataclass(frozen=True)
class Agreement:
    """How far two methods agree on the ranking."""

    pair: str
    """The two methods, ``weighted_sum vs topsis``."""
    tau: Figure
    """Kendall's tau between their rankings (no number when undefined)."""


@dataclass(frozen=True)
class SensitivitySection:
    """The sensitivity section."""

    stability_method: str
    """How the stability intervals were computed, after "computed"."""
    stability: tuple[StabilityRow, ...]
    """One interval per weighted criterion."""
    samples: Figure
    """SMAA weight samples drawn."""
    seed: int
    """The SMAA seed."""
    model: str
    """How the weights were drawn (``dirichlet``, ``jitter ±10 %``, …)."""
    ranks: tuple[int, ...]
    """The ranks shown in the acceptability table, 1 … at most 5."""
    acceptability: tuple[AcceptabilityRow, ...]
    """One row per vendor."""
    pairwise: Pairwise
    """Pairwise winning among the first vendors."""
    data: DataSection | None
    """What the uncertain vendor figures add (None when none was drawn)."""
    central: tuple[CentralRow, ...]
    """Central weights, one row per vendor."""
    leave_one_out: tuple[LeaveOneOut, ...]
    """Rank reversal when each vendor is removed."""
    agreement: tuple[Agreement, ...]
    """Kendall's tau between each pair of methods."""


def _pairwise(s: Sensitivity, names: dict[str, str]) -> Pairwise:
    """P(row ranks above column) among the first vendors of the ranking."""
    ids = s.smaa.pairwise_ids
    return Pairwise(
        vendors=tuple(names[v] for v in ids),
        rows=tuple(
            PairwiseRow(
                vendor=names[a],
                cells=tuple(
                    none() if a == b else pct(float(x), 0) for b, x in zip(ids, row, strict=True)
                ),
            )
            for a, row in zip(ids, s.smaa.pairwise, strict=True)
        ),
    )


def _correlation(value: float) -> Figure:
    return Figure(value, f"{value:+.2f}")


def _data(s: Sensitivity, names: dict[str, str]) -> DataSection | None:
    """What the uncertain vendor figures add (None when none was drawn)."""
    data = s.smaa.data
    if data is None:
        return None
    winner = names.get(s.smaa.vendors[0], "") if s.smaa.vendors else ""
    return DataSection(
        inputs=count(len(data.inputs)),
        winner=winner,
        runner_up=names.get(data.runner_up or "", none().text),
        excluded=any(float(x) > 0 for x in data.excluded),
        attribution=tuple(
            AttributionRow(a.label, _correlation(a.winner_first), _correlation(a.runner_up_rank))
            for a in data.attribution[:SHOWN_INPUTS]
        ),
    )


def _bound(value: float | None, low: bool) -> Figure:
    return Figure(value, stability_bound(value, low=low))


def sensitivity_section(
    s: Sensitivity, names: dict[str, str], labels: dict[str, str]
) -> SensitivitySection:
    """The sensitivity section of a report."""
    smaa = s.smaa
    ranks = min(SMAA_RANKS, len(smaa.vendors))
    return SensitivitySection(
        stability_method=stability_method(s.exact_stability),
        stability=tuple(
            StabilityRow(
                criterion=labels[i.criterion],
                weight=pct(i.weight),
                low=_bound(i.low, low=True),
                high=_bound(i.high, low=False),
                top3="yes" if i.top3_kept else "no",
            )
            for i in s.stability
        ),
        samples=count(smaa.samples),
        seed=smaa.seed,
        model=smaa.model if smaa.jitter is None else f"jitter ±{smaa.jitter:g} %",
        ranks=tuple(range(1, ranks + 1)),
        acceptability=tuple(
            AcceptabilityRow(
                vendor=names[v],
                shares=tuple(share(float(x)) for x in row[:ranks]),
                confidence=share(float(c), 0 if smaa.data is None else 1),
                excluded=share(float(smaa.data.excluded[k])) if smaa.data else None,
            )
            for k, (v, row, c) in enumerate(
                zip(smaa.vendors, smaa.acceptability, smaa.confidence, strict=True)
            )
        ),
        pairwise=_pairwise(s, names),
        data=_data(s, names),
        central=tuple(
            CentralRow(
                vendor=names[v],
                weights="never first"
                if math.isnan(row[0])
                else ", ".join(
                    f"{labels[c]} {fmt_pct(float(w))}"
                    for c, w in zip(smaa.criteria, row, strict=True)
                    if w > 0.0005
                ),
            )
            for v, row in zip(smaa.vendors, smaa.central, strict=True)
        ),
        leave_one_out=tuple(
            LeaveOneOut(names[rm.removed], tuple(f"{names[a]} and {names[b]}" for a, b in rm.flips))
            for rm in s.leave_one_out
        ),
        agreement=tuple(
            Agreement(k.replace("/", " vs "), none("undefined") if v is None else score(v))
            for k, v in s.method_agreement.items()
        ),
    )
