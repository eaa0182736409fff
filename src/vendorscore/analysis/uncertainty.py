"""SMAA-2 over weights x measurements (README): every sample draws the weights (unless they
are fixed) and every uncertain input, recomputes the raw values, gates and utilities that
depend on them, and ranks the vendors that pass.

Results beyond the weights-only analysis:

- the share of samples in which a gate excludes each ranked vendor (it takes no rank there),
  and, for a vendor excluded at its stated figures, the share in which it would pass;
- confidence factors: the probability, over the measurement draws alone, that a vendor ranks
  first under its own central weights (a second pass over the same draws);
- which uncertain input moves the decision most: the correlation, over the samples, between
  each input's quantile (the uniform it was drawn from, which orders its draws as their
  ranks do) and (a) whether the winner ranks first, (b) the runner-up's rank (1 = first; a
  sample that excludes it counts as one place below the last). A rank correlation, read as
  "higher values of this input go with ...".

The measurement draws come from their own generator (``default_rng([seed, 1])``), so the
weight draws are those of the weights-only analysis with the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from vendorscore.analysis.chunk import Chunk
from vendorscore.analysis.smaa import (
    CHUNK,
    PAIRWISE,
    Progress,
    SmaaOptions,
    SmaaResult,
    finish,
    order_samples,
    placed_rows,
    ranks_of,
    tie_rows,
    weights_of,
)
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.scoring.sampling import Measurements
from vendorscore.scoring.uncertain import Input

Array = NDArray[np.float64]
Ints = NDArray[np.int64]
CONFIDENCE_DRAWS = 2_500  # measurement draws the confidence factors are estimated over
CONFIDENCE_CELLS = 300_000_000  # TOPSIS: cells scored over the confidence draws, at most
UNCERTAIN_CELLS = 24_000_000  # numbers one chunk of uncertain samples may hold (192 MB)


@dataclass(frozen=True)
class Attribution:
    """How one uncertain input goes with the outcome (a correlation in -1..1)."""

    input: Input
    winner_first: float  # with "the winner ranks first" (1/0)
    runner_up_rank: float  # with the runner-up's rank (higher = worse place)

    @property
    def key(self) -> str:
        return self.input.key

    @property
    def label(self) -> str:
        return self.input.label

    @property
    def origin(self) -> str:
        return self.input.origin


@dataclass(frozen=True)
class DataUncertainty:
    """What the measurement draws added to the analysis."""

    inputs: tuple[Input, ...]  # every input drawn
    excluded: Array  # per vendor of the result (ranking order): share of samples excluded
    exclusions: tuple[str, ...]  # sentences: who is excluded how often, and by what
    attribution: tuple[Attribution, ...]  # every input, strongest first
    runner_up: str | None = None


@dataclass
class Tally:
    """Counts accumulated over the chunks of the first pass."""

    n: int
    inputs: int
    top: Ints
    counts: Ints = field(init=False)
    excluded: Ints = field(init=False)
    passes: Ints | None = None
    failures: dict[tuple[int, str], int] = field(default_factory=dict)
    pairwise: Ints = field(init=False)
    sums: Array = field(init=False)  # per input: sum u
    outcome: Array = field(init=False)  # (2 outcomes) x (sum o, sum o^2)
    cross: Array = field(init=False)  # inputs x 2 outcomes: sum u * o

    def __post_init__(self) -> None:
        n, k = self.n, self.inputs
        self.counts = np.zeros((n, n), dtype=np.int64)
        self.excluded = np.zeros(n, dtype=np.int64)
        self.pairwise = np.zeros((self.top.size, self.top.size), dtype=np.int64)
        self.sums = np.zeros(k)
        self.outcome = np.zeros((2, 2))
        self.cross = np.zeros((k, 2))

    def add(self, ranks: Ints, passing: NDArray[np.bool_], u: Array, outcomes: Array) -> None:
        n = self.n
        offsets = np.arange(n) * n
        cells = (ranks + offsets[None, :])[passing]
        self.counts += np.bincount(cells, minlength=n * n).reshape(n, n)
        self.excluded += (~passing).sum(axis=0)
        placed = np.where(passing, ranks, n)[:, self.top]
        self.pairwise += (placed[:, :, None] < placed[:, None, :]).sum(axis=0)
        self.sums += u.sum(axis=0)
        self.outcome += np.stack([outcomes.sum(axis=0), (outcomes * outcomes).sum(axis=0)]).T
        self.cross += u.T @ outcomes

    def correlations(self, samples: int) -> Array:
        """inputs x 2: correlation of each input's quantile with each outcome (0 when the
        outcome does not vary). A quantile is uniform on 0..1 by construction, so its
        variance is 1/12 exactly; the means and covariances are the samples'."""
        mean_u = self.sums / samples
        var_u = np.full_like(mean_u, 1.0 / 12.0)
        mean_o = self.outcome[:, 0] / samples
        var_o = self.outcome[:, 1] / samples - mean_o**2
        cov = self.cross / samples - mean_u[:, None] * mean_o[None, :]
        den = np.sqrt(np.maximum(var_u, 0.0)[:, None] * np.maximum(var_o, 0.0)[None, :])
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 1e-12, cov / np.where(den > 0, den, 1.0), 0.0)
        return np.asarray(np.clip(out, -1.0, 1.0), dtype=np.float64)


def ranked_rows(evaluation: Evaluation, measurements: Measurements) -> Ints:
    """Each ranked vendor's row among every vendor of the evaluation."""
    where = {v.id: r for r, v in enumerate(measurements.context.vendors)}
    return np.array([where[i] for i in evaluation.ranked_ids], dtype=np.int64)


def chunk_of(
    evaluation: Evaluation, measurements: Measurements, u: Array, rows: Ints
) -> tuple[Chunk, dict[tuple[int, str], int], NDArray[np.bool_] | None]:
    """Draw one chunk: the ranked vendors' state, the gates' failures and who passes."""
    drawn = measurements.draw(u)
    return Chunk(evaluation, drawn, rows), drawn.failures, drawn.passing


def _share(value: float) -> str:
    """A share of samples, never a rare but real one shown as 0.0 %."""
    return "under 0.1 %" if 0 < value < 0.0005 else f"{value * 100:.1f} %"


def exclusion_sentences(
    tally: Tally, measurements: Measurements, rows: Ints, samples: int
) -> tuple[str, ...]:
    """Who a gate excludes in some samples, how often and by which gate; and who, excluded
    at its stated figures, would pass in some samples."""
    vendors = measurements.context.vendors
    out: list[str] = []
    ranked = set(rows.tolist())
    by_row: dict[int, list[tuple[str, int]]] = {}
    for (row, label), count in sorted(tally.failures.items()):
        if count:
            by_row.setdefault(row, []).append((label, count))
    for row, reasons in sorted(by_row.items()):
        if row not in ranked:
            continue
        share = tally.excluded[int(np.flatnonzero(rows == row)[0])] / samples
        why = "; ".join(f"{label}: {_share(count / samples)}" for label, count in reasons)
        out.append(
            f"{vendors[row].name} is excluded by a gate in {_share(share)} of samples "
            f"({why}); it takes no rank in those samples."
        )
    if tally.passes is not None:
        for row, vendor in enumerate(vendors):
            if row in ranked or not tally.passes[row]:
                continue
            share = tally.passes[row] / samples
            out.append(
                f"{vendor.name} is excluded at its stated figures but would pass every gate in "
                f"{_share(share)} of samples; the analysis ranks the vendors that pass at "
                "their stated figures."
            )
    return tuple(out)


def run(
    evaluation: Evaluation,
    measurements: Measurements,
    options: SmaaOptions,
    progress: Progress | None = None,
) -> SmaaResult:
    """SMAA-2 over the weights (unless fixed) and the measurement draws."""
    n, m = evaluation.utilities.shape
    rows = ranked_rows(evaluation, measurements)
    ties = np.array(tie_rows(evaluation), dtype=np.int64)
    size = uncertain_chunk(evaluation, measurements)
    placed = placed_rows(evaluation)
    tally = Tally(n, len(measurements.inputs), np.array(placed[:PAIRWISE], dtype=np.int64))
    tally.passes = np.zeros(len(measurements.context.vendors), dtype=np.int64)
    winner, runner = placed[0], (placed[1] if n > 1 else None)
    firsts, sums = np.zeros(n, dtype=np.int64), np.zeros((n, m))
    rng = np.random.default_rng([options.seed, 1])
    total = options.samples + min(options.samples, CONFIDENCE_DRAWS)
    done = 0
    for weights in weights_of(evaluation, options, size):
        u = rng.random((len(weights), len(measurements.inputs)))
        chunk, failures, everyone = chunk_of(evaluation, measurements, u, rows)
        for key, count in failures.items():
            tally.failures[key] = tally.failures.get(key, 0) + count
        passing = np.ones((len(u), n), dtype=bool) if chunk.passing is None else chunk.passing
        if everyone is not None:
            tally.passes += everyone.sum(axis=0)
        order = order_samples(chunk.scores(weights), ties, chunk.tie_rank())
        ranks = ranks_of(order)
        first = order[:, 0]
        valid = passing[np.arange(len(u)), first]
        firsts += np.bincount(first[valid], minlength=n)
        np.add.at(sums, first[valid], weights[valid])
        outcomes = np.stack(
            [
                (valid & (first == winner)).astype(np.float64),
                np.zeros(len(u))  # no runner-up: nothing to correlate with
                if runner is None
                else np.where(passing[:, runner], ranks[:, runner] + 1, n + 1).astype(np.float64),
            ],
            axis=1,
        )
        tally.add(ranks, passing, u, outcomes)
        done += len(u)
        if progress is not None:
            progress(done, total)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = sums / firsts[:, None]
    central[firsts == 0] = np.nan
    confidence = confidence_factors(
        evaluation, measurements, options, central, rows, ties, progress
    )
    data = _data(evaluation, measurements, tally, rows, placed, options.samples)
    return finish(
        evaluation, options, placed, tally.counts, central, confidence, tally.pairwise, data
    )


def uncertain_chunk(evaluation: Evaluation, measurements: Measurements) -> int:
    """Samples per chunk: the numbers a chunk holds stay under ``UNCERTAIN_CELLS``: per
    sample, three arrays (raw values, utilities, their change) of every vendor per varying
    column, two of the inputs (quantiles and draws), and for TOPSIS its whole samples x
    vendors x criteria tensors."""
    n, m = evaluation.utilities.shape
    width = max(len(measurements.context.vendors), n, 1)
    columns = 3 * len(measurements.varying) + 2
    if evaluation.method == "topsis":
        columns = max(columns, 6 * max(m, 1))
    per_sample = width * columns + 2 * len(measurements.inputs)
    return int(max(1, min(CHUNK, UNCERTAIN_CELLS // per_sample)))


def confidence_factors(
    evaluation: Evaluation,
    measurements: Measurements,
    options: SmaaOptions,
    central: Array,
    rows: Ints,
    ties: Ints,
    progress: Progress | None = None,
) -> Array:
    """P(first under its own central weights) per vendor, over the same measurement draws."""
    n = len(rows)
    hits = np.zeros(n, dtype=np.int64)
    ever = [v for v in range(n) if not np.isnan(central[v]).any()]
    if not ever:
        return np.zeros(n)
    rng = np.random.default_rng([options.seed, 1])
    size = uncertain_chunk(evaluation, measurements)
    draws = confidence_draws(evaluation, options.samples, len(ever))
    for start in range(0, draws, size):
        count = min(size, draws - start)
        u = rng.random((count, len(measurements.inputs)))
        chunk, _, _ = chunk_of(evaluation, measurements, u, rows)
        hits[ever] += chunk.wins(central[ever], ever, ties)
        if progress is not None:
            progress(options.samples + start + count, options.samples + draws)
    return hits / draws


def confidence_draws(evaluation: Evaluation, samples: int, candidates: int) -> int:
    """The measurement draws the confidence factors are estimated over: ``CONFIDENCE_DRAWS``
    (at most ``samples``); under TOPSIS, which scores every candidate's whole samples x
    vendors x criteria tensor, as many as ``CONFIDENCE_CELLS`` allows, but at least 200."""
    draws = min(samples, CONFIDENCE_DRAWS)
    if evaluation.method == "topsis":
        n, m = evaluation.utilities.shape
        work = max(1, candidates * n * m)
        draws = min(draws, max(min(samples, 200), CONFIDENCE_CELLS // work))
    return int(draws)


def _data(
    evaluation: Evaluation,
    measurements: Measurements,
    tally: Tally,
    rows: Ints,
    placed: list[int],
    samples: int,
) -> DataUncertainty:
    corr = tally.correlations(samples)
    found = [
        Attribution(i, float(corr[k, 0]), float(corr[k, 1]))
        for k, i in enumerate(measurements.inputs)
    ]
    found.sort(key=lambda a: (-max(abs(a.winner_first), abs(a.runner_up_rank)), a.key))
    return DataUncertainty(
        measurements.inputs,
        tally.excluded[placed] / samples,
        exclusion_sentences(tally, measurements, rows, samples),
        tuple(found),
        evaluation.ranked_ids[placed[1]] if len(placed) > 1 else None,
    )
