"""Presentation helpers shared by every view: numbers, shares, amounts, and cell safety.

The lowest layer: imports nothing from vendorscore, so models, scoring, the views, the
spreadsheet module and the report all format the same fact the same way.
"""

from __future__ import annotations

import re
from typing import Any

MISSING = "—"
"""What a view prints for a value that is not there (missing data, no score)."""


def fmt_num(value: Any) -> str:
    """Numbers as a person writes them: 5 not 5.0, 0.25 not 0.25000000000000001."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def fmt_pct(value: float | None, digits: int = 1) -> str:
    """A share (0-1) as a percentage: ``25.3 %``; ``—`` when there is none."""
    return MISSING if value is None else f"{value * 100:.{digits}f} %"


def fmt_score(value: float | None) -> str:
    """A score, a utility or a gap between scores, to two decimals: ``78.64``."""
    return MISSING if value is None else f"{value:.2f}"


def fmt_signed(value: float) -> str:
    """A change in points, always signed: ``+1.50``, ``-0.25``."""
    return f"{value:+.2f}"


def fmt_criterion(value: float | None, points: bool) -> str:
    """A vendor's cell under a criterion: points contributed (one decimal) or utility (two)."""
    if value is None:
        return MISSING
    return f"{value:.1f}" if points else fmt_score(value)


# --- the same facts in the same words, whatever the format ---------------------------------


def column_legend(contribution: bool) -> str:
    """What the numbers under the criteria are (table, Markdown, report)."""
    if contribution:
        return "Criterion columns: points each criterion contributes to the 0-100 score."
    return "Criterion columns: utility (0-1) on each criterion."


def column_unit(contribution: bool) -> str:
    """The same, as the short unit of a spreadsheet heading."""
    return "points" if contribution else "utility 0-1"


def weight_share(weight: float) -> str:
    """A criterion's share of the weight in a heading: ``30.0 %``."""
    return fmt_pct(weight)


def stability_bound(value: float | None, low: bool) -> str:
    """One end of a weight-stability interval; an open end never costs the winner first place."""
    if value is not None:
        return fmt_pct(value)
    return "0 % (never loses)" if low else "100 % (never loses)"


def stability_method(exact: bool) -> str:
    """How the stability intervals were computed, after "computed"."""
    return "exactly (closed form)" if exact else "numerical search, bisection to 1e-9"


def lead_sentence(winner: str, score: float, runner: str | None, runner_score: float) -> str:
    """Who ranks first and by how much (the first sentence of a recommendation)."""
    if runner is None:
        return f"{winner} is the only vendor that passed the gates ({fmt_score(score)} points)."
    return (
        f"{winner} ranks first with {fmt_score(score)} points, "
        f"{fmt_score(score - runner_score)} ahead of {runner} ({fmt_score(runner_score)})."
    )


def amount(value: float, unit: str) -> str:
    """A raw value with its unit: ``1,100,455 USD``, ``96.4 %``, ``3.67`` points, ``1234567``."""
    if unit == "%":
        return f"{value:.1f} %"
    if len(unit) == 3 and unit.isupper():  # a currency code: money in whole units
        return f"{value:,.0f} {unit}"
    if unit == "points":  # evaluators' averages
        return f"{value:.2f}"
    return fmt_num(round(value, 4))


# --- cell safety: the one rule every tabular format applies to text from the inputs ---------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell as a formula (OWASP CSV injection)."""


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows and never runs: a leading formula character gets a ``'``.

    Applied to every text cell of CSV, the workbooks and (through ``md_escape``) Markdown.
    Numbers are written as numbers and never pass through here.
    """
    return "'" + text if text[:1] in FORMULA_PREFIXES else text


def unsafe_cell(text: str) -> str:
    """The inverse of ``safe_cell``, for text read back from a sheet vendorscore wrote."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES else text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line (line breaks folded), the cell-safety
    rule, then special characters backslash-escaped (pipes, markup), so nothing renders as
    HTML or splits the row."""
    flat = safe_cell(" ".join(str(text).split()))
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")
