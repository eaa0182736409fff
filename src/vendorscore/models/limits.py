"""The ranges every value of an input file must lie in, so that what `validate` accepts,
`rank` can score without overflow, NaN or infinity (README: "What vendorscore refuses").

- Numbers (money, counts, weights, metric values, bounds, scores): magnitude below
  ``MAX_MAGNITUDE`` (10^15). A sum of a million of them, a product of two, or their square
  stays far inside float64, and every kernel is written not to multiply more than that.
- Dates: from ``MIN_DATE`` to ``MAX_DATE`` (1900-01-01 to 2200-12-31), so that a coverage
  year with its margin days, and a closed day's end, are real calendar days everywhere.
- Names, labels, ids and other short texts: at most ``MAX_NAME`` characters; free text
  (descriptions, evaluators' notes): at most ``MAX_TEXT``.
- The computed annual cost of a vendor must stay below ``MAX_MAGNITUDE`` too (a tiny
  occupancy or a large rate could push it past any sensible amount): ``within_amount``,
  used by ``criteria/cost.py`` and the loader's ``cost-range`` rule.

Each check raises ``PydanticCustomError`` whose type is the diagnostic code.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from pydantic_core import PydanticCustomError

MAX_MAGNITUDE = 1e15
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
MAX_NAME = 200
MAX_TEXT = 10_000


def show_number(value: int | float) -> str:
    """A number short enough for a one-line message, however many digits it has."""
    if isinstance(value, int) and value.bit_length() > 1000:
        # the loader refuses integers over 4,300 digits, so str() is safe here
        text = str(abs(value))
        sign = "-" if value < 0 else ""
        return f"{sign}{text[:10]}…({len(text):,} digits)"
    number = float(value)
    if number.is_integer() and abs(number) < MAX_MAGNITUDE:
        return str(int(number))
    return f"{number:g}"


def check_magnitude(value: Any) -> Any:
    """Numbers must be finite and below 10^15 in magnitude; other values pass through."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "not-finite", "must be a finite number, got {value}", {"value": str(value)}
        )
    if abs(value) >= MAX_MAGNITUDE:
        raise PydanticCustomError(
            "too-large",
            "must be less than 1e15 in magnitude, got {value}",
            {"value": show_number(value)},
        )
    return value


def check_length(value: Any, limit: int = MAX_NAME) -> Any:
    """Texts of at most ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit:
        raise PydanticCustomError(  # no "must": a too-long mapping key would be quoted in full
            "too-long",
            "at most {limit} characters are allowed here, got {length}",
            {"limit": f"{limit:,}", "length": f"{len(value):,}"},
        )
    return value


def check_date(value: date) -> date:
    """Dates from 1900-01-01 to 2200-12-31."""
    if not MIN_DATE <= value <= MAX_DATE:
        raise PydanticCustomError(
            "date-range",
            "date {value} is outside the supported range {low} to {high}",
            {"value": value.isoformat(), "low": MIN_DATE.isoformat(), "high": MAX_DATE.isoformat()},
        )
    return value


def within_amount(value: float) -> bool:
    """Whether a computed amount (an annual cost) is finite and below 10^15."""
    return math.isfinite(value) and abs(value) < MAX_MAGNITUDE
