"""Large catalogues: vendorscore's readers and the parsers it could use, on the same file.

    python bench/run.py --only parsers [--big N] [--repeat R]

The generated catalogue of N vendors x 12 criteria (bench/catalogue.py) is written as YAML
and as JSON (the same data, one vendor object per line inside ``{"vendors": [...]}``). Rows,
each a whole process timed in CPU seconds (user + system, median of R runs) with its peak
RSS: ``vendorscore rank`` end to end on either file against the fastest parser's bare load
of that file (rapidyaml for YAML: its tree only, no Python objects; orjson for JSON), then
each candidate reader's bare load against the same floor. A parser that is not installed
(``pip install rapidyaml yaml-rs orjson``) drops its rows, and the floor falls back to
vendorscore's own reader.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Row = tuple[str, float, str, float]

_PROBE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss)"
)

# Bare loads: each reads the file given as argv[1] and builds what the parser builds.
LOADS = {
    "rapidyaml": "import ryml, sys; ryml.parse_in_arena(open(sys.argv[1], 'rb').read())",
    "orjson": "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())",
    "json": "import json, sys; json.loads(open(sys.argv[1], 'rb').read())",
    "yaml_rs": (
        "import yaml_rs, sys; "
        "yaml_rs.loads(open(sys.argv[1], encoding='utf-8').read(), parse_datetime=False)"
    ),
    "vendorscore": (
        "import sys; from pathlib import Path; "
        "from vendorscore.loading.yamlio import read_document; read_document(Path(sys.argv[1]))"
    ),
}
# rapidyaml builds a C++ tree; data for Python means walking it (plain scalars resolved by
# vendorscore's YAML 1.2 rules; no tags, anchors, duplicate keys or positions: the least
# work any conversion does).
RYML_WALK = """\
import sys
import ryml
from vendorscore.loading.scalars import resolve_plain
tree = ryml.parse_in_arena(open(sys.argv[1], "rb").read())
is_map, is_seq, first, after = tree.is_map, tree.is_seq, tree.first_child, tree.next_sibling
key, val, quoted, NONE = tree.key, tree.val, tree.is_val_quoted, ryml.NONE
def conv(n):
    if is_map(n):
        out, c = {}, first(n)
        while c != NONE:
            out[bytes(key(c)).decode()] = conv(c)
            c = after(c)
        return out
    if is_seq(n):
        out, c = [], first(n)
        while c != NONE:
            out.append(conv(c))
            c = after(c)
        return out
    s = bytes(val(n)).decode()
    return s if quoted(n) else resolve_plain(s)
conv(tree.root_id())
"""


def measure(cmd: list[str], repeat: int) -> tuple[float, int]:
    """Median CPU seconds of ``cmd`` as a whole process, and its peak RSS in MiB."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, *cmd], check=True, capture_output=True, text=True
        )
        seconds, kib = out.stdout.split()
        runs.append((float(seconds), int(kib) // 1024))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def write_json_copy(project: Path, out: Path) -> Path:
    """The project with its YAML catalogue written as ``vendors/catalogue.json``."""
    from vendorscore.loading.yamlio import read_document

    (out / "criteria").mkdir(parents=True)
    (out / "vendors").mkdir()
    criteria = next((project / "criteria").glob("*.yaml"))
    (out / "criteria" / criteria.name).write_bytes(criteria.read_bytes())
    vendors = read_document(project / "vendors" / "catalogue.yaml").data["vendors"]
    target = out / "vendors" / "catalogue.json"
    with target.open("w", encoding="utf-8") as fh:
        fh.write('{"vendors": [\n')
        fh.write(",\n".join(json.dumps(v, ensure_ascii=False) for v in vendors))
        fh.write("\n]}\n")
    return target


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def bench_parsers(
    work: Path, n: int, repeat: int, make_project: Callable[[Path, int], Path]
) -> list[Row]:
    yaml_project = make_project(work / f"parsers{n}", n)
    yaml_file = yaml_project / "vendors" / "catalogue.yaml"
    json_file = write_json_copy(yaml_project, work / f"parsers{n}-json")
    walk = work / "ryml_walk.py"
    walk.write_text(RYML_WALK)
    py = sys.executable

    def load(name: str, file: Path) -> tuple[float, int]:
        return measure([py, "-c", LOADS[name], str(file)], repeat)

    def rank(project: Path) -> tuple[float, int]:
        return measure([py, "-m", "vendorscore", "rank", str(project), "--format", "csv"], repeat)

    rows: list[Row] = []
    for label, file, fastest, others in (
        ("YAML", yaml_file, "rapidyaml", ("yaml_rs",)),
        ("JSON", json_file, "orjson", ("json",)),
    ):
        size = file.stat().st_size / 2**20
        floor_name = fastest if _have({"rapidyaml": "ryml"}.get(fastest, fastest)) else None
        floor, floor_mib = load(floor_name or "vendorscore", file)
        base = f"{floor_name or 'vendorscore'} bare load of the same file, peak {floor_mib:,} MiB"
        seconds, mib = rank(file.parent.parent)
        rows.append(
            (
                f"rank {n:,} vendors ({label}, {size:.0f} MiB), peak {mib:,} MiB",
                seconds,
                base,
                floor,
            )
        )
        seconds, mib = load("vendorscore", file)
        rows.append(
            (f"vendorscore {label} reader (read_document), peak {mib:,} MiB", seconds, base, floor)
        )
        for other in others:
            if _have(other):
                seconds, mib = load(other, file)
                rows.append(
                    (f"{other} bare load ({label}), peak {mib:,} MiB", seconds, base, floor)
                )
        if label == "YAML" and floor_name:
            seconds, mib = measure([py, str(walk), str(file)], repeat)
            rows.append(
                (f"rapidyaml tree walked to Python, peak {mib:,} MiB", seconds, base, floor)
            )
    return rows
