"""A fast, safe YAML 1.2-core reader that builds plain data straight from parser events.

Why not ``yaml.load``: PyYAML implements YAML 1.1 (``no`` is false, ``0755`` is octal, ``9:30``
is 570), keeps the last of duplicate keys silently, and builds a node tree whose Python
objects cost ~70 bytes of memory per byte of input and most of the load time. Here libyaml's C
parser (when present) only produces events; this module resolves scalars by the YAML 1.2 core
schema and builds dicts and lists directly, rejecting duplicate keys, unsupported tags, deep
nesting, and alias expansion beyond a fixed budget (billion-laughs bombs and recursive
aliases). Positions are not stored: when a diagnostic needs one, ``Document.positions`` walks
the events again, once for all the paths asked.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from vendorscore.errors import Issue, byte_position
from vendorscore.loading.scalars import STR_TAGS, resolve_plain, tagged
from vendorscore.loading.scalars import Refused as _Refused

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ALIAS_NODES = 1_000_000  # nodes that aliases may add on top of the nodes actually written
MAX_ALIAS_CHARS = 64 * 2**20  # characters of text that aliases may repeat, all aliases together
MAX_DEPTH = 100

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class LoadFailure(Exception):
    """The file could not be read as YAML; carries the one diagnostic saying why."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(issue.format())


@dataclass
class _Frame:
    value: Any
    anchor: str | None
    mark: Any
    size: int = 1
    key: Any = None
    key_mark: Any = None
    has_key: bool = False
    key_is_merge: bool = False
    first_marks: dict[Any, Any] = field(default_factory=dict)
    merges: list[Any] = field(default_factory=list)


class _Builder:
    """Turns an event stream into plain Python data, enforcing the guards."""

    def __init__(self) -> None:
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.written = 0
        self.expanded = 0
        self.root: Any = None
        self.documents = 0
        self.duplicates: list[tuple[Any, str]] = []  # (mark, message) of each duplicate key
        self.repeated = 0  # characters of text that aliases repeated so far
        self.text_sizes: dict[int, int] = {}  # id of an anchored collection -> its text size

    def _add(self, value: Any, size: int, mark: Any, merge: bool = False) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif not frame.has_key:
            if isinstance(value, (dict, list)):
                raise _Refused(
                    mark, "yaml-key", "mapping keys must be plain values, not collections"
                )
            frame.key, frame.key_mark, frame.has_key, frame.key_is_merge = value, mark, True, merge
        else:
            self._store(frame, value)

    def _store(self, frame: _Frame, value: Any) -> None:
        key, frame.has_key = frame.key, False
        if frame.key_is_merge:
            frame.merges.append((value, frame.key_mark))
            return
        first = frame.first_marks.get(key)
        if first is not None:  # keep the first value, report, and read on: other errors show
            self.duplicates.append(
                (
                    frame.key_mark,
                    f"duplicate key '{key}' (first defined on line {first.line + 1}; "
                    "that value is the one read)",
                )
            )
            return
        frame.first_marks[key] = frame.key_mark
        frame.value[key] = value

    def _merge(self, frame: _Frame) -> None:
        mapping: dict[Any, Any] = frame.value
        for value, mark in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise _Refused(
                        mark, "yaml-merge", "a merge key '<<' needs a mapping or a list of mappings"
                    )
                for key, item in source.items():
                    mapping.setdefault(key, item)

    def _count_text(self, value: Any, mark: Any) -> None:
        """Count the text an alias repeats: a few thousand aliases of one long anchored name
        are few nodes but gigabytes of output."""
        self.repeated += self._text_size(value)
        if self.repeated > MAX_ALIAS_CHARS:
            raise _Refused(
                mark,
                "alias-bomb",
                f"refused: aliases repeat more than {MAX_ALIAS_CHARS:,} characters of text "
                f"({MAX_ALIAS_CHARS // 2**20} MiB)",
            )

    def _text_size(self, value: Any) -> int:
        """Characters of text in a value (1 per other scalar), each collection counted once."""
        if isinstance(value, str):
            return len(value)
        if not isinstance(value, (dict, list)):
            return 1
        known = self.text_sizes.get(id(value))
        if known is None:
            parts = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            known = sum(self._text_size(part) for part in parts)
            self.text_sizes[id(value)] = known
        return known

    def feed(self, events: Iterable[Any]) -> Any:
        """Build the document from its events. One loop with the event kinds inline, over 60
        lines on purpose: it runs once per event of catalogues of millions, and a method call
        per event would cost a measurable share of the load time."""
        event: Any = None
        try:
            for event in events:
                kind = type(event)
                if kind is ev.ScalarEvent:
                    self.written += 1
                    self.expanded += 1
                    tag, plain = event.tag, event.implicit[0]
                    if tag is None:
                        value = resolve_plain(event.value) if plain else event.value
                    elif tag in STR_TAGS:
                        value = event.value
                    else:
                        value = tagged(tag, event.value, event.start_mark)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                    merge = plain and tag is None and value == "<<"
                    self._add(value, 1, event.start_mark, merge)
                elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                    self.written += 1
                    self.expanded += 1
                    if event.tag not in _COLLECTION_TAGS:
                        raise _Refused(
                            event.start_mark, "yaml-tag", f"unsupported tag '{event.tag}'"
                        )
                    if len(self.stack) >= MAX_DEPTH:
                        raise _Refused(
                            event.start_mark,
                            "too-deep",
                            f"refused: nesting deeper than {MAX_DEPTH} levels",
                        )
                    container: Any = {} if kind is ev.MappingStartEvent else []
                    if event.anchor is not None:
                        self.open_anchors.add(event.anchor)
                    self.stack.append(_Frame(container, event.anchor, event.start_mark))
                elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                    frame = self.stack.pop()
                    if frame.merges:
                        self._merge(frame)
                    if frame.anchor is not None:
                        self.open_anchors.discard(frame.anchor)
                        self.anchors[frame.anchor] = (frame.value, frame.size)
                    self._add(frame.value, frame.size, frame.mark)
                elif kind is ev.AliasEvent:
                    name = event.anchor
                    if name in self.open_anchors:
                        raise _Refused(
                            event.start_mark,
                            "alias-bomb",
                            "refused: recursive alias (a value that contains itself)",
                        )
                    if name not in self.anchors:
                        raise _Refused(event.start_mark, "yaml-syntax", f"unknown alias '*{name}'")
                    value, size = self.anchors[name]
                    self.expanded += size
                    if self.expanded - self.written > MAX_ALIAS_NODES:
                        raise _Refused(
                            event.start_mark,
                            "alias-bomb",
                            "refused: aliases expand the document by more than "
                            f"{MAX_ALIAS_NODES:,} nodes",
                        )
                    self._count_text(value, event.start_mark)
                    self._add(value, size, event.start_mark)
                elif kind is ev.DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        raise _Refused(
                            event.start_mark,
                            "yaml-syntax",
                            "more than one YAML document in the file ('---')",
                        )
                    self.anchors.clear()
        except _Refused as refused:  # refused while resolving a scalar: at this event
            if refused.mark is None and event is not None:
                refused.mark = event.start_mark
            raise
        return self.root


@dataclass
class Document:
    """A parsed file: its data, and the text that can locate any path in it."""

    path: Path
    display: str
    data: Any
    text: str
    sha256: str  # of the file's bytes; the bytes themselves are not kept
    issues: list[Issue] = field(default_factory=list)  # found while reading (duplicate keys)
    syntax: str = "yaml"  # or "json" (loading/jsonio.py): how ``text`` is located in

    def positions(
        self, paths: Iterable[tuple[str | int, ...]]
    ) -> dict[tuple[str | int, ...], tuple[int, int]]:
        """1-based (line, column) of each path, in one pass: a mapping entry reports its key."""
        asked = list(paths)
        from vendorscore.loading.positions import locate_many, real_path

        real = [real_path(self.data, p) for p in asked]
        if self.syntax == "json":
            from vendorscore.loading.jsonpos import locate_many as locate_json

            located = locate_json(self.text, real)
        else:
            located = locate_many(self.text, real)
        return dict(zip(asked, located, strict=True))

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, column) of one path."""
        return self.positions([path])[path]


def events_of(text: str) -> Iterator[Any]:
    """The parser's events for ``text`` (libyaml's C parser when installed)."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _fail(display: str, line: int, column: int, code: str, message: str) -> LoadFailure:
    return LoadFailure(Issue(display, line, column, code, message))


def decode_text(raw: bytes, display: str, syntax: str = "YAML") -> str:
    """The file's text: UTF-8 (a BOM is dropped); UTF-16, NUL bytes and bad bytes refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(display, 1, 1, "bad-encoding", "file is UTF-16: save it as UTF-8")
    if b"\x00" in raw:
        raise _fail(display, 1, 1, "binary-file", f"binary file, not {syntax} text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        raise _fail(
            display, line, column, "bad-encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        ) from None


def parse_text(raw: bytes, display: str, path: Path | None = None) -> Document:
    """Parse one YAML document from bytes, guarded; raises LoadFailure with a position."""
    text = decode_text(raw, display)
    builder = _Builder()
    try:
        data = builder.feed(events_of(text))
    except _Refused as exc:
        line, column = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (1, 1)
        raise _fail(display, line, column, exc.code, exc.message) from None
    except yaml.YAMLError as exc:
        from vendorscore.loading.syntax import syntax_error

        line, column, message = syntax_error(exc, text)
        raise _fail(display, line, column, "yaml-syntax", message) from None
    except RecursionError:
        raise _fail(display, 1, 1, "too-deep", "refused: nesting is too deep") from None
    if builder.documents == 0 or (data is None and builder.written <= 1):
        raise _fail(display, 1, 1, "empty-file", "file is empty")
    digest = hashlib.sha256(raw).hexdigest()
    duplicates = [
        Issue(display, mark.line + 1, mark.column + 1, "duplicate-key", message)
        for mark, message in builder.duplicates
    ]
    return Document(path or Path(display), display, data, text, digest, duplicates)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse a file, refusing oversized, binary and unreadable ones cleanly; a
    ``.json`` file is read as JSON (loading/jsonio.py), any other as YAML."""
    shown = display or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _fail(shown, 1, 1, "unreadable", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise _fail(shown, 1, 1, "unreadable", "not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                shown,
                1,
                1,
                "file-too-large",
                f"file is {size / 2**20:.0f} MiB, more than the {MAX_FILE_BYTES // 2**20} MiB "
                "limit: split the catalogue into several files",
            )
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(shown, 1, 1, "unreadable", f"cannot read file: {reason}") from None
    if path.suffix.lower() == ".json":
        from vendorscore.loading.jsonio import parse_json

        return parse_json(raw, shown, path)
    return parse_text(raw, shown, path)
