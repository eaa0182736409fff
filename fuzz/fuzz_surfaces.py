"""Fuzz targets for the hostile surfaces: text that reaches a terminal, extreme numbers through
every criterion kind and method, and spreadsheets that `import` reads.

    python fuzz/fuzz_surfaces.py --minutes 30 [--seed S] [--only text numbers import]

- ``text``: vendor names, criterion labels, evaluators' notes and gate labels full of control
  characters (C0, C1, ESC sequences, bidi overrides), formula prefixes and markup, through
  `rank` (table, md, csv), `explain`, `sensitivity`, `diff` and `validate --format github`.
  No control character from the data may reach stdout or stderr raw.
- ``numbers``: every criterion kind with values at and beyond the documented bounds
  (denormals, ±1e15, 1e308, 0), under every method: `rank --format json` must be finite,
  `explain` and `sensitivity` must not crash.
- ``import``: generated workbooks and CSV files (random cell types, control characters,
  formulas, dates, huge strings, duplicate headers) through `import`: exit 0, 1 or 2, and on
  any error no vendor file is written.

Every target runs the CLI in-process; a crash is an exit code other than 0, 1 or 2, a
traceback or an "internal error". Crashes are shrunk by hypothesis, printed and saved to
fuzz/crashes/. The number of executions of each target is printed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from fuzz_projects import call, check, finite_json, ranked_ids  # noqa: E402  (one runner for both fuzz targets)

from vendorscore.models.choices import METHODS  # noqa: E402
from vendorscore.services.project import example_dir  # noqa: E402

EXAMPLE = example_dir()
CRITERIA = yaml.safe_load((EXAMPLE / "criteria" / "retail-cx.yaml").read_text())
VENDORS = {p.stem: yaml.safe_load(p.read_text()) for p in (EXAMPLE / "vendors").glob("*.yaml")}
# Characters that must never reach a terminal raw: C0 (but newline), DEL, C1, bidi controls.
FORBIDDEN = {chr(c) for c in [*range(0, 10), *range(11, 32), 0x7F, *range(0x80, 0xA0)]} | {
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}
NASTY = [
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x9b31m",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u2066",
    "\x00",
    "\x7f",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "|",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "`",
    "\\",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), min_size=1, max_size=5
).map("".join)


def no_raw_controls(text: str, what: str, crlf: bool = False) -> None:
    body = text.replace("\r\n", "\n") if crlf else text
    raw = sorted({f"U+{ord(c):04X}" for c in body if c in FORBIDDEN})
    assert not raw, f"{what}: raw control characters {raw} reached the output"


def copy_example(root: Path) -> None:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))


# --- text --------------------------------------------------------------------------------


@st.composite
def text_spec(draw: st.DrawFn) -> dict[str, Any]:
    ids = sorted(VENDORS)
    return {
        "names": {vid: draw(hostile_text) for vid in ids if draw(st.booleans())},
        "labels": {
            j: draw(hostile_text) for j in range(len(CRITERIA["criteria"])) if draw(st.booleans())
        },
        "note": draw(hostile_text),
        "gate_label": draw(hostile_text),
    }


def write_text_project(root: Path, spec: dict[str, Any]) -> None:
    copy_example(root)
    for vid, name in spec["names"].items():
        data = dict(VENDORS[vid], name=name)
        (root / "vendors" / f"{vid}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    crit = json.loads(json.dumps(CRITERIA, default=str))
    for j, label in spec["labels"].items():
        crit["criteria"][j]["label"] = label
    if crit.get("gates"):
        crit["gates"][0]["label"] = spec["gate_label"]
    (root / "criteria" / "retail-cx.yaml").write_text(yaml.safe_dump(crit, allow_unicode=True))
    sheet = yaml.safe_load((root / "scores" / "alice.yaml").read_text())
    first = next(iter(sheet["scores"]))
    crit_id = next(iter(sheet["scores"][first]))
    sheet["scores"][first][crit_id] = {"score": 3, "note": spec["note"]}
    (root / "scores" / "alice.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True))


def exercise_text(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        write_text_project(root, spec)
        runs = [
            ("rank", ["rank", str(root)], False),
            ("rank md", ["rank", str(root), "-f", "md"], False),
            ("rank csv", ["rank", str(root), "-f", "csv"], True),
            ("sensitivity", ["sensitivity", str(root), "--samples", "100"], False),
            ("validate github", ["validate", str(root), "-f", "github"], False),
            ("diff", ["diff", str(EXAMPLE), str(root)], False),
            ("diff md", ["diff", str(EXAMPLE), str(root), "-f", "md"], False),
        ]
        code, out, _ = call("rank", str(root), "-f", "json")
        if code == 0:
            ids = [row["id"] for row in json.loads(out)["ranking"]]
            if len(ids) >= 2:
                runs.append(("explain", ["explain", ids[0], ids[-1], str(root)], False))
        for what, args, crlf in runs:
            code, out, err = call(*args)
            check(code, out, err, what)
            no_raw_controls(out, f"{what} stdout", crlf)
            no_raw_controls(err, f"{what} stderr")


# --- numbers -----------------------------------------------------------------------------

extreme = st.one_of(
    st.sampled_from([0, 0.0, -0.0, 5e-324, 1e-300, 1e-15, 1, 99.999, 100, 1e15 - 1, 1e15, 1e308]),
    st.sampled_from([-1e15, -1e308, -5e-324, -1]),
    st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
    st.integers(-(10**16), 10**16),
)


@st.composite
def numbers_spec(draw: st.DrawFn) -> dict[str, Any]:
    crit = json.loads(json.dumps(CRITERIA, default=str))
    crit["method"] = draw(st.sampled_from(list(METHODS)))
    work = crit.get("workload") or {}
    for key in list(work):
        if isinstance(work[key], (int, float)) and draw(st.integers(0, 4)) == 0:
            work[key] = draw(extreme)
    vendors = {}
    for vid, vendor in VENDORS.items():
        data = json.loads(json.dumps(vendor, default=str))
        for section in ("kpis", "capacity", "pricing", "metrics"):
            block = data.get(section)
            if isinstance(block, dict):
                for key, value in list(block.items()):
                    if isinstance(value, (int, float)) and draw(st.integers(0, 2)) == 0:
                        block[key] = draw(extreme)
        if draw(st.integers(0, 5)) == 0:
            data["closed"] = [draw(st.sampled_from(["9999-12-31", "0001-01-01", "2027-02-28"]))]
        vendors[vid] = data
    if draw(st.integers(0, 4)) == 0:
        crit["evaluation_date"] = draw(st.sampled_from(["9999-12-31", "0001-01-01", "1900-01-01"]))
    for c in crit["criteria"]:
        if draw(st.integers(0, 5)) == 0:
            c["weight"] = draw(extreme)
    return {"criteria": crit, "vendors": vendors}


def exercise_numbers(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        copy_example(root)
        (root / "criteria" / "retail-cx.yaml").write_text(yaml.safe_dump(spec["criteria"]))
        for vid, data in spec["vendors"].items():
            (root / "vendors" / f"{vid}.yaml").write_text(yaml.safe_dump(data))
        code, out, err = call("rank", str(root), "-f", "json")
        check(code, out, err, "rank")
        if code != 0:
            return
        ids = ranked_ids(out)
        if len(ids) >= 2:
            check(*call("explain", ids[0], ids[-1], str(root), "-f", "json"), "explain")
        code, out, err = call("sensitivity", str(root), "--samples", "100", "-f", "json")
        check(code, out, err, "sensitivity")
        if code == 0:
            finite_json(out, "sensitivity")


# --- import ------------------------------------------------------------------------------

cell = st.one_of(
    st.none(),
    hostile_text,
    st.text(max_size=30),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["=1+1", "per_hour", "18%", "en C1 380; tl native", "x" * 5000]),
)


@st.composite
def sheet_spec(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "csv": draw(st.booleans()),
        "edits": draw(
            st.lists(st.tuples(st.integers(0, 7), st.integers(0, 80), cell), max_size=12)
        ),
        "extra_header": draw(st.one_of(st.none(), hostile_text, st.just("name"))),
    }


def filled_sheet(folder: Path) -> Path:
    path = folder / "base.xlsx"
    if not path.exists():
        code, _, err = call("sheet", "--example", "--fill", "-o", str(path))
        assert code == 0, err
    return path


def exercise_import(spec: dict[str, Any], base: Path) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    refused = (ValueError, TypeError, IllegalCharacterError)  # values openpyxl itself refuses

    with tempfile.TemporaryDirectory() as tmp:
        book = openpyxl.load_workbook(base)
        sheet = book["Vendors"]
        width = sheet.max_column
        for row, column, value in spec["edits"]:
            target = sheet.cell(row=row + 1, column=column % width + 1)
            with contextlib.suppress(*refused):
                target.value = value
        if spec["extra_header"] is not None:
            with contextlib.suppress(*refused):
                sheet.cell(row=1, column=width + 1).value = spec["extra_header"]
        source = Path(tmp) / "in.xlsx"
        if spec["csv"]:
            source = Path(tmp) / "in.csv"
            with source.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                for values in sheet.iter_rows(values_only=True):
                    writer.writerow(["" if v is None else v for v in values])
        else:
            try:
                book.save(source)
            except Exception:  # openpyxl cannot write what was put in the cell: no input
                return
        out = Path(tmp) / "vendors"
        code, _, err = call("import", str(source), "-o", str(out))
        check(code, "", err, "import")
        if code != 0 and out.exists():
            assert not list(out.glob("*.yaml")), "a failed import left vendor files"


# --- driver ------------------------------------------------------------------------------


def fuzz(name: str, strategy: Any, body: Callable[[Any], None], minutes: float, seed: int) -> int:
    """Run one target for ``minutes``; returns how many inputs it executed."""
    crashes = HERE / "crashes"
    deadline = time.monotonic() + minutes * 60
    executed = 0
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1

        @settings(
            max_examples=50,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(spec=strategy)
        def target(spec: Any) -> None:
            nonlocal executed
            executed += 1
            body(spec)

        try:
            target()
        except Exception:  # a shrunk, reproducible crash: keep it and go on fuzzing
            crashes.mkdir(exist_ok=True)
            report = traceback.format_exc()
            (crashes / f"{name}-{seed}-{rounds}.txt").write_text(report)
            sys.stderr.write(f"[{name}] crash saved:\n{report[-1500:]}\n")
    return executed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="in total, split evenly")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=["text", "numbers", "import"])
    args = parser.parse_args()
    share = args.minutes / len(args.only)
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = filled_sheet(Path(tmp))
        targets: dict[str, tuple[Any, Callable[[Any], None]]] = {
            "text": (text_spec(), exercise_text),
            "numbers": (numbers_spec(), exercise_numbers),
            "import": (sheet_spec(), lambda spec: exercise_import(spec, base)),
        }
        for name in args.only:
            strategy, body = targets[name]
            counts[name] = fuzz(name, strategy, body, share, args.seed)
    crashed = list((HERE / "crashes").glob("*.txt")) if (HERE / "crashes").exists() else []
    sys.stdout.write(json.dumps({"executions": counts, "crash_files": len(crashed)}) + "\n")
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
