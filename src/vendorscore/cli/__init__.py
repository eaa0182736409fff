"""The command line: a thin typer app, output views, and the one place errors become exit codes."""

from __future__ import annotations

import sys

from vendorscore.cli.main import main, run

__all__ = ["main", "run"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(sys.argv[1:]))
