"""Per-vendor scorecards (issue 15, item 5): every vendor, its strengths and weaknesses against
the field, the evaluators' scores with their notes, its cost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
import yaml

from tests.conftest import EXAMPLE, CliRunner


def _report(cli: CliRunner, project: str, out: Path) -> str:
    result = cli("report", project, "-o", str(out), "--samples", "200")
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8")


def _cards(text: str) -> dict[str, str]:
    """Each scorecard's text by vendor name (HTML)."""
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    section = next(s for s in doc.iter("section") if s.get("aria-labelledby") == "scorecards")
    return {
        "".join(card.find("h3").itertext()): " ".join("".join(card.itertext()).split())
        for card in section.iter("article")
    }


def _gains(doc: dict) -> dict[str, list[tuple[str, float]]]:
    """Each ranked vendor's points against the field's average per weighted criterion,
    worked out from `rank --format json` (weighted sum: the contributions)."""
    weights = doc["weights"]
    criteria = yaml.safe_load((EXAMPLE / "criteria" / "retail-cx.yaml").read_text("utf-8"))
    labels = {c["id"]: c["label"] for c in criteria["criteria"]}
    vendors = doc["ranking"]
    out = {}
    for v in vendors:
        gains = []
        for cid, w in weights.items():
            if w <= 0:
                continue
            mean = sum(o["criteria"][cid]["contribution"] for o in vendors) / len(vendors)
            gains.append((labels[cid], v["criteria"][cid]["contribution"] - mean))
        out[v["name"]] = sorted(gains, key=lambda g: -g[1])
    return out


def test_every_vendor_has_a_scorecard(cli: CliRunner, tmp_path: Path) -> None:
    cards = _cards(_report(cli, "--example", tmp_path / "r.html"))
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    assert list(cards) == [v["name"] for v in doc["ranking"]] + [x["name"] for x in doc["excluded"]]
    for x in doc["excluded"]:
        assert cards[x["name"]].count("Excluded") >= 1
        assert x["reasons"][0] in cards[x["name"]]


def test_strengths_and_weaknesses_are_the_largest_gains_and_losses(
    cli: CliRunner, tmp_path: Path
) -> None:
    cards = _cards(_report(cli, "--example", tmp_path / "r.html"))
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    for name, gains in _gains(doc).items():
        card = cards[name]
        strengths = card[card.index("Strengths") : card.index("Weaknesses")]
        weaknesses = card[card.index("Weaknesses") :]
        best, worst = gains[0], gains[-1]
        assert best[1] > 0
        assert worst[1] < 0
        assert f"{best[0]}" in strengths, name
        assert f"({best[1]:+.2f} points)" in strengths, name
        assert f"{worst[0]}" in weaknesses, name
        assert f"({worst[1]:+.2f} points)" in weaknesses, name


def test_evaluators_notes_stand_next_to_their_scores(cli: CliRunner, tmp_path: Path) -> None:
    text = _report(cli, "--example", tmp_path / "r.md")
    andes = text[text.index("### Andes Nearshore CX") : text.index("### Bayani CX")]
    assert "| Peak-season plan | alice | 3 | peak plan relies on overtime only |" in andes
    mabuhay = text[text.index("### Mabuhay Digital Care") :]
    assert "| moderation (consensus) | 3 | one contactable US retail reference" in mabuhay


def test_each_card_costs_what_the_engine_says(cli: CliRunner, tmp_path: Path) -> None:
    cards = _cards(_report(cli, "--example", tmp_path / "r.html"))
    doc = json.loads(cli("rank", "--example", "--format", "json").out)
    for line in doc["costs"]:
        assert f"{line['annual']:,.0f} USD a year" in cards[line["name"]], line["id"]
        assert f"{line['contract_total']:,.0f} USD over 3 years" in cards[line["name"]]


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_a_hostile_note_stays_text(
    cli: CliRunner, project: Path, tmp_path: Path, suffix: str
) -> None:
    path = project / "scores" / "alice.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) | =1+1"
    path.write_text(
        text.replace('"peak plan relies on overtime only"', json.dumps(hostile)),
        encoding="utf-8",
    )
    out = _report(cli, str(project), tmp_path / f"r.{suffix}")
    assert not re.search(r"(?<!\\)<img", out)  # Markdown escapes it as \<img
    if suffix == "md":  # in HTML, the bracket text is text
        assert not re.search(r"(?<!\\)\]\(javascript:", out)
    else:
        assert "&lt;img src=x onerror=alert(1)&gt;" in out
