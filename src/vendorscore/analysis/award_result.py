"""What `vendorscore award` finds, as plain data (the views and the report read it; nothing
here imports the solver)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vendorscore.models.results import Inputs


@dataclass(frozen=True)
class Allocation:
    """One vendor's share of one segment."""

    vendor: str
    name: str
    segment: str
    share: float  # % of the segment
    contacts: float  # contacts a year
    cost: float  # annual cost of this share, base currency, without setup
    peak: float | None  # peak rostered agents for this share (staffing models)


@dataclass(frozen=True)
class Portfolio:
    """An award: who gets what, and what it costs and scores."""

    allocations: tuple[Allocation, ...]
    vendors: tuple[str, ...]  # ids, in ranking order
    cost: float  # annual, base currency, with each awarded vendor's setup per year
    score: float  # volume-weighted ranking score
    metrics: dict[str, float]  # volume-weighted floor / ceiling fields
    optimal: bool = True  # proven optimal by the solver
    setup: float = 0.0  # the awarded vendors' setup fees per contract year (in ``cost``)
    staffed_cost: float | None = None  # the shares re-staffed exactly (continuous shares)

    def summary(self) -> str:
        """'Table Bay Contact en 58 %; Mabuhay en 42 %, es 55 %'."""
        parts: dict[str, list[str]] = {}
        for a in self.allocations:
            parts.setdefault(a.name, []).append(f"{a.segment} {_pct(a.share)}")
        return "; ".join(f"{name} {', '.join(items)}" for name, items in parts.items())

    def shares(self) -> dict[tuple[str, str], float]:
        return {(a.vendor, a.segment): a.share for a in self.allocations}


def _pct(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


@dataclass(frozen=True)
class RuleEffect:
    """What one rule of the award costs: the optimum without it, and the difference."""

    rule: str  # its key in the award section: share.max, floors.kpis.fcr, locks.table-bay.en
    text: str  # "the 70 % share cap"
    cost: float  # what the rule adds to the annual cost (base currency; > 0 when binding)
    score: float  # what it takes off the volume-weighted score (points)
    sentence: str
    without: Portfolio | None


@dataclass(frozen=True)
class Splitting:
    """The price of splitting: this award against the best award that does not split."""

    against: str  # "single vendor" | "whole segments" | ""
    comparator: Portfolio | None
    difference: float  # annual, base currency (award minus comparator)
    lost_pooling: float  # the extra staffing of shares against whole segments
    setup: float  # extra setup fees per year
    sentence: str


@dataclass(frozen=True)
class FrontierPoint:
    """The cheapest award at a number of vendors, or at a score floor."""

    label: str  # "2 vendors" | "score >= 72"
    cost: float | None
    score: float | None
    portfolio: Portfolio | None


@dataclass(frozen=True)
class Conflict:
    """Why no award satisfies the rules."""

    rules: tuple[str, ...]  # a smallest set of rules that cannot hold together
    relaxers: tuple[str, ...]  # rules whose relaxation alone makes an award possible
    reasons: tuple[str, ...]  # facts behind them (a lock on a gated-out vendor, ...)


@dataclass(frozen=True)
class AwardReport:
    """The award command's result."""

    name: str
    inputs: Inputs
    evaluation_date: date
    currency: str
    objective: str
    cost_model: str  # "staffing" | "linear" | "flat"
    grid: str  # the breakpoints and the error bound they imply
    contract_years: float
    level: str  # the lowest language level that serves a segment
    segments: tuple[tuple[str, float, float], ...]  # id, % of contacts, contacts a year
    unserved: tuple[tuple[str, float, str], ...]  # id, % of contacts, why
    excluded: tuple[tuple[str, str], ...]  # vendor id, why it cannot be awarded
    rules: tuple[str, ...]  # the rules in force, in words
    best: Portfolio | None
    alternatives: tuple[Portfolio, ...] = ()  # the k best, the best first
    splitting: Splitting | None = None
    effects: tuple[RuleEffect, ...] = ()  # binding rules first
    by_count: tuple[FrontierPoint, ...] = ()
    by_score: tuple[FrontierPoint, ...] = ()
    linear: Portfolio | None = None  # what a per-unit optimiser picks (staffed cost models)
    linear_claim: float | None = None  # the cost it believes
    linear_breaches: tuple[str, ...] = ()  # the staffed limits its award breaks

    @property
    def linear_feasible(self) -> bool:
        return not self.linear_breaches

    resilience: str = ""  # the verdict on the best award
    conflict: Conflict | None = None
    notes: tuple[str, ...] = field(default=())
    seconds: float = 0.0
