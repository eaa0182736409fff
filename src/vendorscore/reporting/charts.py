"""Inline SVG charts for the HTML report: no script, no external resource, text alternatives.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``; every mark has a
``<title>`` tooltip; all text that came from the input files is XML-escaped here. Colours are
Paul Tol's colour-blind-safe "muted" scheme (categories) and a viridis ramp (sequences).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from vendorscore.formatting import visible

PALETTE = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
    "#EE8866",
    "#BBBBBB",
)
VIRIDIS = (
    "#440154",
    "#482878",
    "#3E4A89",
    "#31688E",
    "#26828E",
    "#1F9E89",
    "#35B779",
    "#6DCD59",
    "#B4DE2C",
    "#FDE725",
)


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True)


def _open(width: int, height: int, title: str, desc: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>'
    )


GLYPH = 0.62  # a glyph's width in em, on the wide side for the report's sans-serif fonts
LABEL_PX, SMALL_PX = 12, 11  # font sizes of .label and of .tick/.legend/.value (the CSS)


def fit(text: str, room: float, size: float = LABEL_PX, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of ``room`` pixels at ``size``: words wrapped, and
    the last line cut with an ellipsis when the rest does not fit (the full text is the
    label's ``<title>``)."""
    most = max(int(room / (GLYPH * size)), 4)
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= most:
            line += " " + words.pop(0)
        out.append(line)
    if not out:
        return [text[:most]]
    if words or len(out[-1]) > most:
        rest = " ".join([out[-1], *words])
        out[-1] = rest[: most - 1].rstrip() + "…"
    return [line if len(line) <= most else line[: most - 1] + "…" for line in out]


def label(text: str, x: float, y: float, room: float, anchor: str = "end") -> str:
    """A row label: one line, or two smaller lines centred on the row, cut to ``room`` px."""
    lines = fit(text, room)
    if len(lines) == 1:
        return (
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="label">'
            f"<title>{_e(text)}</title>{_e(lines[0])}</text>"
        )
    small = fit(text, room, SMALL_PX)
    return (
        f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="{anchor}" class="label" '
        f'font-size="{SMALL_PX}"><title>{_e(text)}</title>'
        + "".join(
            f'<tspan x="{x:.1f}" dy="{0 if k == 0 else 12}">{_e(part)}</tspan>'
            for k, part in enumerate(small)
        )
        + "</text>"
    )


def colour(index: int) -> str:
    """A categorical colour."""
    return PALETTE[index % len(PALETTE)]


def ramp(value: float) -> str:
    """A viridis colour for a value in [0, 1]."""
    clamped = min(max(value, 0.0), 1.0)
    return VIRIDIS[min(int(clamped * len(VIRIDIS)), len(VIRIDIS) - 1)]


def _ink(value: float) -> str:
    return "#000" if value >= 0.6 else "#fff"


def contribution_bars(
    vendors: Sequence[str], criteria: Sequence[str], points: Sequence[Sequence[float]], title: str
) -> str:
    """Horizontal bars, one per vendor, stacked by criterion (points of the 0-100 score)."""
    label_w, bar_w, row_h = 190, 520, 26
    legend_rows = (len(criteria) + 2) // 3
    height = 30 + row_h * len(vendors) + 20 + 18 * legend_rows
    desc = "; ".join(
        f"{v}: " + ", ".join(f"{c} {p:.1f}" for c, p in zip(criteria, row, strict=True) if p > 0)
        for v, row in zip(vendors, points, strict=True)
    )
    out = [_open(label_w + bar_w + 60, height, title, desc, "contrib")]
    for tick in range(0, 101, 20):
        x = label_w + bar_w * tick / 100
        out.append(
            f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{24 + row_h * len(vendors)}" class="grid"/>'
        )
        out.append(f'<text x="{x:.1f}" y="14" class="tick" text-anchor="middle">{tick}</text>')
    for i, (vendor, row) in enumerate(zip(vendors, points, strict=True)):
        y = 24 + row_h * i
        out.append(label(vendor, label_w - 8, y + 16, label_w - 12))
        x = float(label_w)
        for j, value in enumerate(row):
            if value <= 0:
                continue
            width = bar_w * value / 100
            out.append(
                f'<rect x="{x:.2f}" y="{y + 3}" width="{width:.2f}" height="{row_h - 8}" fill="{colour(j)}">'
                f"<title>{_e(vendor)} · {_e(criteria[j])}: {value:.2f} points</title></rect>"
            )
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + 16}" class="value">{sum(row):.1f}</text>')
    top = 24 + row_h * len(vendors) + 14
    for j, name in enumerate(criteria):
        lx = 10 + (j % 3) * 240
        ly = top + 18 * (j // 3)
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour(j)}"/>')
        short = fit(name, 240 - 24, SMALL_PX, 1)[0]
        out.append(
            f'<text x="{lx + 18}" y="{ly + 11}" class="legend"><title>{_e(name)}</title>'
            f"{_e(short)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def heat_map(
    vendors: Sequence[str],
    criteria: Sequence[str],
    cells: Sequence[Sequence[float | None]],
    title: str,
) -> str:
    """Vendors x criteria, each cell coloured by its utility (0-1), the value written in it."""
    label_w, cell_w, cell_h, head_h = 190, 58, 26, 150
    width = label_w + cell_w * len(criteria) + head_h  # room for the last rotated label
    height = head_h + cell_h * len(vendors) + 10
    desc = "; ".join(
        f"{v}: "
        + ", ".join(
            f"{c} {'n/a' if u is None else f'{u:.2f}'}" for c, u in zip(criteria, row, strict=True)
        )
        for v, row in zip(vendors, cells, strict=True)
    )
    out = [_open(width, height, title, desc, "heat")]
    for j, name in enumerate(criteria):
        x = label_w + cell_w * j + cell_w / 2
        short = fit(name, (head_h - 24) * 1.41, LABEL_PX, 1)[0]  # along the 45° diagonal
        out.append(
            f'<text transform="translate({x:.1f},{head_h - 6}) rotate(-45)" class="label">'
            f"<title>{_e(name)}</title>{_e(short)}</text>"
        )
    for i, (vendor, row) in enumerate(zip(vendors, cells, strict=True)):
        y = head_h + cell_h * i
        out.append(label(vendor, label_w - 8, y + 17, label_w - 12))
        for j, value in enumerate(row):
            x = label_w + cell_w * j
            if value is None:
                out.append(
                    f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" class="missing">'
                    f"<title>{_e(vendor)} · {_e(criteria[j])}: left out (missing)</title></rect>"
                )
                continue
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{ramp(value)}">'
                f"<title>{_e(vendor)} · {_e(criteria[j])}: utility {value:.2f}</title></rect>"
                f'<text x="{x + cell_w / 2 - 1:.1f}" y="{y + 17}" text-anchor="middle" class="cell" fill="{_ink(value)}">{value:.2f}</text>'
            )
    out.append("</svg>")
    return "".join(out)


SMAA_RANKS = 5
"""The ranks the acceptability chart draws (the rest are one grey bar): the chart reads no
more of a row than these (a row of 1 000 ranks need not be handed over whole)."""


def acceptability_bars(
    vendors: Sequence[str], rows: Sequence[Sequence[float]], title: str, ranks: int = SMAA_RANKS
) -> str:
    """One bar per vendor split by the share of samples at each rank (rank 1 darkest)."""
    shown = min(ranks, max((len(r) for r in rows), default=0))
    label_w, bar_w, row_h = 190, 480, 24
    height = 30 + row_h * len(vendors) + 30
    desc = "; ".join(
        f"{v}: " + ", ".join(f"rank {k + 1} {row[k] * 100:.1f} %" for k in range(shown))
        for v, row in zip(vendors, rows, strict=True)
    )
    out = [_open(label_w + bar_w + 90, height, title, desc, "smaa")]
    shades = [VIRIDIS[min(2 * k, len(VIRIDIS) - 1)] for k in range(shown)] + ["#DDDDDD"]
    for i, (vendor, row) in enumerate(zip(vendors, rows, strict=True)):
        y = 20 + row_h * i
        out.append(label(vendor, label_w - 8, y + 15, label_w - 12))
        x = float(label_w)
        parts = [*row[:shown], max(0.0, 1.0 - sum(row[:shown]))]
        for k, share in enumerate(parts):
            if share <= 0:
                continue
            width = bar_w * share
            name = f"rank {k + 1}" if k < shown else f"rank {shown + 1} or lower"
            out.append(
                f'<rect x="{x:.2f}" y="{y + 3}" width="{width:.2f}" height="{row_h - 8}" fill="{shades[k]}">'
                f"<title>{_e(vendor)}: {name} in {share * 100:.1f} % of samples</title></rect>"
            )
            x += width
        out.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" class="value">{row[0] * 100:.0f} % first</text>'
        )
    legend_y = 20 + row_h * len(vendors) + 10
    for k, shade in enumerate(shades):
        name = f"rank {k + 1}" if k < shown else "lower"
        out.append(
            f'<rect x="{10 + 90 * k}" y="{legend_y}" width="12" height="12" fill="{shade}"/>'
        )
        out.append(f'<text x="{28 + 90 * k}" y="{legend_y + 11}" class="legend">{name}</text>')
    out.append("</svg>")
    return "".join(out)


def stability_intervals(
    rows: Sequence[tuple[str, float, float | None, float | None]], title: str
) -> str:
    """Per criterion: the weight range 0-100 %, the interval where the winner stays first
    (shaded) and the current weight (a dot)."""
    label_w, line_w, row_h = 190, 480, 24
    height = 30 + row_h * len(rows) + 10
    desc = "; ".join(
        f"{c}: now {w * 100:.1f} %, stays first from {(lo or 0) * 100:.1f} % to {(hi if hi is not None else 1) * 100:.1f} %"
        for c, w, lo, hi in rows
    )
    out = [_open(label_w + line_w + 40, height, title, desc, "stab")]
    for tick in range(0, 101, 25):
        x = label_w + line_w * tick / 100
        out.append(f'<text x="{x:.1f}" y="14" class="tick" text-anchor="middle">{tick} %</text>')
    for i, (name, weight, low, high) in enumerate(rows):
        y = 20 + row_h * i + 12
        lo = low if low is not None else 0.0
        hi = high if high is not None else 1.0
        out.append(label(name, label_w - 8, y + 4, label_w - 12))
        out.append(f'<line x1="{label_w}" y1="{y}" x2="{label_w + line_w}" y2="{y}" class="axis"/>')
        out.append(
            f'<rect x="{label_w + line_w * lo:.2f}" y="{y - 6}" width="{line_w * (hi - lo):.2f}" height="12" class="band">'
            f"<title>{_e(name)}: the winner stays first between {lo * 100:.1f} % and {hi * 100:.1f} %</title></rect>"
        )
        out.append(
            f'<circle cx="{label_w + line_w * weight:.2f}" cy="{y}" r="5" class="now">'
            f"<title>{_e(name)}: current weight {weight * 100:.1f} %</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _bins(top: int) -> list[tuple[int, int, str]]:
    """The ramp's colours for whole numbers 1..top: (lowest, highest, colour), empty bins left
    out (the same rule as ``ramp(n / top)``)."""
    found: dict[str, list[int]] = {}
    for n in range(1, top + 1):
        found.setdefault(ramp(n / top), []).append(n)
    return [(ns[0], ns[-1], shade) for shade, ns in found.items()]


def staffing_heat_map(
    grid: Sequence[Sequence[int]],
    columns: Sequence[str],
    months: Sequence[tuple[int, str]],
    title: str,
    legend: str,
) -> str:
    """Agents on queue by hour of the local day (24 rows) and week of the year (columns), each
    cell coloured on the viridis ramp from 1 to the year's peak, closed cells grey.
    ``columns`` names each week for the tooltips (``week 48, from 2027-11-26``); ``months``
    places a month label over the week column it starts in."""
    label_w, cell, head_h = 44, 14, 34
    weeks = max((len(row) for row in grid), default=0)
    top = max((max(row, default=0) for row in grid), default=0)
    bins = _bins(top)
    legend_y = head_h + cell * len(grid) + 14
    width = max(label_w + cell * weeks + 10, 40 + 74 * (len(bins) + 1))
    height = legend_y + 44
    peak = [(h, w) for h, row in enumerate(grid) for w, n in enumerate(row) if n == top]
    closed = sum(1 for row in grid for n in row if n == 0)
    where = f"{columns[peak[0][1]]}, {peak[0][0]:02d}:00" if peak and top else "nowhere"
    desc = (
        f"Agents on queue, the peak of each hour of the day in each week: up to {top} "
        f"(first reached in {where}); {closed} of {len(grid) * weeks} cells need no agent. "
        f"{legend}"
    )
    out = [_open(width, height, title, desc, "staff")]
    for column, name in months:
        out.append(f'<text x="{label_w + cell * column}" y="12" class="tick">{_e(name)}</text>')
    for w in range(0, weeks, 4):
        x = label_w + cell * w + cell / 2
        out.append(
            f'<text x="{x:.1f}" y="{head_h - 6}" class="tick" text-anchor="middle">{w + 1}</text>'
        )
    out.append('<g class="cellmap">')
    for h, row in enumerate(grid):
        y = head_h + cell * h
        out.append(
            f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" class="tick">{h:02d}:00</text>'
        )
        for w, n in enumerate(row):
            fill = ramp(n / top) if n > 0 else "#eeeeee"
            tip = f"{columns[w]}, {h:02d}:00-{h + 1:02d}:00: {n} agent{'' if n == 1 else 's'}"
            out.append(
                f'<rect x="{label_w + cell * w}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{fill}">'
                f"<title>{_e(tip)}</title></rect>"
            )
    out.append("</g>")
    swatches = [(0, 0, "#eeeeee"), *bins]
    for k, (low, high, shade) in enumerate(swatches):
        x = 10 + 74 * k
        text = "0 (closed)" if high == 0 else (f"{low}" if low == high else f"{low}-{high}")
        out.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{shade}"/>')
        out.append(f'<text x="{x + 16}" y="{legend_y + 11}" class="legend">{text}</text>')
    out.append(f'<text x="10" y="{legend_y + 32}" class="legend">{_e(legend)}</text>')
    out.append("</svg>")
    return "".join(out)
