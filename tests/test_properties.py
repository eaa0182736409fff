"""Property tests: whatever YAML arrives, validate answers with diagnostics, never an exception."""

from __future__ import annotations

import contextlib
import io
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE
from vendorscore.cli import run

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=string.printable, max_size=12),
    st.sampled_from(["no", "on", "24:00", "9:30", "0755", "2027-02-30", "en", "es-MX", "USD"]),
)
KEYS = [
    "id",
    "name",
    "criteria",
    "scores",
    "vendors",
    "kind",
    "weight",
    "pricing",
    "rate",
    "coverage",
    "days",
    "start",
    "end",
    "timezone",
    "languages",
    "code",
    "level",
    "field",
    "scoring",
    "method",
    "evaluator",
    "groups",
    "gates",
    "op",
    "value",
    "x",
]
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=5),
    ),
    max_leaves=25,
)


def validate(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["validate", str(path)])
    return code, out.getvalue(), err.getvalue()


def check(path: Path) -> None:
    code, out, err = validate(path)
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "internal error" not in err
    for line in out.splitlines():
        assert LINE.match(line), line
    if code == 1:
        assert out.strip()


LONG = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
QUICK = settings(LONG, max_examples=30)  # the default run; `pytest -m slow` runs the long ones


def tree_gets_an_answer(tree: Any, tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True))
    check(path)


@pytest.mark.slow
@LONG
@given(tree=trees)
def test_any_yaml_tree_gets_an_answer(tree: Any, tmp_path: Path) -> None:
    tree_gets_an_answer(tree, tmp_path)


@QUICK
@given(tree=trees)
def test_any_yaml_tree_gets_an_answer_quick(tree: Any, tmp_path: Path) -> None:
    tree_gets_an_answer(tree, tmp_path)


def _example(kind: str) -> dict[str, Any]:
    folder = {"vendor": "vendors/bayani-cx.yaml", "criteria": "criteria/retail-cx.yaml"}[kind]
    loaded: dict[str, Any] = yaml.safe_load((EXAMPLE / folder).read_text())
    return loaded


def _paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(tree, dict):
        for key, value in tree.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            out += _paths(value, (*prefix, index))
    return out


def _replace(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[head] = _replace(tree[head], rest, value)
    return copy


def mutated_file_gets_an_answer(data: st.DataObject, kind: str, tmp_path: Path) -> None:
    """Replace one value deep inside a real file with something arbitrary."""
    original = _example(kind)
    path = data.draw(st.sampled_from(_paths(original)[1:]))
    mutated = _replace(original, path, data.draw(trees))
    target = tmp_path / f"{kind}.yaml"
    target.write_text(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False))
    check(target)


@pytest.mark.slow
@LONG
@given(data=st.data(), kind=st.sampled_from(["vendor", "criteria"]))
def test_mutated_real_files_get_an_answer(data: st.DataObject, kind: str, tmp_path: Path) -> None:
    mutated_file_gets_an_answer(data, kind, tmp_path)


@QUICK
@given(data=st.data(), kind=st.sampled_from(["vendor", "criteria"]))
def test_mutated_real_files_get_an_answer_quick(
    data: st.DataObject, kind: str, tmp_path: Path
) -> None:
    mutated_file_gets_an_answer(data, kind, tmp_path)
