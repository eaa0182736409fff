"""Sampled annual costs of many vendors at once, for those whose only uncertain cost inputs
are the rate, the setup fee and the exchange rate.

Their cost is ``(rate x quantity + setup fee / contract years) x fx`` (``criteria/cost.py:
billing``), where the quantity (hours, FTE-months, minutes, contacts) does not depend on any
of the three: it is taken from ``billing`` at the stated figures, and the same operations,
in the same order, are applied to every vendor's draws as one array expression. Any other
vendor (an uncertain volume, AHT or resolution rate, a staffing grid) goes through
``billing`` itself, vendor by vendor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.cost import billing, prices
from vendorscore.scoring.evaluation import Context
from vendorscore.scoring.uncertain import Input

Array = NDArray[np.float64]
AFFINE = frozenset(("pricing.rate", "pricing.setup_fee"))


class AffineCosts:
    """The vendors of a cost column whose draws enter the cost affinely."""

    def __init__(
        self,
        context: Context,
        rows: Sequence[int],
        fields: Sequence[Mapping[str, Input]],
        column: Mapping[str, int],
    ) -> None:
        crit = context.inputs.criteria
        workload = crit.workload
        assert workload is not None
        picked: list[int] = []
        parts: list[tuple[float, float, float, int, int, int, float, float]] = []
        for row in rows if "volume" not in column else ():
            vendor = context.vendors[row]
            pricing = vendor.pricing
            read = set(filter(prices, fields[row]))
            if pricing is None or not read <= AFFINE:
                continue
            bill = billing(
                vendor, workload, crit.currency, crit.fx, context.raw.staffed.get(vendor.id)
            )
            if bill is None:
                continue
            own = fields[row]
            picked.append(row)
            parts.append(
                (
                    float(pricing.rate),
                    float(pricing.setup_fee),
                    bill.fx,
                    column[own["pricing.rate"].key] if "pricing.rate" in own else -1,
                    column[own["pricing.setup_fee"].key] if "pricing.setup_fee" in own else -1,
                    column.get(f"fx {pricing.currency}", -1),
                    bill.quantity,
                    workload.contract_years or 1.0,
                )
            )
        self.rows = np.array(picked, dtype=np.int64)
        table = np.array(parts, dtype=np.float64).reshape(len(parts), 8)
        self.rate, self.fee, self.fx = table[:, 0], table[:, 1], table[:, 2]
        self.columns = table[:, 3:6].astype(np.int64)
        self.quantity, self.years = table[:, 6], table[:, 7]

    def fill(self, out: Array, x: Array) -> None:
        """Write the sampled costs of these vendors into ``out`` (samples x every vendor)."""
        if not self.rows.size:
            return
        rate = self._drawn(x, 0, self.rate)
        fee = self._drawn(x, 1, self.fee)
        fx = self._drawn(x, 2, self.fx)
        out[:, self.rows] = (rate * self.quantity + fee / self.years) * fx

    def _drawn(self, x: Array, part: int, point: Array) -> Array:
        columns = self.columns[:, part]
        drawn = columns >= 0
        if not drawn.any():
            return point
        values = x[:, np.where(drawn, columns, 0)]
        return np.asarray(np.where(drawn, values, point), dtype=np.float64)
