"""The few rules of rich's layout that ``vendorscore --help`` needs, without importing rich:
styled text with spans, word wrap (``Text.wrap``, ``divide_line``), the widths of a table's
columns (``Table._calculate_column_widths``, ``ratio_reduce``, ``ratio_distribute``) and
segments rendered as rich writes them. Ported from rich 15 (MIT licence) for ASCII text only;
anything these rules do not cover raises ``Unsupported`` and the caller falls back to rich.
``tests/test_help_fast.py`` compares the result with rich's, byte for byte."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from math import ceil

# A style: (bold, dim, foreground SGR code or 0 for none); only what the help uses.
Style = tuple[bool, bool, int]
PLAIN: Style = (False, False, 0)
Segment = tuple[str, Style]
Line = list[Segment]
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


class Unsupported(Exception):
    """The content or the width needs a rule of rich's that is not ported here."""


def add(under: Style, over: Style) -> Style:
    """rich's ``Style.__add__`` for these styles: attributes accumulate, the colour on top wins."""
    return (under[0] or over[0], under[1] or over[1], over[2] or under[2])


def sgr(text: str, style: Style, colour: bool) -> str:
    """A segment as rich's console writes it: its own escape and reset, or plain text."""
    codes = [code for code, on in (("1", style[0]), ("2", style[1])) if on]
    if style[2] and colour:
        codes.append(str(style[2]))
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes and text else text


def _trimmed(spans: list[tuple[int, int, Style]], top: int) -> list[tuple[int, int, Style]]:
    """rich's ``_trim_spans``: the spans that start before ``top``, ended there at the latest."""
    return [(s, min(top, e), style) for s, e, style in spans if s < top]


@dataclass
class Text:
    """rich's ``Text`` for one line of ASCII: plain text, a base style, spans in order."""

    plain: str
    style: Style = PLAIN
    spans: list[tuple[int, int, Style]] = field(default_factory=list)
    overflow: str | None = None

    def highlight(self, patterns: Sequence[re.Pattern[str]], theme: dict[str, Style]) -> Text:
        """``RegexHighlighter``: a span per named group of every match, pattern by pattern."""
        for pattern in patterns:
            for match in pattern.finditer(self.plain):
                for name in match.groupdict():
                    start, end = match.span(name)
                    if start != -1 and end > start:
                        self.spans.append((start, end, theme[name]))
        return self

    def set_plain(self, plain: str) -> None:
        shorter = len(plain) < len(self.plain)
        self.plain = plain
        if shorter:  # rich's _trim_spans
            top = len(plain)
            self.spans = _trimmed(self.spans, top)

    def truncate(self, width: int, overflow: str, pad: bool = False) -> None:
        length = len(self.plain)
        if length > width:
            if overflow == "ellipsis":
                self.set_plain(_cell_size(self.plain, width - 1) + "…")
            else:
                self.set_plain(_cell_size(self.plain, width))
        if pad and length < width:
            self.plain += " " * (width - length)

    def rstrip_end(self, size: int) -> None:
        excess = len(self.plain) - size
        found = _TRAILING_SPACE.search(self.plain)
        if excess > 0 and found is not None:
            amount = min(len(found.group(0)), excess)
            top = len(self.plain) - amount
            self.spans = _trimmed(self.spans, top)
            self.plain = self.plain[:top]

    def divide(self, offsets: list[int]) -> list[Text]:
        bounds = [0, *offsets, len(self.plain)]
        lines = [
            Text(self.plain[a:b], self.style, overflow=self.overflow) for a, b in pairwise(bounds)
        ]
        for start, end, style in self.spans:
            for line, (a, b) in zip(lines, pairwise(bounds), strict=True):
                new_start, new_end = max(0, start - a), min(end - a, b - a)
                if new_end > new_start:
                    line.spans.append((new_start, new_end, style))
        return lines

    def segments(self) -> Line:
        """``Text.render`` of this line inside a joined block (the base style is a span)."""
        styles = [PLAIN]
        spans = ([(0, len(self.plain), self.style)] if self.style != PLAIN else []) + self.spans
        if not spans:
            return [(self.plain, PLAIN)]
        events = [(0, False, 0), (len(self.plain), True, 0)]
        for index, (start, end, style) in enumerate(spans, 1):
            styles.append(style)
            events += [(start, False, index), (end, True, index)]
        events.sort(key=lambda event: (event[0], event[1]))
        stack: list[int] = []
        out: Line = []
        for (offset, leaving, index), (after, _, _) in pairwise(events):
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
            if after > offset:
                current = PLAIN
                for number in sorted(stack):
                    current = add(current, styles[number])
                out.append((self.plain[offset:after], current))
        return out


def _cell_size(text: str, total: int) -> str:
    """``set_cell_size`` for ASCII (a negative total slices from the end, as rich's does)."""
    return text + " " * (total - len(text)) if len(text) < total else text[:total]


def divide_line(text: str, width: int, fold: bool) -> list[int]:
    """rich's ``divide_line``: where to break ``text`` for ``width`` cells."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                raise Unsupported("a word folded over lines")
            if start:
                breaks.append(start)
            offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: Text, width: int, justify: str, overflow: str, no_wrap: bool = False) -> list[Text]:
    """``Text.wrap`` of one line (``text.overflow`` wins over ``overflow``, as in rich)."""
    overflow = text.overflow or overflow
    if no_wrap:
        lines = [Text(text.plain, text.style, list(text.spans), text.overflow)]
    else:
        lines = text.divide(divide_line(text.plain, width, fold=overflow == "fold"))
        for line in lines:
            line.rstrip_end(width)
    for line in lines:
        if justify == "left":
            line.truncate(width, overflow, pad=True)
        line.truncate(width, overflow)
    return lines


@dataclass
class Columns:
    """rich's ``Columns`` of one text (typer's cell of an option's help)."""

    text: Text


Cell = Text | Columns


def measure(cell: Cell, max_width: int, extra: int) -> tuple[int, int]:
    """``Measurement.get`` of a padded cell (``Columns`` has no measure: it asks for all)."""
    if max_width < 1:
        return 0, 0
    if max_width - extra < 1:
        low, high = max_width, max_width
    else:
        if isinstance(cell, Columns):
            low, high = 0, max_width
        else:
            words = cell.plain.split()
            low = max((len(w) for w in words), default=len(cell.plain))
            low, high = _normal(min(low, max_width), min(len(cell.plain), max_width))
            if high < 1:
                low, high = 0, 0
        low, high = min(low + extra, max_width), min(high + extra, max_width)
    low, high = _normal(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normal(low, high)


def _normal(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


@dataclass
class Column:
    """A table column: its cells, padding and sizing rules."""

    cells: Sequence[Cell]
    pad: tuple[int, int]  # left, right
    width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False

    def measure(self, max_width: int) -> tuple[int, int]:
        """``Table._measure_column``."""
        if max_width < 1:
            return 0, 0
        extra = sum(self.pad)
        if self.width is not None:
            fixed = self.width + extra
            return min(fixed, max_width), min(fixed, max_width)
        sizes = [measure(cell, max_width, extra) for cell in self.cells]
        low = max((s[0] for s in sizes), default=1)
        high = max((s[1] for s in sizes), default=max_width)
        return min(low, max_width), min(high, max_width)


def column_widths(columns: list[Column], max_width: int) -> list[int]:
    """``Table._calculate_column_widths`` of an expanded table without a box."""
    ranges = [column.measure(max_width) for column in columns]
    widths = [high or 1 for _, high in ranges]
    ratios = [column.ratio or 0 for column in columns if column.ratio is not None]
    if any(ratios):
        fixed = [0 if c.ratio is not None else r[1] for r, c in zip(ranges, columns, strict=True)]
        minimum = [(c.width or 1) + sum(c.pad) for c in columns if c.ratio is not None]
        flexible = iter(ratio_distribute(max_width - sum(fixed), ratios, minimum))
        for index, column in enumerate(columns):
            if column.ratio is not None:
                widths[index] = fixed[index] + next(flexible)
    table_width = sum(widths)
    if table_width > max_width:
        wrapable = [column.width is None and not column.no_wrap for column in columns]
        widths = collapse_widths(widths, wrapable, max_width)
        table_width = sum(widths)
        if table_width > max_width:
            widths = ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
            table_width = sum(widths)
        widths = [c.measure(w)[1] or 0 for w, c in zip(widths, columns, strict=True)]
    if table_width < max_width:
        pads = ratio_distribute(max_width - table_width, widths)
        widths = [width + pad for width, pad in zip(widths, pads, strict=True)]
    return widths


def collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """``Table._collapse_widths``."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            top = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(
                w if ok and w != top else 0 for w, ok in zip(widths, wrapable, strict=True)
            )
            ratios = [1 if (w == top and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not top - second:
                break
            widths = ratio_reduce(excess, ratios, [min(excess, top - second)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """rich's ``ratio_reduce``."""
    ratios = [ratio if top else 0 for ratio, top in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    result = []
    for ratio, top, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(top, round(ratio * total / total_ratio))
            result.append(value - distributed)
            total -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """rich's ``ratio_distribute``."""
    if minimums:
        ratios = [ratio if low else 0 for ratio, low in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    if total_ratio <= 0:
        raise Unsupported("no ratio to distribute by")
    result = []
    for ratio, low in zip(ratios, minimums or [0] * len(ratios), strict=True):
        distributed = max(low, ceil(ratio * total / total_ratio)) if total_ratio > 0 else total
        result.append(distributed)
        total_ratio -= ratio
        total -= distributed
    return result
