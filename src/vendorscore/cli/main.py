"""The single catch site: every error becomes one line on stderr and a documented exit code.

Exit codes (SPEC §6): 0 success; 1 invalid input, failed validation, warnings under
--strict, or an output that could not be written; 2 usage error; 3 internal error (a bug);
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
ISSUES_URL = "https://github.com/vendorscore/vendorscore/issues"


def _debug(argv: Sequence[str]) -> bool:
    return "--debug" in argv or os.environ.get("VENDORSCORE_DEBUG") == "1"


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (never raises, never exits)."""
    from vendorscore.cli.app import app
    from vendorscore.errors import InputError, VendorscoreError
    from vendorscore.formatting import visible

    args = list(sys.argv[1:] if argv is None else argv)
    debug = _debug(args)
    args = [a for a in args if a != "--debug"]
    try:
        result = int(app(args=args, prog_name="vendorscore", standalone_mode=False) or 0)
        if result == EXIT_INTERRUPTED:  # click turns Ctrl-C into Abort, and Abort into 130
            sys.stderr.write("vendorscore: interrupted\n")
        return result
    except InputError as exc:
        from vendorscore.views.issues import write_issues

        write_issues(exc.issues, sys.stderr)
        return exc.exit_code
    except VendorscoreError as exc:
        sys.stderr.write(f"vendorscore: error: {visible(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("vendorscore: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`vendorscore rank | head`): not an error worth a message.
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        if type(exc).__name__ == "Abort":
            sys.stderr.write("vendorscore: interrupted\n")
            return EXIT_INTERRUPTED
        code = getattr(exc, "exit_code", None)
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(code, int):
            show()  # click's usage errors: the usage line plus the reason
            return code
        return _internal_error(exc, debug)


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


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
