"""Each vendor's own data for report templates: what its file says, as read-only records.

Not the pydantic models: plain frozen dataclasses holding plain values (tuples for lists, a
read-only mapping for ``metrics``, the point value of a number written as a range), so a
template can read all of it and change none of it. ``None`` is a section or a figure the
vendor's file leaves out (missing data, which a criterion scores as its worst).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from vendorscore.models.vendor import Vendor, expand_days


@dataclass(frozen=True)
class SiteData:
    """A delivery site."""

    name: str
    """Site name, e.g. the city."""
    country: str | None
    """ISO 3166-1 alpha-2 country code."""
    timezone: str | None
    """IANA time zone of the site."""
    seats: int | None
    """Seats at the site."""


@dataclass(frozen=True)
class PricingData:
    """The quoted price: one rate in one unit and currency."""

    currency: str
    """ISO 4217 currency of the rate and the setup fee."""
    unit: str
    """What one rate buys: per_productive_hour, per_fte_month, per_minute, per_contact or
    per_resolved_contact."""
    rate: float
    """Price per unit, in ``currency`` (the point value when written as a range)."""
    setup_fee: float
    """One-off transition fee, in ``currency``."""
    resolution_rate: float | None
    """Percentage of contacts resolved (billed), for per_resolved_contact."""


@dataclass(frozen=True)
class WindowData:
    """A weekly window of service."""

    days: tuple[str, ...]
    """Local weekdays on which the window starts (mon … sun; day words expanded)."""
    start: str
    """Local start time, HH:MM."""
    end: str
    """Local end time, HH:MM (24:00 allowed; end <= start runs past midnight)."""
    timezone: str
    """IANA time zone the times are in."""
    channels: tuple[str, ...] | None
    """Channels served in this window; None means every channel."""


@dataclass(frozen=True)
class LanguageData:
    """A language the vendor serves."""

    code: str
    """BCP-47 language tag, e.g. es-MX."""
    level: str
    """native, or a CEFR level A1 … C2."""
    agents: int | None
    """Agents working in this language."""


@dataclass(frozen=True)
class CertificationData:
    """A certificate (a plain name in the file is an active one with no expiry)."""

    name: str
    """Certificate name, e.g. ISO 27001."""
    status: str
    """active, in_progress or expired."""
    expires: date | None
    """Expiry date (prints as YYYY-MM-DD)."""


@dataclass(frozen=True)
class CapacityData:
    """Seats now and how fast the vendor can grow for peaks."""

    agents: int | None
    """Agents available now."""
    ramp_agents: int | None
    """Extra agents it can add."""
    ramp_days: int | None
    """Days to add ramp_agents."""
    peak_flex: float | None
    """Peak capacity as a percentage of the baseline (200 = can double)."""


@dataclass(frozen=True)
class KpiData:
    """Reported service KPIs (percentages 0-100 unless named otherwise)."""

    fcr: float | None
    """First-contact resolution, %."""
    csat: float | None
    """Customer satisfaction, %."""
    nps: float | None
    """Net promoter score (-100 to 100)."""
    aht_seconds: float | None
    """Average handle time, seconds."""
    service_level: float | None
    """Percentage of contacts answered in target."""
    attrition: float | None
    """Annual agent attrition, %."""
    qa_score: float | None
    """Internal QA score, %."""


@dataclass(frozen=True)
class VendorData:
    """One vendor's own data, as its file gives it (ranked and excluded vendors alike)."""

    id: str
    """The vendor's id (a slug, unique in the project)."""
    name: str
    """Display name."""
    hq_country: str | None
    """Headquarters country, ISO 3166-1 alpha-2."""
    sites: tuple[SiteData, ...] | None
    """Delivery sites."""
    pricing: PricingData | None
    """The quoted price."""
    coverage: tuple[WindowData, ...] | None
    """Weekly windows of service."""
    closed: tuple[date, ...] | None
    """Dates with no service."""
    languages: tuple[LanguageData, ...] | None
    """Languages served, with level and agents."""
    certifications: tuple[CertificationData, ...] | None
    """Certificates, with status and expiry."""
    channels: tuple[str, ...] | None
    """Channels served."""
    platforms: tuple[str, ...] | None
    """Platforms the vendor works in."""
    capacity: CapacityData | None
    """Capacity and ramp-up."""
    kpis: KpiData | None
    """Reported KPIs."""
    metrics: Mapping[str, float] | None
    """Free-form numbers for custom numeric criteria, by name (read-only)."""


def _num(value: float | None) -> float | None:
    """A plain float (a figure written as a range holds its point value and its spread)."""
    return None if value is None else float(value)


def _whole(value: int | None) -> int | None:
    return None if value is None else int(value)


def _strings(items: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if items is None else tuple(str(x) for x in items)


def vendor_data(v: Vendor) -> VendorData:
    """The read-only record of one vendor's file."""
    p, c, k = v.pricing, v.capacity, v.kpis
    return VendorData(
        id=v.id,
        name=v.name,
        hq_country=v.hq_country,
        sites=None
        if v.sites is None
        else tuple(SiteData(s.name, s.country, s.timezone, _whole(s.seats)) for s in v.sites),
        pricing=None
        if p is None
        else PricingData(
            p.currency, p.unit, float(p.rate), float(p.setup_fee), _num(p.resolution_rate)
        ),
        coverage=None
        if v.coverage is None
        else tuple(
            WindowData(expand_days(w.days), w.start, w.end, w.timezone, _strings(w.channels))
            for w in v.coverage
        ),
        closed=None if v.closed is None else tuple(v.closed),
        languages=None
        if v.languages is None
        else tuple(LanguageData(x.code, x.level, _whole(x.agents)) for x in v.languages),
        certifications=None
        if v.certifications is None
        else tuple(CertificationData(x.name, x.status, x.expires) for x in v.certificates()),
        channels=_strings(v.channels),
        platforms=_strings(v.platforms),
        capacity=None
        if c is None
        else CapacityData(
            _whole(c.agents), _whole(c.ramp_agents), _whole(c.ramp_days), _num(c.peak_flex)
        ),
        kpis=None
        if k is None
        else KpiData(
            fcr=_num(k.fcr),
            csat=_num(k.csat),
            nps=_num(k.nps),
            aht_seconds=_num(k.aht_seconds),
            service_level=_num(k.service_level),
            attrition=_num(k.attrition),
            qa_score=_num(k.qa_score),
        ),
        metrics=None
        if v.metrics is None
        else MappingProxyType({key: float(x) for key, x in v.metrics.items()}),
    )


def vendors_data(vendors: Sequence[Vendor], order: Sequence[str]) -> tuple[VendorData, ...]:
    """Every vendor's record: those named in ``order`` first, in that order (the ranking,
    then the excluded), then any other in file order."""
    place = {vid: i for i, vid in enumerate(order)}
    ranked = sorted(vendors, key=lambda v: place.get(v.id, len(place)))
    return tuple(vendor_data(v) for v in ranked)
