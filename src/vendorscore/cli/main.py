"""The single catch site: every error becomes one line on stderr and a documented exit code.

Exit codes (SPEC §6): 0 success (also when the reader of stdout went away: `rank | head`);
1 invalid input, failed validation, warnings under --strict, or an output that could not be
written (a full disk, a closed stdout, a name too long: any error of the operating system);
2 usage error; 3 internal error (a bug); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM),
129 (SIGHUP: the terminal closed).

SIGTERM and SIGHUP are turned into an exception for the duration of a run, so every
``finally`` runs (temporary files and folders are removed) as they do for Ctrl-C.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import signal
import sys
import types
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
ISSUES_URL = "https://github.com/vendorscore/vendorscore/issues"


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised in the main thread like KeyboardInterrupt for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ReaderGone(Exception):
    """The reader of stdout went away (`vendorscore rank | head`). Not an OSError: click would
    turn a BrokenPipeError into exit 1 before ``run`` sees it."""


def _debug(argv: Sequence[str]) -> bool:
    return "--debug" in argv or os.environ.get("VENDORSCORE_DEBUG") == "1"


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (never raises, never exits)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = _debug(args)
    args = [a for a in args if a != "--debug"]
    with _closed_streams(), _sigterm_raises(), _no_plugin_scan():
        try:
            return _invoke(args, debug)
        except Terminated as exc:
            sys.stderr.write("vendorscore: terminated\n")
            return 128 + exc.signum
        except Exception as exc:  # an error while reporting an error: still one line
            return _internal_error(exc, debug)


def _invoke(args: list[str], debug: bool) -> int:
    from vendorscore.cli.commands import FAST_COMMANDS, HELP_ARGS
    from vendorscore.errors import InputError, VendorscoreError
    from vendorscore.formatting import visible

    streams = sys.stdout, sys.stderr
    try:
        result = None
        if args in HELP_ARGS:  # the root's help, drawn without typer and rich when it can be
            from vendorscore.cli.quickhelp import show

            result = show(args)
        elif args[0] in FAST_COMMANDS:  # validate and rank without typer, when they can be
            from vendorscore.cli.fastpath import run_fast

            result = run_fast(args)
        if result is None:
            from vendorscore.cli.completion import command, named_shell

            click = command()
            result = int(click.main(named_shell(args), "vendorscore", standalone_mode=False) or 0)
        _flush_stdout()
        if result == EXIT_INTERRUPTED:  # click turns Ctrl-C into Abort, and Abort into 130
            sys.stderr.write("vendorscore: interrupted\n")
        return result
    except InputError as exc:
        from vendorscore.views.issues import write_issues

        write_issues(exc.issues, sys.stderr)
        return exc.exit_code
    except VendorscoreError as exc:
        from vendorscore.views.atomic import StdoutError

        if isinstance(exc, StdoutError):
            _silence_stdout()  # what is still buffered goes nowhere, not to an error at exit
        sys.stderr.write(f"vendorscore: error: {visible(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("vendorscore: interrupted\n")
        return EXIT_INTERRUPTED
    except (BrokenPipeError, ReaderGone):
        # The reader went away (`vendorscore rank | head`): not an error worth a message.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # The operating system said no (a full disk, a name too long, a read-only home for
        # completion): the environment, not a bug.
        sys.stderr.write(f"vendorscore: error: {_os_reason(exc)}\n")
        return EXIT_INVALID
    except SystemExit as exc:  # a click or typer callback that exits (shell completion)
        if sys.stdout is not streams[0]:  # click's exit 1 on EPIPE, after wrapping the streams
            sys.stdout, sys.stderr = streams
            _silence_stdout()
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except Exception as exc:
        code = _click_error(exc)
        return _internal_error(exc, debug) if code is None else code


def _click_error(exc: Exception) -> int | None:
    if type(exc).__name__ == "Abort":
        sys.stderr.write("vendorscore: interrupted\n")
        return EXIT_INTERRUPTED
    code = getattr(exc, "exit_code", None)
    show = getattr(exc, "show", None)
    if callable(show) and isinstance(code, int):
        show()  # click's usage errors: the usage line plus the reason
        return code
    return None


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _internal_error(exc: BaseException, debug: bool) -> int:
    from vendorscore.formatting import visible

    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__)
    sys.stderr.write(
        f"vendorscore: internal error: {type(exc).__name__}: {visible(str(exc))}. "
        "This is a bug: please report it "
        f"at {ISSUES_URL} (run again with --debug for the traceback)\n"
    )
    return EXIT_INTERNAL


def _flush_stdout() -> None:
    """Push out what is still buffered, so that a full disk is reported here, not ignored at
    exit (``Exception ignored … OSError``)."""
    from vendorscore.views.atomic import StdoutError

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as exc:
        raise StdoutError(f"cannot write to standard output: {_os_reason(exc)}") from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _ClosedStream(io.TextIOBase):
    """Standard output that was closed before we started (``vendorscore rank >&-``)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it was closed before vendorscore started")


@contextlib.contextmanager
def _closed_streams() -> Iterator[None]:
    """Python sets sys.stdout/sys.stderr to None when file descriptor 1 or 2 is closed. Writing
    to such a stdout becomes an error with one line; a closed stderr swallows the lines. The
    two descriptors are held by /dev/null, so no file opened later takes their place (and
    receives what is meant for a terminal)."""
    saved = sys.stdout, sys.stderr
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        if stream is None and not _is_open(fd):
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_WRONLY)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - lives as long as the process
    try:
        yield
    finally:
        sys.stdout, sys.stderr = (
            saved[0] if saved[0] is not None else sys.stdout,
            saved[1] if saved[1] is not None else sys.stderr,
        )


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _no_plugin_scan() -> Iterator[None]:
    """No pydantic plugins: the first model built would otherwise scan every installed
    package's entry points for them (a start-up cost, and third-party code in validation).

    pydantic reads ``PYDANTIC_DISABLE_PLUGINS`` in ``pydantic.plugin._loader``, whose import
    alone loads ``importlib.metadata`` (email, zipfile, csv: ~13 ms of every command). For
    the run, a stand-in with the loader's one function answers what the real one answers
    under ``__all__`` (no plugins); both leave ``sys.modules`` afterwards, so a later import
    gets pydantic's own loader."""
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    placed = PLUGIN_LOADER not in sys.modules
    if placed:
        sys.modules[PLUGIN_LOADER] = _no_plugins()
    try:
        yield
    finally:
        if placed and getattr(sys.modules.get(PLUGIN_LOADER), "placeholder", False):
            del sys.modules[PLUGIN_LOADER]
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> types.ModuleType:
    stand_in = types.ModuleType(PLUGIN_LOADER)
    stand_in.placeholder = True  # type: ignore[attr-defined]
    stand_in.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
    return stand_in


TERMINATING = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


def _on_terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated while the command runs (unless ignored when we
    started, as under ``nohup``); the previous handlers are restored afterwards."""
    previous: dict[int, Any] = {}
    try:
        for number in TERMINATING:
            handler = signal.getsignal(number)
            if handler is not signal.SIG_IGN:
                previous[number] = handler
                signal.signal(number, _on_terminate)
    except ValueError:  # not the main thread: signals cannot be handled here
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def console(**options: Any) -> Console:
    """A rich Console whose broken pipe reaches ``run`` as ReaderGone (exit 0): rich's own
    handler raises SystemExit(1) before anything else sees it."""
    return _console_class()(**options)


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise ReaderGone

    return PipeConsole


def main() -> None:
    """Console-script entry point. numpy's OpenBLAS runs on one thread unless told otherwise
    (set before numpy is first imported; the command line's choice, not the library's): the
    products here are small (vendors x criteria, a thousand samples at a time) and between
    them a second BLAS thread only spins, which doubled the CPU time of SMAA on 1,000
    vendors."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(run())
