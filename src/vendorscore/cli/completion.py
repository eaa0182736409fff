"""Shell completion (``--install-completion [SHELL]``, ``--show-completion [SHELL]``) on
typer's scripts, with one-line errors: an unknown shell is a usage error (exit 2), a home
that cannot be written an output error (exit 1). Without a name, the shell is detected."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter  # typer's own copy of click

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
FLAGS = ("--install-completion", "--show-completion")
_named: list[str] = []  # the shell named on the command line, if any (see ``named_shell``)


def command() -> Command:
    """The click command behind the typer app, with both completion options checked here."""
    import typer.main

    from vendorscore.cli.root import app

    group = typer.main.get_command(app)
    for param in group.params:
        if param.name in ("install_completion", "show_completion"):
            param.callback = completion
    return group


def named_shell(args: list[str]) -> list[str]:
    """``--install-completion zsh``: typer's flag takes no value (it detects the shell), so
    the name is taken off the arguments here and used instead of the detected shell."""
    _named.clear()
    detecting = not os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")
    if detecting and len(args) == 2 and args[0] in FLAGS and not args[1].startswith("-"):
        _named.append(args[1])
        return args[:1]
    return args


def _detected_shell() -> str | None:
    import importlib

    try:
        name, _ = importlib.import_module("shellingham").detect_shell()
        return str(name)
    except Exception:  # shellingham missing, or no shell found among the parents
        return Path(os.environ.get("SHELL", "")).name or None


def completion(ctx: Context, param: Parameter, value: Any) -> Any:
    """The callback of both completion options: the shell given or detected, checked."""
    from typer._completion_shared import get_completion_script, install

    from vendorscore.errors import OutputError, UsageError
    from vendorscore.views.atomic import write_stdout

    if not value or ctx.resilient_parsing:
        return value
    given = getattr(value, "value", value)
    if isinstance(given, str):
        shell: str | None = given
    else:
        shell = _named[0] if _named else _detected_shell()
    flag = "--install-completion" if param.name == "install_completion" else "--show-completion"
    if shell not in SHELLS:
        found = f"{shell!r} is not a supported shell" if shell else "no shell was detected"
        raise UsageError(f"{flag}: {found} (supported: {', '.join(SHELLS)})")
    if param.name == "show_completion":
        var = "_VENDORSCORE_COMPLETE"
        script = get_completion_script(prog_name="vendorscore", complete_var=var, shell=shell)
        write_stdout(script + "\n")
        raise typer.Exit(0)
    try:
        _, path = install(shell=shell, prog_name="vendorscore")
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise OutputError(
            f"cannot install {shell} completion: {where}{exc.strerror or exc}"
        ) from None
    sys.stderr.write(f"{shell} completion installed in {path}; open a new terminal to use it\n")
    raise typer.Exit(0)
