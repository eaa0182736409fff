"""The report's award section (issue 14): the recommended split, its price, the binding rules,
the best alternatives and the frontier, formatted for the templates (the same sentences as
`vendorscore award`, from ``views/award.py``). None when the criteria file has no award."""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.analysis.award_result import AwardReport, FrontierPoint
from vendorscore.analysis.award_words import (
    conflict_lines,
    finding_lines,
    headline,
    settings_lines,
    share_cell,
)
from vendorscore.reporting.figure import Figure, count, money, none


@dataclass(frozen=True)
class AwardRow:
    """One vendor's share of one segment in the recommended award."""

    vendor: str
    """The vendor's name."""
    segment: str
    """The segment (a language, or all contacts)."""
    share: Figure
    """Its share of the segment, in percent (57.8 prints ``57.8 %``)."""
    contacts: Figure
    """Contacts a year in that share."""
    cost: Figure
    """What that share costs a year, in the base currency."""
    peak: Figure
    """Peak rostered agents for that share (no number without a staffing model)."""


@dataclass(frozen=True)
class AwardAlternative:
    """One of the best awards with a different set of vendors."""

    rank: int
    """Its place, 1 for the recommended award."""
    cost: Figure
    """Its annual cost in the base currency."""
    score: Figure
    """Its volume-weighted score."""
    who: str
    """Who gets what, in words."""


@dataclass(frozen=True)
class FrontierRow:
    """The cheapest award at a number of vendors, or at a score floor."""

    label: str
    """``2 vendors`` or ``score >= 72``."""
    cost: Figure
    """Its annual cost (no number when no award satisfies the rules)."""
    score: Figure
    """Its volume-weighted score (no number when none)."""
    who: str
    """Who gets what, in words."""


@dataclass(frozen=True)
class AwardSection:
    """The award section (only when the criteria file asks for an award)."""

    headline: str
    """The recommended award and its price in one sentence."""
    settings: tuple[str, ...]
    """How the award was modelled, one line each."""
    rows: tuple[AwardRow, ...]
    """Who takes which share of each segment (empty when no award satisfies the rules)."""
    findings: tuple[str, ...]
    """The binding rules and what relaxing them buys, or why no award is possible."""
    alternatives: tuple[AwardAlternative, ...]
    """The best awards with different sets of vendors (empty when there is only one)."""
    frontier: tuple[FrontierRow, ...]
    """The cheapest award at each number of vendors, then at rising score floors."""


def _score(value: float) -> Figure:
    return Figure(value, f"{value:.2f}")


def _point(f: FrontierPoint, currency: str) -> FrontierRow:
    return FrontierRow(
        label=f.label,
        cost=none() if f.cost is None else money(f.cost, currency),
        score=none() if f.score is None else _score(f.score),
        who=f.portfolio.summary() if f.portfolio else "no award satisfies the rules",
    )


def award_section(r: AwardReport | None) -> AwardSection | None:
    """The award section of a report, or None without an award."""
    if r is None:
        return None
    cur = r.currency
    rows: tuple[AwardRow, ...] = ()
    if r.best is not None:
        rows = tuple(
            AwardRow(
                vendor=a.name,
                segment=a.segment,
                share=Figure(a.share, share_cell(a.share)),
                contacts=count(a.contacts),
                cost=money(a.cost, cur),
                peak=none() if a.peak is None else count(a.peak),
            )
            for a in r.best.allocations
        )
    alternatives = (
        tuple(
            AwardAlternative(i, money(p.cost, cur), _score(p.score), p.summary())
            for i, p in enumerate(r.alternatives, 1)
        )
        if len(r.alternatives) > 1
        else ()
    )
    return AwardSection(
        headline=headline(r),
        settings=tuple(settings_lines(r)),
        rows=rows,
        findings=tuple(finding_lines(r) if r.best is not None else conflict_lines(r)),
        alternatives=alternatives,
        frontier=tuple(_point(f, cur) for f in (*r.by_count, *r.by_score)),
    )
