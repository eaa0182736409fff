"""A number in a report's view-model: the raw value and the text the report prints.

``{{ x }}`` prints the formatted text (``str(x)`` is ``x.text``), so a template written for the
pre-formatted strings of earlier versions renders the same; ``{{ x.value }}`` is the number
itself (``None`` when there is none), for a custom template's own arithmetic, sorting or
formatting (``{{ '%.1f'|format(x.value) }}``).
"""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.formatting import MISSING, amount, fmt_num, fmt_pct, fmt_score


@dataclass(frozen=True)
class Figure:
    """A raw number and its formatted text."""

    value: float | None
    """The number itself (None when there is none); each field that holds a Figure says its
    unit."""
    text: str
    """The number as the report prints it (``78.64``, ``25.3 %``, ``1,100,455 EUR``, ``—``)."""

    def __str__(self) -> str:
        return self.text


def score(value: float | None) -> Figure:
    """A score, a utility or a gap between scores: the number, printed to two decimals."""
    return Figure(value, fmt_score(value))


def pct(value: float | None, digits: int = 1) -> Figure:
    """A share: the value from 0 to 1, printed as a percentage (``25.3 %``)."""
    return Figure(value, fmt_pct(value, digits))


def share(value: float, digits: int = 1) -> Figure:
    """A share of samples, never rounded to look impossible: a vendor first in 3 samples of
    10,000 prints ``< 0.1 %``, not ``0.0 %`` (which says never); one that is almost always
    first prints ``> 99.9 %``."""
    step = 10.0**-digits / 100  # the printed resolution, as a share
    if 0 < value < step / 2:
        return Figure(value, f"< {fmt_pct(step, digits)}")
    if 1 - step / 2 <= value < 1:
        return Figure(value, f"> {fmt_pct(1 - step, digits)}")
    return pct(value, digits)


def count(value: float) -> Figure:
    """A count or a quantity: the number, printed whole with thousands separators."""
    return Figure(value, f"{value:,.0f}")


def number(value: float) -> Figure:
    """A number as a person writes it (``5``, ``0.25``)."""
    return Figure(value, fmt_num(value))


def money(value: float, currency: str) -> Figure:
    """An amount of money: the number, printed whole with its currency (``1,100,455 EUR``)."""
    return Figure(value, amount(value, currency))


def none(text: str = MISSING) -> Figure:
    """No number: printed as ``text`` (``—`` unless told)."""
    return Figure(None, text)
