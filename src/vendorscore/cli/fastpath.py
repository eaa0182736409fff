"""The fast path: ``validate`` and ``rank`` run without importing typer (~20 ms of a run that
takes 140 ms for ``validate``), when every argument is one this parser reads exactly as typer
does. Anything else (``--help``, an unknown or abbreviated option, a value that typer would
convert or refuse, shell completion) returns None and the run goes to typer unchanged, so
every message and every exit code stays typer's.

The options of each command are written out here (``SPECS``) without typer; a test checks
them against the options typer reads from the commands' signatures, and another that, for any
argument list, the fast path either declines or calls the body with exactly what typer
passes."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Literal

from vendorscore.cli.choices import Method, Misuse, RankFormat, ValidateFormat

Kind = Literal["flag", "value", "values", "argument", "arguments"]
DECLINE = object()  # what a converter answers for a value it leaves to typer
COMPLETION = "_VENDORSCORE_COMPLETE"  # click's shell-completion request


class Param:
    """One parameter of a command: the body's keyword, its option names (none for a
    positional argument), how many values it takes, how a value is converted (None: the
    text as given), its default. A plain class: a dataclass costs its creation at every
    start-up."""

    __slots__ = ("convert", "default", "kind", "name", "opts")

    def __init__(
        self,
        name: str,
        opts: tuple[str, ...],
        kind: Kind,
        convert: Callable[[str], Any] | None = None,
        default: Any = None,
    ) -> None:
        self.name, self.opts, self.kind, self.convert, self.default = (
            name, opts, kind, convert, default
        )  # fmt: skip


class Spec:
    """A command the fast path runs: its body in ``cli/actions.py`` and its parameters."""

    __slots__ = ("body", "params")

    def __init__(self, body: str, params: tuple[Param, ...]) -> None:
        self.body, self.params = body, params


def choice(cls: type[Enum]) -> Callable[[str], Any]:
    """A member of ``cls`` named by its exact value (typer's choices are case-sensitive)."""
    members = {member.value: member for member in cls}
    return lambda text: members.get(text, DECLINE)


def positive(text: str) -> Any:
    """A whole number from 1, written in at most nine plain digits without a leading zero
    (anything else is typer's to convert or refuse)."""
    plain = text.isascii() and text.isdigit() and len(text) <= 9 and text[0] != "0"
    return int(text) if plain else DECLINE


PROJECT = Param("project", (), "argument")
SELECTION = (
    Param("criteria", ("--criteria",), "value"),
    Param("vendors", ("--vendors",), "values"),
    Param("scores", ("--scores",), "values"),
    Param("example", ("--example",), "flag", default=False),
    Param("method", ("--method", "-m"), "value", choice(Method)),
    Param("weight", ("--weight", "-w"), "values"),
)
SPECS: dict[str, Spec] = {
    "validate": Spec(
        "validate",
        (
            Param("paths", (), "arguments"),
            Param("output_format", ("--format", "-f"), "value", choice(ValidateFormat)),
            Param("strict", ("--strict",), "flag", default=False),
            Param("quiet", ("--quiet", "-q"), "flag", default=False),
            Param("example", ("--example",), "flag", default=False),
        ),
    ),
    "rank": Spec(
        "rank",
        (
            PROJECT,
            *SELECTION,
            Param("top", ("--top", "-n"), "value", positive),
            Param(
                "output_format", ("--format", "-f"), "value", choice(RankFormat), RankFormat.table
            ),
            Param("output", ("--output", "-o"), "value"),
            Param("strict", ("--strict",), "flag", default=False),
            Param("quiet", ("--quiet", "-q"), "flag", default=False),
        ),
    ),
}


def parse(spec: Spec, args: Sequence[str]) -> dict[str, Any] | None:
    """The body's keywords for ``args`` (the arguments after the command's name), or None
    when typer is to read them."""
    if not all(_plain(arg) for arg in args):
        return None
    options = {opt: param for param in spec.params for opt in param.opts}
    given: dict[str, Any] = {}
    words: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        at += 1
        if not arg.startswith("-") or arg == "-":
            words.append(arg)
            continue
        name, eq, attached = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        param = options.get(name)
        if param is None or (param.kind == "flag" and eq):
            return None  # --help, --, -qf, -fjson, a typo: typer's
        if param.kind == "flag":
            given[param.name] = True
            continue
        if not eq:
            if at == len(args) or (args[at].startswith("-") and args[at] != "-"):
                return None
            attached = args[at]
            at += 1
        value = attached if param.convert is None else param.convert(attached)
        if value is DECLINE:
            return None
        if param.kind == "values":
            given.setdefault(param.name, []).append(value)
        else:
            given[param.name] = value
    return _positional(spec, given, words)


def _plain(arg: str) -> bool:
    """Text typer takes as it is: no lone surrogate (an undecodable byte in the argument)."""
    if arg.isascii():
        return True
    try:
        arg.encode()
    except UnicodeEncodeError:
        return False
    return True


def _positional(spec: Spec, given: dict[str, Any], words: list[str]) -> dict[str, Any] | None:
    for param in spec.params:
        if param.kind == "arguments":
            if words:
                given[param.name] = words
            words = []
        elif param.kind == "argument" and words:
            given[param.name] = words.pop(0)
    if words:
        return None  # an extra argument: typer's error
    return {param.name: given.get(param.name, param.default) for param in spec.params}


def run_fast(args: Sequence[str]) -> int | None:
    """Run ``vendorscore ARGS`` without typer, or None to leave it to typer (see the module's
    text). A usage error the body finds is left to typer too: the body raises it before it
    does anything, and typer shows it as click does."""
    spec = SPECS.get(args[0]) if args else None
    if spec is None or COMPLETION in os.environ:
        return None
    keywords = parse(spec, args[1:])
    if keywords is None:
        return None
    body = getattr(importlib.import_module("vendorscore.cli.actions"), spec.body)
    try:
        return int(body(**keywords) or 0)
    except Misuse:
        return None
    except EOFError:
        sys.stderr.write("\n")  # what typer writes before its Abort (Ctrl-C: no line)
        raise KeyboardInterrupt from None
