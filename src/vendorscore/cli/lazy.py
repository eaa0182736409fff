"""Commands loaded on demand: the root group knows every command by name, panel and one-line
help (``COMMANDS``, in ``cli/commands.py``), and imports a command's module and inspects its
signature only when that command runs, completes or shows its own help. typer's help lists
them all from the table (``vendorscore --help`` itself is drawn by ``cli/quickhelp.py``); a
test checks the table against the commands themselves."""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand, TyperGroup

from vendorscore.cli.commands import BY_NAME, COMMANDS, Entry

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

__all__ = ["BY_NAME", "COMMANDS", "Entry", "LazyGroup", "load"]  # the table lives in commands.py


def load(entry: Entry) -> Command:
    """The click command of one entry: its module imported, its signature read by typer."""
    import typer
    import typer.main

    function = getattr(importlib.import_module(entry.module), entry.function)
    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    one.command(entry.name, rich_help_panel=entry.panel, cls=LightCommand)(function)
    return typer.main.get_command(one)


def summary(entry: Entry) -> Command:
    """A stand-in that carries only what a list of commands shows: name, help, panel."""
    return TyperCommand(name=entry.name, help=entry.summary, rich_help_panel=entry.panel)


class Commands(MutableMapping[str, "Command"]):
    """Every command name; a command is loaded the first time it is looked up."""

    def __init__(self) -> None:
        self.loaded: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self.loaded:
            self.loaded[name] = load(BY_NAME[name])
        return self.loaded[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(BY_NAME)

    def __len__(self) -> int:
        return len(BY_NAME)


class LazyGroup(TyperGroup):
    """The root group: lists commands from ``COMMANDS``, loads only the one that runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = Commands()
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return list(BY_NAME)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        commands = self.commands
        if self._listing and isinstance(commands, Commands) and cmd_name not in commands.loaded:
            entry = BY_NAME.get(cmd_name)
            return None if entry is None else summary(entry)
        return commands.get(cmd_name)

    @contextlib.contextmanager
    def listing(self) -> Iterator[None]:
        """While listing names (help, completion), commands are their stand-ins."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        light_rich_help()
        with self.listing():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[Any]:
        with self.listing():
            return super().shell_complete(ctx, incomplete)


class LightCommand(TyperCommand):
    """A command whose ``--help`` leaves out the Markdown parser (see ``light_rich_help``)."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        light_rich_help()
        super().format_help(ctx, formatter)


# typer's help module imports rich's Markdown renderer (markdown-it) and rich's traceback
# (pygments) at its top, for a markup mode and pretty exceptions this app does not use.
_DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def light_rich_help() -> None:
    """Import ``typer.rich_utils`` with placeholders for the two modules it only needs in
    Markdown mode or for pretty tracebacks. A placeholder class imports the real module when
    it is instantiated; the placeholders leave ``sys.modules`` at once, so any other import
    of those modules gets the real ones."""
    if "typer.rich_utils" in sys.modules:
        return
    placed = [name for name in _DEFERRED if name not in sys.modules]
    for name in placed:
        sys.modules[name] = _placeholder(name, _DEFERRED[name])
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for name in placed:
            if getattr(sys.modules.get(name), "placeholder", False):
                del sys.modules[name]


def _placeholder(module: str, cls: str) -> types.ModuleType:
    def real(_: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), cls)(*args, **kwargs)

    stand_in = types.ModuleType(module)
    stand_in.placeholder = True  # type: ignore[attr-defined]
    setattr(stand_in, cls, type(cls, (), {"__new__": real}))
    return stand_in
