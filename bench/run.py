"""vendorscore benchmarks: each row is timed against a baseline measured in the same run.

    python bench/run.py [--vendors N] [--big N] [--loo N ...] [--repeat R] [--only NAME ...]

(the staffing rows alone: python bench/run.py --only staffing-a staffing-c example)

Rows (names for --only in brackets):
  [startup]    `--help`, `validate`, `rank` and `report` of the example, each against the
               imports it needs, in CPU seconds (bench/startup.py).
  [validate]   `vendorscore validate` of 500 vendor files, against `check-jsonschema
               --schemafile schemas/vendor.schema.json` on the same files (target: <= 0.7x).
  [big]        `vendorscore rank` of a generated catalogue of 100 000 vendors x 12 criteria
               (coverage and languages included), against loading the same file with
               PyYAML's C loader alone (target: <= 2x); peak memory of both is reported.
  rank-10k     `vendorscore rank` end to end on a generated catalogue of N vendors x 12
               criteria (coverage and languages included), in a subprocess, against
               `python -c "import yaml; yaml.load(<the file>, Loader=yaml.CSafeLoader)"`
               (the floor: just reading the file with PyYAML's C loader).
  kernel-10k   the weighted-sum scoring kernel alone on the ranked vendors' utility matrix,
               against a plain numpy weighted sum written here.
  smaa-1k      SMAA-2 with 10 000 uniform weight samples on 1 000 vendors x 12 criteria (the
               analysis function alone, acceptability + central weights + confidence), against
               a straightforward numpy reference written here (matmul, double argsort, bincount).
  [smaa-unc]   SMAA-2 over weights x measurements, 10 000 samples on the generated catalogue of
               1 000 vendors x 12 criteria whose criteria file adds the defaults `uncertainty:
               {pricing.rate: {minus_percent: 5, plus_percent: 15, shape: triangular},
               kpis.fcr: {plus_minus: 2}, kpis.csat: {plus_minus: 1.5}, kpis.attrition:
               {plus_minus: 5}}` (every vendor uncertain on 4 fields: 4 000 inputs). Ours is
               the full analysis `smaa(evaluation, SmaaOptions(samples=10_000))`
               (acceptability, central weights, confidence factors over the draws, pairwise
               winning, exclusions, attribution), in two rows of the same run on the same
               evaluation: (1) against the weights-only SMAA `SmaaOptions(samples=10_000,
               uncertainty=False)` (target: <= 3x); (2) against a straightforward numpy
               reference of the same sampling written here (target: <= 2x): one uniform matrix
               samples x inputs (same generators and seeds, so the same draws), uniform and
               triangular inverse CDFs, the raw columns that depend on them (the kpis columns
               are the draws; cost = (drawn rate x the vendor's fixed quantity + setup / years)
               x fx; price is the rate draw), their utilities (min-max per sample over the
               vendors, or the criterion's absolute bounds), weighted sum under uniform
               Dirichlet weights, double argsort ranks, bincount acceptability, central
               weights. The reference has no gates, no confidence factors, no pairwise winning
               and no attribution; its set-up (laws, fixed quantities, input layout) is not
               timed; it scores as many samples at once as vendorscore does (`uncertain_chunk`,
               at most 1 000), and the bench asserts that it gives the same rank acceptability
               and central weights on a first 1 000 samples. Peak RSS
               of one more run of each (ranking the project included) is measured in a
               subprocess and shown in the row names. The targets are measured, not asserted.
  example      `vendorscore rank --example` against `python -c "import typer"` (target: < 1 s;
               the example staffs its year with Erlang C).
  [staffing-a] Erlang A staffing of a year of 15-minute intervals (35 040, built by
               vendorscore's `build_year` from an in-memory criteria file: 600 000 contacts,
               the example's retail intraday curve x weekday x month x BFCM, 06-24 coverage)
               for 50 vendors with AHTs 300, 305, .., 545 s (patience 120 s, 80/20, occupancy
               at most 85 %): `staffing.agents` (erlang_a_agents_many) for every vendor
               (target: < 1 s), against a plain loop calling the scalar search
               `erlang_a_agents` per vendor per interval. The loop is too slow to run in
               full: it runs on a fixed random sample of 200 intervals x 50 vendors and its
               time is extrapolated linearly to 35 040 x 50 (labelled so); the bench asserts
               both give identical agent counts on the sample.
  [staffing-c] the same year and vendors under Erlang C: `staffing.agents` (erlang_c_agents,
               one vectorised recursion per distinct load) against a plain loop per vendor
               per interval of the scalar Erlang B recursion (n from 1 up until 80/20 and the
               occupancy cap hold), sampled on 2 000 intervals x 50 vendors and extrapolated
               the same way, identical counts asserted.
  loo          leave-one-out (every ranked vendor removed in turn, relative value functions
               recomputed, the others re-ranked and every flipped pair listed) on 500, 1 000
               and 2 000 vendors x 12 criteria (--loo N ...), under weighted_sum and topsis,
               against a plain numpy re-score of the whole matrix once per removal (np.delete,
               min-max of the relative columns, then the matmul or the vector-normalised
               TOPSIS), which lists no flip: the floor of any leave-one-out.

  [calendar]   coverage of 1 000 vendors x a year, the example's staffed year and the gap
               texts of 168 schedules, each against the scalar calendar (bench/calendars.py).
  [parsers]    large catalogues: rank of the big catalogue as YAML and as JSON, and each
               candidate parser's bare load, against the fastest parser (bench/parsers.py).
  [scale]      `sensitivity` (json and table) and `report` (html and md) on 1 000 vendors, 10 000
               samples, whole processes in CPU seconds, against a plain numpy SMAA-2 process
               (see bench/scale.py).
  [award]      the award problem of bench/award.py (50 vendors x 6 language segments under the
               example's Erlang C workload, share cap 70 %, minimum share 10 %, 2-6 vendors,
               a volume-weighted FCR floor of 76): building the problem (staffed cost curves)
               and solving it to proven optimality (target: < 5 s), then the 10 best vendor
               sets (target: < 30 s); each against the same problem with every share priced
               linearly (the per-unit model other sourcing optimisers solve).

Timings are the median of R runs (R >= 3); ratios are vendorscore / baseline.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.catalogue import write_catalogue  # noqa: E402
from bench.parsers import bench_parsers  # noqa: E402
from bench.startup import bench_startup  # noqa: E402

CRITERIA = """\
name: Catalogue benchmark
evaluation_date: 2027-01-15
currency: USD
fx: {EUR: 1.08, GBP: 1.27}
workload: {contacts_per_year: 600000, aht_seconds: 360, occupancy: 80, hours_per_fte_month: 160, contract_years: 3}
groups: {commercial: 30, service: 40, capability: 30}
criteria:
  - {id: cost, kind: cost, weight: 1, group: commercial, scoring: {method: absolute, best: 500000, worst: 5000000}}
  - id: coverage
    kind: coverage
    weight: 30
    group: service
    required: [{days: daily, start: "06:00", end: "24:00", timezone: America/New_York}]
  - {id: languages, kind: languages, weight: 20, group: service, demand: {en: 70, es: 25, fr: 5}}
  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 20, group: service}
  - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 15, group: service}
  - {id: channels, kind: set, field: channels, weight: 15, group: service, points: {voice: 3, chat: 2, email: 1, social: 1}}
  - {id: attrition, kind: numeric, field: kpis.attrition, direction: lower, weight: 25, group: capability, scoring: {method: absolute, best: 20, worst: 60}}
  - {id: agents, kind: numeric, field: capacity.agents, direction: higher, weight: 25, group: capability}
  - {id: ramp, kind: numeric, field: capacity.ramp_agents, direction: higher, weight: 20, group: capability}
  - {id: certs, kind: certifications, weight: 15, group: capability, points: {ISO 27001: 2, PCI DSS: 2, COPC: 1, SOC 2 Type II: 1}}
  - {id: setup, kind: numeric, field: pricing.setup_fee, direction: lower, weight: 10, group: commercial}
  - {id: price, kind: numeric, field: pricing.rate, direction: lower, weight: 15, group: capability}
"""
UNCERTAINTY = """\
uncertainty:
  pricing.rate: {minus_percent: 5, plus_percent: 15, shape: triangular}
  kpis.fcr: {plus_minus: 2}
  kpis.csat: {plus_minus: 1.5}
  kpis.attrition: {plus_minus: 5}
"""


def median_time(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run(cmd: list[str]) -> Callable[[], None]:
    def go() -> None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return go


def make_project(root: Path, n: int) -> Path:
    (root / "criteria").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / "criteria" / "bench.yaml").write_text(CRITERIA)
    write_catalogue(n, root / "vendors" / "catalogue.yaml")
    return root


def vendorscore() -> list[str]:
    return [sys.executable, "-m", "vendorscore"]


def pyyaml_load(file: Path) -> list[str]:
    """The floor: a process that only reads ``file`` with PyYAML's C loader."""
    code = f"import yaml; yaml.load(open({str(file)!r}).read(), Loader=yaml.CSafeLoader)"
    return [sys.executable, "-c", code]


def bench_rank(work: Path, n: int, repeat: int) -> list[tuple[str, float, str, float]]:
    project = make_project(work / f"p{n}", n)
    file = project / "vendors" / "catalogue.yaml"
    floor = pyyaml_load(file)
    ours = [*vendorscore(), "rank", str(project), "--format", "csv"]
    subprocess.run(ours, check=True, stdout=subprocess.DEVNULL)
    return [
        (
            f"rank {n:,} vendors x 12 criteria (end to end)",
            median_time(run(ours), repeat),
            "PyYAML CSafeLoader load of the same file",
            median_time(run(floor), repeat),
        ),
    ]


def bench_kernel(work: Path, n: int, repeat: int) -> list[tuple[str, float, str, float]]:
    import numpy as np

    from vendorscore.scoring import methods
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection

    project = work / f"p{n}"
    if not project.exists():
        make_project(project, n)
    evaluation = rank_project(Selection(str(project)))
    u, w = evaluation.utilities, evaluation.weights
    loops = max(1, 2_000_000 // max(u.size, 1))

    def kernel() -> None:
        for _ in range(loops):
            methods.weighted_sum(u, w)

    def baseline() -> None:
        for _ in range(loops):
            (u * w).sum(axis=1) * 100.0

    assert np.allclose(methods.weighted_sum(u, w), (u * w).sum(axis=1) * 100.0)
    rows, cols = u.shape
    return [
        (
            f"weighted_sum kernel, {rows:,} x {cols} (per call)",
            median_time(kernel, max(repeat, 5)) / loops,
            "plain numpy (u * w).sum(axis=1) * 100",
            median_time(baseline, max(repeat, 5)) / loops,
        ),
    ]


def bench_smaa(
    work: Path, repeat: int, vendors: int = 1000, samples: int = 10_000
) -> list[tuple[str, float, str, float]]:
    import numpy as np

    from vendorscore.analysis.smaa import SmaaOptions, sample_weights, smaa
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection

    project = work / f"smaa{vendors}"
    if not project.exists():
        make_project(project, vendors)
    evaluation = rank_project(Selection(str(project)))
    u = evaluation.utilities
    n = u.shape[0]

    def ours() -> None:
        smaa(evaluation, SmaaOptions(samples=samples))

    def reference() -> None:
        weights = sample_weights(evaluation.weights, samples, 0, "uniform", 0)
        scores = 100.0 * weights @ u.T
        ranks = np.argsort(np.argsort(-scores, axis=1), axis=1)
        counts = np.bincount((ranks + np.arange(n) * n).ravel(), minlength=n * n).reshape(n, n)
        first = ranks.argmin(axis=1)
        central = np.zeros((n, weights.shape[1]))
        np.add.at(central, first, weights)
        _ = counts / samples, central / np.maximum(np.bincount(first, minlength=n), 1)[:, None]

    return [
        (
            f"SMAA-2, {samples:,} samples, {n:,} vendors x {u.shape[1]} criteria",
            median_time(ours, repeat),
            "straightforward numpy reference (matmul, double argsort, bincount)",
            median_time(reference, repeat),
        ),
    ]


# the reference's reading of UNCERTAINTY: criterion -> (field, plus or minus)
UNCERTAIN_KPIS = {
    "fcr": ("kpis.fcr", 2.0),
    "csat": ("kpis.csat", 1.5),
    "attrition": ("kpis.attrition", 5.0),
}
RATE_SPREAD = (0.95, 1.15)  # pricing.rate: triangular from -5 % to +15 %, peak at the rate


def _uncertain_reference(evaluation: Any, samples: int) -> Callable[[], tuple[Any, Any]]:
    """The baseline of smaa-unc: SMAA-2 over the weights and the four uncertain fields of every
    vendor written plainly in numpy (no gates, no confidence factors, no pairwise winning, no
    attribution). Draws the same numbers as vendorscore: weights from default_rng(0), the
    inputs' uniforms from default_rng([0, 1]) laid out as ``Measurements`` lays them out."""
    import numpy as np

    from vendorscore.analysis.uncertainty import uncertain_chunk
    from vendorscore.criteria.cost import billing
    from vendorscore.scoring.sampling import Measurements

    context = evaluation.context
    settings = context.raw.settings
    measurements = Measurements(context)
    size = uncertain_chunk(evaluation, measurements)  # the samples vendorscore scores at once
    inputs = len(measurements.inputs)
    rows = {vendor.id: r for r, vendor in enumerate(context.vendors)}
    vendors = [context.vendors[rows[i]] for i in evaluation.ranked_ids]
    u0, n, m = evaluation.utilities, len(vendors), evaluation.utilities.shape[1]
    ids = [c.id for c in evaluation.ranking.criteria]

    def column(path: str) -> Any:  # each ranked vendor's input column for a field
        return np.array([measurements.column[f"{v.id} {path}"] for v in vendors])

    rate = np.array([float(v.pricing.rate) for v in vendors])
    rate_low, rate_high = rate * RATE_SPREAD[0], rate * RATE_SPREAD[1]
    bills = [billing(v, settings.workload, settings.currency, settings.fx) for v in vendors]
    quantity = np.array([b.quantity for b in bills])
    setup = np.array([b.setup_per_year for b in bills])
    fx = np.array([b.fx for b in bills])
    kpis = {}  # criterion column -> (input columns, low, high)
    for cid, (path, spread) in UNCERTAIN_KPIS.items():
        point = evaluation.values[:, ids.index(cid)]  # percentages: the range is cut to 0-100
        low, high = np.maximum(point - spread, 0.0), np.minimum(point + spread, 100.0)
        kpis[ids.index(cid)] = (column(path), low, high)
    rate_col, cost_j, price_j = column("pricing.rate"), ids.index("cost"), ids.index("price")
    varying = [cost_j, price_j, *kpis]
    fixed = u0.copy()
    fixed[:, varying] = 0.0
    functions = evaluation.functions

    def utilities(fn: Any, x: Any) -> Any:
        if fn.method == "min_max":
            low, high = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
            return (x - low) / (high - low) if fn.higher else (high - x) / (high - low)
        return np.clip((x - fn.worst) / (fn.best - fn.worst), 0.0, 1.0)

    def go() -> tuple[Any, Any]:
        weight_rng, data_rng = np.random.default_rng(0), np.random.default_rng([0, 1])
        counts = np.zeros(n * n, dtype=np.int64)
        sums = np.zeros((n, m))
        offsets = np.arange(n) * n
        for start in range(0, samples, size):
            count = min(size, samples - start)
            weights = weight_rng.dirichlet(np.ones(m), size=count)
            u = data_rng.random((count, inputs))
            v = u[:, rate_col]  # triangular(low, rate, high) by its inverse CDF
            a, c, b = rate_low, rate, rate_high
            below = a + np.sqrt(v * (b - a) * (c - a))
            above = b - np.sqrt((1.0 - v) * (b - a) * (b - c))
            drawn_rate = np.where(v * (b - a) < (c - a), below, above)
            raw = {cost_j: (drawn_rate * quantity + setup) * fx, price_j: drawn_rate}
            for j, (cols, low, high) in kpis.items():
                raw[j] = low + u[:, cols] * (high - low)  # uniform(low, high)
            scores = weights @ fixed.T
            for j, x in raw.items():
                scores += weights[:, j : j + 1] * utilities(functions[j], x)
            order = np.argsort(-scores, axis=1)
            ranks = np.argsort(order, axis=1)
            counts += np.bincount((ranks + offsets).ravel(), minlength=n * n)
            np.add.at(sums, order[:, 0], weights)
        firsts = counts.reshape(n, n)[:, 0]
        return counts.reshape(n, n) / samples, sums / np.maximum(firsts, 1)[:, None]

    return go


def bench_smaa_uncertain(
    work: Path, repeat: int, vendors: int = 1000, samples: int = 10_000
) -> list[tuple[str, float, str, float]]:
    import numpy as np

    from vendorscore.analysis.smaa import SmaaOptions, smaa
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection

    project = work / f"smaa-unc{vendors}"
    if not project.exists():
        make_project(project, vendors)
        criteria = project / "criteria" / "bench.yaml"
        criteria.write_text(criteria.read_text() + UNCERTAINTY)
    evaluation = rank_project(Selection(str(project)))
    u = evaluation.utilities
    n = u.shape[0]

    # the reference draws what vendorscore draws: same rank acceptability on a first 1 000
    check = min(samples, 1000)
    result = smaa(evaluation, SmaaOptions(samples=check))
    assert result.data is not None
    inputs = len(result.data.inputs)
    placed = [evaluation.ranked_ids.index(i) for i in result.vendors]
    acceptability, central = _uncertain_reference(evaluation, check)()
    assert np.abs(acceptability[placed] - result.acceptability).max() <= 2 / check
    first = ~np.isnan(result.central).any(axis=1)
    assert np.allclose(central[placed][first], result.central[first])

    def ours() -> None:
        smaa(evaluation, SmaaOptions(samples=samples))

    def weights_only() -> None:
        smaa(evaluation, SmaaOptions(samples=samples, uncertainty=False))

    reference = _uncertain_reference(evaluation, samples)
    child = [sys.executable, "-c", SMAA_CHILD, str(project), str(samples)]
    _, ours_mib = peak([*child, "uncertain"])
    _, weights_mib = peak([*child, "weights"])
    _, reference_mib = peak([*child, "reference"])
    ours_time = median_time(ours, repeat)
    shape = (
        f"{samples:,} samples, {n:,} vendors x {u.shape[1]} criteria, {inputs:,} uncertain inputs"
    )
    return [
        (
            f"SMAA-2 over weights x measurements, {shape}, peak {ours_mib:,} MiB",
            ours_time,
            f"weights-only SMAA-2 (uncertainty=False), same evaluation, peak {weights_mib:,} MiB",
            median_time(weights_only, repeat),
        ),
        (
            f"SMAA-2 over weights x measurements, {shape}, peak {ours_mib:,} MiB",
            ours_time,
            "straightforward numpy reference (inverse CDFs, recomputed columns and utilities, "
            f"matmul, double argsort, bincount; no gates, no confidence), peak {reference_mib:,} MiB",
            median_time(reference, repeat),
        ),
    ]


# one run of a smaa-unc variant (uncertain, weights, reference) on a project, for peak()
SMAA_CHILD = f"""\
import sys
sys.path.insert(0, {str(HERE.parent)!r})
from vendorscore.analysis.smaa import SmaaOptions, smaa
from vendorscore.services.evaluate import rank_project
from vendorscore.services.project import Selection
project, samples, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3]
evaluation = rank_project(Selection(project))
if variant == "reference":
    from bench.run import _uncertain_reference
    _uncertain_reference(evaluation, samples)()
else:
    smaa(evaluation, SmaaOptions(samples=samples, uncertainty=variant == "uncertain"))
"""


def _plain_rescores(evaluation: Any, method: str) -> Callable[[], None]:
    """The baseline: one plain numpy re-score of the matrix per removed vendor."""
    import numpy as np

    x, w, higher = evaluation.values, evaluation.weights, evaluation.higher
    relative = [j for j, fn in enumerate(evaluation.functions) if fn.method == "min_max"]
    u = evaluation.utilities

    def go() -> None:
        for row in range(x.shape[0]):
            if method == "topsis":
                kept = np.nan_to_num(np.delete(x, row, axis=0))
                v = kept / np.sqrt((kept * kept).sum(axis=0)) * w
                best = np.where(higher, v.max(axis=0), v.min(axis=0))
                worst = np.where(higher, v.min(axis=0), v.max(axis=0))
                plus = np.sqrt(((v - best) ** 2).sum(axis=1))
                minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
                _ = 100 * minus / (plus + minus)
            else:
                kept_u = np.delete(u, row, axis=0)
                kept_x = np.delete(x, row, axis=0)
                for j in relative:
                    col = kept_x[:, j]
                    low, high = np.nanmin(col), np.nanmax(col)
                    kept_u[:, j] = np.nan_to_num((col - low) / (high - low))
                _ = 100 * kept_u @ w

    return go


def bench_loo(work: Path, sizes: list[int], repeat: int) -> list[tuple[str, float, str, float]]:
    from vendorscore.analysis.reversal import leave_one_out
    from vendorscore.models.choices import Method
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection

    rows = []
    for n in sizes:
        project = work / f"loo{n}"
        if not project.exists():
            make_project(project, n)
        methods: tuple[Method, ...] = ("weighted_sum", "topsis")
        for method in methods:
            evaluation = rank_project(Selection(str(project)), method=method)
            flips = sum(len(r.flips) for r in leave_one_out(evaluation))
            rows.append(
                (
                    f"leave-one-out, {n:,} vendors x 12 criteria, {method} ({flips:,} flips)",
                    median_time(partial(leave_one_out, evaluation), repeat),
                    "plain numpy re-score of the matrix once per removal",
                    median_time(_plain_rescores(evaluation, method), repeat),
                )
            )
    return rows


def bench_example(repeat: int) -> list[tuple[str, float, str, float]]:
    return [
        (
            "vendorscore rank --example",
            median_time(run([*vendorscore(), "rank", "--example"]), repeat),
            'python -c "import typer"',
            median_time(run([sys.executable, "-c", "import typer"]), repeat),
        ),
    ]


# fmt: off
RETAIL_INTRADAY = [0, 0, 0, 0, 0, 0, 0.5, 0.8, 1.1, 1.4, 1.5, 1.45,  # hourly from 00:00, closed 00-06
                   1.35, 1.3, 1.3, 1.25, 1.2, 1.1, 1.0, 1.0, 0.95, 0.8, 0.55, 0.35]
# fmt: on
STAFFING_CRITERIA: dict[str, Any] = {
    "name": "Staffing benchmark",
    "evaluation_date": "2027-01-15",
    "workload": {
        "contacts_per_year": 600_000,
        "aht_seconds": 360,
        "occupancy": 80,
        "service_level": {"percent": 80, "seconds": 20},
        "max_occupancy": 85,
        "patience_seconds": 120,
        "interval_minutes": 15,
        "profile": {  # the example's retail shape
            "timezone": "America/New_York",
            "intraday": RETAIL_INTRADAY,
            "weekday": {
                "mon": 1.15,
                "tue": 1.05,
                "wed": 1.0,
                "thu": 1.0,
                "fri": 0.95,
                "sat": 0.85,
                "sun": 0.8,
            },
            "month": {"nov": 1.4, "dec": 1.6},
            "events": [
                {
                    "name": "January returns wave",
                    "from": "2027-01-02",
                    "to": "2027-01-16",
                    "factor": 1.5,
                },
                {
                    "name": "Black Friday to Cyber Monday",
                    "from": "2027-11-26",
                    "to": "2027-11-29",
                    "factor": 3.0,
                },
            ],
        },
    },
    "criteria": [
        {
            "id": "coverage",
            "kind": "coverage",
            "weight": 1,
            "required": [
                {"days": "daily", "start": "06:00", "end": "24:00", "timezone": "America/New_York"}
            ],
        }
    ],
}
STAFFING_AHTS = [300.0 + 5 * i for i in range(50)]  # 50 vendors, 50 distinct AHTs


def _erlang_c_loop(a: float, aht: float, target: float, t: float, cap: float) -> int:
    """The baseline's Erlang C for one interval: Erlang B by its scalar recursion, n from 1
    up until n > a, a / n <= cap and the service level is met."""
    if a <= 0:
        return 0
    b = 1.0
    n = 0
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n > a and a / n <= cap:
            wait = n * b / (n - a * (1.0 - b))
            if 1.0 - wait * math.exp(-(n - a) * t / aht) >= target - 1e-12:
                return n


def bench_staffing(model: str, repeat: int) -> list[tuple[str, float, str, float]]:
    import numpy as np

    from vendorscore.criteria.file import CriteriaFile
    from vendorscore.scoring.queueing import erlang_a_agents
    from vendorscore.scoring.staffing import agents, build_year, level_of

    data = {**STAFFING_CRITERIA, "workload": {**STAFFING_CRITERIA["workload"], "model": model}}
    criteria = CriteriaFile.model_validate(data, strict=False)
    workload = criteria.workload
    assert workload is not None
    assert workload.patience_seconds is not None
    level = level_of(workload)
    year = build_year(criteria, 2027)
    size = year.arrivals.size
    seconds = year.minutes * 60
    target, t, cap = level.percent / 100, level.seconds, workload.max_occupancy / 100
    patience = workload.patience_seconds
    sample = np.sort(
        np.random.default_rng(12).choice(size, 200 if model == "erlang_a" else 2000, replace=False)
    )
    rates = [float(year.arrivals[i]) / seconds for i in sample]  # as agents() computes them
    opened = [bool(year.open[i]) for i in sample]

    def ours() -> list[Any]:
        return [agents(workload, year, aht, level) for aht in STAFFING_AHTS]

    def loop() -> list[list[int]]:
        out = []
        for aht in STAFFING_AHTS:
            row = []
            for lam, is_open in zip(rates, opened, strict=True):
                if model == "erlang_a":
                    n = erlang_a_agents(lam, aht, patience, target, t, cap)
                else:
                    n = _erlang_c_loop(lam * aht, aht, target, t, cap)
                row.append(max(n, 1) if is_open else n)
            out.append(row)
        return out

    full = ours()
    runs = []
    for _ in range(repeat):  # the loop is slow: its timed runs also give the counts to check
        start = time.perf_counter()
        sampled = loop()
        runs.append(time.perf_counter() - start)
    for aht, need, row in zip(STAFFING_AHTS, full, sampled, strict=True):
        assert need[sample].tolist() == row, f"{model}: counts differ at AHT {aht:g} s"
    label = "Erlang A, patience 120 s" if model == "erlang_a" else "Erlang C"
    scalar = "erlang_a_agents" if model == "erlang_a" else "scalar Erlang B recursion"
    most = max(int(need.max()) for need in full)
    return [
        (
            f"staffing, {label}, 80/20, occ <= 85 %: {size:,} intervals x {len(STAFFING_AHTS)} "
            f"vendors (AHT 300-545 s, peak {most} agents)",
            median_time(ours, repeat),
            f"per-interval loop of {scalar}, EXTRAPOLATED from {sample.size:,} sampled "
            f"intervals x {len(STAFFING_AHTS)} vendors (identical counts on the sample)",
            statistics.median(runs) * size / sample.size,
        ),
    ]


def peak(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MiB) of one run of ``cmd``, measured from a fresh parent."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True
    )
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib) // 1024


def bench_validate(
    work: Path, repeat: int, files: int = 500
) -> list[tuple[str, float, str, float]]:
    import random

    from bench.catalogue import vendor

    folder = work / "vendors500"
    folder.mkdir(exist_ok=True)
    rng = random.Random(3)
    for i in range(files):
        text = vendor(i, rng)
        body = "\n".join(line[4:] for line in text.splitlines())  # a list item as a file
        (folder / f"v{i:03d}.yaml").write_text(body + "\n")
    paths = sorted(str(p) for p in folder.glob("*.yaml"))
    schema = HERE.parent / "schemas" / "vendor.schema.json"
    checker = shutil.which("check-jsonschema") or str(
        Path(sys.executable).parent / "check-jsonschema"
    )
    ours = [*vendorscore(), "validate", str(folder)]
    theirs = [checker, "--schemafile", str(schema), *paths]
    subprocess.run(ours, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(theirs, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [
        (
            f"vendorscore validate, {files} vendor files",
            median_time(run(ours), repeat),
            "check-jsonschema --schemafile vendor.schema.json, same files",
            median_time(run(theirs), repeat),
        ),
    ]


def bench_big(work: Path, n: int) -> list[tuple[str, float, str, float]]:
    project = make_project(work / f"big{n}", n)
    file = project / "vendors" / "catalogue.yaml"
    floor_cmd = pyyaml_load(file)
    ours_cmd = [*vendorscore(), "rank", str(project), "--format", "csv"]
    ours, ours_mib = peak(ours_cmd)
    floor, floor_mib = peak(floor_cmd)
    size = file.stat().st_size / 2**20
    return [
        (
            f"rank {n:,} vendors x 12 criteria ({size:.0f} MiB file), peak {ours_mib:,} MiB",
            ours,
            f"PyYAML CSafeLoader load of the same file, peak {floor_mib:,} MiB",
            floor,
        ),
    ]


def bench_award(work: Path, repeat: int, vendors: int = 50) -> list[tuple[str, float, str, float]]:
    """The award problem of ``bench/award.py`` (N vendors x 6 language segments, Erlang C):
    building it and solving to proven optimality, then the 10 best vendor sets; each against
    the same problem with every share priced linearly (what per-unit optimisers solve)."""
    from bench.award import write_award_project
    from vendorscore.analysis import award_problem
    from vendorscore.analysis.award import alternatives
    from vendorscore.analysis.award_formulation import Ask
    from vendorscore.analysis.award_solutions import optimum
    from vendorscore.services.evaluate import evaluate_loaded
    from vendorscore.services.project import Selection, load

    root = write_award_project(work / "award", vendors)
    evaluation = evaluate_loaded(load(Selection(str(root))))
    context = evaluation.context
    assert context is not None
    settings = context.inputs.criteria.award
    assert settings is not None
    linear_settings = settings.model_copy(update={"cost_model": "linear"})
    solved: dict[str, Any] = {}

    def solve(chosen: Any) -> Callable[[], None]:
        def go() -> None:
            problem = award_problem.build(evaluation, chosen)
            best = optimum(problem, Ask())
            assert best is not None
            assert best.optimal
            solved[chosen.cost_model or "staffing"] = (problem, best)

        return go

    def top(name: str) -> Callable[[], None]:
        def go() -> None:
            problem, best = solved[name]
            assert len(alternatives(problem, best, 10)) == 10

        return go

    staffed = median_time(solve(settings), repeat)
    linear = median_time(solve(linear_settings), repeat)
    problem = solved["staffing"][0]
    pairs = len(problem.curves)
    binaries = sum(c.breaks.size - 1 for c in problem.curves.values()) + len(problem.ids)
    size = f"{len(problem.ids)} vendors x {len(problem.segments)} segments, {pairs} pairs"
    return [
        (
            f"award: build + solve to proven optimality ({size}, {binaries} binaries, staffed)",
            staffed,
            "the same problem priced linearly",
            linear,
        ),
        (
            "award: the 10 best vendor sets (staffed)",
            median_time(top("staffing"), max(1, repeat // 3)),
            "the 10 best, priced linearly",
            median_time(top("linear"), max(1, repeat // 3)),
        ),
    ]


def show(rows: list[tuple[str, float, str, float]]) -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    print()
    print("| benchmark | vendorscore | baseline | baseline time | ratio |")
    print("|---|---:|---|---:|---:|")
    for name, ours, base_name, base in rows:
        ratio = ours / base
        shown = f"{ratio:.2f}x" if ratio >= 0.01 else f"{ratio:.2g}x"
        print(f"| {name} | {_fmt(ours)} | {base_name} | {_fmt(base)} | {shown} |")


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", type=int, default=100_000, help="vendors in the big catalogue")
    parser.add_argument(
        "--loo", type=int, nargs="*", default=[500, 1000, 2000], help="vendors for the loo rows"
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="startup, validate, rank, kernel, smaa, smaa-unc, example, staffing-a, staffing-c, "
        "big, loo, award, calendar, parsers, scale",
    )
    args = parser.parse_args()
    every = [
        *("startup", "validate", "rank", "kernel", "smaa", "smaa-unc", "example"),
        *("staffing-a", "staffing-c", "big", "loo", "award", "calendar", "parsers", "scale"),
    ]
    wanted = set(args.only or every)
    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # Every child process runs with compiled bytecode, as from an installed wheel (pip
        # compiles it): with PYTHONDONTWRITEBYTECODE set, an editable install would compile
        # vendorscore's modules on every run, a cost no user of the wheel pays.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        if "startup" in wanted:
            rows += bench_startup(work, max(args.repeat, 5))
        if "validate" in wanted:
            rows += bench_validate(work, args.repeat)
        if "rank" in wanted:
            rows += bench_rank(work, args.vendors, args.repeat)
        if "kernel" in wanted:
            rows += bench_kernel(work, args.vendors, args.repeat)
        if "smaa" in wanted:
            rows += bench_smaa(work, args.repeat)
        if "smaa-unc" in wanted:
            rows += bench_smaa_uncertain(work, args.repeat)
        if "example" in wanted:
            rows += bench_example(max(args.repeat, 5))
        if "staffing-a" in wanted:
            rows += bench_staffing("erlang_a", args.repeat)
        if "staffing-c" in wanted:
            rows += bench_staffing("erlang_c", args.repeat)
        if "big" in wanted:
            rows += bench_big(work, args.big)
        if "loo" in wanted:
            rows += bench_loo(work, args.loo, args.repeat)
        if "award" in wanted:
            rows += bench_award(work, args.repeat)
        if "calendar" in wanted:
            from bench.calendars import bench_calendar

            rows += bench_calendar(work, args.repeat, median_time, make_project)
        if "parsers" in wanted:
            rows += bench_parsers(work, args.big, args.repeat, make_project)
        if "scale" in wanted:
            from bench.scale import bench_scale

            rows += bench_scale(work, args.repeat)
    show(rows)


if __name__ == "__main__":
    main()
