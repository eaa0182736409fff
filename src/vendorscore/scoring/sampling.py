"""Draws of an evaluation's uncertain inputs, a chunk of samples at a time: every vendor's raw
values and gates under them (see ``uncertain.py`` for what is drawn, and how)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import RawValue, Sample
from vendorscore.criteria.registry import Criterion, kind_of
from vendorscore.criteria.settings import Gate
from vendorscore.criteria.uncertainty import NUMERIC_OPS, PEAK_FIELDS
from vendorscore.errors import ScoringError
from vendorscore.formatting import amount, fmt_num
from vendorscore.models.measured import has_spread
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import gates, staffing
from vendorscore.scoring.distributions import Laws
from vendorscore.scoring.evaluation import Context
from vendorscore.scoring.loadgrid import LoadGrid
from vendorscore.scoring.uncertain import (
    Drawn,
    Input,
    driver_inputs,
    evaluator_inputs,
    vendor_inputs,
)

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


class Measurements:
    """The uncertain inputs of one evaluation and how to draw a chunk of samples of them."""

    def __init__(self, context: Context) -> None:
        self.context = context
        vendors = context.vendors
        drivers = driver_inputs(context)
        self.fields = [vendor_inputs(v, context) for v in vendors]
        self.evaluators = [evaluator_inputs(v, context) for v in vendors]
        ordered: list[Input] = [drivers[k] for k in sorted(drivers)]
        for own, judged in zip(self.fields, self.evaluators, strict=True):
            ordered += [own[k] for k in sorted(own)] + [judged[k] for k in sorted(judged)]
        self.inputs = tuple(ordered)
        self.column = {inp.key: k for k, inp in enumerate(self.inputs)}
        self.laws = Laws(tuple(inp.law for inp in self.inputs))
        self.grid = self._grid(drivers)
        self.varying = self._varying()
        self._checked: tuple[Mask, list[Check]] | None = None

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

    def ends(self) -> dict[tuple[int, int], tuple[float, float]]:
        """(vendor row, criterion column) -> the raw value with every input at the low end of
        its shown range, and at the high end (normal: mean ± 2 sd; evaluators: the lowest and
        highest score). Every kind's raw value grows with each of its inputs, so these are
        the raw value's own ends."""
        x = np.stack([self.laws.shown_low, self.laws.shown_high])
        samples = self.samples(x)
        criteria = self.context.inputs.criteria.criteria
        out: dict[tuple[int, int], tuple[float, float]] = {}
        for j, rows in self.varying.items():
            hook = kind_of(criteria[j]).sampled
            assert hook is not None
            for row in rows:
                sample = samples[row]
                assert sample is not None
                value = np.broadcast_to(
                    hook(criteria[j], self.context.vendors[row], sample, self.context.raw), (2,)
                )
                low, high = float(value.min()), float(value.max())
                if low < high:
                    out[row, j] = (low, high)
        return out

    @property
    def empty(self) -> bool:
        return not self.inputs

    def _load_range(self, row: int) -> tuple[float, float] | None:
        """The lowest and highest load factor a vendor can be drawn at (None: fixed)."""
        low = high = 1.0
        moved = False
        if "volume" in self.column:
            law = self.inputs[self.column["volume"]].law
            low, high, moved = law.low, law.high, True
        aht = self.fields[row].get("kpis.aht_seconds")
        point = self.context.vendors[row].kpis
        if aht is not None and point is not None and point.aht_seconds:
            low *= aht.law.low / point.aht_seconds
            high *= aht.law.high / point.aht_seconds
            moved = True
        return (low, high) if moved else None

    def _grid(self, drivers: dict[str, Input]) -> LoadGrid | None:
        workload = self.context.inputs.criteria.workload
        if workload is None or not workload.staffed:
            return None
        ranges = {r: self._load_range(r) for r in range(len(self.context.vendors))}
        moving = {r: span for r, span in ranges.items() if span is not None}
        if not moving:
            return None
        low = min(span[0] for span in moving.values())
        high = max(span[1] for span in moving.values())
        return LoadGrid(self.context, sorted(moving), low, high)

    def samples(self, x: Array) -> list[Sample | None]:
        """Every vendor's draws (None for a vendor none of whose inputs vary)."""
        fx = {k[3:]: x[:, c] for k, c in self.column.items() if k.startswith("fx ")}
        volume = x[:, self.column["volume"]] if "volume" in self.column else None
        out: list[Sample | None] = []
        for row, vendor in enumerate(self.context.vendors):
            fields = {p: x[:, self.column[i.key]] for p, i in self.fields[row].items()}
            judged = {c: x[:, self.column[i.key]] for c, i in self.evaluators[row].items()}
            staffed = None
            if self.grid is not None and row in self.grid.rows:
                staffed, _ = self.grid.at(row, self._load(row, x))
            quoted = vendor.pricing is not None and vendor.pricing.currency in fx
            if fields or judged or staffed is not None or quoted or volume is not None:
                out.append(Sample(fields, fx, volume, staffed, judged))
            else:
                out.append(None)
        return out

    def _load(self, row: int, x: Array) -> Array:
        load = np.ones(len(x))
        if "volume" in self.column:
            load = load * x[:, self.column["volume"]]
        aht = self.fields[row].get("kpis.aht_seconds")
        kpis = self.context.vendors[row].kpis
        if aht is not None and kpis is not None and kpis.aht_seconds:
            load = load * x[:, self.column[aht.key]] / float(kpis.aht_seconds)
        return load

    def _varying(self) -> dict[int, list[int]]:
        """Criterion column -> the vendors whose raw value on it varies (a dry run of one
        sample at the median of every input)."""
        x = self.laws.draw(np.full((1, len(self.inputs)), 0.5))
        samples = self.samples(x)
        out: dict[int, list[int]] = {}
        for j, criterion in enumerate(self.context.inputs.criteria.criteria):
            hook = kind_of(criterion).sampled
            if hook is None:
                continue
            rows = [
                r
                for r, (vendor, sample) in enumerate(
                    zip(self.context.vendors, samples, strict=True)
                )
                if sample is not None
                and hook(criterion, vendor, sample, self.context.raw) is not None
            ]
            if rows:
                out[j] = rows
        return out

    def _gates(self) -> tuple[Mask, list[Check]]:
        """Vendors excluded whatever the draws, and the gates to evaluate per sample."""
        ctx = self.context
        crit = ctx.inputs.criteria
        fail = np.zeros(len(ctx.vendors), dtype=bool)
        checks: list[Check] = []
        for j, criterion in enumerate(crit.criteria):
            cells = kind_of(criterion).raw(criterion, ctx.vendors, ctx.raw)
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

    def draw(self, u: Array) -> Drawn:
        """Raw values and gates of every vendor at quantiles ``u`` (samples x inputs)."""
        x = self.laws.draw(u)
        samples = self.samples(x)
        criteria = self.context.inputs.criteria.criteria
        raw: dict[int, Array] = {}
        for j, rows in self.varying.items():
            hook = kind_of(criteria[j]).sampled
            assert hook is not None
            column = np.repeat(self.context.values[None, :, j], len(u), axis=0)
            for row in rows:
                vendor, sample = self.context.vendors[row], samples[row]
                assert sample is not None
                column[:, row] = hook(criteria[j], vendor, sample, self.context.raw)
            _within_range(column, j, criteria[j], rows, self.context.vendors)
            raw[j] = column
        drawn = Drawn(u, raw, None)
        if self.checks or self.constant_fail.any():
            self._passing(drawn, x, samples)
        return drawn

    def _passing(self, drawn: Drawn, x: Array, samples: list[Sample | None]) -> None:
        passing = np.repeat(~self.constant_fail[None, :], len(x), axis=0)
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


def _within_range(
    column: Array, j: int, criterion: Criterion, rows: Sequence[int], vendors: Sequence[Vendor]
) -> None:
    """A drawn raw value must stay a number below 10^15 (a cost at the top of every range)."""
    drawn = column[:, rows]
    bad = ~np.isfinite(drawn) | (np.abs(drawn) >= 1e15)
    if not bad.any():
        return
    row = rows[int(np.flatnonzero(bad.any(axis=0))[0])]
    raise ScoringError(
        ("criteria", j),
        "sampled-range",
        f"{criterion.title}: at the ends of its ranges, {vendors[row].id}'s raw value "
        "leaves the range of numbers (1e15): narrow the ranges or check the figures",
    )


def raw_ends(context: Context, ranked: Sequence[int]) -> dict[tuple[int, int], tuple[float, float]]:
    """(position among ``ranked``, criterion column) -> the ends of the raw value's range,
    for the ranked vendors whose raw values come from uncertain figures (none without)."""
    if not may_vary(context):
        return {}
    ends = Measurements(context).ends()
    where = {row: k for k, row in enumerate(ranked)}
    return {(where[row], j): span for (row, j), span in ends.items() if row in where}


def may_vary(context: Context) -> bool:
    """Whether anything can be uncertain: default spreads, evaluators drawn, or a vendor
    figure written as a range (a quick look at every vendor's measured fields)."""
    crit = context.inputs.criteria
    if crit.uncertainty or any(getattr(c, "uncertainty", None) for c in crit.criteria):
        return True
    return any(has_spread(v) for v in context.vendors)
