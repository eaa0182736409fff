"""The risk register (issue 15, item 4): risks computed from the files and the ranking, never
typed, for every vendor (ranked and excluded), with a severity and the evidence.

Certificates and sites are read here; coverage gaps in ``coverage_gaps.py``; languages,
evaluators' disagreements, missing data and fractions written as percentages in
``risk_evidence.py``. The severity rules are the README's ("Risk register").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from vendorscore.analysis.coverage_gaps import coverage_gaps
from vendorscore.analysis.risk_evidence import (
    consensus_evaluators,
    disagreement_risks,
    fraction_risks,
    language_risks,
    missing_risks,
)
from vendorscore.analysis.risk_model import (
    SEVERITIES,
    Make,
    Risk,
    Severity,
    Term,
    contract_term,
    vendor_rows,
)
from vendorscore.criteria.coverage import CoverageCriterion
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.criteria.names import alias_table, normalise_name
from vendorscore.criteria.points import CertificationsCriterion
from vendorscore.formatting import fmt_num
from vendorscore.models.results import Ranking
from vendorscore.models.vendor import Certification, Vendor
from vendorscore.scoring.evaluation import Evaluation

GAP_SHARE = 2.0  # % of the first year's required hours from which a coverage gap is medium
CODES = (
    "certificate-expires",
    "certificate-in-progress",
    "certificate-expired",
    "coverage-gap",
    "language-shortfall",
    "language-agents",
    "evaluator-disagreement",
    "single-site",
    "single-country",
    "missing-worst",
    "fraction-percent",
)


def risk_register(inputs: EvaluationInput, evaluation: Evaluation) -> tuple[Risk, ...]:
    """Every risk of every vendor, by severity, then by the vendor's place in the ranking
    (excluded vendors last), then by kind."""
    r = evaluation.ranking
    term = contract_term(inputs.criteria, r.evaluation_date)
    ranks: dict[str, int | None] = {v.id: v.rank for v in r.ranking}
    # what every vendor's rules read, built once: a catalogue's vendors each look up, not search
    rows = vendor_rows(evaluation)
    certificates = certificate_table(inputs)
    agreed = consensus_evaluators(inputs)
    risks: list[Risk] = []
    for vendor in inputs.vendors:
        make: Make = partial(_risk, vendor, ranks.get(vendor.id))
        risks += certificate_risks(certificates, vendor, term, make)
        risks += coverage_risks(inputs, evaluation, vendor, term, make, rows=rows)
        risks += language_risks(inputs, r, vendor, make)
        risks += disagreement_risks(inputs, r, vendor, make, agreed)
        risks += site_risks(vendor, make)
        risks += missing_risks(inputs, evaluation, rows.get(vendor.id), vendor, make)
        risks += fraction_risks(inputs, vendor, make)
    return tuple(sorted(risks, key=_order(r)))


def _risk(
    vendor: Vendor,
    rank: int | None,
    severity: Severity,
    code: str,
    title: str,
    evidence: str,
    criterion: str | None = None,
) -> Risk:
    return Risk(severity, code, vendor.id, vendor.name, title, evidence, criterion, rank)


def _order(r: Ranking) -> Callable[[Risk], tuple[int, int, int, int, str]]:
    out = {x.id: k for k, x in enumerate(r.excluded)}

    def key(risk: Risk) -> tuple[int, int, int, int, str]:
        place = (0, risk.rank) if risk.rank is not None else (1, out.get(risk.vendor, 0))
        return (SEVERITIES.index(risk.severity), *place, CODES.index(risk.code), risk.title)

    return key


# --- certificates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    """The certifications criteria and their alias table (``_listed``), built once for every
    vendor of a register."""

    criteria: tuple[CertificationsCriterion, ...]
    listed: dict[str, tuple[str, str, bool]]


def certificate_table(inputs: EvaluationInput) -> Certificates:
    """The certifications criteria of an evaluation and every spelling they list."""
    criteria = tuple(c for c in inputs.criteria.criteria if isinstance(c, CertificationsCriterion))
    return Certificates(criteria, _listed(criteria))


def _listed(criteria: Sequence[CertificationsCriterion]) -> dict[str, tuple[str, str, bool]]:
    """Normalised certificate spelling -> (listed name, criterion id, required)."""
    out: dict[str, tuple[str, str, bool]] = {}
    for c in criteria:
        table = alias_table([*c.points, *c.required], c.aliases)
        for spelling, name in table.items():
            required = name in c.required
            scored = c.points.get(name, 0) > 0 and c.weight > 0
            if (required or scored) and (
                spelling not in out or (required and not out[spelling][2])
            ):
                out[spelling] = (name, c.id, required)
    return out


def certificate_risks(
    certificates: Certificates, vendor: Vendor, term: Term, make: Make
) -> Iterable[Risk]:
    """Certificates not held for the whole term: expiring during it, still in progress, or
    expired. High when a gate requires it, medium when it scores points, low otherwise."""
    criteria, listed = certificates.criteria, certificates.listed
    by_name: dict[str, list[Certification]] = {}
    for cert in vendor.certificates():
        key = normalise_name(cert.name)
        by_name.setdefault(listed[key][0] if key in listed else key, []).append(cert)
    for name, certs in by_name.items():
        active = [c for c in certs if c.status == "active"]
        if any(c.expires is None or c.expires >= term.end for c in active):
            continue  # held through the term (a renewal listed beside the old one counts)
        entry = listed.get(normalise_name(name))
        why = _why(entry, criteria)
        latest = max(active, key=lambda c: c.expires or term.end, default=None)
        lapse = latest.expires if latest is not None and latest.expires is not None else None
        severity = _certificate_severity(entry, lapse, term)
        if latest is not None and lapse is not None and lapse >= term.start:
            yield make(
                severity,
                "certificate-expires",
                f"{latest.name} expires {term.months_in(lapse)} the contract",
                f"{latest.name} expires on {lapse}, {term.months_in(lapse)} {term.text}{why}",
                entry and entry[1],
            )
        elif latest is not None and latest.expires is not None:
            yield make(
                severity,
                "certificate-expired",
                f"{latest.name} expired before the contract",
                f"{latest.name} expired on {latest.expires}, before {term.text}{why}",
                entry and entry[1],
            )
        else:
            cert = next((c for c in certs if c.status == "in_progress"), certs[0])
            code = f"certificate-{cert.status.replace('_', '-')}"
            state = "still in progress" if cert.status == "in_progress" else "marked expired"
            yield make(
                severity,
                code,
                f"{cert.name} {state}",
                f"{cert.name} is {state}: not held when {term.text} starts{why}",
                entry and entry[1],
            )


def _certificate_severity(
    entry: tuple[str, str, bool] | None, lapse: date | None, term: Term
) -> Severity:
    """One step down after the term's first year, when a renewal is routine and there is time
    to see it done. Required (a gate; the vendor would fail it from that day): high when it is
    not held at the start or lapses in the first year, medium later. Scoring points: medium,
    then low. Others: low."""
    if entry is None:
        return "low"
    early = lapse is None or lapse <= term.first_year_end
    if entry[2]:
        return "high" if early else "medium"
    return "medium" if early else "low"


def _why(entry: tuple[str, str, bool] | None, criteria: Sequence[CertificationsCriterion]) -> str:
    if entry is None:
        return ""
    title = next(c.title for c in criteria if c.id == entry[1])
    return f"; required by {title}" if entry[2] else f"; it scores points in {title}"


# --- coverage ------------------------------------------------------------------------------


def coverage_risks(
    inputs: EvaluationInput,
    evaluation: Evaluation,
    vendor: Vendor,
    term: Term,
    make: Make,
    rows: Mapping[str, int] | None = None,
) -> Iterable[Risk]:
    """The required hours missed in the term's first year, in the customer's time zone.
    High when the coverage is below the criterion's minimum, medium from ``GAP_SHARE`` % of
    the required hours, low below. ``rows``: ``vendor_rows(evaluation)``, which a register
    builds once for all its vendors (built here when not given)."""
    row = (vendor_rows(evaluation) if rows is None else rows).get(vendor.id)
    for j, criterion in enumerate(inputs.criteria.criteria):
        if not isinstance(criterion, CoverageCriterion):
            continue
        raw = _raw(evaluation, row, j)
        for gap in coverage_gaps(criterion, vendor, term.start, term.first_year_end):
            below = criterion.minimum is not None and raw is not None and raw < criterion.minimum
            severity: Severity = "high" if below else "medium" if gap.share >= GAP_SHARE else "low"
            gate = (
                f"; {fmt_num(round(raw, 1))} % over the evaluation year is below the minimum "
                f"{fmt_num(criterion.minimum)} %"
                if below and raw is not None and criterion.minimum is not None
                else ""
            )
            yield make(
                severity,
                "coverage-gap",
                f"Coverage gap ({gap.zone})",
                f"{_sentence(gap.text)} ({gap.zone}), from {gap.first} to {gap.last}: "
                f"{fmt_num(round(gap.missed_hours, 1))} of {fmt_num(round(gap.required_hours, 1))}"
                f" required hours ({gap.share:.1f} %) for {criterion.title}{gate}",
                criterion.id,
            )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _raw(evaluation: Evaluation, row: int | None, column: int) -> float | None:
    """A vendor's raw value on a criterion (its ``row``: ranked or excluded), None when
    missing."""
    context = evaluation.context
    if context is None or row is None:
        return None
    value = float(context.values[row, column])
    return value if math.isfinite(value) else None


# --- sites ---------------------------------------------------------------------------------


def site_risks(vendor: Vendor, make: Make) -> Iterable[Risk]:
    """One site (medium): nowhere to fail over; several in one country (low): one national
    event reaches every seat. Nothing when the vendor lists no sites."""
    sites = vendor.sites or []
    if len(sites) == 1:
        site = sites[0]
        where = f"{site.name} ({site.country})" if site.country else site.name
        seats = f", {site.seats} seats" if site.seats is not None else ""
        yield make(
            "medium",
            "single-site",
            "Single delivery site",
            f"Every contact is served from {where}{seats}: no second site to fail over to",
        )
        return
    countries = {s.country for s in sites if s.country}
    if len(sites) > 1 and len(countries) == 1 and all(s.country for s in sites):
        (country,) = countries
        names = ", ".join(s.name for s in sites)
        yield make(
            "low",
            "single-country",
            "Single-country delivery",
            f"All {len(sites)} sites are in {country} ({names}): one national event "
            "(an outage, a strike, a new law) reaches every seat",
        )
