"""The report's staffing section (issue 12): the heat map of agents on queue, the per-vendor
table, only under an Erlang model, vendor text escaped; a flat report byte for byte as before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.builders import load, write_project
from tests.conftest import DATA, ROOT, CliRunner
from vendorscore.scoring import staffing
from vendorscore.services.project import Selection
from vendorscore.services.project import load as load_selection

FAST = ("--samples", "2000")
GOLDEN = ROOT / "tests" / "golden"
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} | **x** \x1b[2J\u202egnp.exe"


def staffed_project(root: Path, model: str = "erlang_c", name: str = "Plain Co") -> Path:
    """Two vendors on a small staffed workload: one per productive hour, one per FTE-month."""
    patience = "patience_seconds: 120, " if model == "erlang_a" else ""
    criteria = f"""\
        name: Staffed
        evaluation_date: 2027-01-15
        currency: USD
        fx: {{EUR: 1.08}}
        workload:
          {{contacts_per_year: 200000, aht_seconds: 300, occupancy: 80, hours_per_fte_month: 160,
           contract_years: 2, model: {model}, service_level: {{percent: 80, seconds: 20}},
           {patience}max_occupancy: 85, shrinkage: 25, aht: vendor,
           profile: {{timezone: Europe/Lisbon,
                      intraday: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 0],
                      month: {{dec: 2}}}}}}
        criteria:
          - {{id: cost, label: Annual cost, kind: cost, weight: 60}}
          - {{id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 40}}
        """
    return write_project(
        root,
        criteria,
        [
            f"id: hourly\nname: {name!r}\n"
            "pricing: {currency: EUR, unit: per_productive_hour, rate: 20, setup_fee: 5000}\n"
            "capacity: {agents: 10}\nkpis: {fcr: 75, aht_seconds: 330}\n",
            "id: monthly\nname: Monthly Ltd\n"
            "pricing: {currency: USD, unit: per_fte_month, rate: 3000}\n"
            "capacity: {agents: 200}\nkpis: {fcr: 70}\n",
        ],
    )


def hostile_name() -> str:
    """HOSTILE as a YAML double-quoted scalar."""
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\x1b", "\\e").replace("\u202e", "\\u202e")


def section(text: str, start: str, end: str) -> str:
    """From the first ``start`` to the first ``end`` after it."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def report(cli: CliRunner, where: str, out: Path) -> str:
    """The report of ``where`` (a project folder or --example), as text."""
    result = cli("report", where, "-o", str(out), *FAST)
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_flat_example_report_is_byte_for_byte_the_old_one(
    suffix: str, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copytree(DATA / "flat-example", tmp_path / "example")
    monkeypatch.chdir(tmp_path)  # the golden files name the inputs example/...
    out = tmp_path / f"report.{suffix}"
    report(cli, "example", out)
    assert out.read_bytes() == (GOLDEN / f"example-report.{suffix}").read_bytes()


def _cells(html: str) -> list[tuple[str, int, int]]:
    """The heat map's cells from their tooltips: (week label, hour, agents)."""
    svg = section(html, 'aria-labelledby="staff-t', "</svg>")
    found = re.findall(
        r"<title>(week \d+ \(from [\d-]+\)), (\d\d):00-\d\d:00: (\d+) agents?</title>", svg
    )
    return [(week, int(hour), int(n)) for week, hour, n in found]


def test_the_heat_map_peaks_where_the_year_peaks_at_the_workload_aht(
    cli: CliRunner, tmp_path: Path
) -> None:
    html = report(cli, "--example", tmp_path / "r.html")
    cells = _cells(html)
    assert len(cells) == 24 * 53  # hours of the local day x weeks of 2027 from 1 January
    loaded = load_selection(Selection(example=True))
    criteria = loaded.inputs.criteria
    workload = criteria.workload
    assert workload is not None
    assert criteria.evaluation_date is not None
    year = staffing.build_year(criteria, criteria.evaluation_date.year, loaded.inputs.history)
    need = staffing.agents(workload, year, workload.aht_seconds, staffing.level_of(workload))
    top = int(need.max())
    assert max(n for _, _, n in cells) == top
    # the busiest interval lands in its local hour's row and its week's column
    busiest = int(np.argmax(need))
    hour, week = int(year.slot[busiest]) * year.minutes // 60, int(year.day[busiest]) // 7
    assert (f"week {week + 1} ", hour, top) in [
        (w[: len(f"week {week + 1} ")], h, n) for w, h, n in cells
    ]
    # no agent where nobody calls and no coverage is required: the night hours are closed
    assert all(n == 0 for _, h, n in cells if h < 6)
    legend = section(html, 'aria-labelledby="staff-t', "</svg>")
    assert "AHT 360 s" in legend
    assert "Erlang C 80/20" in legend
    assert "America/New_York" in legend
    md = report(cli, "--example", tmp_path / "r.md")
    coarse = section(md, "| Hour |", "## Sensitivity")
    assert max(int(n) for n in re.findall(r"\| (\d+) (?=\|)", coarse)) == top


def test_the_vendor_table_shows_the_staffing_figures(cli: CliRunner, tmp_path: Path) -> None:
    root = staffed_project(tmp_path / "p")
    html = report(cli, str(root), tmp_path / "r.html")
    evaluation_staffing = staffing.staff(
        load(root).inputs.criteria, sorted(load(root).inputs.vendors, key=lambda v: v.id), 2027
    )
    table = section(html, '<table class="staffing">', "</table>")
    for v in evaluation_staffing.vendors:
        assert f"{v.staffed_hours:,.0f}" in table
        assert f"{v.flat_hours:,.0f}" in table
        assert f"{v.occupancy:.1f} %" in table
        assert v.fte is not None
        assert f"{v.fte:,.1f}" in table
        assert f">{v.peak_rostered}<" in table
        assert v.peak_at in table
    # the hourly vendor declares 10 agents, short of its peak; the monthly one 200, enough
    hourly = evaluation_staffing.of("hourly")
    assert hourly is not None
    assert hourly.aht_seconds == 330
    assert f"short by {hourly.peak_rostered - 10}" in table
    assert "meets (200 ≥" in table
    assert '330 s<br><span class="meta">vendor&#39;s own' in table


@pytest.mark.parametrize(
    ("model", "shown"), [("flat", None), ("erlang_c", "Erlang C"), ("erlang_a", "Erlang A")]
)
def test_the_section_appears_only_under_an_erlang_model(
    model: str, shown: str | None, cli: CliRunner, tmp_path: Path
) -> None:
    root = staffed_project(tmp_path / "p", model)
    html = report(cli, str(root), tmp_path / "r.html")
    md = report(cli, str(root), tmp_path / "r.md")
    if shown is None:
        assert 'id="staffing"' not in html
        assert "staffing" not in html.lower()
        assert "## Staffing" not in md
        return
    assert 'id="staffing"' in html
    assert "## Staffing" in md
    assert f"staffed with {shown}" in html
    assert f"staffed with {shown}" in md
    assert ("patience 120 s" in html) == (model == "erlang_a")


def test_vendor_text_is_escaped_in_the_staffing_section(cli: CliRunner, tmp_path: Path) -> None:
    root = staffed_project(tmp_path / "p", name="PLACEHOLDER")
    vendor = root / "vendors" / "v00.yaml"
    vendor.write_text(vendor.read_text().replace("'PLACEHOLDER'", f'"{hostile_name()}"'))
    html = report(cli, str(root), tmp_path / "r.html")
    part = section(
        html, '<section aria-labelledby="staffing">', '<section aria-labelledby="sensitivity">'
    )
    assert "<script>" not in html
    assert "\x1b" not in html
    assert "\u202e" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in part  # shown, never run
    assert "\\x1b[2J\\u202egnp.exe" in part
    assert "<td" not in section(part, '<th scope="row">&lt;script', "</th>")
    md = report(cli, str(root), tmp_path / "r.md")
    staffed = section(md, "## Staffing", "## Sensitivity")
    row = next(line for line in staffed.splitlines() if "alert" in line)
    assert "<script>" not in md
    assert "\x1b" not in md
    assert "\u202e" not in md
    assert row.startswith(
        "| \\<script\\>alert\\(1\\)\\</script\\> \\{\\{ 7\\*7 \\}\\} \\| \\*\\*x\\*\\* \\\\x1b\\[2J\\\\u202egnp.exe |"
    )
    assert len(re.findall(r"(?<!\\)\|", row)) == 14  # the name's pipe splits no cell: 13 cells
