"""The root of the command line: the app's callback (``--version``) and its lazy group of
commands (``cli/lazy.py``); each command's function lives in its own module and is imported
only when it runs."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from vendorscore.cli.commands import ROOT_HELP
from vendorscore.cli.lazy import LazyGroup
from vendorscore.version import __version__

app = typer.Typer(
    name="vendorscore",
    cls=LazyGroup,
    help=ROOT_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from vendorscore.views.atomic import write_stdout

        write_stdout(f"vendorscore {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs the Optional spelling on Python 3.10
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Rank customer-service outsourcing (BPO) vendors from YAML evaluation files.

    Use --debug with any command to see the traceback of an internal error.
    """
