"""Positions on demand: the line and column of a path in a YAML text, found by walking the
parser's events once for every path asked (positions are never stored while loading)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml
from yaml import events as ev

from vendorscore.loading.yamlio import events_of


def real_path(data: Any, loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """The part of ``loc`` that is in ``data``; parts naming nothing (union tags) are dropped."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict):
            match = next((k for k in node if str(k) == str(part)), _MISSING)
            if match is not _MISSING:
                out.append(str(part))
                node = node[match]
    return tuple(out)


_MISSING = object()


_NODE_EVENTS = (ev.ScalarEvent, ev.AliasEvent, ev.MappingStartEvent, ev.SequenceStartEvent)
_NO_KEY = object()


def locate_many(text: str, paths: list[tuple[str | int, ...]]) -> list[tuple[int, int]]:
    """One pass over the events records the mark of every prefix of the wanted paths.

    Each open collection is a frame ``[is_mapping, path or None, key or index, key mark]``;
    the path is None below nodes no wanted path goes through, so nothing is recorded there.
    """
    prefixes = {p[:i] for p in paths for i in range(len(p) + 1)}
    found: dict[tuple[str | int, ...], Any] = {}
    stack: list[list[Any]] = []
    try:
        for event in events_of(text):
            kind = type(event)
            if kind in _NODE_EVENTS:
                path: tuple[str | int, ...] | None = ()
                mark = event.start_mark
                if stack:
                    top = stack[-1]
                    if top[0] and top[2] is _NO_KEY:  # this node is a mapping key
                        top[2] = str(event.value) if kind is ev.ScalarEvent else "\0"
                        top[3] = event.start_mark
                        continue
                    if top[0]:
                        path = None if top[1] is None else (*top[1], top[2])
                        mark, top[2] = top[3], _NO_KEY
                    else:
                        path = None if top[1] is None else (*top[1], top[2])
                        top[2] += 1
                if path is not None and path in prefixes and path not in found:
                    found[path] = mark
                if kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                    inner = path if path is not None and path in prefixes else None
                    is_map = kind is ev.MappingStartEvent
                    stack.append([is_map, inner, _NO_KEY if is_map else 0, None])
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
    except yaml.YAMLError:
        pass  # positions of a document that parsed once; a later error changes nothing found
    out: list[tuple[int, int]] = []
    for wanted in paths:
        for cut in range(len(wanted), -1, -1):
            hit = found.get(wanted[:cut])
            if hit is not None:
                out.append((hit.line + 1, hit.column + 1))
                break
        else:
            out.append((1, 1))
    return out
