"""Presentation helpers shared by every view: numbers, shares, amounts, and cell safety.

The lowest layer: imports nothing from vendorscore, so models, scoring, the views, the
spreadsheet module and the report all format the same fact the same way.
"""

from __future__ import annotations

import re
from typing import Any

MISSING = "—"
"""What a view prints for a value that is not there (missing data, no score)."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names as every text and report prints them (``25 Dec 2027``, a heat map's columns)."""


def fmt_num(value: Any) -> str:
    """Numbers as a person writes them: 5 not 5.0, 0.25 not 0.25000000000000001."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


METHOD_NAMES = {
    "weighted_sum": "weighted sum",
    "weighted_product": "weighted product",
    "topsis": "TOPSIS",
}
"""Each ranking method in words."""


def shown_diff(a: float, b: float) -> float:
    """``a - b`` as the reader subtracts them: between the whole units the report prints, so
    1,232,251 - 844,833 reads 387,418 whichever way the cents fall."""
    return float(round(a) - round(b))


def prose(text: str | None) -> str:
    """A free text from a file as one paragraph: YAML's folded and literal blocks end in a
    newline and may hold more, which a report prints as spaces, not as an escaped ``\\n``."""
    return " ".join((text or "").split())


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


def amount_range(value: float, low: float | None, high: float | None, unit: str) -> str:
    """A raw value with its unit, and its range when it has one: ``11.5 (10.9–13.2)``."""
    shown = amount(value, unit)
    if low is None or high is None:
        return shown
    ends = f"{amount(low, unit)}–{amount(high, unit)}"
    for tail in (f" {unit}", " %"):  # the unit once, after the range
        ends = ends.replace(tail + "–", "–")
    return f"{shown} ({ends})"


def amount(value: float, unit: str) -> str:
    """A raw value with its unit: ``1,100,455 USD``, ``96.4 %``, ``3.67`` points, ``1234567``."""
    if unit == "%":
        return f"{value:.1f} %"
    if len(unit) == 3 and unit.isupper():  # a currency code: money in whole units
        return f"{value:,.0f} {unit}"
    if unit == "points":  # evaluators' averages
        return f"{value:.2f}"
    return fmt_num(round(value, 4))


# --- visible text: what a vendor, an evaluator or a file supplies never acts on a terminal --

UNSEEN_RANGES = (
    (0x00, 0x1F),  # C0 controls: ESC, BEL, CR, LF, tab, ...
    (0x7F, 0x9F),  # DEL and the C1 controls (U+009B is a one-character CSI, U+0085 NEL)
    (0x2028, 0x2029),  # line and paragraph separators
    (0x202A, 0x202E),  # bidi embeddings and overrides (U+202E reverses what follows)
    (0x2066, 0x2069),  # bidi isolates
    (0xD800, 0xDFFF),  # lone surrogates: no encoding can write them
    (0xFFFE, 0xFFFF),  # noncharacters that XML (so a workbook) refuses
)
"""Code points shown escaped wherever vendorscore writes text for a person or a spreadsheet."""

_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {
    cp: _SHORT.get(cp, f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}")
    for low, high in UNSEEN_RANGES
    for cp in range(low, high + 1)
}
_UNSEEN = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in UNSEEN_RANGES) + "]")
_UNSEEN_JSON = re.compile(
    "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in UNSEEN_RANGES if lo >= 0x7F) + "]"
)


def visible(text: str) -> str:
    """``text`` with every code point of ``UNSEEN_RANGES`` shown escaped, as Python writes it:
    ``\\x1b`` for ESC, ``\\n`` for a line feed, ``\\x9b``, ``\\u202e``. The one sanitiser of
    every human output (tables, diff, warnings, reasons, diagnostics, annotations) and, through
    ``safe_cell``, of CSV, workbooks and Markdown: one line stays one line, and nothing a vendor
    typed moves the cursor, clears the screen, retitles the window or reverses the text."""
    text = str(text)
    if _UNSEEN.search(text) is None:  # the common case costs one scan
        return text
    return _UNSEEN.sub(lambda m: _VISIBLE[ord(m.group())], text)


def json_visible(document: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the unseen code points
    that ``json`` leaves raw (DEL, C1, bidi, separators, surrogates) written as ``\\uXXXX``
    escapes: the same document to any JSON reader, nothing raw on a terminal."""
    if _UNSEEN_JSON.search(document) is None:
        return document
    return _UNSEEN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


# --- cell safety: the one rule every tabular format applies to text from the inputs ---------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell as a formula (OWASP CSV injection)."""


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows and never runs: unseen characters made ``visible`` (so no
    cell holds a character a workbook refuses), then a leading formula character gets a ``'``.

    Applied to every text cell of CSV, the workbooks and (through ``md_escape``) Markdown.
    Numbers are written as numbers and never pass through here.
    """
    shown = visible(text)
    return "'" + shown if shown[:1] in FORMULA_PREFIXES else shown


def unsafe_cell(text: str) -> str:
    """The inverse of ``safe_cell``'s quote, for text read back from a sheet vendorscore wrote."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES else text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line (line breaks folded), the cell-safety
    rule, then special characters backslash-escaped (pipes, markup), so nothing renders as
    HTML or splits the row."""
    flat = safe_cell(" ".join(str(text).split()))
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


_MD_INLINE = re.compile(r"([\\`\[\]<>|])")


def md_inline(text: str) -> str:
    """Text safe anywhere in Markdown, with as little escaping as that takes: control
    characters shown escaped (so one line stays one line), then backslash, backtick, brackets,
    angle brackets and pipes backslash-escaped and ``&`` as ``&amp;``: no raw HTML, no link, no
    code span, no extra table cell. What a Markdown report template prints unless it says
    ``|md`` (the full cell escaping) or ``|safe``."""
    return _MD_INLINE.sub(r"\\\1", visible(text)).replace("&", "&amp;")
