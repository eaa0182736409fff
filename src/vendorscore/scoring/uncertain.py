"""The uncertain inputs of an evaluation, and every vendor's raw values and gates under their
draws (README).

An input is one number drawn once per sample:

- a vendor figure written with a spread (``models/measured.py``), or a plain figure that a
  default of the criteria file's ``uncertainty:`` covers (``criteria/uncertainty.py``);
- a shared driver: the exchange rate of a quote currency (``fx``), drawn once and applied to
  every vendor quoting in it, and the contact ``volume`` (a factor on contacts per year),
  applied to every vendor's cost;
- a rubric criterion's evaluators (``uncertainty: evaluators``): one evaluator's score.

Raw values are recomputed per sample by each kind's own formula on arrays of draws (the
kinds' ``sampled`` hooks), so fx, units, setup fees and resolution rates apply exactly as in
the ranking. Under a staffing model, a sampled volume (or a vendor's sampled AHT) changes the
hours: each such vendor is staffed at ``LOAD_GRID`` load factors spanning the sampled range,
and the hours and peak headcount in between are interpolated linearly (an AHT draw is applied
as the same change of load). Gates are evaluated per sample where what they read varies:
criterion minimums and maximums, numeric ``gates:``, and the peak-capacity gate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.rubric import RubricCriterion, rubric
from vendorscore.criteria.uncertainty import (
    bounds_of,
    default_for,
    fx_default,
)
from vendorscore.formatting import fmt_num
from vendorscore.models.fields import vendor_value
from vendorscore.models.measured import Bounds, Relative, Spread, spread_of
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.distributions import Law, shown_ends
from vendorscore.scoring.evaluation import Context

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
Origin = Literal["vendor", "default", "driver", "evaluators"]


@dataclass(frozen=True)
class Input:
    """One uncertain input, drawn once per sample."""

    key: str  # stable id: "table-bay pricing.rate", "fx GBP", "volume", "table-bay quality"
    what: str  # "Table Bay: pricing.rate" (the label without its range)
    law: Law
    origin: Origin
    point: float | None = None  # the stated value (None: evaluators)

    @property
    def label(self) -> str:
        """``Table Bay: pricing.rate 12 (11.4–13.8)``."""
        if self.point is None:
            return f"{self.what} ({_shown(self.law, 0.0)})"
        return f"{self.what} {_shown(self.law, self.point)}"


@dataclass
class Drawn:
    """One chunk's draws: the inputs' quantiles, the varying raw columns (samples x every
    vendor), who passes every gate in each sample, and which gates excluded whom."""

    quantiles: Array
    raw: dict[int, Array]
    passing: Mask | None
    failures: dict[tuple[int, str], int] = field(default_factory=dict)


def law_of(spread: Spread | Relative, point: float, bounds: Bounds) -> Law | None:
    """The law of a figure with a spread (its own, or a default around ``point``); None when
    the spread has no width."""
    if spread.sd is not None:
        if spread.sd <= 0:
            return None
        mean = spread.mean if isinstance(spread, Spread) and spread.mean is not None else point
        return Law("normal", bounds.low, mean, bounds.high, mean, spread.sd, whole=bounds.whole)
    if isinstance(spread, Spread):
        low, high = spread.ends()
        mode = spread.mode if spread.mode is not None else point
    else:
        low, high = spread.ends(point)
        mode = point
    low, high = max(low, bounds.low), min(high, bounds.high)
    if not low < high:
        return None
    family = (spread.family if isinstance(spread, Spread) else spread.shape) or "uniform"
    return Law(family, low, min(max(mode, low), high), high, whole=bounds.whole)


def _shown(law: Law, point: float) -> str:
    low, high = shown_ends(law)
    if law.family == "discrete":
        return f"{fmt_num(low)}–{fmt_num(high)}"
    return f"{fmt_num(point)} ({fmt_num(low)}–{fmt_num(high)})"


def _figure(vendor: Vendor, path: str, value: object, crit_defaults: object) -> Input | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    spread = spread_of(value)
    field = "languages.agents" if path.startswith("languages[") else path
    bounds = bounds_of(field)
    if spread is not None and not (spread.exact and not spread.audited):
        law = None if spread.exact else law_of(spread, float(value), bounds)
        origin: Origin = "vendor"
    else:  # a plain figure, or written exact without audited: true: the defaults apply
        default = default_for(crit_defaults, field)  # type: ignore[arg-type]
        law = None if default is None else law_of(default, float(value), bounds)
        origin = "default"
    if law is None:
        return None
    return Input(f"{vendor.id} {path}", f"{vendor.name}: {path}", law, origin, float(value))


def vendor_inputs(vendor: Vendor, context: Context, read: Sequence[str]) -> dict[str, Input]:
    """A vendor's uncertain figures among those a criterion or gate reads, by field path
    (a language's agents as ``languages[i].agents``)."""
    crit = context.inputs.criteria
    out: dict[str, Input] = {}
    for path in read:
        if path == "languages.agents":
            for i, skill in enumerate(vendor.languages or ()):
                key = f"languages[{i}].agents"
                found = _figure(vendor, key, skill.agents, crit.uncertainty)
                if found is not None:
                    out[key] = found
            continue
        found = _figure(vendor, path, vendor_value(vendor, path), crit.uncertainty)
        if found is not None:
            out[path] = found
    return out


def driver_inputs(context: Context) -> dict[str, Input]:
    """The exchange rates of the quote currencies and the contact volume, when uncertain."""
    crit = context.inputs.criteria
    out: dict[str, Input] = {}
    quoted = sorted({v.pricing.currency for v in context.vendors if v.pricing is not None})
    for currency in quoted:
        spread = fx_default(crit.uncertainty, currency)
        if currency == crit.currency or spread is None or currency not in crit.fx:
            continue
        rate = crit.fx[currency]
        law = law_of(spread, rate, Bounds(0.0, math.inf, True, True))
        if law is not None:
            label = f"exchange rate {currency} to {crit.currency}:"
            out[f"fx {currency}"] = Input(f"fx {currency}", label, law, "driver", rate)
    volume = (crit.uncertainty or {}).get("volume")
    if volume is not None and crit.workload is not None:
        law = law_of(volume, 1.0, Bounds(0.0, math.inf, True, True))
        if law is not None:
            label = f"contact volume (× the workload's {fmt_num(crit.workload.contacts_per_year)}):"
            out["volume"] = Input("volume", label, law, "driver", 1.0)
    return out


def evaluator_inputs(vendor: Vendor, context: Context) -> dict[str, Input]:
    """One evaluator's score per sample, for rubric criteria with ``uncertainty: evaluators``
    (a moderated score, or a single evaluator's, does not vary)."""
    out: dict[str, Input] = {}
    for criterion in context.inputs.criteria.criteria:
        if not isinstance(criterion, RubricCriterion) or criterion.uncertainty != "evaluators":
            continue
        detail = rubric(criterion, vendor.id, context.inputs.scores)
        values = tuple(sorted(score for _, score in detail.scores))
        if detail.consensus or len(set(values)) < 2:
            continue
        law = Law("discrete", values=values)
        label = f"{vendor.name}: {criterion.title}, one evaluator's score"
        out[criterion.id] = Input(f"{vendor.id} {criterion.id}", label, law, "evaluators")
    return out
