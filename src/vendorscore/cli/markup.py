"""Vendor text inside rich markup."""

from __future__ import annotations

from vendorscore.formatting import visible


def markup_text(text: str) -> str:
    """Text from the inputs, for a rich string with markup: control characters shown escaped
    (rich keeps ESC), then markup escaped."""
    from rich.markup import escape

    return escape(visible(text))
