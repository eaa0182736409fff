"""YAML syntax errors placed where the mistake is, and said in words that show the fix.

libyaml reports where it *noticed* a problem: for an unclosed quote that is the end of the
file, for a key without ':' the line after it, for a missing ',' in a flow list the next
item. The mistake is usually earlier, where the context it names began (the opening quote,
the key) or at the end of the previous line. Values YAML cannot take bare (``>=``, ``!=``,
``@x``) get the exact spelling to write instead.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

_RESERVED = {
    ">": "starts a folded block of text",
    "|": "starts a literal block of text",
    "@": "is reserved",
    "`": "is reserved",
    "%": "starts a directive",
    "!": "starts a tag",
    "&": "starts an anchor",
    "*": "starts an alias",
}
_TOKEN_END = re.compile(r"[\s,\]}]")


class _At(NamedTuple):
    """A place in the text (0-based, like libyaml's marks)."""

    line: int
    column: int


def _line(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def _bare_value(text: str, mark: Any) -> str | None:
    """The bare value starting at ``mark`` when it starts with a YAML indicator (``>=``)."""
    rest = _line(text, mark.line)[mark.column :]
    if not rest or rest[0] not in _RESERVED:
        return None
    flow = any(c in _line(text, mark.line)[: mark.column] for c in "[{")
    token = _TOKEN_END.split(rest, 1)[0] if flow else rest.split(" #", 1)[0].rstrip()
    return token or None


def bare_value_hint(token: str) -> str:
    """How to write a value YAML cannot take bare: ``'>=' cannot be written bare ...``."""
    quoted = '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"'{token}' cannot be written bare: '{token[0]}' {_RESERVED[token[0]]} in YAML; "
        f"write {quoted}"
    )


def _end_of_previous(text: str, line: int) -> tuple[int, int] | None:
    """(line, column) 0-based just after the last content before ``line``."""
    for index in range(line - 1, -1, -1):
        content = _line(text, index).split(" #", 1)[0].rstrip()
        if content and not content.lstrip().startswith("#"):
            return index, len(content)
    return None


def _key_without_colon(text: str, line: int) -> int | None:
    """The line before ``line`` when it looks like a key whose ':' is missing."""
    end = _end_of_previous(text, line)
    if end is None:
        return None
    previous = _line(text, end[0]).strip()
    if ":" in previous or previous.startswith(("-", "#", "[", "{", "'", '"')):
        return None
    return end[0]


def _placed(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """The mark to report and the message, for one libyaml error."""
    problem, context = exc.problem_mark, exc.context_mark
    words = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        words = f"{exc.problem} ({exc.context})"
    if problem is None:
        return context, words
    block = exc.context == "while scanning a block scalar" and context is not None
    start = context if block else problem
    bare = _bare_value(text, start)
    if bare is not None and (block or exc.context == "while scanning for the next token"):
        return start, bare_value_hint(bare)
    if context is not None and context.line < problem.line:
        if exc.context == "while scanning a quoted scalar":
            return context, f"this quoted value is never closed ({exc.problem})"
        if exc.context == "while scanning a simple key":
            return context, f"{exc.problem} after this key ({exc.context})"
        if exc.context and exc.context.startswith("while parsing a flow"):
            before = _line(text, problem.line)[: problem.column]
            end = _end_of_previous(text, problem.line)
            if not re.search(r"[,\[\]{}]", before) and end is not None:  # nothing of its own
                where = _At(end[0], end[1])
                opened = f"{exc.context[len('while parsing ') :]} opened on line {context.line + 1}"
                return where, f"{exc.problem} at the end of this line ({opened})"
    if exc.problem == "mapping values are not allowed in this context":
        line = _key_without_colon(text, problem.line)
        if line is not None:
            column = len(_line(text, line)) - len(_line(text, line).lstrip())
            where = _At(line, column)
            return where, "a key without ':' (is the ':' after the key missing?)"
    tab = _line(text, problem.line)[problem.column : problem.column + 1] == "\t"
    if exc.problem == "found character that cannot start any token" and tab:
        return problem, "a tab: YAML is indented with spaces, never tabs"
    return problem, words


def syntax_error(exc: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """1-based (line, column) and the message for a YAML error of ``text``."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark, words = _placed(exc, text)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return line, column, words.replace("\n", " ")
    offset = getattr(exc, "position", None)  # ReaderError (bad characters): an offset
    line, column = 1, 1
    if isinstance(offset, int):
        before = text[:offset]
        line, column = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
    return line, column, str(exc).splitlines()[0]
