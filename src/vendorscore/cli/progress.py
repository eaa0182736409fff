"""A progress bar that appears only when a computation runs longer than about a second.

Starting and stopping the bar hold Ctrl-C and SIGTERM for the moment they take, so an
interruption always finds the bar either absent or stopped cleanly (the terminal's cursor
shown again, the "interrupted" line below it, not under a bar drawn again).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from vendorscore.views.atomic import held_signals

DELAY = 1.0


@contextmanager
def progress_bar(
    enabled: bool = True, label: str = "SMAA"
) -> Iterator[Callable[[int, int], None] | None]:
    """Yields a ``progress(done, total)`` callback (None when disabled); the bar is drawn on
    stderr, only on a terminal, and only once a second has passed."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < DELAY:
                return
            from rich.progress import Progress

            from vendorscore.cli.main import console

            with held_signals():  # Ctrl-C now would leave a bar nobody stops (cursor hidden)
                bar = Progress(console=console(stderr=True), transient=True)
                bar.start()
                state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            with held_signals():
                state["bar"].stop()
