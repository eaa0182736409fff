"""Gates under uncertainty (README): which vendors fail whatever the draws, and which gates
are evaluated in every sample because what they read varies (a criterion's minimum or
maximum on a varying raw value, a numeric ``gates:`` entry on a drawn field, the peak
capacity gate under drawn capacity or load). Mixed into ``Measurements``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import RawValue, Sample
from vendorscore.criteria.registry import Criterion
from vendorscore.criteria.settings import Gate
from vendorscore.criteria.uncertainty import NUMERIC_OPS, PEAK_FIELDS
from vendorscore.formatting import amount, fmt_num
from vendorscore.scoring import gates, staffing
from vendorscore.scoring.uncertain import Drawn, Input

if TYPE_CHECKING:
    from vendorscore.scoring.evaluation import Context
    from vendorscore.scoring.loadgrid import LoadGrid

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Check:
    """A gate whose outcome varies for one vendor: evaluated in every sample."""

    row: int  # the vendor, in ``Context.vendors``
    label: str  # what failing it means, for the exclusion warning
    kind: str  # criterion | gate | peak
    column: int = -1  # criterion: its column; gate: the input drawn
    low: float | None = None  # criterion minimum
    high: float | None = None  # criterion maximum
    gate: Gate | None = None


class GateChecks:
    """The gate side of ``Measurements`` (which provides the attributes declared here)."""

    context: Context
    fields: list[dict[str, Input]]
    column: dict[str, int]
    varying: dict[int, list[int]]
    grid: LoadGrid | None

    _checked: tuple[Mask, list[Check]] | None

    def _load(self, row: int, x: Array) -> Array:
        raise NotImplementedError

    @property
    def constant_fail(self) -> Mask:
        """Per vendor: excluded whatever the draws."""
        return self._gate_state()[0]

    @property
    def checks(self) -> list[Check]:
        """The gates evaluated per sample."""
        return self._gate_state()[1]

    def _gate_state(self) -> tuple[Mask, list[Check]]:
        if self._checked is None:
            self._checked = self._gates()
        return self._checked

    def _gates(self) -> tuple[Mask, list[Check]]:
        """Vendors excluded whatever the draws, and the gates to evaluate per sample."""
        ctx = self.context
        crit = ctx.inputs.criteria
        fail = np.zeros(len(ctx.vendors), dtype=bool)
        checks: list[Check] = []
        for j, criterion in enumerate(crit.criteria):
            values = ctx.values[:, j]
            cells = [
                RawValue(None if math.isnan(v) else float(v), lacking)
                for v, lacking in zip(values.tolist(), ctx.lacking[j], strict=True)
            ]
            varying = set(self.varying.get(j, ()))
            bounded = criterion.minimum is not None or criterion.maximum is not None
            for row, cell in enumerate(cells):
                sampled = row in varying and bounded and cell.value is not None
                if _fails_at_point(criterion, cell, ctx.units[j], not sampled):
                    fail[row] = True
                if sampled:
                    label = _bounds_label(criterion, ctx.units[j])
                    low, high = criterion.minimum, criterion.maximum
                    checks.append(Check(row, label, "criterion", j, low, high))
        for gate in crit.gates:
            for row, vendor in enumerate(ctx.vendors):
                drawn = self.fields[row].get(gate.field)
                numeric = isinstance(gate.value, (int, float)) and not isinstance(gate.value, bool)
                if drawn is not None and gate.op in NUMERIC_OPS and numeric:
                    label = gate.label or f"{gate.field} {gate.op} {fmt_num(gate.value)}"
                    checks.append(Check(row, label, "gate", self.column[drawn.key], gate=gate))
                elif not gates.passes(gate, vendor)[0]:
                    fail[row] = True
        self._peak_gates(fail, checks)
        return fail, checks

    def _peak_gates(self, fail: Mask, checks: list[Check]) -> None:
        ctx = self.context
        workload = ctx.inputs.criteria.workload
        if workload is None or not workload.peak_gate or ctx.staffing is None:
            return
        for row, vendor in enumerate(ctx.vendors):
            figures = ctx.staffing.of(vendor.id)
            moves = any(p in self.fields[row] for p in PEAK_FIELDS)
            loaded = self.grid is not None and row in self.grid.rows
            has_agents = vendor.capacity is not None and vendor.capacity.agents is not None
            if figures is not None and has_agents and (moves or loaded):
                checks.append(Check(row, "peak capacity", "peak"))
            elif figures is not None and staffing.peak_reason(figures, ctx.staffing.timezone):
                fail[row] = True

    def _passing(
        self,
        drawn: Drawn,
        x: Array,
        samples: list[Sample | None],
        overflow: Mapping[int, Mask] | None = None,
    ) -> None:
        passing = np.repeat(~self.constant_fail[None, :], len(x), axis=0)
        criteria = self.context.inputs.criteria.criteria
        for j, bad in (overflow or {}).items():
            passing &= ~bad
            for row in np.flatnonzero(bad.any(axis=0)).tolist():
                key = (row, f"{criteria[j].title} beyond 1e15 (not a number vendorscore scores)")
                drawn.failures[key] = drawn.failures.get(key, 0) + int(bad[:, row].sum())
        for check in self.checks:
            ok = self._check(check, x, drawn.raw, samples)
            key = (check.row, check.label)
            drawn.failures[key] = drawn.failures.get(key, 0) + int((~ok).sum())
            passing[:, check.row] &= ok
        drawn.passing = passing

    def _check(
        self, check: Check, x: Array, raw: dict[int, Array], samples: list[Sample | None]
    ) -> Mask:
        if check.kind == "criterion":
            value = raw[check.column][:, check.row]
            ok = np.ones(len(x), dtype=bool)
            if check.low is not None:
                ok &= value >= check.low
            if check.high is not None:
                ok &= value <= check.high
            return ok
        if check.kind == "gate":
            assert check.gate is not None
            value, limit = x[:, check.column], float(check.gate.value)  # type: ignore[arg-type]
            return np.asarray(_COMPARE[check.gate.op](value, limit), dtype=bool)
        return self._peak_ok(check.row, x, samples[check.row])

    def _peak_ok(self, row: int, x: Array, sample: Sample | None) -> Mask:
        vendor = self.context.vendors[row]
        assert self.context.staffing is not None
        figures = self.context.staffing.of(vendor.id)
        cap = vendor.capacity
        assert cap is not None
        assert figures is not None
        draws = sample or Sample()
        agents = np.asarray(draws.get("capacity.agents", cap.agents), dtype=np.float64)
        ramp = draws.get("capacity.ramp_agents", cap.ramp_agents or 0)
        flex = draws.get("capacity.peak_flex", cap.peak_flex)
        offer = agents + ramp
        if cap.peak_flex:
            offer = np.maximum(offer, np.floor(agents * flex / 100 + 1e-9))
        need: Array | float = float(figures.peak_rostered)
        if self.grid is not None and row in self.grid.rows:
            _, need = self.grid.at(row, self._load(row, x))
        return np.broadcast_to(offer >= need, (len(x),))


_COMPARE = {
    ">=": np.greater_equal,
    ">": np.greater,
    "<=": np.less_equal,
    "<": np.less,
    "==": np.equal,
    "!=": np.not_equal,
}


def _fails_at_point(criterion: Criterion, cell: RawValue, unit: str, with_bounds: bool) -> bool:
    """Whether a vendor fails a criterion's gates whatever the draws (its minimum and maximum
    are left to the samples when its raw value varies)."""
    low = criterion.minimum if with_bounds else None
    high = criterion.maximum if with_bounds else None
    required = bool(criterion.required_items())
    if gates.criterion_gate(criterion.title, cell.value, cell.lacking, low, high, unit, required):
        return True
    return cell.value is None and criterion.missing == "exclude" and not criterion.has_gate


def _bounds_label(criterion: Criterion, unit: str) -> str:
    parts = []
    if criterion.minimum is not None:
        parts.append(f"below the minimum {amount(criterion.minimum, unit)}")
    if criterion.maximum is not None:
        parts.append(f"above the maximum {amount(criterion.maximum, unit)}")
    return f"{criterion.title} {' or '.join(parts)}"
