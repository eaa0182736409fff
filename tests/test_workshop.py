"""The what-if page (`report --format workshop`): its data, its CSP, and the page in a browser
re-ranking exactly as `vendorscore rank --weight ...` does."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from tests.builders import evaluate_at, write_project
from tests.conftest import CliRunner
from vendorscore.analysis.stability import stability
from vendorscore.reporting.workshop import content_security_policy, script_json, workshop_data

HOSTILE = "<img src=x onerror=alert(1)>"


def vendor(vid: str, name: str | None = None, **kpis: float) -> str:
    body = ", ".join(f"{k}: {v}" for k, v in kpis.items())
    return f"id: {vid}\nname: {json.dumps(name or vid.upper())}\nkpis: {{{body}}}\n"


# no groups (so each slider's band is the stability analysis's interval), a criterion with
# `missing: ignore` (per-vendor weights) and a tie breaker
FLAT = """\
method: {method}
tie_breakers: [fcr]
criteria:
  - {{id: fcr, label: "First-contact resolution", kind: numeric, field: kpis.fcr, direction: higher, weight: 30, minimum: 60}}
  - {{id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 25, scoring: {{method: absolute, best: 95, worst: 60}}}}
  - {{id: attrition, kind: numeric, field: kpis.attrition, direction: lower, weight: 25, scoring: {{method: absolute, best: 10, worst: 60}}}}
  - {{id: aht, kind: numeric, field: kpis.aht_seconds, direction: lower, weight: 20, missing: {missing}}}
"""
VENDORS = [
    vendor("alpha", fcr=72, csat=88, attrition=35, aht_seconds=380),
    vendor("bravo", fcr=80, csat=81, attrition=28, aht_seconds=420),
    vendor("charlie", fcr=68, csat=91, attrition=44, aht_seconds=300),
    vendor("delta", fcr=75, csat=84, attrition=22),
    vendor("echo", fcr=77, csat=79, attrition=30, aht_seconds=350),
    vendor("gated", fcr=50, csat=95, attrition=10, aht_seconds=200),  # excluded by the gate
]
# groups, TOPSIS on the utilities
GROUPED = """\
method: topsis
topsis: {normalization: utility}
groups: {service: 60, people: 40}
criteria:
  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 50, group: service}
  - {id: csat, kind: numeric, field: kpis.csat, direction: higher, weight: 50, group: service}
  - {id: attrition, kind: numeric, field: kpis.attrition, direction: lower, weight: 70, group: people, scoring: {method: absolute, best: 10, worst: 60}}
  - {id: aht, kind: numeric, field: kpis.aht_seconds, direction: lower, weight: 30, group: people}
"""


def flat_project(root: Path, method: str, missing: str = "ignore") -> Path:
    return write_project(root, FLAT.format(method=method, missing=missing), VENDORS)


def page_of(cli: CliRunner, out: Path, *args: str) -> Path:
    result = cli("report", *args, "--format", "workshop", "-o", str(out))
    assert result.code == 0, result.err
    return out


# --- the data and the policy -------------------------------------------------------------


def test_script_json_cannot_leave_its_block() -> None:
    value = {"name": "</script><script>alert(1)</script><!-- & \u2028\u2029 \x1b"}
    text = script_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_the_policy_allows_only_the_pages_own_script_and_style(
    cli: CliRunner, tmp_path: Path
) -> None:
    html = page_of(cli, tmp_path / "w.html", "--example").read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    csp = policy.group(1).replace("&#39;", "'")
    assert csp.startswith("default-src 'none'; ")
    assert "unsafe" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(scripts) == 1
    assert len(styles) == 1
    assert csp == content_security_policy(scripts[0], styles[0])
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    # every other script block is data, and nothing in the markup runs or styles itself
    assert len(re.findall(r"<script\b", html)) == 2
    assert '<script type="application/json" id="workshop-data">' in html
    assert not re.search(r"\s(style|on[a-z]+)=", html.split("<script")[0])
    assert "http://" not in html
    assert "https://" not in html


def test_gates_and_utilities_do_not_depend_on_the_weights(tmp_path: Path) -> None:
    """What the page keeps fixed while weights move really is fixed."""
    flat_project(tmp_path, "weighted_sum")
    base = evaluate_at(tmp_path)
    for weights in ({"fcr": 0.0}, {"aht": 90.0, "csat": 1.0}, {"attrition": 0.0, "fcr": 5.0}):
        other = evaluate_at(tmp_path, weights=weights)
        assert [x.id for x in other.ranking.excluded] == [x.id for x in base.ranking.excluded]
        assert other.ranked_ids == base.ranked_ids
        assert np.array_equal(other.utilities, base.utilities)
        assert np.array_equal(other.raw, base.raw)
        assert np.array_equal(other.used, base.used)


def test_the_data_holds_the_engines_matrices_and_the_nominal_weights(tmp_path: Path) -> None:
    flat_project(tmp_path, "topsis")
    evaluation = evaluate_at(tmp_path, weights={"csat": 40.0})
    assert evaluation.context is not None
    data = workshop_data(evaluation.context.inputs.criteria, evaluation, {"csat": 40.0})
    assert [c.weight for c in data.criteria] == [30, 40, 25, 20]
    assert [v.id for v in data.vendors] == list(evaluation.ranked_ids)
    assert [x.id for x in data.excluded] == ["gated"]
    assert data.vendors[3].id == "delta"
    assert data.vendors[3].used == [True, True, True, False]  # no aht: left out (ignore)
    assert data.method == "topsis"
    assert data.tie_breakers == [0]


def test_vendor_text_is_made_visible(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        "criteria:\n  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 100}\n",
        [vendor("a", "Esc\x1b[2J \u202eevil", fcr=70), vendor("b", fcr=80)],
    )
    evaluation = evaluate_at(tmp_path)
    assert evaluation.context is not None
    data = workshop_data(evaluation.context.inputs.criteria, evaluation, {})
    assert data.vendors[0].name == "Esc\\x1b[2J \\u202eevil"


def test_stdout_and_the_format_flag(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", "--example", "--format", "workshop", "-o", "-")
    assert result.code == 0, result.err
    assert result.out.startswith("<!DOCTYPE html>")
    assert 'id="workshop-data"' in result.out
    # an .html name without --format is still the static report
    assert cli("report", "--example", "-o", str(tmp_path / "r.html"), "--samples", "200").code == 0
    assert 'id="workshop-data"' not in (tmp_path / "r.html").read_text()


# --- the page in a browser ------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or sync_playwright is None,
    reason="needs Debian's chromium (.ci/run installs it with apt-get) and the playwright "
    "package (the test extra)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Page:
    """One opened what-if page, with what it asked the network and said on its console."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def move(self, kind: str, ident: str, value: float) -> None:
        """Move a slider as a user does: its value, then the input event."""
        self.page.eval_on_selector(
            f'input.weight-range[data-kind="{kind}"][data-id="{ident}"]',
            "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }",
            value,
        )

    def ranking(self) -> list[tuple[str, int, float]]:
        rows = self.page.eval_on_selector_all(
            "tr.vendor", "rs => rs.map(r => [r.dataset.id, r.dataset.rank, r.dataset.score])"
        )
        return [(i, int(r), float(s)) for i, r, s in rows]

    def weights(self) -> dict[str, float]:
        return {
            f"{kind}:{ident}": float(value)
            for kind, ident, value in self.page.eval_on_selector_all(
                "input.weight-range", "rs => rs.map(r => [r.dataset.kind, r.dataset.id, r.value])"
            )
        }

    def close(self) -> None:
        self.context.close()


def cli_ranking(cli: CliRunner, args: list[str], weights: dict[str, float]) -> list[Any]:
    flags = [x for k, v in weights.items() for x in ("--weight", f"{k}={v}")]
    result = cli("rank", *args, *flags, "--format", "json")
    assert result.code == 0, result.err
    return [(v["id"], v["rank"], v["score"]) for v in json.loads(result.out)["ranking"]]


def assert_same(page: list[Any], engine: list[Any]) -> None:
    assert [(i, r) for i, r, _ in page] == [(i, r) for i, r, _ in engine]
    for (_, _, a), (_, _, b) in zip(page, engine, strict=True):
        assert abs(a - b) <= 1e-9


def check_weight_sets(
    browser: Any, cli: CliRunner, page_path: Path, args: list[str], sets: list[dict[str, float]]
) -> None:
    kinds = {}
    page = Page(browser, page_path)
    try:
        for key in page.weights():
            kind, ident = key.split(":")
            kinds[ident] = kind
        assert_same(page.ranking(), cli_ranking(cli, args, {}))
        for weights in sets:
            page.page.click("#reset")
            for ident, value in weights.items():
                page.move(kinds[ident], ident, value)
            assert_same(page.ranking(), cli_ranking(cli, args, weights))
        assert page.console == []
    finally:
        page.close()


@needs_browser
def test_the_example_page_ranks_as_the_engine(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    path = page_of(cli, tmp_path / "w.html", "--example")
    sets = [
        {"quality": 0},
        {"service": 60, "cost": 50, "commercial": 45.5},
        {"commercial": 5, "trust": 40, "compliance": 0, "references": 80},
        {"languages": 100, "coverage": 0, "capability": 0},
    ]
    check_weight_sets(browser, cli, path, ["--example"], sets)


@needs_browser
@pytest.mark.parametrize(
    ("method", "missing"),
    [
        ("weighted_sum", "ignore"),
        ("weighted_product", "worst"),
        ("topsis", "ignore"),
        ("topsis", "worst"),
    ],
)
def test_each_method_ranks_as_the_engine(
    browser: Any, cli: CliRunner, tmp_path: Path, method: str, missing: str
) -> None:
    root = flat_project(tmp_path / "p", "weighted_sum", missing)
    path = page_of(cli, tmp_path / "w.html", str(root), "--method", method)
    sets = [{"fcr": 0}, {"csat": 70, "aht": 5.5}, {"fcr": 100, "csat": 0, "attrition": 0, "aht": 0}]
    check_weight_sets(browser, cli, path, [str(root), "--method", method], sets)


@needs_browser
def test_groups_and_topsis_on_utilities(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", GROUPED, VENDORS[:5])
    path = page_of(cli, tmp_path / "w.html", str(root))
    sets = [
        {"service": 10},
        {"people": 0, "fcr": 90},
        {"attrition": 0, "service": 45.5, "csat": 12},
    ]
    check_weight_sets(browser, cli, path, [str(root)], sets)


@needs_browser
def test_the_method_menu_ranks_as_the_engine(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    root = flat_project(tmp_path / "p", "weighted_sum")
    page = Page(browser, page_of(cli, tmp_path / "w.html", str(root)))
    try:
        for method in ("topsis", "weighted_product", "weighted_sum"):
            page.page.select_option("#method", method)
            page.move("criterion", "csat", 60)
            engine = cli_ranking(cli, [str(root), "--method", method], {"csat": 60})
            assert_same(page.ranking(), engine)
            assert f"method: {method}" in page.page.input_value("#yaml")
    finally:
        page.close()


@needs_browser
@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_each_band_is_the_stability_interval(
    browser: Any, cli: CliRunner, tmp_path: Path, method: str
) -> None:
    """Without groups a slider's share of the top level is the criterion's effective weight,
    and its band is where analysis/stability.py says the winner stays first."""
    root = flat_project(tmp_path / "p", method, "worst")
    page = Page(browser, page_of(cli, tmp_path / "w.html", str(root)))
    try:
        bands = page.page.eval_on_selector_all(
            ".slider", "rs => rs.map(r => [r.dataset.id, r.dataset.low, r.dataset.high])"
        )
    finally:
        page.close()
    expected = {i.criterion: (i.low, i.high) for i in stability(evaluate_at(root))}
    assert len(bands) == len(expected)
    for ident, low, high in bands:
        for seen, want in zip((low, high), expected[ident], strict=True):
            assert (seen == "") == (want is None), (ident, seen, want)
            if want is not None:
                assert abs(float(seen) - want) <= 1e-6, (ident, seen, want)
    assert any(low or high for _, low, high in bands)  # some bound exists to be compared


@needs_browser
def test_the_page_makes_no_network_request(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    path = page_of(cli, tmp_path / "w.html", "--example")
    page = Page(browser, path)
    try:
        page.move("group", "service", 70)
        page.page.select_option("#method", "topsis")
        page.page.click("#copy")
        page.page.click("#reset")
        assert page.requests == [path.as_uri()]
        assert page.console == []
    finally:
        page.close()


@needs_browser
def test_a_hostile_vendor_name_runs_nothing(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    hostile = [vendor("x", HOSTILE, fcr=80, csat=90, attrition=20, aht_seconds=300), *VENDORS]
    crit = FLAT.format(method="weighted_sum", missing="worst").replace(
        '"First-contact resolution"', json.dumps("</script><script>alert(2)</script>")
    )
    root = write_project(tmp_path / "p", crit, hostile)
    page = Page(browser, page_of(cli, tmp_path / "w.html", str(root)))
    try:
        page.move("criterion", "fcr", 0)
        assert page.dialogs == []
        assert page.page.eval_on_selector_all("img", "xs => xs.length") == 0
        assert page.page.text_content('tr[data-id="x"] th.name') == HOSTILE
        labels = page.page.eval_on_selector_all(".slider-label", "xs => xs.map(x => x.textContent)")
        assert "</script><script>alert(2)</script>" in labels
        assert page.console == []  # no CSP violation, no error
    finally:
        page.close()


@needs_browser
def test_reset_restores_the_opening_weights(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    page = Page(browser, page_of(cli, tmp_path / "w.html", "--example", "--weight", "cost=80"))
    try:
        before, weights = page.ranking(), page.weights()
        assert weights["criterion:cost"] == 80
        page.move("group", "commercial", 0)
        page.move("criterion", "quality", 95)
        page.page.select_option("#method", "weighted_product")
        assert page.ranking() != before
        page.page.click("#reset")
        assert page.ranking() == before
        assert page.weights() == weights
        assert page.page.input_value("#method") == "weighted_sum"
    finally:
        page.close()


@needs_browser
def test_the_yaml_parses_to_the_weights_shown(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    page = Page(browser, page_of(cli, tmp_path / "w.html", "--example"))
    try:
        page.move("group", "trust", 22.5)
        page.move("criterion", "csat", 0)
        page.page.fill('.slider[data-id="ramp"] input.weight-number', "12.25")
        shown = page.weights()
        document = yaml.safe_load(page.page.input_value("#yaml"))
    finally:
        page.close()
    assert shown["criterion:ramp"] == 12.25
    assert document["method"] == "weighted_sum"
    assert {f"group:{k}": v for k, v in document["groups"].items()} | {
        f"criterion:{c['id']}": c["weight"] for c in document["criteria"]
    } == shown


@needs_browser
def test_a_page_with_nobody_ranked_says_so(browser: Any, cli: CliRunner, tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FLAT.format(method="topsis", missing="worst"), VENDORS[5:])
    page = Page(browser, page_of(cli, tmp_path / "w.html", str(root)))
    try:
        page.move("criterion", "csat", 10)
        assert page.page.text_content("#status") == "No vendor passes the gates."
        assert page.ranking() == []
        assert page.page.text_content('li[data-id="gated"] strong') == "GATED"
        assert page.console == []
    finally:
        page.close()


@needs_browser
def test_the_headline_and_the_bands_read_as_sentences(
    browser: Any, cli: CliRunner, tmp_path: Path
) -> None:
    """A winner whose name ends in a full stop gets one full stop, not two; a band's note
    gives the slider's weight and the share of its level the report's percentages use."""
    vendors = [vendor("zulu", "Bravo Sp. z o.o.", fcr=90, csat=75, attrition=30, aht_seconds=330)]
    root = write_project(tmp_path / "p", FLAT.format(method="weighted_sum", missing="worst"), [
        *VENDORS[:3], *vendors
    ])  # fmt: skip
    page = Page(browser, page_of(cli, tmp_path / "w.html", str(root)))
    try:
        status = page.page.text_content("#status") or ""
        notes = page.page.eval_on_selector_all(
            ".stability-note", "ns => ns.map(n => n.textContent)"
        )
    finally:
        page.close()
    assert status.startswith("Bravo Sp. z o.o. ranks first with ")
    assert status.endswith(".")
    assert not status.endswith("..")
    bounded = [n for n in notes if "weight of" in n]
    assert bounded
    assert all(re.search(r"weight of [\d.]+ \([\d.]+ % of its level\)", n) for n in bounded)
