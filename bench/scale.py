"""Rows of ``bench/run.py --only scale``: `sensitivity` and `report` on 1 000 vendors as whole
processes, against a plain numpy SMAA as a whole process.

- ``vendorscore sensitivity P --format json`` and the default table, 10 000 samples, on the
  generated catalogue of 1 000 vendors x 12 criteria (``run.make_project``);
- ``vendorscore report P -o report.html`` (and ``.md``) on the same project (its SMAA takes
  the same 10 000 samples);
- the reference: ``python reference.py utilities.npz 10000``, a process that imports numpy,
  loads the same utility matrix (ranked vendors x criteria, saved by ``rank_project`` before
  the timing) and runs the straightforward SMAA-2 of ``run.bench_smaa`` (Dirichlet weights,
  matmul, double argsort, bincount, central weights); for the report, the same process
  importing jinja2 as well.

Times are CPU seconds (user + system) of the whole child process, medians of R runs after
one untimed run, with compiled bytecode (``bench/run.py`` sets it up for every child). Every
child runs numpy's OpenBLAS on one thread (``OPENBLAS_NUM_THREADS=1``, as vendorscore's command
line does by default): the reference at its best, since a second BLAS thread only spins on
these small products and adds CPU time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench import startup

REFERENCE = """\
import sys
import numpy as np
if sys.argv[3:] == ["jinja2"]:
    import jinja2  # noqa: F401
data = np.load(sys.argv[1])
u, samples = data["u"], int(sys.argv[2])
n, m = u.shape
weights = np.random.default_rng(0).dirichlet(np.ones(m), size=samples)
scores = 100.0 * weights @ u.T
ranks = np.argsort(np.argsort(-scores, axis=1), axis=1)
counts = np.bincount((ranks + np.arange(n) * n).ravel(), minlength=n * n).reshape(n, n)
first = ranks.argmin(axis=1)
central = np.zeros((n, m))
np.add.at(central, first, weights)
_ = counts / samples, central / np.maximum(np.bincount(first, minlength=n), 1)[:, None]
"""


def cpu_seconds(cmd: list[str], repeat: int) -> float:
    """``startup.cpu_seconds`` with numpy's OpenBLAS on one thread."""
    return startup.cpu_seconds(cmd, repeat, {**os.environ, "OPENBLAS_NUM_THREADS": "1"})


def bench_scale(
    work: Path, repeat: int, vendors: int = 1000, samples: int = 10_000
) -> list[tuple[str, float, str, float]]:
    import numpy as np

    from bench.run import make_project, vendorscore
    from vendorscore.services.evaluate import rank_project
    from vendorscore.services.project import Selection

    project = work / f"scale{vendors}"
    if not project.exists():
        make_project(project, vendors)
    evaluation = rank_project(Selection(str(project)))
    matrix = work / f"scale{vendors}.npz"
    np.savez(matrix, u=evaluation.utilities)
    script = work / "smaa_reference.py"
    script.write_text(REFERENCE)
    reference = [sys.executable, str(script), str(matrix), str(samples)]
    n = evaluation.utilities.shape[0]
    shape = f"{n:,} vendors x 12 criteria, {samples:,} samples"
    sensitivity = [*vendorscore(), "sensitivity", str(project), "--samples", str(samples)]
    report = [*vendorscore(), "report", str(project), "--samples", str(samples), "-o"]
    floor = cpu_seconds(reference, repeat)
    floor_jinja = cpu_seconds([*reference, "jinja2"], repeat)
    numpy_ref = "plain numpy SMAA-2 reference process (CPU s)"
    return [
        (
            f"sensitivity --format json, {shape} (CPU s)",
            cpu_seconds([*sensitivity, "--format", "json"], repeat),
            numpy_ref,
            floor,
        ),
        (
            f"sensitivity (table), {shape} (CPU s)",
            cpu_seconds(sensitivity, repeat),
            numpy_ref,
            floor,
        ),
        (
            f"report -o report.html, {shape} (CPU s)",
            cpu_seconds([*report, str(work / "report.html")], repeat),
            "the same reference + import jinja2 (CPU s)",
            floor_jinja,
        ),
        (
            f"report -o report.md, {shape} (CPU s)",
            cpu_seconds([*report, str(work / "report.md")], repeat),
            "the same reference + import jinja2 (CPU s)",
            floor_jinja,
        ),
    ]
