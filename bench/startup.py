"""Start-up rows: each command of the example against the imports it cannot do without.

Every row is the median CPU time (user + system, from ``getrusage`` of the children) of the
whole process, against a floor measured in the same run:

    vendorscore --help                   python -c "import typer"
    vendorscore validate --example       python -c "import typer, pydantic, yaml"
    vendorscore rank --example           python -c "import typer, pydantic, yaml, numpy"
    vendorscore report --example -o F    python -c "import typer, pydantic, yaml, numpy, jinja2"

Both sides run with compiled bytecode, as from an installed wheel (pip compiles it):
``bench/run.py`` sets PYTHONPYCACHEPREFIX to a folder of the run and removes
PYTHONDONTWRITEBYTECODE for every child process, and each command runs once untimed first. (With PYTHONDONTWRITEBYTECODE set, an
editable install compiles vendorscore's own modules on every run: ~40 ms more for
``validate``, none of it on the floor's side.)
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from pathlib import Path

Row = tuple[str, float, str, float]
FLOORS = {
    "help": "typer",
    "validate": "typer, pydantic, yaml",
    "rank": "typer, pydantic, yaml, numpy",
    "report": "typer, pydantic, yaml, numpy, jinja2",
}


def cpu_seconds(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median CPU seconds (user + system) of ``repeat`` runs of ``cmd`` as a whole child
    process, after one untimed run (it writes the bytecode and warms the file cache)."""
    samples = []
    for i in range(repeat + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i:
            samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples)


def bench_startup(work: Path, repeat: int) -> list[Row]:
    """The four start-up rows (targets: help <= 1.5x, validate <= 2.0x, rank and report <= 1.6x)."""
    ours = [sys.executable, "-m", "vendorscore"]
    commands = {
        "help": ["--help"],
        "validate": ["validate", "--example"],
        "rank": ["rank", "--example"],
        "report": ["report", "--example", "-q", "-o", str(work / "startup-report.html")],
    }
    rows = []
    for name, args in commands.items():
        floor = FLOORS[name]
        rows.append(
            (
                f"vendorscore {' '.join(args[:2]) if name != 'report' else 'report --example'}"
                " (CPU s)",
                cpu_seconds([*ours, *args], repeat),
                f'python -c "import {floor}"',
                cpu_seconds([sys.executable, "-c", f"import {floor}"], repeat),
            )
        )
    return rows
