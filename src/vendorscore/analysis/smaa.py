"""SMAA-2 (Lahdelma & Salminen 2001): rank acceptability under uncertain weights.

Weight vectors are sampled (``uniform`` on the simplex of the criteria that carry weight,
or ``jitter``: each stated weight times 1 + U(-J %, +J %), renormalised), every vendor is
scored under every sample at once (samples x criteria against criteria x vendors), and ranks
come from an argsort per sample. Reported per vendor:

- rank acceptability b_v^r: the share of samples in which v takes rank r + 1;
- central weight vector: the mean of the samples in which v ranks first (None if never);
- confidence factor: whether v ranks first when its central weights are used. With exact
  criteria values the factor is 1 or 0; with uncertain vendor data (``uncertainty.py``) it is
  the probability of ranking first under the central weights over the measurement draws;
- pairwise winning indices among the first ``PAIRWISE`` vendors of the ranking: the share
  of samples in which A ranks above B.

Samples are drawn from ``numpy.random.default_rng(seed)`` and scored a chunk at a time; the
draws of successive chunks are the same numbers as one draw of every sample (numpy fills row
after row), so the result does not depend on the chunk size. A chunk holds at most
``CHUNK_CELLS`` numbers (samples x vendors, times criteria for TOPSIS with missing values),
so no single numpy call runs long: Ctrl-C (checked between calls) is honoured within a
fraction of a second even on 2 000 vendors, and memory stays flat whatever ``--samples``.
Exact ties within a sample (a weighted product of 0, say) are settled as the ranking settles
them: tie breakers, then id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from vendorscore.models.choices import MAX_SAMPLES, MAX_SEED, Method
from vendorscore.scoring import methods
from vendorscore.scoring.evaluation import Evaluation

if TYPE_CHECKING:
    from vendorscore.analysis.uncertainty import DataUncertainty

Array = NDArray[np.float64]
Progress = Callable[[int, int], None]
CHUNK = 1000  # samples scored at once, at most
CHUNK_CELLS = 1_000_000  # numbers one chunk's scoring may hold (bounds the time between checks)
WeightModel = Literal["uniform", "jitter"]
PAIRWISE = 10  # vendors of the pairwise winning matrix (the first of the ranking)


@dataclass(frozen=True)
class SmaaOptions:
    """How SMAA samples: how many weight vectors, from which seed, by which model (uniform on
    the simplex, or jitter: each weight times 1 + U(-jitter %, +jitter %))."""

    samples: int = 10_000
    seed: int = 0
    model: WeightModel = "uniform"
    jitter: float = 20.0
    uncertainty: bool = True  # draw the vendors' uncertain figures too (when there are any)
    fixed_weights: bool = False  # keep the stated weights in every sample (data-only)

    def __post_init__(self) -> None:
        if not 1 <= self.samples <= MAX_SAMPLES:
            raise ValueError(f"SMAA takes from 1 to {MAX_SAMPLES:,} samples")
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")
        if not 0 <= self.jitter < 100:
            raise ValueError("the jitter must be a percentage from 0 to below 100")


@dataclass(frozen=True)
class SmaaResult:
    """Rank acceptability indices, central weights and confidence factors."""

    samples: int
    seed: int
    model: str
    jitter: float | None
    vendors: tuple[str, ...]  # rows of acceptability, in ranking order
    criteria: tuple[str, ...]
    acceptability: Array  # vendors x ranks
    central: Array  # vendors x criteria (NaN row: never first)
    confidence: Array  # vendors
    pairwise: Array = field(default_factory=lambda: np.zeros((0, 0)))  # P(row above column)
    fixed_weights: bool = False
    data: DataUncertainty | None = None  # what the measurement draws added (None: none)

    @property
    def pairwise_ids(self) -> tuple[str, ...]:
        """The vendors of the pairwise matrix: the first of the ranking."""
        return self.vendors[: len(self.pairwise)]


def _draw(rng: np.random.Generator, base: Array, samples: int, model: str, jitter: float) -> Array:
    active = base > 0
    out = np.zeros((samples, base.size))
    if model == "uniform":
        out[:, active] = rng.dirichlet(np.ones(int(active.sum())), size=samples)
    else:
        noise = 1.0 + (jitter / 100.0) * rng.uniform(-1.0, 1.0, size=(samples, base.size))
        raw = base * noise
        out = raw / raw.sum(axis=1, keepdims=True)
    return out


def weight_chunks(
    base: Array, samples: int, seed: int, model: str, jitter: float, size: int = CHUNK
) -> Iterator[Array]:
    """The rows of ``sample_weights(base, samples, seed, model, jitter)``, ``size`` at a time
    (the same numbers: numpy draws row after row)."""
    rng = np.random.default_rng(seed)
    for start in range(0, samples, size):
        yield _draw(rng, base, min(size, samples - start), model, jitter)


def sample_weights(base: Array, samples: int, seed: int, model: str, jitter: float) -> Array:
    """``samples`` x criteria weight vectors, each summing to 1."""
    return _draw(np.random.default_rng(seed), base, samples, model, jitter)


def chunk_size(evaluation: Evaluation) -> int:
    """How many samples to score at once: at most ``CHUNK``, and at most ``CHUNK_CELLS``
    numbers per chunk (TOPSIS with missing values goes cell by cell: vendors x criteria)."""
    n, m = evaluation.utilities.shape
    cellwise = evaluation.method == "topsis" and not evaluation.used.all()
    per_sample = max(1, n) * (max(1, m) if cellwise else 1)
    return max(1, min(CHUNK, CHUNK_CELLS // int(per_sample)))


def chunked_scores(evaluation: Evaluation, weights: Array) -> Array:
    """``batch_scores`` a chunk of rows at a time (bounded memory and time per call)."""
    size = chunk_size(evaluation)
    if len(weights) <= size:
        return batch_scores(evaluation, weights)
    return np.concatenate(
        [batch_scores(evaluation, weights[i : i + size]) for i in range(0, len(weights), size)]
    )


def batch_scores(evaluation: Evaluation, weights: Array) -> Array:
    """Scores (samples x vendors) of the ranked vendors under many weight vectors at once;
    the same numbers `Evaluation.rescore` gives for one vector."""
    return BATCH[evaluation.method](evaluation, weights)


def _batch_sum(evaluation: Evaluation, weights: Array) -> Array:
    u = evaluation.utilities
    if evaluation.used.all():  # in place: the same numbers as within_100(100.0 * (w @ u.T))
        scores: Array = weights @ u.T
        np.multiply(scores, 100.0, out=scores)
        np.clip(scores, 0.0, 100.0, out=scores)
        return scores
    mask = evaluation.used.astype(np.float64)
    den = weights @ mask.T
    safe = np.where(den > 0, den, 1.0)
    return methods.within_100(100.0 * (weights @ (mask * u).T) / safe)


def _batch_product(evaluation: Evaluation, weights: Array) -> Array:
    u = evaluation.utilities
    mask = evaluation.used.astype(np.float64)
    den = weights @ mask.T
    safe = np.where(den > 0, den, 1.0)
    logs = np.where(u > 0, np.log(np.where(u > 0, u, 1.0)), 0.0) * mask
    zero = ((weights > 0).astype(np.float64) @ ((u <= 0) * mask).T) > 0
    return methods.within_100(np.where(zero, 0.0, 100.0 * np.exp((weights @ logs.T) / safe)))


def _batch_topsis(evaluation: Evaluation, weights: Array) -> Array:
    values = evaluation.utilities if evaluation.topsis_on_utilities else evaluation.raw
    higher = (
        np.ones_like(evaluation.higher) if evaluation.topsis_on_utilities else evaluation.higher
    )
    used = evaluation.used
    x = np.where(used, values, 0.0)
    r = x if evaluation.topsis_on_utilities else methods.vector_normalise(x)
    if used.all():
        best = np.where(higher, r.max(axis=0), r.min(axis=0))
        worst = np.where(higher, r.min(axis=0), r.max(axis=0))
        squared = weights * weights
        d_plus = np.sqrt(squared @ ((r - best) ** 2).T)
        d_minus = np.sqrt(squared @ ((r - worst) ** 2).T)
    else:  # per-vendor renormalised weights: ideals differ per sample, so go cell by cell
        rows = weights[:, None, :] * used[None, :, :]
        rows = rows / np.where(
            rows.sum(axis=2, keepdims=True) > 0, rows.sum(axis=2, keepdims=True), 1.0
        )
        v = rows * r[None, :, :]
        top = np.where(used[None], v, -np.inf).max(axis=1)
        bottom = np.where(used[None], v, np.inf).min(axis=1)
        top = np.where(np.isfinite(top), top, 0.0)
        bottom = np.where(np.isfinite(bottom), bottom, 0.0)
        best = np.where(higher, top, bottom)[:, None, :]
        worst = np.where(higher, bottom, top)[:, None, :]
        d_plus = np.sqrt((np.where(used[None], v - best, 0.0) ** 2).sum(axis=2))
        d_minus = np.sqrt((np.where(used[None], v - worst, 0.0) ** 2).sum(axis=2))
    total = d_plus + d_minus
    return methods.within_100(
        np.where(total > 0, 100.0 * d_minus / np.where(total > 0, total, 1.0), 100.0)
    )


BATCH: dict[Method, Callable[[Evaluation, Array], Array]] = {
    "weighted_sum": _batch_sum,
    "weighted_product": _batch_product,
    "topsis": _batch_topsis,
}


def order_samples(
    scores: Array,
    tie_order: NDArray[np.int64],
    tie_rank: Callable[[], NDArray[np.int64]] | None = None,
) -> NDArray[np.int64]:
    """Vendors best first in each sample. Exact ties are rare with continuous weights, so the
    fast unstable sort is used and the stable one (in tie order) only when a tie shows up.
    ``tie_rank`` gives each vendor's place in the tie order of each sample, when the
    tie-breakers' values were drawn (samples x vendors); else ``tie_order`` holds for all."""
    order = np.argsort(-scores, axis=1)
    ranked = np.sort(scores, axis=1)  # the same neighbours as scores[order], and faster
    # vendors a gate excludes in a sample score -inf: their order among themselves is moot
    if ((ranked[:, 1:] == ranked[:, :-1]) & np.isfinite(ranked[:, 1:])).any():
        if tie_rank is not None:
            return np.asarray(np.lexsort((tie_rank(), -scores), axis=-1), dtype=np.int64)
        return np.asarray(tie_order[np.argsort(-scores[:, tie_order], axis=1, kind="stable")])
    return order


def tie_rows(evaluation: Evaluation) -> list[int]:
    """Rows ordered as exact ties are settled: tie-breaker utilities (higher first), then id."""
    u = evaluation.utilities
    rows = range(len(evaluation.ranked_ids))
    return sorted(
        rows,
        key=lambda r: (tuple(-u[r, j] for j in evaluation.tie_breakers), evaluation.ranked_ids[r]),
    )


def _central(
    evaluation: Evaluation, sums: Array, firsts: NDArray[np.int64], tie_order: NDArray[np.int64]
) -> tuple[Array, Array]:
    """Central weight vectors (NaN rows for vendors never first) and confidence factors: is
    each vendor first under its own central weights (with the same tie rule)?"""
    with np.errstate(invalid="ignore", divide="ignore"):
        central = sums / firsts[:, None]
    central[firsts == 0] = np.nan
    confidence = np.zeros(len(firsts))
    ever = np.flatnonzero(firsts)
    if ever.size:
        scores = chunked_scores(evaluation, central[ever])
        best = tie_order[np.argmax(scores[:, tie_order], axis=1)]
        confidence[ever] = (best == ever).astype(np.float64)
    return central, confidence


def weights_of(evaluation: Evaluation, options: SmaaOptions, size: int) -> Iterator[Array]:
    """The weight vectors of successive chunks: drawn, or the stated ones (fixed weights)."""
    if options.fixed_weights:
        base = evaluation.weights
        for start in range(0, options.samples, size):
            count = min(size, options.samples - start)
            yield np.repeat(base[None, :], count, axis=0)
        return
    yield from weight_chunks(
        evaluation.weights, options.samples, options.seed, options.model, options.jitter, size
    )


def top_ranks(order: NDArray[np.int64], top: NDArray[np.int64]) -> NDArray[np.int64]:
    """The ranks (0 = first) of the vendors ``top`` in each sample, from the order best first:
    ``ranks_of(order)[:, top]`` without inverting every permutation (each sample holds every
    vendor of ``top`` once, so its positions, found in order, come ``top.size`` per row)."""
    label = np.full(order.shape[1], -1, dtype=np.int64)
    label[top] = np.arange(top.size)
    labels = label[order]
    rows, positions = np.nonzero(labels >= 0)
    ranks = np.empty((order.shape[0], top.size), dtype=np.int64)
    np.put_along_axis(
        ranks,
        labels[rows, positions].reshape(ranks.shape),
        positions.reshape(ranks.shape),
        axis=1,
    )
    return ranks


def ranks_of(order: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each vendor's rank (0 = first) in each sample, from the order best first."""
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(order.shape[1])[None, :], axis=1)
    return ranks


def finish(
    evaluation: Evaluation,
    options: SmaaOptions,
    placed: list[int],
    counts: NDArray[np.int64] | Array,
    central: Array,
    confidence: Array,
    pairwise: NDArray[np.int64] | Array,
    data: DataUncertainty | None = None,
) -> SmaaResult:
    """The result, its rows in ranking order (``placed``)."""
    samples = options.samples
    return SmaaResult(
        samples,
        options.seed,
        options.model,
        options.jitter if options.model == "jitter" else None,
        tuple(evaluation.ranked_ids[r] for r in placed),
        tuple(c.id for c in evaluation.ranking.criteria),
        counts[placed] / samples,
        central[placed],
        confidence[placed],
        pairwise / samples,
        options.fixed_weights,
        data,
    )


def placed_rows(evaluation: Evaluation) -> list[int]:
    """The rows of the ranked vendors in ranking order (the rows of every result; the first
    ``PAIRWISE`` are the pairwise matrix's)."""
    return [row for row, _ in evaluation.order(evaluation.rescore(evaluation.weights))]


def smaa(
    evaluation: Evaluation,
    options: SmaaOptions = SmaaOptions(),
    progress: Progress | None = None,
) -> SmaaResult:
    """Run SMAA-2 over the ranked vendors (over their uncertain figures too, when they have
    any and ``options.uncertainty`` is on)."""
    n, m = evaluation.utilities.shape
    if n == 0:  # nobody passed the gates: nothing to rank in any sample
        empty = np.zeros((0, 0))
        return finish(evaluation, options, [], empty, np.zeros((0, m)), np.zeros(0), empty)
    if options.uncertainty and evaluation.context is not None:
        from vendorscore.analysis.uncertainty import run
        from vendorscore.scoring.sampling import Measurements, may_vary

        if may_vary(evaluation.context):
            measurements = Measurements(evaluation.context)
            if not measurements.empty:
                return run(evaluation, measurements, options, progress)
    counts = np.zeros(n * n, dtype=np.int64)  # vendor v at rank r: cell v * n + r
    firsts = np.zeros(n, dtype=np.int64)
    sums = np.zeros((n, m))
    positions = np.arange(n)
    placed = placed_rows(evaluation)
    top = np.array(placed[:PAIRWISE], dtype=np.int64)
    pairwise = np.zeros((top.size, top.size), dtype=np.int64)
    # columns in tie order, so that a stable sort settles exact ties like the ranking does
    tie_order = np.array(tie_rows(evaluation), dtype=np.int64)
    done = 0
    for chunk in weights_of(evaluation, options, chunk_size(evaluation)):
        order = order_samples(batch_scores(evaluation, chunk), tie_order)
        cells = order * n
        cells += positions
        counts += np.bincount(cells.ravel(), minlength=n * n)
        leaders = top_ranks(order, top)
        pairwise += (leaders[:, :, None] < leaders[:, None, :]).sum(axis=0)
        first = order[:, 0]
        firsts += np.bincount(first, minlength=n)
        np.add.at(sums, first, chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, options.samples)
    central, confidence = _central(evaluation, sums, firsts, tie_order)
    return finish(evaluation, options, placed, counts.reshape(n, n), central, confidence, pairwise)
