"""Default spreads in the criteria file (SPEC §3.9): what the buyer assumes about the figures
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

from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from vendorscore.models.codes import CURRENCIES
from vendorscore.models.fields import vendor_field_kind
from vendorscore.models.limits import check_length
from vendorscore.models.measured import Relative

GROUPS = ("pricing", "kpis", "capacity", "metrics")
MEASURED_FIELDS = (
    "pricing.rate",
    "pricing.setup_fee",
    "pricing.resolution_rate",
    "capacity.agents",
    "capacity.ramp_agents",
    "capacity.ramp_days",
    "capacity.peak_flex",
    "languages.agents",
    *(
        f"kpis.{k}"
        for k in ("fcr", "csat", "nps", "aht_seconds", "service_level", "attrition", "qa_score")
    ),
)
"""Every vendor field that may carry a spread (and ``metrics.<name>``)."""


def measured_field(path: str) -> bool:
    """Whether a vendor field path may carry a spread."""
    return path in MEASURED_FIELDS or (path.startswith("metrics.") and path.count(".") == 1)


def _key(value: Any) -> Any:
    check_length(value)
    if not isinstance(value, str):
        return value
    if value in ("fx", "volume") or measured_field(value):
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
