"""The report's risk register (issue 15, item 4) as a view-model: the register's rows, the
counts by severity, each vendor's risks and language evidence, and the recommended vendor's
top risks for the summary. Plain frozen dataclasses; numbers are ``Figure``s (raw value and
printed text); text from the input files stays plain, for the renderer to escape."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from vendorscore.analysis.risk_evidence import LanguageEvidence, language_evidence
from vendorscore.analysis.risk_model import SEVERITIES, Risk, contract_term
from vendorscore.analysis.risks import risk_register
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.formatting import MISSING, fmt_num
from vendorscore.reporting.figure import Figure
from vendorscore.scoring.evaluation import Evaluation

TOP_RISKS = 3  # the recommended vendor's risks the summary names


@dataclass(frozen=True)
class RiskRow:
    """One risk, ready to print."""

    severity: str
    """High | medium | low."""
    severity_label: str
    """High | Medium | Low."""
    code: str
    """The kind of risk: certificate-expires, coverage-gap, language-shortfall, ... (README)."""
    vendor: str
    """Id."""
    vendor_name: str
    """The vendor's name."""
    rank: Figure
    """The vendor's rank; value None and text "excluded" when it is excluded."""
    excluded: bool
    """Whether the vendor is excluded by a gate."""
    title: str
    """The risk in one short line."""
    evidence: str
    """The facts and figures behind it."""
    criterion: str
    """The criterion's id, "" when none."""
    criterion_label: str
    """Its label, "" when none."""


@dataclass(frozen=True)
class LanguageRow:
    """One vendor on one demanded language: level, agents, and the peak's need."""

    language: str
    """The demanded tag."""
    share: Figure
    """% of the contact demand."""
    required: bool
    """Whether the languages criterion requires it (a gate)."""
    level: str
    """The best level offered, "—" when not offered."""
    agents: Figure
    """Agents at the minimum level or better (value None: not declared)."""
    need: Figure
    """Agents the peak interval needs for it (value None: no staffing model)."""
    status: str
    """"served", "short of 10 agents at peak", "not served at B2"."""


@dataclass(frozen=True)
class VendorRisks:
    """One vendor's risks (in the register's order) and its language evidence."""

    vendor: str
    """The vendor's id."""
    vendor_name: str
    """The vendor's name."""
    rank: Figure
    """Its rank (value None and text ``excluded`` when excluded)."""
    excluded: bool
    """Whether the vendor is excluded by a gate."""
    rows: tuple[RiskRow, ...]
    """Its risks, in the register's order."""
    high: Figure
    """How many of its risks are high."""
    medium: Figure
    """How many are medium."""
    low: Figure
    """How many are low."""
    languages: tuple[LanguageRow, ...]
    """Its evidence on each demanded language."""


@dataclass(frozen=True)
class RiskSection:
    """The register for a report: every risk, the counts, per vendor, and the top risks."""

    rows: tuple[RiskRow, ...]
    """Every risk: by severity, then ranking position."""
    high: Figure
    """How many risks are high."""
    medium: Figure
    """How many are medium."""
    low: Figure
    """How many are low."""
    vendors: tuple[VendorRisks, ...]
    """Ranked vendors in rank order, then the excluded ones."""
    by_vendor: Mapping[str, VendorRisks] = field(default_factory=lambda: MappingProxyType({}))
    """By vendor id."""
    top: tuple[RiskRow, ...] = ()
    """The recommended vendor's first high and medium risks."""
    term: str = ""
    """"the 36-month term from 2027-02-01 to 2030-01-31"."""
    first_year: str = ""
    """The period coverage gaps are read over: "2027-02-01 to 2028-01-31"."""


def risk_section(inputs: EvaluationInput, evaluation: Evaluation) -> RiskSection:
    """The risk register of an evaluation, as the report shows it."""
    r = evaluation.ranking
    labels = {c.id: c.label for c in r.criteria}
    rows = tuple(_row(risk, labels) for risk in risk_register(inputs, evaluation))
    names = {v.id: v.name for v in inputs.vendors}
    order = [v.id for v in r.ranking] + [x.id for x in r.excluded]
    order += [v.id for v in inputs.vendors if v.id not in order]
    ranks: dict[str, int | None] = {v.id: v.rank for v in r.ranking}
    vendors = []
    grouped = by_vendor(rows)
    sources = {v.id: v for v in inputs.vendors}
    for vendor in order:
        mine = tuple(grouped.get(vendor, ()))
        evidence = language_evidence(inputs, r, sources[vendor])
        vendors.append(
            VendorRisks(
                vendor,
                names[vendor],
                _rank(ranks.get(vendor)),
                ranks.get(vendor) is None,
                mine,
                *_counts(mine),
                tuple(_language(e) for e in evidence),
            )
        )
    top = top_risks(rows, {r.winner.id} if r.winner else set())
    term = contract_term(inputs.criteria, r.evaluation_date)
    return RiskSection(
        rows,
        *_counts(rows),
        tuple(vendors),
        MappingProxyType({v.vendor: v for v in vendors}),
        top,
        term.text,
        f"{term.start} to {term.first_year_end}",
    )


def top_risks(rows: Iterable[RiskRow], vendors: Collection[str]) -> tuple[RiskRow, ...]:
    """The first ``TOP_RISKS`` high and medium risks of these vendors, in the register's order
    (severity, then rank): what the summary names."""
    return tuple(row for row in rows if row.vendor in vendors and row.severity != "low")[:TOP_RISKS]


def by_vendor(rows: Iterable[RiskRow]) -> dict[str, list[RiskRow]]:
    """Each vendor's rows, in their order, in one pass (a catalogue has thousands)."""
    out: dict[str, list[RiskRow]] = {}
    for row in rows:
        out.setdefault(row.vendor, []).append(row)
    return out


def _row(risk: Risk, labels: Mapping[str, str]) -> RiskRow:
    return RiskRow(
        risk.severity,
        risk.severity.capitalize(),
        risk.code,
        risk.vendor,
        risk.vendor_name,
        _rank(risk.rank),
        risk.excluded,
        risk.title,
        risk.evidence,
        risk.criterion or "",
        labels.get(risk.criterion, risk.criterion) if risk.criterion else "",
    )


def _rank(rank: int | None) -> Figure:
    return Figure(None, "excluded") if rank is None else Figure(rank, str(rank))


def _counts(rows: tuple[RiskRow, ...]) -> tuple[Figure, Figure, Figure]:
    high, medium, low = (sum(1 for row in rows if row.severity == s) for s in SEVERITIES)
    return Figure(high, str(high)), Figure(medium, str(medium)), Figure(low, str(low))


def _language(e: LanguageEvidence) -> LanguageRow:
    if not e.served:
        status = f"not served at {e.min_level}"
    elif e.short:
        status = f"short of {e.short} agent{'s' if e.short != 1 else ''} at peak"
    else:
        status = "served"
    return LanguageRow(
        e.tag,
        Figure(e.share, f"{fmt_num(round(e.share, 1))} %"),
        e.required,
        e.level or MISSING,
        Figure(e.agents, MISSING if e.agents is None else str(e.agents)),
        Figure(e.need, MISSING if e.need is None else str(e.need)),
        status,
    )
