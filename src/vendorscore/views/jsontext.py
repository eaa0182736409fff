"""``json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)``, the same text,
faster for the large documents: with an indent the standard library encodes in Python, one
call per value, so `sensitivity --format json` on 1 000 vendors spent half a second on the
million shares of its acceptability matrix. Here the containers are walked the same way and a
numpy vector of floats (the acceptability rows) is written in one join, each distinct number
formatted once (they are counts over the samples: a few thousand distinct values at most).

Numbers are written as ``json`` writes them (``float.__repr__``, ``int.__repr__``), texts with
``json``'s own encoder, and a number that is not finite is refused as ``allow_nan=False``
refuses it (``ValueError``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

INDENT = "  "
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def dumps(document: Any) -> str:
    """The JSON text of ``document`` (dicts with text keys, lists, tuples, texts, numbers,
    booleans, None and 1-D numpy float arrays), indented by two spaces."""
    parts: list[str] = []
    _write(document, 0, parts)
    return "".join(parts)


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        _write_dict(value, level, out)
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = "\n" + INDENT * (level + 1)
        out.append("[" + inner)
        for i, item in enumerate(value):
            if i:
                out.append("," + inner)
            _write(item, level + 1, out)
        out.append("\n" + INDENT * level + "]")
    elif isinstance(value, np.ndarray):
        _write_vector(value, level, out)
    elif isinstance(value, float) and not isinstance(value, bool):
        out.append(_float(value))
    else:  # texts, ints, booleans, None: json's own encoder
        out.append(_encode(value))


def _write_dict(value: dict[Any, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = "\n" + INDENT * (level + 1)
    out.append("{" + inner)
    for i, (key, item) in enumerate(value.items()):
        if not isinstance(key, str):
            raise TypeError(f"keys must be text, not {type(key).__name__}")
        out.append(("," + inner if i else "") + _encode(key) + ": ")
        _write(item, level + 1, out)
    out.append("\n" + INDENT * level + "}")


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return float.__repr__(value)


def _write_vector(vector: np.ndarray[Any, Any], level: int, out: list[str]) -> None:
    """A 1-D float array as ``json`` writes the list of its floats."""
    if vector.ndim != 1:
        raise TypeError("only 1-D arrays are written")
    if vector.size == 0:
        out.append("[]")
        return
    values = np.asarray(vector, dtype=np.float64)
    if np.signbit(values[values == 0]).any():  # unique() makes -0.0 and 0.0 one value
        texts = [_float(x) for x in values.tolist()]
    else:
        distinct, where = np.unique(values, return_inverse=True)
        texts = np.array([_float(x) for x in distinct.tolist()], dtype=object)[where].tolist()
    inner = "\n" + INDENT * (level + 1)
    out.append("[" + inner + ("," + inner).join(texts))
    out.append("\n" + INDENT * level + "]")
