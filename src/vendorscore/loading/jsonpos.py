"""Positions in a JSON text, found only when a diagnostic needs one.

The fast path (``jsonio``) parses with the standard library's C decoder, which gives no
positions. When a model error needs the line of a value, or the decoder refused something
(a duplicate key, ``NaN``, nesting too deep, a lone surrogate, an integer too long), one
pass of a regular-expression tokenizer over the text walks its structure and records what
was asked. The walk is iterative: no nesting depth can exhaust the stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vendorscore.loading.scalars import MAX_INT_DIGITS

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_INT = re.compile(r"-?[0-9]+")
CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

Path = tuple[str | int, ...]


@dataclass
class Scan:
    """What one pass found: offsets (0-based, in characters) of each thing looked for."""

    located: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)  # (at, key, first)
    deep: int | None = None  # the first collection nested deeper than the limit
    constant: int | None = None  # the first NaN / Infinity / -Infinity
    long_int: tuple[int, int] | None = None  # (at, digits) of the first over-long integer
    surrogate: int | None = None  # the first string holding a lone surrogate


def _string(token: str) -> str:
    return token[1:-1] if "\\" not in token else str(json.loads(token))


def _lone_surrogate(token: str) -> bool:
    if not SURROGATE_ESCAPE.search(token):
        return False
    try:
        _string(token).encode("utf-8")
    except (UnicodeEncodeError, ValueError):
        return True
    return False


def _check_value(token: str, at: int, found: Scan) -> None:
    first = token[0]
    if first == '"':
        if found.surrogate is None and _lone_surrogate(token):
            found.surrogate = at
    elif token in CONSTANTS:
        if found.constant is None:
            found.constant = at
    elif found.long_int is None and _INT.fullmatch(token):
        digits = len(token.lstrip("-"))
        if digits > MAX_INT_DIGITS:
            found.long_int = (at, digits)


def scan(text: str, wanted: Iterable[Path] = (), max_depth: int = 100) -> Scan:
    """Walk the text once: the offsets of the wanted paths and of every prefix of them (a
    member's offset is its key's), and every refused thing in it.

    Each open collection is a frame ``[is_object, path or None, key or index, key offset,
    keys seen]``: the path is None below nodes no wanted path goes through. Over 60 lines on
    purpose: one loop with the token kinds inline, as in ``positions.locate_many``.
    """
    prefixes = {p[:i] for p in wanted for i in range(len(p) + 1)}
    found = Scan()
    stack: list[list[Any]] = []
    for match in _TOKEN.finditer(text):
        token, at = match.group(), match.start()
        first = token[0]
        if first == "," or first == ":":
            continue
        if first == "}" or first == "]":
            if stack:
                stack.pop()
            continue
        path: Path | None = ()
        mark = at
        if stack:
            top = stack[-1]
            if top[0] and top[2] is None:  # a member's key
                key = _string(token) if first == '"' else token
                if first == '"' and found.surrogate is None and _lone_surrogate(token):
                    found.surrogate = at
                seen: dict[str, int] = top[4]
                if key in seen:
                    found.duplicates.append((at, key, seen[key]))
                else:
                    seen[key] = at
                top[2], top[3] = key, at
                continue
            path = None if top[1] is None else (*top[1], top[2])
            if top[0]:
                mark, top[2] = top[3], None
            else:
                top[2] += 1
        if path is not None and path in prefixes and path not in found.located:
            found.located[path] = mark
        if first == "{" or first == "[":
            if len(stack) >= max_depth and found.deep is None:
                found.deep = at
            inner = path if path is not None and path in prefixes else None
            is_object = first == "{"
            stack.append([is_object, inner, None if is_object else 0, at, {}])
        else:
            _check_value(token, at, found)
    return found


class Lines:
    """1-based (line, column) of character offsets, columns counted in characters."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def locate_many(text: str, paths: list[Path]) -> list[tuple[int, int]]:
    """1-based (line, column) of each path (of its longest prefix found; 1:1 if none)."""
    located = scan(text, paths).located
    lines = Lines(text)
    out: list[tuple[int, int]] = []
    for wanted in paths:
        for cut in range(len(wanted), -1, -1):
            hit = located.get(wanted[:cut])
            if hit is not None:
                out.append(lines.at(hit))
                break
        else:
            out.append((1, 1))
    return out
