"""JSON catalogues (``vendors/*.json``): the same model, diagnostics and guarantees as YAML.

Positions are exact (``file:line:col`` of the key, as in YAML), duplicate keys are refused,
hostile JSON gets one line and exit 1, and a project ranks the same from JSON as from YAML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner
from vendorscore.loading.jsonio import parse_json
from vendorscore.loading.jsonpos import locate_many
from vendorscore.loading.yamlio import LoadFailure, read_document

VENDOR = {
    "id": "bayani-cx",
    "name": "Bayani CX",
    "hq_country": "PH",
    "pricing": {"currency": "USD", "unit": "per_productive_hour", "rate": 11.5},
    "kpis": {"fcr": 78, "csat": 86},
}


def to_json(project: Path) -> None:
    """Every vendor file of ``project`` rewritten as JSON (same data, the YAML removed)."""
    for path in sorted((project / "vendors").glob("*.yaml")):
        data = read_document(path).data
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        path.with_suffix(".json").write_text(text, encoding="utf-8")
        path.unlink()


def lines_of(result_out: str) -> list[str]:
    return [line for line in result_out.splitlines() if ": error: " in line]


# --- positions ---------------------------------------------------------------------------


def test_model_errors_are_at_the_key_of_their_value(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(
        '{\n  "id": "bayani-cx",\n  "name": "Bayani CX", "nmae": 1,\n  "hq_country": "PH",\n'
        '  "pricing": {"currency": "USD", "unit": "per_productive_hour", "rate": 11.5},\n'
        '  "kpis": {\n    "fcr": 78,\n    "csat": 860\n  }\n}\n'
    )
    result = cli("validate", str(path))
    assert result.code == 1
    assert lines_of(result.out) == [
        f"{path}:3:24: error: unknown key 'nmae' (did you mean 'name'?) [unknown-key]",
        f"{path}:8:5: error: csat must be a percentage from 0 to 100, got 860 [percent-range]",
    ]


def test_list_items_and_missing_keys(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    vendors = [VENDOR, {**VENDOR, "id": "b", "channels": ["voice", 7]}, {"id": "c"}]
    path.write_text('{"vendors": [\n' + ",\n".join(json.dumps(v) for v in vendors) + "\n]}\n")
    result = cli("validate", "--format", "json", str(path))
    found = {(i["line"], i["column"], i["code"]) for i in json.loads(result.out)["errors"]}
    text = path.read_text().splitlines()
    line3 = text[2]
    assert (3, line3.index("7]") + 1, "wrong-type") in found  # the list item itself
    assert (4, 1, "missing-key") in found  # the vendor the key is missing from
    assert result.code == 1


def test_the_locator_finds_keys_items_and_prefixes() -> None:
    text = '{"a": {"b": [10, {"c": 1}]},\n "d": "x"}'
    got = locate_many(text, [("a", "b", 1, "c"), ("a", "b", 0), ("d",), ("a", "zz"), ()])
    assert got == [(1, 19), (1, 14), (2, 2), (1, 2), (1, 1)]


CASES = sorted((DATA / "cases").glob("*.yaml"))


def _yaml_case(case: Path) -> object:
    """The case's data when JSON can hold it: YAML that parses, with no duplicate keys and
    no .nan or .inf (which JSON has no words for)."""
    try:
        doc = read_document(case)
        json.dumps(doc.data, allow_nan=False, default=str)
    except (LoadFailure, ValueError):
        return None
    return None if doc.issues or not isinstance(doc.data, dict) else doc.data


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_case_says_the_same_in_json_at_the_same_key(
    case: Path, cli: CliRunner, tmp_path: Path
) -> None:
    """Each diagnostics case that reads as YAML, written as JSON: the same codes and messages,
    each at the place in the JSON text where its path's key (or list item) is written."""
    data = _yaml_case(case)
    if data is None:
        return  # a YAML syntax case: nothing to write as JSON
    target = tmp_path / (case.stem + ".json")
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    want = json.loads(cli("validate", "--format", "json", str(case)).out)
    got = json.loads(cli("validate", "--format", "json", str(target)).out)
    for sev in ("errors", "warnings"):
        assert sorted((i["code"], i["message"]) for i in got[sev]) == sorted(
            (i["code"], i["message"]) for i in want[sev]
        )
    json_lines, yaml_lines = target.read_text().splitlines(), case.read_text().splitlines()
    order = sorted(want["errors"] + want["warnings"], key=lambda i: (i["code"], i["message"]))
    mine = sorted(got["errors"] + got["warnings"], key=lambda i: (i["code"], i["message"]))
    for yaml_issue, json_issue in zip(order, mine, strict=True):
        at = json_lines[json_issue["line"] - 1][json_issue["column"] - 1 :]
        key = re.match(r'"((?:[^"\\]|\\.)*)":', at)
        if key is not None:  # at a key in JSON: at the same key in YAML
            there = yaml_lines[yaml_issue["line"] - 1][yaml_issue["column"] - 1 :]
            assert there.lstrip("'\"").startswith(json.loads(f'"{key.group(1)}"')), (at, there)


# --- duplicates and hostile JSON ---------------------------------------------------------


def test_duplicate_keys_are_refused_at_the_repeat_and_the_first_is_read(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "v.json"
    path.write_text(
        json.dumps(VENDOR, indent=2).replace('"id": "bayani-cx",', '"id": "a",\n  "id": "b",')
    )
    doc = read_document(path)
    assert doc.data["id"] == "a"
    result = cli("validate", str(path))
    assert result.code == 1
    assert lines_of(result.out) == [
        f"{path}:3:3: error: duplicate key 'id' (first defined on line 2; that value is the "
        "one read) [duplicate-key]"
    ]


def test_a_duplicate_spelled_with_an_escape_is_a_duplicate() -> None:
    doc = parse_json(b'{"id": "a",\n "\\u0069d": "b"}', "v.json")
    assert doc.data == {"id": "a"}
    assert [(i.line, i.column, i.code) for i in doc.issues] == [(2, 2, "duplicate-key")]


HOSTILE = [
    (b"", (1, 1, "empty-file")),
    (b'{"id": "a",}', (1, 12, "json-syntax")),
    (b'{"id": "a"}\n{"id": "b"}', (2, 1, "json-syntax")),
    (b'{"id": "a", "name": "x\ty"}', (1, 23, "json-syntax")),
    (b'{"id": "a", "x": NaN}', (1, 18, "json-syntax")),
    (b'{"id": "a",\n "x": [1, Infinity]}', (2, 11, "json-syntax")),
    (b'{"id": "a", "x": -Infinity}', (1, 18, "json-syntax")),
    (b'{"id": "a", "x": ' + b"9" * 5000 + b"}", (1, 18, "number-too-long")),
    (b'{"id": "a", "x": ' + b"[" * 150 + b"]" * 150 + b"}", (1, 117, "too-deep")),
    (b"[" * 200_000 + b"]" * 200_000, (1, 101, "too-deep")),
    (b'{"id": "a", "name": "\\ud800"}', (1, 21, "json-syntax")),
    (b'{"id": "a", "name": "\\udc00\\ud800"}', (1, 21, "json-syntax")),
    (b'{"id": "a",\x00}', (1, 1, "binary-file")),
    ('{"id": "a"}'.encode("utf-16"), (1, 1, "bad-encoding")),
    (b'{"id": "a\xff"}', (1, 10, "bad-encoding")),
]


@pytest.mark.parametrize(("raw", "where"), HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_json_gets_one_line(
    raw: bytes, where: tuple[int, int, str], cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "v.json"
    path.write_bytes(raw)
    with pytest.raises(LoadFailure) as failure:
        read_document(path)
    issue = failure.value.issue
    assert (issue.line, issue.column, issue.code) == where
    result = cli("validate", str(path))
    assert result.code == 1
    assert len(result.out.splitlines()) == 1
    assert result.out.startswith(f"{path}:{where[0]}:{where[1]}: error: ")
    assert "Traceback" not in result.out + result.err


def test_a_surrogate_pair_is_one_character(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(json.dumps({**VENDOR, "name": "Bayani \U0001f600"}))  # ASCII: \ud83d\ude00
    assert "\\ud83d" in path.read_text()
    assert read_document(path).data["name"] == "Bayani \U0001f600"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "x" * 201, "too-long"),
        ("name", 12, "wrong-type"),
    ],
)
def test_values_past_the_limits_are_errors_at_their_key(
    field: str, value: object, code: str, cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "v.json"
    path.write_text(json.dumps({**VENDOR, field: value}, indent=2))
    result = cli("validate", "--format", "json", str(path))
    errors = json.loads(result.out)["errors"]
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if f'"{field}"' in t)
    assert [(e["line"], e["column"], e["code"]) for e in errors] == [(line, 3, code)]


def test_a_huge_float_is_refused_as_in_yaml(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(json.dumps(VENDOR).replace("11.5", "1e400"))
    yaml_path = tmp_path / "v.yaml"
    yaml_path.write_text(json.dumps(VENDOR).replace("11.5", "1e400"))  # JSON is YAML too
    got = json.loads(cli("validate", "--format", "json", str(path)).out)["errors"]
    want = json.loads(cli("validate", "--format", "json", str(yaml_path)).out)["errors"]
    assert [(e["line"], e["column"], e["code"], e["message"]) for e in got] == [
        (e["line"], e["column"], e["code"], e["message"]) for e in want
    ]
    assert got


# --- projects ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_project_ranks_the_same_from_json(
    fmt: str, cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    want = cli("rank", str(project), "--format", fmt)
    to_json(project)
    assert not list((project / "vendors").glob("*.yaml"))
    got = cli("rank", str(project), "--format", fmt)
    assert got.code == want.code == 0
    digest = re.compile(r'"(sha256|digest)": "[0-9a-f]+"')  # of the files' bytes
    assert digest.sub("", got.out.replace(".json", ".yaml")) == digest.sub("", want.out)
    assert cli("validate", str(project)).code == 0


def test_a_json_catalogue_and_yaml_files_mix(cli: CliRunner, project: Path) -> None:
    want = cli("rank", str(project), "--format", "csv").out
    files = sorted((project / "vendors").glob("*.yaml"))
    catalogue = {"vendors": [read_document(p).data for p in files[:3]]}
    (project / "vendors" / "catalogue.json").write_text(json.dumps(catalogue, default=str))
    for p in files[:3]:
        p.unlink()
    assert cli("rank", str(project), "--format", "csv").out == want


def test_a_rule_across_files_points_into_the_json(cli: CliRunner, project: Path) -> None:
    to_json(project)
    andes = project / "vendors" / "andes.json"
    data = json.loads(andes.read_text())
    data["id"] = "bayani-cx"  # two vendors with one id
    andes.write_text(json.dumps(data, indent=2))
    result = cli("validate", str(project))
    assert result.code == 1
    assert re.search(r"vendors/[a-z-]+\.json:2:3: error: .*\[duplicate-id\]", result.out)
