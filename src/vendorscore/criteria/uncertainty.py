"""Default spreads in the criteria file (README): what the buyer assumes about the figures
vendors left exact, and the shared drivers (exchange rates, contact volume).

    uncertainty:
      kpis.*: {plus_minus: 2}          # self-reported KPIs are ± 2 points
      kpis.aht_seconds: {plus_minus_percent: 10}
      fx: {plus_minus_percent: 5}      # every quote currency's rate, drawn once per sample
      volume: {minus_percent: 10, plus_percent: 20}

A key is a numeric vendor field (``pricing.rate``), a group of them (``kpis.*``,
``capacity.*``, ``metrics.*``), ``fx`` (or ``fx.GBP`` for one currency) or ``volume``. The
most specific key wins; a vendor figure written with its own spread, or marked
``audited: true``, takes no default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from vendorscore.criteria.base import Sample
from vendorscore.models.codes import CURRENCIES
from vendorscore.models.fields import vendor_field_kind
from vendorscore.models.limits import check_length
from vendorscore.models.measured import (
    ANY,
    COUNT,
    NON_NEGATIVE,
    NPS,
    PERCENT,
    POSITIVE,
    Bounds,
    Relative,
)
from vendorscore.models.spread import NORMAL_REACH

if TYPE_CHECKING:
    from vendorscore.criteria.file import CriteriaFile
    from vendorscore.models.vendor import Vendor

GROUPS = ("pricing", "kpis", "capacity", "metrics")
MEASURED_FIELDS: dict[str, Bounds] = {
    "pricing.rate": POSITIVE,
    "pricing.setup_fee": NON_NEGATIVE,
    "pricing.resolution_rate": PERCENT,
    "capacity.agents": COUNT,
    "capacity.ramp_agents": COUNT,
    "capacity.ramp_days": COUNT,
    "capacity.peak_flex": NON_NEGATIVE,
    "languages.agents": COUNT,
    **{f"kpis.{k}": PERCENT for k in ("fcr", "csat", "service_level", "attrition", "qa_score")},
    "kpis.nps": NPS,
    "kpis.aht_seconds": POSITIVE,
}
"""Every vendor field that may carry a spread, with its valid range (and ``metrics.<name>``,
any finite number)."""


def measured_field(path: str) -> bool:
    """Whether a vendor field path may carry a spread."""
    return path in MEASURED_FIELDS or (path.startswith("metrics.") and path.count(".") == 1)


def bounds_of(path: str) -> Bounds:
    """The valid range of a measured field (a default spread is cut there)."""
    return MEASURED_FIELDS.get(path, ANY)


def _key(value: Any) -> Any:
    check_length(value)
    if not isinstance(value, str):
        return value
    if value in ("fx", "volume") or (measured_field(value) and not value.endswith(".")):
        return value
    if value.endswith(".*") and value[:-2] in GROUPS:
        return value
    if value.startswith("fx.") and value[3:] in CURRENCIES:
        return value
    hint = (
        "a field no range can be on"
        if vendor_field_kind(value) is not None
        else "not a numeric vendor field"
    )
    raise PydanticCustomError(
        "bad-uncertainty-key",
        "'{key}' is {hint}: use a field such as pricing.rate or kpis.fcr, a group (kpis.*, "
        "capacity.*, metrics.*, pricing.*), fx, fx.<currency> or volume",
        {"key": value, "hint": hint},
    )


UncertaintyKey = Annotated[
    str,
    BeforeValidator(_key),
    WithJsonSchema({"type": "string", "description": "A vendor field, group.*, fx or volume."}),
]
Defaults = dict[UncertaintyKey, Relative]


def driver_problem(key: str, spread: Relative) -> str | None:
    """Exchange rates and volume move by a share of themselves: only percent spreads."""
    if not (key == "fx" or key.startswith("fx.") or key == "volume"):
        return None
    absolute = (spread.plus_minus, spread.minus, spread.plus, spread.sd)
    if any(v is not None for v in absolute):
        return f"{key} takes a spread in percent (plus_minus_percent, minus_percent/plus_percent)"
    return None


def default_for(defaults: Defaults | None, path: str) -> Relative | None:
    """The default spread of a vendor field: its own key, else its group's (``kpis.*``)."""
    if not defaults:
        return None
    if path in defaults:
        return defaults[path]
    group = path.split(".", 1)[0]
    return defaults.get(f"{group}.*")


def fx_default(defaults: Defaults | None, currency: str) -> Relative | None:
    """The spread of one quote currency's exchange rate (``fx.GBP``, else ``fx``)."""
    if not defaults:
        return None
    return defaults.get(f"fx.{currency}", defaults.get("fx"))


NUMERIC_OPS = frozenset((">=", ">", "<=", "<", "==", "!="))
PEAK_FIELDS = ("capacity.agents", "capacity.ramp_agents", "capacity.peak_flex")


def read_fields(crit: CriteriaFile) -> frozenset[str]:
    """The measured vendor fields some criterion, gate or the peak gate reads: a spread on
    any other field changes nothing (the loader warns)."""
    from vendorscore.criteria.cost import CostCriterion
    from vendorscore.criteria.languages import LanguagesCriterion
    from vendorscore.criteria.numeric import NumericCriterion

    read: set[str] = set()
    for criterion in crit.criteria:
        if isinstance(criterion, NumericCriterion):
            read.add(criterion.field)
        elif isinstance(criterion, CostCriterion):
            read.update(("pricing.rate", "pricing.setup_fee", "pricing.resolution_rate"))
            if crit.workload is not None and crit.workload.aht == "vendor":
                read.add("kpis.aht_seconds")
        elif isinstance(criterion, LanguagesCriterion):
            read.add("languages.agents")
    read.update(g.field for g in crit.gates if g.op in NUMERIC_OPS)
    if crit.workload is not None and crit.workload.peak_gate:
        read.update(PEAK_FIELDS)
    return frozenset(p for p in read if measured_field(p))


def _reach(value: Any, defaults: Defaults | None, path: str) -> tuple[float, float] | None:
    """The lowest and highest values a figure can be drawn at (its own spread's, or a
    default's around it, within the field's bounds); None for a plain figure."""
    from vendorscore.models.measured import Spread, spread_of

    if value is None:
        return None
    bounds = bounds_of(path)
    own = spread_of(value)
    spread: Relative | None = own if own is not None else default_for(defaults, path)
    if spread is None or (own is not None and own.exact):
        return None
    if spread.sd is not None:
        centre = own.mean if isinstance(own, Spread) and own.mean is not None else float(value)
        low, high = centre - NORMAL_REACH * spread.sd, centre + NORMAL_REACH * spread.sd
    else:
        low, high = own.ends() if isinstance(own, Spread) else spread.ends(float(value))
    return max(bounds.low, low), min(bounds.high, high)


def high_end(value: Any, defaults: Defaults | None, path: str) -> Any:
    """The highest value a figure can be drawn at (the figure itself when it is exact)."""
    reach = _reach(value, defaults, path)
    return value if reach is None else reach[1]


def low_end(value: Any, defaults: Defaults | None, path: str) -> Any:
    """The lowest value a figure can be drawn at (the figure itself when it is exact)."""
    reach = _reach(value, defaults, path)
    return value if reach is None else reach[0]


def highest_sample(vendor: Vendor, crit: CriteriaFile) -> Sample:
    """Every input of a vendor's cost at the top of its range (the cost only grows with
    each): to check before any sampling that no draw takes the cost past 10^15."""
    fields: dict[str, Any] = {}
    pricing, kpis = vendor.pricing, vendor.kpis
    for path, value in (
        ("pricing.rate", pricing and pricing.rate),
        ("pricing.setup_fee", pricing and pricing.setup_fee),
        ("pricing.resolution_rate", pricing and pricing.resolution_rate),
        ("kpis.aht_seconds", kpis and kpis.aht_seconds),
    ):
        top = high_end(value, crit.uncertainty, path)
        if top is not None:
            fields[path] = top
    fx: dict[str, Any] = {}
    if pricing is not None and pricing.currency in crit.fx:
        spread = fx_default(crit.uncertainty, pricing.currency)
        rate = crit.fx[pricing.currency]
        fx[pricing.currency] = rate if spread is None else spread.ends(rate)[1]
    volume = (crit.uncertainty or {}).get("volume")
    factor = None if volume is None else volume.ends(1.0)[1]
    return Sample(fields, fx, factor)
