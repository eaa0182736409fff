"""The cost breakdown in the report (both formats) and in `explain` (issue 15, item 2): every
vendor's lines add up to its cost, and the cost is the engine's."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import html5lib
import pytest

from tests.conftest import CliRunner

FLAT = Path(__file__).parent / "data" / "flat-example"
FASHION = Path(__file__).parent / "data" / "fashion"  # four currencies, long names


def _plain(cell: str) -> str:
    """A Markdown cell as the reader sees it (backslash escapes and entities resolved)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", cell))


def _money(text: str) -> int:
    """``1,232,251 USD`` as 1232251 (the first whole amount in a cell)."""
    found = re.search(r"-?[\d,]+(?= [A-Z]{3}\b)", text)
    assert found, text
    return int(found.group(0).replace(",", ""))


def _md_rows(text: str) -> dict[str, list[str]]:
    section = text[text.index("## Cost breakdown") :]
    section = section[: section.index("\n## ", 5)]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    cells = [[_plain(c.strip()) for c in row.strip("|").split(" | ")] for row in rows]
    return {c[0].removesuffix(" (excluded)"): c for c in cells}


def _html_rows(text: str) -> dict[str, list[str]]:
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    table = doc.find(".//table[@class='costs']")
    assert table is not None
    out = {}
    for tr in table.find("tbody").findall("tr"):
        cells = ["".join(td.itertext()) for td in tr]
        head = tr[0]
        name = head.text or ""
        # the setup cell holds the fee as quoted, then (after a line break) its share a year
        setup = tr[5]
        fee, per_year = setup.text or "", "".join(setup[-1].itertext())
        out[name] = [name, *cells[1:5], fee, per_year, *cells[6:]]
    return out


def _engine(cli: CliRunner, project: str) -> dict[str, dict[str, float]]:
    doc = json.loads(cli("rank", project, "--format", "json").out)
    return {c["name"]: c for c in doc["costs"]}


@pytest.mark.parametrize("suffix", ["md", "html"])
@pytest.mark.parametrize("project", ["--example", str(FLAT), str(FASHION)])
def test_every_breakdown_adds_up_to_the_engines_cost(
    cli: CliRunner, tmp_path: Path, suffix: str, project: str
) -> None:
    out = tmp_path / f"r.{suffix}"
    assert cli("report", project, "-o", str(out), "--samples", "200").code == 0
    text = out.read_text(encoding="utf-8")
    rows = _md_rows(text) if suffix == "md" else _html_rows(text)
    engine = _engine(cli, project)
    assert set(rows) == set(engine)  # every priced vendor, excluded ones included
    for name, cells in rows.items():
        line = engine[name]
        run_rate, setup_year, annual, total = (_money(cells[k]) for k in (4, 6, 7, 8))
        assert annual == round(line["annual"]), name
        assert run_rate + setup_year == annual, name  # as printed, to the unit
        assert abs(total - annual * line["contract_years"]) <= line["contract_years"], name
        assert total == round(line["contract_total"]), name
        assert cells[1].startswith(f"{line['rate']:,.2f}"), name
        assert line["quote_currency"] in cells[1]


def test_a_converted_quote_names_its_rate_and_date(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert cli("report", "--example", "-o", str(out), "--samples", "200").code == 0
    rows = _md_rows(out.read_text(encoding="utf-8"))
    assert rows["Table Bay Contact"][2] == "1.27 USD per GBP (as of 2026-11-01)"
    assert rows["Andes Nearshore CX"][2] == "none (quoted in USD)"
    assert rows["Kaveri Support Services"][1] == "1,550.00 USD per FTE-month"


def test_explain_shows_both_breakdowns_when_cost_separates_them(cli: CliRunner) -> None:
    doc = json.loads(cli("explain", "table-bay", "andes", "--example", "--format", "json").out)
    engine = _engine(cli, "--example")
    lines = doc["cost_breakdown"]
    assert [line["id"] for line in lines] == ["table-bay", "andes"]
    assert lines[0] == engine["Table Bay Contact"]
    table = cli("explain", "table-bay", "andes", "--example").out
    diff = engine["Table Bay Contact"]["annual"] - engine["Andes Nearshore CX"]["annual"]
    row = next(line for line in table.splitlines() if "annual cost" in line)
    assert f"{round(diff):+,} USD" in row
    assert "1.27 USD per GBP (as of 2026-11-01)" in table


def test_explain_leaves_cost_out_when_it_does_not_separate_them(cli: CliRunner) -> None:
    args = ("explain", "table-bay", "andes", "--example", "--weight", "cost=0")
    doc = json.loads(cli(*args, "--format", "json").out)
    assert "cost_breakdown" not in doc
    assert "contract total" not in cli(*args).out


def test_explain_shows_the_breakdown_under_the_flat_formula_too(cli: CliRunner) -> None:
    doc = json.loads(cli("rank", str(FLAT), "--format", "json").out)
    a, b = (v["id"] for v in doc["ranking"][:2])
    shown = json.loads(cli("explain", a, b, str(FLAT), "--format", "json").out)
    assert "cost_derivation" not in shown  # the staffing derivation: staffing models only
    assert [line["id"] for line in shown["cost_breakdown"]] == [a, b]


def test_explain_shows_one_sided_costs_when_a_vendor_gives_no_pricing(
    cli: CliRunner, project: Path
) -> None:
    """Bayani without pricing (missing: worst on cost) against Table Bay: Table Bay's lines,
    `no pricing` for Bayani, no difference; never an empty table (red team)."""
    path = project / "vendors" / "bayani-cx.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("pricing:")
    end = text.index("\n", text.index("setup_fee", start))
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    criteria = project / "criteria" / "retail-cx.yaml"  # no cost gate: missing is scored worst
    criteria.write_text(criteria.read_text("utf-8").replace("    maximum: 3000000\n", ""), "utf-8")
    out = cli("explain", "table-bay", "bayani-cx", str(project)).out
    row = next(line for line in out.splitlines() if line.startswith("│ quote"))
    assert "11.50 GBP per productive hour" in row
    assert "no pricing" in row
    annual = next(line for line in out.splitlines() if "annual cost" in line)
    assert "USD" in annual
    assert "+" not in annual  # no difference against a vendor without a cost
