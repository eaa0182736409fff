"""A safe YAML 1.2-core loader that keeps node positions and refuses hostile documents.

PyYAML implements YAML 1.1, where ``no`` is false, ``0755`` is octal and ``9:30`` is 570.
The loader below swaps in YAML 1.2 core resolvers (they run in Python, so they work with the
C parser too), rejects duplicate keys, and measures the *expanded* size of the composed node
tree so that alias bombs and recursive aliases are refused before anything walks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vendorscore.errors import Issue

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_EXPANDED_NODES = 5_000_000  # a 100 000-vendor catalogue is ~4 M nodes; bombs are billions

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"

_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    (_MERGE_TAG, r"^(?:<<)$", "<"),
]


def _implicit_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _RESOLVERS:
        regex = re.compile(pattern)
        for char in first:
            table.setdefault(char, []).append((tag, regex))
    table.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))
    return table


class Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """CSafeLoader (or SafeLoader) with YAML 1.2 core scalars and duplicate-key errors."""

    yaml_implicit_resolvers = _implicit_resolvers()

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_yaml_float(self, node: ScalarNode) -> float:
        text = str(self.construct_scalar(node)).lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if text == ".nan":
            return float("nan")
        return float(text)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        explicit = [key for key, _ in node.value if key.tag != _MERGE_TAG]
        merged = len(explicit) != len(node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if merged or len(mapping) != len(explicit):
            self._check_duplicates(node, explicit)
        return mapping

    def _check_duplicates(self, node: MappingNode, keys: list[Node]) -> None:
        seen: dict[Any, Any] = {}
        for key_node in keys:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:
                continue
            if first is not key_node.start_mark:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first defined on line {first.line + 1})",
                    key_node.start_mark,
                )


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", Yaml12Loader.construct_yaml_float)


@dataclass
class Document:
    """A parsed file: its data and the node tree that locates every value in it."""

    path: Path
    display: str
    data: Any
    root: Node | None
    raw: bytes


class LoadFailure(Exception):
    """The file could not be read as YAML; carries the one diagnostic saying why."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(issue.format())


def _fail(display: str, line: int, column: int, code: str, message: str) -> LoadFailure:
    return LoadFailure(Issue(display, line, column, code, message))


def expanded_size(root: Node, limit: int = MAX_EXPANDED_NODES) -> int:
    """Node count with aliases expanded, memoised per node so a bomb costs O(distinct nodes).

    Raises ValueError on a recursive alias or when the expansion exceeds ``limit``.
    Iterative, so deep (but legal) nesting cannot exhaust the Python stack.
    """
    memo: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            if isinstance(node, SequenceNode):
                size = 1 + sum(memo[id(child)] for child in node.value)
            else:
                size = 1 + sum(memo[id(k)] + memo[id(v)] for k, v in node.value)
            if size > limit:
                raise ValueError(f"the document expands to more than {limit:,} nodes")
            memo[key] = size
            continue
        if key in memo:
            continue
        if key in active:
            raise ValueError(f"recursive alias at line {node.start_mark.line + 1}")
        if isinstance(node, ScalarNode):
            memo[key] = 1
            continue
        active.add(key)
        stack.append((node, True))
        children = node.value if isinstance(node, SequenceNode) else [x for kv in node.value for x in kv]
        for child in children:
            if id(child) in active:
                raise ValueError(f"recursive alias at line {child.start_mark.line + 1}")
            if id(child) not in memo:
                stack.append((child, False))
    return memo[id(root)]


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(display, 1, 1, "bad-encoding", "file is UTF-16: save it as UTF-8")
    if b"\x00" in raw:
        raise _fail(display, 1, 1, "binary-file", "binary file, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            display, line, column, "bad-encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        ) from None


def parse_text(raw: bytes, display: str, path: Path | None = None) -> Document:
    """Parse one YAML document from bytes, guarded; raises LoadFailure with a position."""
    text = _decode(raw, display)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _fail(display, 1, 1, "empty-file", "file is empty")
    loader = Yaml12Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise _fail(display, 1, 1, "empty-file", "file is empty")
        if "&" in text:
            expanded_size(root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        code = "duplicate-key" if "duplicate key" in problem else "yaml-syntax"
        if code == "yaml-syntax" and exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        raise _fail(display, line, column, code, problem.replace("\n", " ")) from None
    except yaml.YAMLError as exc:  # ReaderError (bad characters) carries a character offset
        offset = getattr(exc, "position", None)
        line, column = 1, 1
        if isinstance(offset, int):
            before = text[:offset]
            line, column = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
        raise _fail(display, line, column, "yaml-syntax", str(exc).splitlines()[0]) from None
    except ValueError as exc:
        raise _fail(display, 1, 1, "alias-bomb", f"refused: {exc}") from None
    except RecursionError:
        raise _fail(display, 1, 1, "too-deep", "refused: nesting is too deep") from None
    finally:
        loader.dispose()
    return Document(path or Path(display), display, data, root, raw)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse a file, refusing oversized, binary and unreadable ones cleanly."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                shown, 1, 1, "file-too-large",
                f"file is {size / 2**20:.0f} MiB, more than the {MAX_FILE_BYTES // 2**20} MiB limit",
            )
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(shown, 0, 0, "unreadable", f"cannot read file: {reason}") from None
    return parse_text(raw, shown, path)


def locate(root: Node | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """1-based (line, column) of the deepest node that ``loc`` reaches (keys report their key)."""
    if root is None:
        return 1, 1
    node: Node = root
    mark = root.start_mark
    for part in loc:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and str(key.value) == str(part):
                    node, mark = value, key.start_mark
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
    return mark.line + 1, mark.column + 1


def has_key(node: Node | None, key: str) -> bool:
    """Whether a mapping node has that key."""
    return isinstance(node, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == key for k, _ in node.value
    )
