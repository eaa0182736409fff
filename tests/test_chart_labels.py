"""Charts survive real names (issue 15, item 7): labels of 60 characters wrap or are cut with
an ellipsis, the full name stays in the label's <title>, and no text is drawn outside the
viewBox (text extents estimated at 0.6 em a glyph, the report's sans-serif average)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from vendorscore.reporting import charts

NS = "{http://www.w3.org/2000/svg}"
SIZES = {"label": 12.0, "tick": 11.0, "legend": 11.0, "value": 11.0, "cell": 11.0}
VENDORS = [
    "Vistula-Tejo Multilingual Customer Experience Services Sp. z o.o",  # 63, words
    "Supercalifragilisticexpialidociousvendorwithaverylongnamenospace",  # 64, one word
    "Table Bay Contact",
]
CRITERIA = [
    "First-contact resolution measured by an independent customer survey",
    "Annual cost",
    "Peak-season plan and ramp-up capacity for Black Friday to Cyber Monday",
]


def _lines(text: ET.Element) -> list[str]:
    spans = text.findall(f"{NS}tspan")
    if spans:
        return ["".join(s.itertext()) for s in spans]
    return (
        [text.text or ""]
        if (text.text or "").strip()
        else [(t.tail or "") for t in text.findall(f"{NS}title")]
    )


def _check(svg: str, names: list[str]) -> None:
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    titles = {"".join(t.itertext()) for t in root.iter(f"{NS}title")}
    for name in names:
        assert name in titles or any(name in t for t in titles), name
    for text in root.iter(f"{NS}text"):
        size = float(text.get("font-size") or SIZES[text.get("class", "label")])
        longest = max(len(line) for line in _lines(text))
        w = longest * 0.6 * size
        transform = text.get("transform")
        if transform:
            tx, ty = (
                float(v) for v in re.findall(r"translate\(([-\d.]+),([-\d.]+)\)", transform)[0]
            )
            end_x, end_y = tx + w * math.cos(math.pi / 4), ty - w * math.sin(math.pi / 4)
            assert 0 <= end_x <= width, (transform, longest)
            assert end_y - size >= 0, (transform, longest)
            continue
        x, y = float(text.get("x", 0)), float(text.get("y", 0))
        anchor = text.get("text-anchor", "start")
        left = {"end": x - w, "middle": x - w / 2, "start": x}[anchor]
        assert left >= 0, (_lines(text), left)
        assert left + w <= width, (_lines(text), left, width)
        spans = len(text.findall(f"{NS}tspan")) or 1
        assert y - size >= 0, (_lines(text), y)
        assert y + 12 * (spans - 1) <= height, (_lines(text), y)


def test_contribution_bars_fit_long_names() -> None:
    points = [[30.0, 20.0, 10.0]] * len(VENDORS)
    _check(charts.contribution_bars(VENDORS, CRITERIA, points, "t"), VENDORS + CRITERIA)


def test_heat_map_fits_long_names() -> None:
    cells = [[0.5, None, 1.0]] * len(VENDORS)
    _check(charts.heat_map(VENDORS, CRITERIA, cells, "t"), VENDORS + CRITERIA)


def test_acceptability_bars_fit_long_names() -> None:
    rows = [[0.5, 0.3, 0.2]] * len(VENDORS)
    _check(charts.acceptability_bars(VENDORS, rows, "t"), VENDORS)


def test_stability_intervals_fit_long_names() -> None:
    rows = [(name, 0.3, 0.1, 0.6) for name in CRITERIA]
    _check(charts.stability_intervals(rows, "t"), CRITERIA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Table Bay Contact", ["Table Bay Contact"]),
        ("a " * 40, None),  # many words: two lines, the second cut
    ],
)
def test_fit_keeps_short_names_and_cuts_long_ones(text: str, expected: list[str] | None) -> None:
    got = charts.fit(text, 178)
    if expected is not None:
        assert got == expected
    else:
        assert len(got) == 2
        assert got[1].endswith("…")
    most = int(178 / (charts.GLYPH * charts.LABEL_PX))
    assert all(len(line) <= most for line in got)
