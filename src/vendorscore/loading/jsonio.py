"""JSON files (``vendors/*.json``): the same guarantees as the YAML reader, at C speed.

The standard library's C decoder reads the file; a hook on every object refuses nothing but
notices duplicate keys (the decoder would keep the last silently), and ``parse_constant``
refuses ``NaN`` and ``Infinity`` (which JSON forbids and Python accepts). Nesting is bounded
by the YAML reader's limit, checked level by level after the parse. Positions are never
kept: a diagnostic that needs one gets it from ``jsonpos``, which reads the text again. JSON
is read as YAML 1.2 reads it (JSON is YAML 1.2's subset): ``true``, ``null``, ``1e3`` and
``"no"`` mean the same in either file. Why not orjson: measured on the 100 000-vendor
catalogue it reads no faster than ``json`` (README: Performance) and could not notice
duplicate keys.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from vendorscore.errors import Issue
from vendorscore.loading.jsonpos import SURROGATE_ESCAPE, Lines, Scan, scan
from vendorscore.loading.scalars import MAX_INT_DIGITS
from vendorscore.loading.yamlio import MAX_DEPTH, Document, LoadFailure, decode_text


class _Constant(ValueError):
    """NaN, Infinity or -Infinity in the text (raised from ``parse_constant``)."""


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests deeper than MAX_DEPTH, one level at a time (no recursion)."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return True
        below: list[Any] = []
        for node in level:
            below += [
                v
                for v in (node.values() if node.__class__ is dict else node)
                if v.__class__ is dict or v.__class__ is list
            ]
        level = below
    return False


def _fail(display: str, at: tuple[int, int], code: str, message: str) -> LoadFailure:
    return LoadFailure(Issue(display, at[0], at[1], code, message))


def _refused(text: str, display: str, reason: str) -> LoadFailure:
    """The diagnostic for what the decoder (or the depth check) refused, at its place."""
    found: Scan = scan(text, max_depth=MAX_DEPTH)
    lines = Lines(text)
    if reason == "deep" and found.deep is not None:
        return _fail(
            display,
            lines.at(found.deep),
            "too-deep",
            f"refused: nesting deeper than {MAX_DEPTH} levels",
        )
    if reason == "constant" and found.constant is not None:
        return _fail(
            display,
            lines.at(found.constant),
            "json-syntax",
            "NaN and Infinity are not JSON numbers: write a number",
        )
    if reason == "long" and found.long_int is not None:
        at, digits = found.long_int
        return _fail(
            display,
            lines.at(at),
            "number-too-long",
            f"refused: a number of {digits:,} digits (at most {MAX_INT_DIGITS:,} are read)",
        )
    if reason == "surrogate" and found.surrogate is not None:
        return _fail(
            display,
            lines.at(found.surrogate),
            "json-syntax",
            "a lone surrogate escape (\\ud800-\\udfff) is not a character: "
            "write the character, or both halves of its surrogate pair",
        )
    return _fail(display, (1, 1), "too-deep", "refused: nesting is too deep")


def _duplicates(text: str, display: str) -> list[Issue]:
    lines = Lines(text)
    issues = []
    for at, key, first in scan(text).duplicates:
        line, column = lines.at(at)
        message = (
            f"duplicate key '{key}' (first defined on line {lines.at(first)[0]}; "
            "that value is the one read)"
        )
        issues.append(Issue(display, line, column, "duplicate-key", message))
    return issues


def _decode(text: str) -> tuple[Any, bool]:
    """The data (the first of duplicate keys kept, as in YAML) and whether keys repeat."""
    repeated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        out = dict(items)
        if len(out) != len(items):
            repeated = True
            out = {}
            for key, value in items:
                out.setdefault(key, value)
        return out

    data = json.loads(text, object_pairs_hook=pairs, parse_constant=_refuse_constant)
    return data, repeated


def parse_json(raw: bytes, display: str, path: Path | None = None) -> Document:
    """Parse one JSON document from bytes, guarded; raises LoadFailure with a position."""
    text = decode_text(raw, display, "JSON")
    if not text.strip():
        raise _fail(display, (1, 1), "empty-file", "file is empty")
    try:
        data, repeated = _decode(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg.removesuffix(' at')}"
        raise _fail(display, (exc.lineno, exc.colno), "json-syntax", message) from None
    except _Constant:
        raise _refused(text, display, "constant") from None
    except RecursionError:
        raise _refused(text, display, "deep") from None
    except ValueError:  # an integer longer than Python converts
        raise _refused(text, display, "long") from None
    if _too_deep(data):
        raise _refused(text, display, "deep")
    if SURROGATE_ESCAPE.search(text) and scan(text).surrogate is not None:
        raise _refused(text, display, "surrogate")
    issues = _duplicates(text, display) if repeated else []
    digest = hashlib.sha256(raw).hexdigest()
    return Document(path or Path(display), display, data, text, digest, issues, "json")
