"""The fast paths of `sensitivity` and `report` on many vendors give what the plain ones gave:
the indented JSON writer, SMAA's top ranks, the sandbox's record cache and attribute fast path,
and numpy's BLAS on one thread unless told otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.analysis.smaa import ranks_of, top_ranks
from vendorscore.errors import InputError
from vendorscore.reporting import sandbox
from vendorscore.reporting.figure import Figure
from vendorscore.reporting.render import render
from vendorscore.views import jsontext


def _plain(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)


def _lists(document: Any) -> Any:
    """The document with every numpy vector written as the list of its floats."""
    if isinstance(document, dict):
        return {k: _lists(v) for k, v in document.items()}
    if isinstance(document, (list, tuple)):
        return [_lists(v) for v in document]
    if isinstance(document, np.ndarray):
        return [float(x) for x in document]
    return document


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=6).map(np.array),
        st.lists(st.integers(0, 50), max_size=30).map(lambda xs: np.array(xs) / 50),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_the_json_writer_writes_what_json_dumps_writes(document: Any) -> None:
    assert jsontext.dumps(document) == _plain(_lists(document))


def test_the_json_writer_keeps_negative_zero_and_refuses_what_json_refuses() -> None:
    vector = np.array([0.0, -0.0, 0.5, 0.0])
    assert jsontext.dumps({"a": vector}) == _plain({"a": [0.0, -0.0, 0.5, 0.0]})
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="not JSON compliant"):
            jsontext.dumps({"a": np.array([0.1, bad])})
        with pytest.raises(ValueError, match="not JSON compliant"):
            jsontext.dumps([bad])


def test_top_ranks_are_the_ranks_of_those_vendors() -> None:
    rng = np.random.default_rng(4)
    order = np.argsort(rng.random((300, 40)), axis=1)
    for top in (np.array([0]), np.array([5, 1, 39, 7]), np.arange(10)):
        assert np.array_equal(top_ranks(order, top), ranks_of(order)[:, top])


@dataclass(frozen=True)
class _Inner:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class _Outer:
    name: str
    figure: Figure
    inner: _Inner
    items: list[Any]


def _weight_as_before(value: Any, depth: int = 0) -> int:
    """The sandbox's measure without its record cache (what it was)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if depth > 50:
        raise sandbox.TemplateLimit("deep")
    if isinstance(value, dict):
        return len(value) + sum(
            _weight_as_before(k, depth + 1) + _weight_as_before(v, depth + 1)
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(_weight_as_before(item, depth + 1) for item in value)
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return sum(
            len(f.name) + _weight_as_before(getattr(value, f.name), depth + 1)
            for f in fields(value)
        )
    return 1


def test_records_weigh_what_they_weighed() -> None:
    figure = Figure(1.5, "1.50")
    outer = _Outer("x" * 7, figure, _Inner("é", (1.0, 2.0)), [figure, None, {"k": "vv"}])
    for value in (figure, Figure(None, "—"), outer, [outer, outer], {"a": outer}):
        assert sandbox.weight(value) == _weight_as_before(value)
        assert sandbox.weight(value) == _weight_as_before(value)  # cached, the same


def test_a_record_nested_past_the_depth_limit_is_still_refused() -> None:
    value: Any = Figure(1.0, "1")
    for _ in range(60):
        value = _Inner("n", (value,))
    with pytest.raises(sandbox.TemplateLimit, match="50 levels"):
        sandbox.weight(value)


@dataclass(frozen=True)
class _Record:
    shown: str
    _hidden: str
    act: Any


def _page(tmp_path: Path, body: str, **data: Any) -> str:
    file = tmp_path / "t.html.j2"
    file.write_text(body)
    return render(data, "workshop", file)


def test_the_attribute_fast_path_reads_fields_and_nothing_more(tmp_path: Path) -> None:
    record = _Record("<b>", "secret", str.upper)
    assert _page(tmp_path, "{{ r.shown }}", r=record) == "&lt;b&gt;"
    with pytest.raises(InputError, match="template-error"):  # a private field: unsafe
        _page(tmp_path, "{{ r._hidden }}", r=record)
    with pytest.raises(InputError, match="template-error"):
        _page(tmp_path, "{{ r.__class__ }}", r=record)
    # a callable field is checked like any other attribute (here: a harmless one)
    assert _page(tmp_path, "{{ r.act('a') }}", r=record) == "A"


def test_numpy_blas_runs_on_one_thread_unless_told() -> None:
    """The command line sets it (a program importing vendorscore keeps its own setting)."""
    code = (
        "import importlib, os; from unittest import mock\n"
        "m = importlib.import_module('vendorscore.cli.main')\n"
        "with mock.patch.object(m, 'run', return_value=0):\n"
        "    try:\n        m.main()\n    except SystemExit:\n        pass\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "1", out.stderr
    env["OPENBLAS_NUM_THREADS"] = "2"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "2"
    library = "import os, vendorscore; print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    env.pop("OPENBLAS_NUM_THREADS")
    out = subprocess.run([sys.executable, "-c", library], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "None"  # importing the library changes nothing
