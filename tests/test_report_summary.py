"""The executive summary (issue 15, item 1): first in both formats, in money and risk, its
figures the engine's, its robustness in words."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import html5lib
import pytest

from tests.builders import write_project
from tests.conftest import CliRunner

FLAT = Path(__file__).parent / "data" / "flat-example"
FASHION = Path(__file__).parent / "data" / "fashion"  # EUR base, four currencies, long names


def _summary(cli: CliRunner, project: str, out: Path, *extra: str) -> str:
    """The summary section's text (Markdown unescaped, or the HTML section's text)."""
    result = cli("report", project, "-o", str(out), "--samples", "200", *extra)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    if out.suffix == ".html":
        doc = html5lib.parse(text, namespaceHTMLElements=False)
        sections = [s for s in doc.findall(".//section") if s.get("class") != "cover"]
        assert sections[0].get("aria-labelledby") == "summary"  # the first (after the cover)
        return " ".join("".join(sections[0].itertext()).split())
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[0] == "Summary"  # first
    body = text[text.index("## Summary") : text.index("\n## ", text.index("## Summary") + 3)]
    return html.unescape(re.sub(r"\\(.)", r"\1", body))  # Markdown escapes off


def _costs(cli: CliRunner, project: str, *extra: str) -> tuple[dict, dict]:
    doc = json.loads(cli("rank", project, "--format", "json", *extra).out)
    return doc, {c["id"]: c for c in doc["costs"]}


def _usd(value: float, currency: str = "USD") -> str:
    return f"{value:,.0f} {currency}"


@pytest.mark.parametrize("suffix", ["md", "html"])
@pytest.mark.parametrize("project", ["--example", str(FASHION)])
def test_the_summary_speaks_in_the_engines_money(
    cli: CliRunner, tmp_path: Path, suffix: str, project: str
) -> None:
    text = _summary(cli, project, tmp_path / f"r.{suffix}")
    doc, costs = _costs(cli, project)
    cur = doc["currency"]
    first, second = doc["ranking"][0], doc["ranking"][1]
    win, run = costs[first["id"]], costs[second["id"]]
    assert f"We recommend {first['name']}" in text
    assert (
        f"It costs {_usd(win['annual'], cur)} a year, {_usd(win['contract_total'], cur)} over"
        in text
    )
    diff = round(win["annual"]) - round(run["annual"])
    assert (
        f"{second['name']} ({_usd(run['annual'], cur)} a year): {_usd(abs(diff), cur)} a year"
        in text
    )
    eligible = min((c for c in costs.values() if not c["excluded"]), key=lambda c: c["annual"])
    assert eligible["id"] != first["id"]
    more = round(win["annual"]) - round(eligible["annual"])
    assert f"cheapest eligible bid, {eligible['name']} ({_usd(eligible['annual'], cur)}" in text
    assert f"{_usd(more, cur)} a year more" in text


def test_the_summary_names_the_award_at_the_solvers_cost(cli: CliRunner, tmp_path: Path) -> None:
    text = _summary(cli, "--example", tmp_path / "r.md")
    award = json.loads(cli("award", "--example", "--format", "json", "--no-frontier").out)
    assert "Split award modelled: " in text
    assert f"{_usd(award['award']['annual_cost'])} a year" in text
    assert "unserved: fr (5 %)" in text


def test_robustness_in_words_never_a_bare_symbol(cli: CliRunner, tmp_path: Path) -> None:
    text = _summary(cli, "--example", tmp_path / "r.md")
    assert "The choice is moderately robust" in text
    assert re.search(r"ranks first in \d+ % of 200 simulations that vary the weights", text)
    assert "τ" not in text
    assert "confidence" not in text.lower()
    full = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "where 1 is the same order and -1 the reverse" in full  # tau, explained
    assert "Confidence: " in full  # the acceptability table's column, explained


def test_the_threshold_never_names_a_criterion_weighted_zero(
    cli: CliRunner, tmp_path: Path
) -> None:
    # at its stated weight the language criterion is the closest threshold (7 % -> 25 %)
    stated = _summary(cli, "--example", tmp_path / "a.md")
    assert "weight of Language demand served rose above" in stated
    zeroed = _summary(cli, "--example", tmp_path / "b.md", "--weight", "languages=0")
    assert "Language demand served" not in zeroed
    assert "It would lose first place only if the weight of" in zeroed


def test_a_winner_that_is_the_cheapest_says_so(cli: CliRunner, tmp_path: Path) -> None:
    doc, costs = _costs(cli, "--example", "--weight", "commercial=1000")
    first = doc["ranking"][0]["id"]
    eligible = min((c for c in costs.values() if not c["excluded"]), key=lambda c: c["annual"])
    assert first == eligible["id"]  # cost outweighs everything: the cheapest wins
    text = _summary(cli, "--example", tmp_path / "r.md", "--weight", "commercial=1000")
    assert "it is also the cheapest eligible bid" in text
    assert "Against the cheapest eligible bid" not in text


def test_no_winner_no_recommendation(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    path = project / "criteria" / "retail-cx.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("required: [PCI DSS]", "required: [HITRUST]"), encoding="utf-8")
    summary = _summary(cli, str(project), tmp_path / "r.md")
    assert "No vendor passed the gates: there is no recommendation." in summary
    assert "We recommend" not in summary


def test_without_a_staffing_model_the_figures_are_the_flat_formulas(
    cli: CliRunner, tmp_path: Path
) -> None:
    text = _summary(cli, str(FLAT), tmp_path / "r.html")
    doc, costs = _costs(cli, str(FLAT))
    win = costs[doc["ranking"][0]["id"]]
    assert f"It costs {_usd(win['annual'])} a year" in text


def test_equal_costs_and_a_lone_vendor_read_as_sentences(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    """Andes priced as Table Bay costs: `the same a year`, never `0 USD a year less`; a
    single eligible vendor is `the only vendor that passed the gates` (red team)."""
    _, costs = _costs(cli, str(project))
    target = costs["table-bay"]["annual"]
    andes = costs["andes"]
    # per_minute: annual = rate x minutes + setup / years; solve the rate for Table Bay's cost
    rate = (target - andes["setup_per_year"]) / andes["quantity"]
    path = project / "vendors" / "andes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"rate: \{value: 0\.36[^}]*\}", f"rate: {rate!r}", text), "utf-8")
    _, moved = _costs(cli, str(project))
    assert round(moved["andes"]["annual"]) == round(target)
    text = _summary(cli, str(project), tmp_path / "a.md")
    assert "a year): the same a year." in text
    assert "0 USD a year" not in text
    assert "first of 4 eligible vendors" in text
    lone = write_project(
        tmp_path / "lone",
        "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 1}\n",
        ["id: alpha\nname: Alpha Care\nkpis: {fcr: 80}\n"],
    )
    alone = _summary(cli, str(lone), tmp_path / "b.md")
    assert "We recommend Alpha Care, the only vendor that passed the gates." in alone
