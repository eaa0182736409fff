"""The award problem's mixed-integer formulation, as plain rows and columns (no solver here;
``award_model.py`` passes them to HiGHS). See ``award_model``'s docstring for the variables."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from vendorscore.analysis.award_problem import FLOOR_SHARE, Array, Problem

TIE_WEIGHT = 1e-6  # awards within a millionth of the award's scale are tied (README)


@dataclass(frozen=True)
class Rules:
    """Which of the award's rules are in force (all by default)."""

    vendors_min: bool = True
    vendors_max: bool = True
    share_max: bool = True
    min_if_used: bool = True
    resilience: bool = True
    capacity: bool = True
    languages: bool = True
    floors: frozenset[str] | None = None  # None: every floor; else the ones kept
    ceilings: frozenset[str] | None = None
    locks: frozenset[int] | None = None  # indices into Problem.locks kept (None: all)

    def keeps_floor(self, key: str) -> bool:
        return self.floors is None or key in self.floors

    def keeps_ceiling(self, key: str) -> bool:
        return self.ceilings is None or key in self.ceilings

    def keeps_lock(self, index: int) -> bool:
        return self.locks is None or index in self.locks


@dataclass(frozen=True)
class Ask:
    """One solve: the objective, the rules, and the extra rows of the analysis."""

    objective: str = "cost"  # cost | score | mix (score - ratio x cost, Dinkelbach)
    ratio: float = 0.0
    rules: Rules = field(default_factory=Rules)
    count: int | None = None  # exactly this many vendors (the frontier)
    single: bool = False  # one vendor takes everything
    whole: bool = False  # no segment split between vendors
    score_at_least: float | None = None  # the frontier's score floor
    bound: tuple[str, float, float] | None = None  # (objective, ratio, at most): stage two
    prefer: bool = True  # break cost ties by the tie order (``Problem.preference``)
    cuts: tuple[frozenset[int], ...] = ()  # vendor sets to avoid (the k best)
    fixed: Array | None = None  # (V, S) shares to hold (checking a given award)
    check_resilience: bool = False  # n-1 rows even when the award does not ask for them


class Model:
    """Columns and rows, gathered before one ``passModel``."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.cost: dict[int, float] = {}
        self.rows: list[tuple[float, float, dict[int, float]]] = []

    def column(self, low: float, high: float, integer: bool = False) -> int:
        self.lower.append(low)
        self.upper.append(high)
        index = len(self.lower) - 1
        if integer:
            self.integer.append(index)
        return index

    def row(self, low: float, high: float, terms: dict[int, float]) -> None:
        self.rows.append((low, high, terms))


@dataclass
class Layout:
    pairs: list[tuple[int, int]]
    w: dict[int, list[int]]  # pair index -> its interval binaries
    d: dict[int, list[int]]
    y: dict[int, int]  # vendor -> its binary


def _share(problem: Problem, layout: Layout, p: int, scale: float = 1.0) -> dict[int, float]:
    """The terms of ``scale * x[p]``."""
    terms: dict[int, float] = {}
    b = problem.curves[layout.pairs[p]].breaks
    for k, (wk, dk) in enumerate(zip(layout.w[p], layout.d[p], strict=True)):
        if b[k]:
            terms[wk] = scale * float(b[k])
        terms[dk] = scale
    return terms


def _curve(
    values: Array, breaks: Array, layout: Layout, p: int, scale: float = 1.0
) -> dict[int, float]:
    """The terms of ``scale * f(x[p])`` for a piecewise-linear ``f`` given at the breakpoints."""
    terms: dict[int, float] = {}
    for k, (wk, dk) in enumerate(zip(layout.w[p], layout.d[p], strict=True)):
        slope = (values[k + 1] - values[k]) / (breaks[k + 1] - breaks[k])
        terms[wk] = scale * float(values[k])
        terms[dk] = scale * float(slope)
    return terms


def _peak(problem: Problem, layout: Layout, p: int) -> dict[int, float]:
    curve = problem.curves[layout.pairs[p]]
    assert curve.peak is not None
    return _curve(curve.peak, curve.breaks, layout, p)


def _add(into: dict[int, float], terms: dict[int, float]) -> None:
    for index, value in terms.items():
        into[index] = into.get(index, 0.0) + value


def _objective_terms(problem: Problem, layout: Layout, what: str) -> dict[int, float]:
    """Terms of the annual cost ('cost') or of the volume-weighted score ('score')."""
    terms: dict[int, float] = {}
    weights = problem.weights
    for p, (v, s) in enumerate(layout.pairs):
        if what == "cost":
            curve = problem.curves[v, s]
            _add(terms, _curve(curve.cost, curve.breaks, layout, p))
        else:
            _add(terms, _share(problem, layout, p, float(weights[s] * problem.metrics["score"][v])))
    if what == "cost":
        for v, col in layout.y.items():
            terms[col] = terms.get(col, 0.0) + float(problem.setup[v])
    return terms


def _layout(problem: Problem, model: Model) -> Layout:
    pairs = sorted(problem.curves)
    layout = Layout(pairs, {}, {}, {})
    for p, pair in enumerate(pairs):
        b = problem.curves[pair].breaks
        layout.w[p] = [model.column(0, 1, True) for _ in range(b.size - 1)]
        layout.d[p] = [model.column(0, float(b[k + 1] - b[k])) for k in range(b.size - 1)]
    for v in sorted({v for v, _ in pairs}):
        layout.y[v] = model.column(0, 1, True)
    return layout


def _structure(problem: Problem, model: Model, layout: Layout, ask: Ask) -> None:
    """The rows every solve has: intervals, served segments, vendors used, the step grid."""
    rules, settings = ask.rules, problem.settings
    least = FLOOR_SHARE
    if rules.min_if_used and settings.share.min_if_used:
        least = max(least, settings.share.min_if_used / 100)
    for p, (v, s) in enumerate(layout.pairs):
        w, d = layout.w[p], layout.d[p]
        b = problem.curves[v, s].breaks
        model.row(-math.inf, 1, dict.fromkeys(w, 1.0))
        for k in range(len(w)):
            model.row(-math.inf, 0, {d[k]: 1.0, w[k]: -float(b[k + 1] - b[k])})
        terms = _share(problem, layout, p)
        _add(terms, {wk: -least for wk in w})
        model.row(0, math.inf, terms)  # a used pair holds at least `least`
        model.row(-math.inf, 0, {**dict.fromkeys(w, 1.0), layout.y[v]: -1.0})
        if ask.whole or ask.single:
            whole = _share(problem, layout, p)
            _add(whole, {wk: -1.0 for wk in w})
            model.row(0, 0, whole)  # all of the segment or none
        if settings.share.step:
            n = model.column(0, 100 // settings.share.step, True)
            model.row(0, 0, {**_share(problem, layout, p), n: -settings.share.step / 100})
    cap = settings.share.max / 100 if rules.share_max and not (ask.whole or ask.single) else 1.0
    for s in range(len(problem.segments)):
        terms = {}
        used: dict[int, float] = {}
        for p, (_, s2) in enumerate(layout.pairs):
            if s2 == s:
                _add(terms, _share(problem, layout, p))
                _add(used, dict.fromkeys(layout.w[p], 1.0))
        model.row(1, 1, terms)
        # implied, but it tightens the relaxation: how many vendors a segment takes
        model.row(math.ceil(1 / cap - 1e-9), math.floor(1 / least + 1e-9), used)
    for v, col in layout.y.items():
        terms = {col: 1.0}
        for p, (v2, _) in enumerate(layout.pairs):
            if v2 == v:
                _add(terms, {wk: -1.0 for wk in layout.w[p]})
        model.row(-math.inf, 0, terms)


def _count_rows(problem: Problem, model: Model, layout: Layout, ask: Ask) -> None:
    count = problem.settings.vendors
    terms = dict.fromkeys(layout.y.values(), 1.0)
    if ask.single:
        model.row(1, 1, terms)
    elif ask.count is not None:
        model.row(ask.count, ask.count, terms)
    else:
        low = count.min if ask.rules.vendors_min else 1
        high = count.max if ask.rules.vendors_max and count.max is not None else math.inf
        model.row(low, high, terms)


def _rule_rows(problem: Problem, model: Model, layout: Layout, ask: Ask) -> None:
    """Share cap, floors and ceilings, capacity, language agents, locks."""
    rules, settings = ask.rules, problem.settings
    weights = problem.weights
    pair_of = {pair: p for p, pair in enumerate(layout.pairs)}
    if rules.share_max and settings.share.max < 100 and not ask.single and not ask.whole:
        for p in range(len(layout.pairs)):
            model.row(-math.inf, settings.share.max / 100, _share(problem, layout, p))
    bounds = [(k, f, 1.0) for k, f in settings.floors.items() if rules.keeps_floor(k)]
    bounds += [(k, c, -1.0) for k, c in settings.ceilings.items() if rules.keeps_ceiling(k)]
    for key, bound, sign in bounds:
        values = problem.metrics[key]
        terms: dict[int, float] = {}
        for p, (v, s) in enumerate(layout.pairs):
            if math.isnan(values[v]):
                model.row(-math.inf, 0, _share(problem, layout, p))
            else:
                _add(
                    terms,
                    _share(problem, layout, p, sign * float(weights[s] * (values[v] - bound))),
                )
        model.row(0, math.inf, terms)
    if ask.score_at_least is not None:
        terms = _objective_terms(problem, layout, "score")
        model.row(ask.score_at_least, math.inf, terms)
    if problem.peaks and rules.capacity:
        for v in layout.y:
            if math.isfinite(problem.capacity[v]):
                terms = {}
                for p, (v2, _) in enumerate(layout.pairs):
                    if v2 == v:
                        _add(terms, _peak(problem, layout, p))
                model.row(-math.inf, float(problem.capacity[v]), terms)
    if problem.peaks and rules.languages:
        for v, group, agents, _ in problem.language_caps:
            terms = {}
            for s in group:
                if (v, s) in pair_of:
                    _add(terms, _peak(problem, layout, pair_of[v, s]))
            if terms:
                model.row(-math.inf, float(agents), terms)
    for index, (v, s, lock) in enumerate(problem.locks):
        if not rules.keeps_lock(index):
            continue
        value = lock.percent / 100
        low, high = {">=": (value, math.inf), "<=": (-math.inf, value), "=": (value, value)}[
            lock.op
        ]
        if (v, s) in pair_of:
            model.row(low, high, _share(problem, layout, pair_of[v, s]))
        elif low > 0:
            model.row(1, 1, {})  # cannot hold: the vendor may not serve the segment


def _resilience_rows(problem: Problem, model: Model, layout: Layout, ask: Ask) -> None:
    """n-1: for every awarded vendor u, the other awarded vendors could carry every segment,
    within their declared capacity and language agents, taking each segment's whole peak in
    proportion to the share they would carry."""
    asked = problem.settings.resilience == "n-1" and ask.rules.resilience
    if not (asked or ask.check_resilience) or not problem.peaks:
        return
    full = {pair: float(c.peak[-1]) for pair, c in problem.curves.items() if c.peak is not None}
    vendors = list(layout.y)
    able = problem.able
    for u in vendors:
        loads: dict[int, dict[int, float]] = {v: {} for v in vendors if v != u}
        by_pair: dict[tuple[int, int], int] = {}
        for s in range(len(problem.segments)):
            cover = {layout.y[u]: -1.0}
            for v in vendors:
                if v == u or not able[v, s]:
                    continue
                r = model.column(0, 1)
                by_pair[v, s] = r
                model.row(-math.inf, 0, {r: 1.0, layout.y[v]: -1.0})
                cover[r] = 1.0
                loads[v][r] = full[v, s]
            model.row(0, math.inf, cover)
        for v, terms in loads.items():
            if terms and math.isfinite(problem.capacity[v]) and ask.rules.capacity:
                model.row(-math.inf, float(problem.capacity[v]), terms)
        if ask.rules.languages:
            for v, group, agents, _ in problem.language_caps:
                if v == u:
                    continue
                terms = {by_pair[v, s]: full[v, s] for s in group if (v, s) in by_pair}
                if terms:
                    model.row(-math.inf, float(agents), terms)


def _weighted(problem: Problem, layout: Layout, per_vendor: tuple[float, ...]) -> dict[int, float]:
    """Terms of the volume-weighted sum of a per-vendor value."""
    weights = problem.weights
    terms: dict[int, float] = {}
    for p, (v, s) in enumerate(layout.pairs):
        _add(terms, _share(problem, layout, p, float(weights[s] * per_vendor[v])))
    return terms


def _extra_rows(problem: Problem, model: Model, layout: Layout, ask: Ask) -> None:
    if ask.bound is not None:
        what, ratio, at_most = ask.bound
        model.row(-math.inf, at_most, _primary(problem, layout, what, ratio))
    if ask.fixed is not None:
        for p, (v, s) in enumerate(layout.pairs):
            value = float(ask.fixed[v, s])
            model.row(value, value, _share(problem, layout, p))
    for cut in ask.cuts:  # sum over the set of (1 - y) + sum outside it of y >= 1
        terms = {col: (-1.0 if v in cut else 1.0) for v, col in layout.y.items()}
        model.row(1 - len(cut), math.inf, terms)


def _primary(problem: Problem, layout: Layout, what: str, ratio: float) -> dict[int, float]:
    """The terms minimised: cost, minus the score, or ratio x cost minus the score."""
    if what == "cost":
        return _objective_terms(problem, layout, "cost")
    score = {k: -v for k, v in _objective_terms(problem, layout, "score").items()}
    if what == "mix":
        _add(score, {k: ratio * v for k, v in _objective_terms(problem, layout, "cost").items()})
    return score


def _objective(problem: Problem, layout: Layout, ask: Ask) -> dict[int, float]:
    """The primary terms; a cost objective less ``TIE_WEIGHT`` x the problem's scale x the
    volume-weighted preference, so that among awards whose costs differ by less than that
    the tie order decides, in the same solve."""
    terms = _primary(problem, layout, ask.objective, ask.ratio)
    if ask.objective == "cost" and ask.prefer:
        epsilon = TIE_WEIGHT * problem.scale
        _add(
            terms,
            {k: -epsilon * v for k, v in _weighted(problem, layout, problem.preference).items()},
        )
    return terms


def formulate(problem: Problem, ask: Ask) -> tuple[Model, Layout, dict[int, float]]:
    """Every column and row of one solve, and the objective's terms."""
    model = Model()
    layout = _layout(problem, model)
    _structure(problem, model, layout, ask)
    _count_rows(problem, model, layout, ask)
    _rule_rows(problem, model, layout, ask)
    _resilience_rows(problem, model, layout, ask)
    _extra_rows(problem, model, layout, ask)
    return model, layout, _objective(problem, layout, ask)
