"""Formatting shared by every view: numbers with units, Markdown escaping, spreadsheet safety."""

from __future__ import annotations

import re
from typing import Any


def fmt_num(value: Any) -> str:
    """Numbers as a person writes them: 5 not 5.0, 0.25 not 0.25000000000000001."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: special characters backslash-escaped,
    line breaks folded (a cell is one line), nothing that renders as HTML."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


def csv_safe(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def amount(value: float, unit: str) -> str:
    """A raw value with its unit: ``1,100,455 USD``, ``96.4 %``, ``3.67`` points, ``1234567``."""
    if unit == "%":
        return f"{value:.1f} %"
    if len(unit) == 3 and unit.isupper():
        return f"{value:,.0f} {unit}"
    if unit == "points":  # evaluators' averages
        return f"{value:.2f}"
    return fmt_num(round(value, 4))
