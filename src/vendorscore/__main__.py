"""Entry point for ``python -m vendorscore``."""

from vendorscore.cli import main

main()
