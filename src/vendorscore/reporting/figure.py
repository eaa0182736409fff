"""A number in a report's view-model: the raw value and the text the report prints.

``{{ x }}`` prints the formatted text (``str(x)`` is ``x.text``), so a template written for the
pre-formatted strings of earlier versions renders the same; ``{{ x.value }}`` is the number
itself (``None`` when there is none), for a custom template's own arithmetic, sorting or
formatting (``{{ '%.1f'|format(x.value) }}``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A raw number and its formatted text."""

    value: float | None
    text: str

    def __str__(self) -> str:
        return self.text
