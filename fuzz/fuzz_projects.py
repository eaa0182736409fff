"""Fuzz target: generated projects through loading, validation, ranking, analysis and reports.

    python fuzz/fuzz_projects.py --minutes 10 [--seed S] [--examples-per-round 200]

Hypothesis generates whole projects: a criteria file built from every criterion kind with
valid, borderline and wrong parameters; vendor files derived from the bundled example with
sections dropped, values replaced by arbitrary YAML trees or extreme numbers; evaluator
score files; and, now and then, raw byte damage. Each project goes through `validate`,
`rank --format json`, `explain`, `sensitivity --format json` and `report` in-process.

A crash is any exit code other than 0, 1 or 2, a traceback, or a ranking that is not
finite JSON with scores in 0..100. Crashes are shrunk by hypothesis, printed and saved to
fuzz/crashes/ (the folder is git-ignored; turn each one into a regression test). Prints the
number of executions at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from vendorscore.cli import run  # noqa: E402
from vendorscore.services.project import example_dir  # noqa: E402

EXAMPLE = example_dir()
VENDORS = [yaml.safe_load(p.read_text()) for p in sorted((EXAMPLE / "vendors").glob("*.yaml"))]
CRITERIA = yaml.safe_load((EXAMPLE / "criteria" / "retail-cx.yaml").read_text())

numbers = st.one_of(
    st.integers(-10, 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 0.0, -0.0, 1e-300, 1e308, -1, 100, 100.0000001, 24, 2**63]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=8),
    st.sampled_from(
        [
            "no",
            "24:00",
            "00:00",
            "9:30",
            "2027-02-29",
            "2027-01-15",
            "es-419",
            "USD",
            "EUR",
            "daily",
            "weekdays",
            "voice",
            "min_max",
            "ratio",
            "absolute",
            "piecewise",
            "America/New_York",
            "Asia/Manila",
            "Etc/GMT+12",
            "Pacific/Kiritimati",
        ]
    ),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
scoring = st.one_of(
    st.none(),
    st.builds(
        lambda m: {"method": m},
        st.sampled_from(["min_max", "ratio", "absolute", "piecewise", "bogus"]),
    ),
    st.builds(lambda b, w: {"method": "absolute", "best": b, "worst": w}, numbers, numbers),
    st.builds(
        lambda pts: {"method": "piecewise", "points": pts},
        st.lists(st.tuples(numbers, st.floats(0, 1)), max_size=4),
    ),
)


@st.composite
def criterion(draw: st.DrawFn, index: int) -> dict[str, Any]:
    base = dict(draw(st.sampled_from(CRITERIA["criteria"])))
    base["id"] = f"c{index}"
    base["weight"] = draw(st.one_of(st.floats(0, 100), numbers))
    if draw(st.booleans()):
        base["scoring"] = draw(scoring)
    for key in ("minimum", "maximum"):
        if draw(st.integers(0, 4)) == 0:
            base[key] = draw(numbers)
    if draw(st.integers(0, 3)) == 0:
        base["missing"] = draw(st.sampled_from(["worst", "exclude", "ignore", "zero"]))
    if draw(st.integers(0, 6)) == 0:
        base[draw(st.sampled_from(sorted(base)))] = draw(trees)
    base.pop("group", None)
    return base


@st.composite
def criteria_file(draw: st.DrawFn) -> dict[str, Any]:
    crit = {k: v for k, v in CRITERIA.items() if k not in {"criteria", "groups", "tie_breakers"}}
    count = draw(st.integers(1, 6))
    crit["criteria"] = [draw(criterion(i)) for i in range(count)]
    crit["method"] = draw(st.sampled_from(["weighted_sum", "weighted_product", "topsis"]))
    if draw(st.booleans()):
        crit["tie_breakers"] = draw(
            st.lists(st.sampled_from([f"c{i}" for i in range(count)]), max_size=2, unique=True)
        )
    if draw(st.integers(0, 3)) == 0:
        crit["topsis"] = {"normalization": draw(st.sampled_from(["vector", "utility"]))}
    if draw(st.integers(0, 4)) == 0:
        crit["gates"] = [
            {
                "field": draw(
                    st.sampled_from(["capacity.agents", "channels", "hq_country", "kpis.fcr"])
                ),
                "op": draw(st.sampled_from([">=", "<", "==", "in", "not_in", "contains"])),
                "value": draw(trees),
            }
        ]
    if draw(st.integers(0, 5)) == 0:
        crit[draw(st.sampled_from(sorted(crit)))] = draw(trees)
    return crit


@st.composite
def vendor_file(draw: st.DrawFn, index: int) -> dict[str, Any]:
    vendor = dict(draw(st.sampled_from(VENDORS)))
    vendor["id"] = f"v{index}"
    for key in draw(st.lists(st.sampled_from(sorted(vendor)), max_size=3)):
        if key not in {"id", "name"}:
            vendor.pop(key, None)
    if draw(st.integers(0, 2)) == 0:
        key = draw(st.sampled_from(sorted(vendor)))
        vendor[key] = draw(trees)
    if draw(st.integers(0, 3)) == 0 and "kpis" in vendor and isinstance(vendor["kpis"], dict):
        vendor["kpis"] = {k: draw(numbers) for k in vendor["kpis"]}
    return vendor


@st.composite
def project(draw: st.DrawFn) -> dict[str, Any]:
    vendors = [draw(vendor_file(i)) for i in range(draw(st.integers(1, 6)))]
    sheets = []
    for e in range(draw(st.integers(0, 2))):
        sheets.append(
            {
                "evaluator": f"e{e}",
                "consensus": draw(st.booleans()),
                "scores": {
                    f"v{i}": {
                        f"c{j}": draw(st.one_of(st.integers(0, 6), numbers)) for j in range(2)
                    }
                    for i in range(len(vendors))
                },
            }
        )
    damage = draw(
        st.one_of(st.none(), st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=3)))
    )
    return {
        "criteria": draw(criteria_file()),
        "vendors": vendors,
        "scores": sheets,
        "damage": damage,
    }


def write(root: Path, spec: dict[str, Any]) -> None:
    for folder in ("criteria", "vendors", "scores"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    texts = {root / "criteria" / "c.yaml": yaml.safe_dump(spec["criteria"], allow_unicode=True)}
    for i, vendor in enumerate(spec["vendors"]):
        texts[root / "vendors" / f"v{i}.yaml"] = yaml.safe_dump(vendor, allow_unicode=True)
    for i, sheet in enumerate(spec["scores"]):
        texts[root / "scores" / f"s{i}.yaml"] = yaml.safe_dump(sheet, allow_unicode=True)
    for path, text in texts.items():
        data = text.encode()
        if spec["damage"] is not None and path.name == "v0.yaml":
            at, junk = spec["damage"]
            at %= len(data) + 1
            data = data[:at] + junk + data[at:]
        path.write_bytes(data)


def call(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def check(code: int, out: str, err: str, what: str) -> None:
    assert code in (0, 1, 2), f"{what}: exit {code}: {err}"
    assert "Traceback" not in err, f"{what}: {err}"
    assert "internal error" not in err, f"{what}: {err}"


def finite_json(text: str, what: str) -> Any:
    """JSON with NaN or infinity refused (they would be a bug, not data)."""

    def refuse(constant: str) -> float:
        raise AssertionError(f"{constant} in the {what} JSON")

    return json.loads(text, parse_constant=refuse)


def ranked_ids(out: str) -> list[str]:
    """The ids of `rank --format json` output, after checking every score is finite, 0..100."""
    doc = finite_json(out, "rank")
    for row in doc["ranking"]:
        assert math.isfinite(row["score"]), row
        assert -1e-9 <= row["score"] <= 100 + 1e-9, row
    return [row["id"] for row in doc["ranking"]]


EXECUTIONS = 0


def exercise(spec: dict[str, Any]) -> None:
    global EXECUTIONS
    EXECUTIONS += 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        write(root, spec)
        check(*call("validate", str(root)), "validate")
        code, out, err = call("rank", str(root), "--format", "json")
        check(code, out, err, "rank")
        if code != 0:
            return
        ids = ranked_ids(out)
        if len(ids) >= 2:
            check(*call("explain", ids[0], ids[-1], str(root), "-f", "json"), "explain")
        check(*call("sensitivity", str(root), "--samples", "200", "-f", "json"), "sensitivity")
        check(
            *call("report", str(root), "-o", str(Path(tmp) / "r.md"), "--samples", "100", "-q"),
            "report",
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--examples-per-round", type=int, default=200)
    args = parser.parse_args()
    crashes = HERE / "crashes"
    deadline = time.monotonic() + args.minutes * 60
    found = 0
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1

        @settings(
            max_examples=args.examples_per_round,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(spec=project())
        def target(spec: dict[str, Any]) -> None:
            exercise(spec)

        try:
            target()
        except Exception:  # a shrunk, reproducible crash: keep it and go on fuzzing
            found += 1
            crashes.mkdir(exist_ok=True)
            report = traceback.format_exc()
            (crashes / f"crash-{args.seed}-{rounds}.txt").write_text(report)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
