"""The YAML reader: YAML 1.2 core scalars, duplicate keys, merges, and hostile documents."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.catalogue import write_catalogue

from vendorscore.loading import yamlio
from vendorscore.loading.yamlio import LoadFailure, parse_text, read_document

ROOT = Path(__file__).resolve().parent.parent


def load(text: str) -> object:
    return parse_text(text.encode(), "t.yaml").data


def failure(text: str | bytes) -> tuple[int, int, str, str]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(LoadFailure) as caught:
        parse_text(raw, "t.yaml")
    issue = caught.value.issue
    return issue.line, issue.column, issue.code, issue.message


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("yes", "yes"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("0755", 755),
        ("0o17", 15),
        ("0x1F", 31),
        ("9:30", "9:30"),
        ("09:00", "09:00"),
        ("2024-01-05", "2024-01-05"),
        ("1_000", "1_000"),
        ("1.10", 1.1),
        ("1e3", 1000.0),
        ("-2.5", -2.5),
        ("~", None),
        ("null", None),
        ("", None),
        ("'0755'", "0755"),
        ('"true"', "true"),
        ("!!str 123", "123"),
        ("!!int 12", 12),
        ("!!float 3", 3.0),
    ],
)
def test_yaml_12_core_scalars(scalar: str, value: object) -> None:
    data = load(f"key: {scalar}\n")
    assert data == {"key": value}
    assert type(data["key"]) is type(value)  # type: ignore[index]


def test_special_floats_are_read_so_models_can_refuse_them() -> None:
    data = load("a: .inf\nb: -.Inf\nc: .nan\n")
    assert data["a"] == float("inf")
    assert data["b"] == float("-inf")
    assert data["c"] != data["c"]  # type: ignore[index]


def test_unsupported_tag_is_refused() -> None:
    assert failure("a: !!python/object:os.system ls\n")[2] == "yaml-tag"
    assert failure("a: !!int twelve\n")[:3] == (1, 4, "yaml-tag")


def test_duplicate_key_names_both_lines_and_keeps_the_first_value() -> None:
    doc = parse_text(b"a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n", "t.yaml")
    assert [(i.line, i.column, i.code, i.message) for i in doc.issues] == [
        (
            5,
            3,
            "duplicate-key",
            "duplicate key 'c' (first defined on line 3; that value is the one read)",
        )
    ]
    assert doc.data == {"a": 1, "b": {"c": 1, "d": 2}}


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    data = load("base: &b {rate: 1, unit: x}\nother: {<<: *b, rate: 2}\nlist: {<<: [*b], y: 1}\n")
    assert data["other"] == {"rate": 2, "unit": "x"}  # type: ignore[index]
    assert data["list"] == {"rate": 1, "unit": "x", "y": 1}  # type: ignore[index]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load("'<<': 1\n") == {"<<": 1}


def test_merge_of_a_scalar_is_refused() -> None:
    assert failure("a: &a 1\nb: {<<: *a}\n")[2] == "yaml-merge"


def test_collection_as_key_is_refused() -> None:
    assert failure("? [a, b]\n: 1\n")[2] == "yaml-key"


def test_benign_anchors_load() -> None:
    data = load("shift: &s {start: '08:00', end: '17:00'}\na: [*s, *s]\n")
    assert data["a"] == [{"start": "08:00", "end": "17:00"}] * 2  # type: ignore[index]


def test_shared_alias_bomb_is_refused_fast() -> None:
    raw = (ROOT / "tests" / "data" / "badinputs" / "alias_bomb.yaml").read_bytes()
    start = time.perf_counter()
    with pytest.raises(LoadFailure) as caught:
        parse_text(raw, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert caught.value.issue.code == "alias-bomb"


def test_thirty_level_bomb_is_refused_fast() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 30)]
    start = time.perf_counter()
    assert failure("\n".join(lines) + "\n")[2] == "alias-bomb"
    assert time.perf_counter() - start < 1.0


def test_recursive_alias_is_refused() -> None:
    start = time.perf_counter()
    line, column, code, _ = failure("a: &a [1, *a]\n")
    assert (line, column, code) == (1, 11, "alias-bomb")
    assert time.perf_counter() - start < 1.0


def test_twenty_thousand_nested_brackets_give_a_clean_error() -> None:
    start = time.perf_counter()
    _, _, code, message = failure("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert code == "yaml-syntax"
    assert "nesting" in message
    assert time.perf_counter() - start < 1.0


def test_deep_block_nesting_is_refused() -> None:
    text = "a:\n" + "".join("  " * i + "-\n" for i in range(1, 400))
    assert failure(text)[2] == "too-deep"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", (1, 1, "empty-file")),
        (b"# only a comment\n\n", (1, 1, "empty-file")),
        (b"---\n", (1, 1, "empty-file")),
        (b"\x00\x01binary", (1, 1, "binary-file")),
        (b"\xff\xfei\x00d\x00", (1, 1, "bad-encoding")),
        (b"id: a\nname: caf\xe9\n", (2, 10, "bad-encoding")),
        (b"id: a\nname: 'x\n", (2, 7, "yaml-syntax")),
        (b"id: a\n---\nid: b\n", (2, 1, "yaml-syntax")),
        (b"id: a\nname: \x07\n", (2, 7, "yaml-syntax")),
        (b"a: *nope\n", (1, 4, "yaml-syntax")),
    ],
)
def test_unreadable_documents(raw: bytes, expected: tuple[int, int, str]) -> None:
    assert failure(raw)[:3] == expected


def test_utf8_bom_and_crlf_are_fine() -> None:
    doc = parse_text(b"\xef\xbb\xbfid: a\r\nname: B\r\n", "t.yaml")
    assert doc.data == {"id": "a", "name": "B"}
    assert doc.locate(("name",)) == (2, 1)


def test_positions_skip_union_tags_and_report_keys() -> None:
    doc = parse_text(b"criteria:\n  - id: q\n    kind: numeric\n    weight: -1\n", "t.yaml")
    assert doc.locate(("criteria", 0, "numeric", "weight")) == (4, 5)
    assert doc.locate(("criteria", 0, "missing_key")) == (2, 5)
    assert doc.positions([("criteria",), ("nothing",)]) == {
        ("criteria",): (1, 1),
        ("nothing",): (1, 1),
    }


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: a\nname: " + "x" * 2000 + "\n")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1024)
    with pytest.raises(LoadFailure) as caught:
        read_document(path)
    assert caught.value.issue.code == "file-too-large"


def test_symlink_loop_is_a_clean_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(LoadFailure) as caught:
        read_document(loop)
    assert caught.value.issue.code == "unreadable"


@pytest.mark.slow
def test_twenty_megabyte_catalogue_loads_below_one_gigabyte(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    write_catalogue(46_000, path)
    assert path.stat().st_size > 20 * 2**20
    # RUSAGE_CHILDREN keeps the largest child this process ever had (a browser, an earlier
    # test's subprocess), so measure from a fresh parent whose only child is the validation.
    probe = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.stderr.write(done.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "vendorscore", "validate", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak_kib = map(int, result.stdout.split())
    assert code == 0, result.stderr
    assert "1 file valid" in result.stderr
    assert peak_kib < 1024 * 1024, f"peak RSS {peak_kib / 1024:.0f} MiB"
