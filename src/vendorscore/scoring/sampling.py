"""Draws of an evaluation's uncertain inputs, a chunk of samples at a time: every vendor's raw
values and gates under them (see ``uncertain.py`` for what is drawn, and how)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import Sample
from vendorscore.criteria.cost import CostCriterion
from vendorscore.criteria.numeric import NumericCriterion
from vendorscore.criteria.registry import kind_of
from vendorscore.criteria.uncertainty import read_fields
from vendorscore.errors import ScoringError
from vendorscore.models.measured import has_spread
from vendorscore.scoring.affine import AffineCosts
from vendorscore.scoring.distributions import Laws, reach
from vendorscore.scoring.evaluation import Context
from vendorscore.scoring.loadgrid import LoadGrid, Span
from vendorscore.scoring.sample_gates import Check, GateChecks
from vendorscore.scoring.uncertain import (
    Drawn,
    Input,
    driver_inputs,
    evaluator_inputs,
    vendor_inputs,
)

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


class Measurements(GateChecks):
    """The uncertain inputs of one evaluation and how to draw a chunk of samples of them."""

    def __init__(self, context: Context) -> None:
        self.context = context
        vendors = context.vendors
        drivers = driver_inputs(context)
        read = sorted(read_fields(context.inputs.criteria))
        self.fields = [vendor_inputs(v, context, read) for v in vendors]
        self.evaluators = [evaluator_inputs(v, context) for v in vendors]
        ordered: list[Input] = [drivers[k] for k in sorted(drivers)]
        for own, judged in zip(self.fields, self.evaluators, strict=True):
            ordered += [own[k] for k in sorted(own)] + [judged[k] for k in sorted(judged)]
        # inputs of one family side by side: each family is drawn from a slice of columns
        # (and one field's inputs of every vendor too: a field read as is is one slice)
        families = ("uniform", "triangular", "normal", "pert", "discrete")
        self.inputs = tuple(
            sorted(
                ordered,
                key=lambda i: (families.index(i.law.family), i.key.split(" ", 1)[-1]),
            )
        )
        self.column = {inp.key: k for k, inp in enumerate(self.inputs)}
        self.laws = Laws(tuple(inp.law for inp in self.inputs))
        self.grid = self._grid()
        self.varying = self._varying()
        self._checked: tuple[Mask, list[Check]] | None = None
        self._rows: set[int] | None = None
        self._directs: dict[int, list[int] | None] = {}
        self._affine_costs()

    @property
    def _sampled_rows(self) -> set[int]:
        """The vendors whose draws a hook or a per-sample gate reads (not those whose every
        varying raw value is a field read as it is, or an affine cost)."""
        if self._rows is None:
            rows = {c.row for c in self.checks if c.kind == "peak"}
            for j, varying in self.varying.items():
                if j in self._left:
                    rows.update(self._left[j])
                elif self._direct(j, varying) is None:
                    rows.update(varying)
            self._rows = rows
        return self._rows

    def _affine_costs(self) -> None:
        """Cost columns: the vendors whose draws enter the cost affinely, all at once."""
        self._affine: dict[int, AffineCosts] = {}
        self._left: dict[int, list[int]] = {}
        for j, rows in self.varying.items():
            if isinstance(self.context.inputs.criteria.criteria[j], CostCriterion):
                grid = self.grid.rows if self.grid is not None else {}
                free = [r for r in rows if r not in grid]
                affine = AffineCosts(self.context, free, self.fields, self.column)
                done = set(affine.rows.tolist())
                self._affine[j] = affine
                self._left[j] = [r for r in rows if r not in done]

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

    def _span(self, row: int) -> Span | None:
        """The factors a vendor's load is drawn between (None: fixed): the volume's, or its
        own AHT's (as a factor on its stated AHT), or their product when both vary."""
        volume = self.inputs[self.column["volume"]].law if "volume" in self.column else None
        aht = self.fields[row].get("kpis.aht_seconds")
        kpis = self.context.vendors[row].kpis
        if aht is not None and kpis is not None and kpis.aht_seconds:
            low, high = reach(aht.law)
            low, high = low / float(kpis.aht_seconds), high / float(kpis.aht_seconds)
            if volume is None:
                return Span(low, high, aht=True)
            return Span(low * volume.low, high * volume.high, aht=False)
        if volume is not None:
            return Span(volume.low, volume.high, aht=False)
        return None

    def _grid(self) -> LoadGrid | None:
        workload = self.context.inputs.criteria.workload
        if workload is None or not workload.staffed:
            return None
        spans = {r: self._span(r) for r in range(len(self.context.vendors))}
        moving = {r: span for r, span in spans.items() if span is not None}
        return LoadGrid(self.context, moving) if moving else None

    def samples(self, x: Array, rows: set[int] | None = None) -> list[Sample | None]:
        """Every vendor's draws (None for a vendor none of whose inputs vary, or not among
        ``rows`` when given)."""
        fx = {k[3:]: x[:, c] for k, c in self.column.items() if k.startswith("fx ")}
        volume = x[:, self.column["volume"]] if "volume" in self.column else None
        out: list[Sample | None] = []
        for row, vendor in enumerate(self.context.vendors):
            if rows is not None and row not in rows:
                out.append(None)
                continue
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

    def _direct(self, j: int, rows: Sequence[int]) -> list[int] | None:
        """The input column of each row, when criterion j is a numeric field read as is."""
        if j not in self._directs:  # rows are always varying[j]
            self._directs[j] = self._direct_columns(j, rows)
        return self._directs[j]

    def _direct_columns(self, j: int, rows: Sequence[int]) -> list[int] | None:
        criterion = self.context.inputs.criteria.criteria[j]
        if not isinstance(criterion, NumericCriterion):
            return None
        found = [self.fields[row].get(criterion.field) for row in rows]
        if any(f is None for f in found):
            return None
        return [self.column[f.key] for f in found if f is not None]

    def draw(self, u: Array) -> Drawn:
        """Raw values and gates of every vendor at quantiles ``u`` (samples x inputs)."""
        x = self.laws.draw(u)
        samples = self.samples(x, self._sampled_rows)
        criteria = self.context.inputs.criteria.criteria
        raw: dict[int, Array] = {}
        overflow: dict[int, Mask | None] = {}
        everyone = len(self.context.vendors)
        for j, rows in self.varying.items():
            direct = self._direct(j, rows)
            if direct is not None and len(rows) == everyone:  # every vendor's own draws
                first, last = direct[0], direct[-1]
                span = last - first + 1 == len(direct) and direct == sorted(direct)
                raw[j] = x[:, first : last + 1] if span else x[:, direct]
                continue
            column = np.repeat(self.context.values[None, :, j], len(u), axis=0)
            if direct is not None:  # a field read as it is: the draws themselves
                column[:, rows] = x[:, direct]
            else:
                hook = kind_of(criteria[j]).sampled
                assert hook is not None
                affine = self._affine.get(j)
                if affine is not None:
                    affine.fill(column, x)
                for row in rows if affine is None else self._left[j]:
                    vendor, sample = self.context.vendors[row], samples[row]
                    assert sample is not None
                    column[:, row] = hook(criteria[j], vendor, sample, self.context.raw)
                overflow[j] = _beyond(column, rows)
            raw[j] = column
        drawn = Drawn(u, raw, None)
        out_of_range = {j: bad for j, bad in overflow.items() if bad is not None}
        if self.checks or self.constant_fail.any() or out_of_range:
            self._passing(drawn, x, samples, out_of_range)
        return drawn


def _beyond(column: Array, rows: Sequence[int]) -> Mask | None:
    """Where a drawn raw value leaves the range of numbers (past 10^15, or not finite): that
    vendor cannot be scored in that sample, so a gate excludes it there (the cell becomes
    NaN, never used). None when every value is in range."""
    drawn = column[:, rows]
    bad = ~np.isfinite(drawn) | (np.abs(np.nan_to_num(drawn, nan=np.inf)) >= 1e15)
    if not bad.any():
        return None
    out = np.zeros(column.shape, dtype=bool)
    out[:, rows] = bad
    column[out] = np.nan
    return out


def raw_ends(context: Context, ranked: Sequence[int]) -> dict[tuple[int, int], tuple[float, float]]:
    """(position among ``ranked``, criterion column) -> the ends of the raw value's range,
    for the ranked vendors whose raw values come from uncertain figures (none without)."""
    if not may_vary(context):
        return {}
    try:
        ends = Measurements(context).ends()
    except ScoringError:  # a drawn load the staffing models refuse: `sensitivity` says so
        return {}
    where = {row: k for k, row in enumerate(ranked)}
    return {(where[row], j): span for (row, j), span in ends.items() if row in where}


def may_vary(context: Context) -> bool:
    """Whether anything can be uncertain: default spreads, evaluators drawn, or a vendor
    figure written as a range (a quick look at every vendor's measured fields)."""
    crit = context.inputs.criteria
    if crit.uncertainty or any(getattr(c, "uncertainty", None) for c in crit.criteria):
        return True
    return any(has_spread(v) for v in context.vendors)
