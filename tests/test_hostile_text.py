"""Vendor text is hostile by design (issue 11, items 1-2): the red team's class, re-run.

A project whose vendor names, site names, criteria name and description, criterion and gate
labels (so exclusion reasons and warnings), evaluator names and notes hold the texts of
data/hostile/text/strings.yaml (ESC sequences, CR, LF, C1 controls, bidi overrides, formula
prefixes, markup) goes through every command in every format: no control character reaches
stdout or stderr raw, JSON keeps the real characters, no spreadsheet cell holds a formula or a
character a workbook refuses, and no HTML output holds vendor text unescaped, whatever the
template's name.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATA, EXAMPLE, CliRunner, Result
from vendorscore.errors import Issue
from vendorscore.formatting import json_visible, md_escape, md_inline, safe_cell, visible
from vendorscore.views.issues import github_annotation, issues_text

HOSTILE = DATA / "hostile" / "text"
STRINGS: list[str] = yaml.safe_load((HOSTILE / "strings.yaml").read_text(encoding="utf-8"))[
    "strings"
]

# What must never be written raw for a person to read: C0 but LF, DEL, C1, the line and
# paragraph separators, bidi embeddings, overrides and isolates, surrogates, U+FFFE/U+FFFF.
# (Spelled out here rather than taken from formatting.UNSEEN_RANGES, so the test checks it.)
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
FORMULA = ("=", "+", "-", "@")


def assert_clean(text: str, what: str, crlf: bool = False) -> None:
    """No raw control character in ``text`` (CSV's CRLF record ends allowed when ``crlf``)."""
    if crlf:
        text = text.replace("\r\n", "\n")
    found = RAW.search(text)
    if found is not None:
        at = found.start()
        raise AssertionError(
            f"{what}: raw {found.group()!r} in {text[max(0, at - 60) : at + 20]!r}"
        )


# --- the hostile project ---------------------------------------------------------------------


def _quoted(value: str) -> str:
    return json.dumps(value)  # a JSON string (all escapes ASCII) is a YAML double-quoted scalar


def _set_top(text: str, key: str, value: str) -> str:
    """``text`` with its top-level ``key:`` (and any block continuation lines) set to ``value``."""
    pattern = re.compile(rf"^{key}:.*\n(?:[ ]+\S.*\n)*", re.MULTILINE)
    assert pattern.search(text), key
    return pattern.sub(lambda _: f"{key}: {_quoted(value)}\n", text, count=1)


def _text(i: int) -> str:
    return STRINGS[i % len(STRINGS)]


def build_project(root: Path) -> Path:
    """The example project, every text field hostile: one vendor per string of strings.yaml."""
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    vendors = sorted((root / "vendors").glob("*.yaml"))
    originals = [p.read_text(encoding="utf-8") for p in vendors]
    for i, name in enumerate(STRINGS):
        source = originals[i % len(originals)]
        if i < len(vendors):
            target = vendors[i]
        else:
            target = root / "vendors" / f"hostile-{i:02d}.yaml"
            source = _set_top(source, "id", f"hostile-{i:02d}")
        text = _set_top(source, "name", name)
        site = "{name: " + _quoted(_text(i + 5)) + ", country:"
        text = re.sub(r"\{name: [^,]+, country:", lambda _, site=site: site, text)
        target.write_text(text, encoding="utf-8")
    criteria = root / "criteria" / "retail-cx.yaml"
    text = _set_top(criteria.read_text(encoding="utf-8"), "name", _text(1) + " RFP " + _text(11))
    text = _set_top(text, "description", _text(2) + _text(33))
    counter = iter(range(100))
    text = re.sub(
        r"^(    label: ).*$",
        lambda m: m.group(1) + _quoted(_text(3 * next(counter) + 7)),
        text,
        flags=re.MULTILINE,
    )
    text = text.replace("label: at least 40 agents on day one", "label: " + _quoted(_text(12)))
    criteria.write_text(text, encoding="utf-8")
    for n, path in enumerate(sorted((root / "scores").glob("*.yaml"))):
        text = _set_top(path.read_text(encoding="utf-8"), "evaluator", _text(20 + n))
        note = "note: " + _quoted(_text(13 + n))
        text = re.sub(r'note: "[^"]*"', lambda _, note=note: note, text, count=1)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("red-team") / "rfp")


@pytest.fixture(scope="module")
def hostile_after(hostile: Path) -> Path:
    """The same project later: a note, a vendor's name and a label changed (for `diff`)."""
    after = hostile.parent / "rfp-after"
    shutil.copytree(hostile, after)
    alice = after / "scores" / "alice.yaml"
    text = alice.read_text(encoding="utf-8")
    text = re.sub(r'note: "[^"]*"', lambda _: "note: " + _quoted(_text(12) + _text(0)), text)
    alice.write_text(text, encoding="utf-8")
    andes = after / "vendors" / "andes.yaml"
    andes.write_text(_set_top(andes.read_text(encoding="utf-8"), "name", _text(25)), "utf-8")
    return after


def test_the_hostile_project_is_valid_and_uses_every_string(cli: CliRunner, hostile: Path) -> None:
    result = cli("validate", str(hostile))
    assert result.code == 0, result.out + result.err
    doc = json.loads(cli("rank", str(hostile), "--format", "json").out)
    names = {v["name"] for v in doc["ranking"]} | {x["name"] for x in doc["excluded"]}
    assert names == set(STRINGS)  # JSON keeps the real characters: its readers unescape them
    assert doc["excluded"]  # reasons hold a hostile gate label
    assert len(STRINGS) >= 40


# --- every command, every format: stdout and stderr -------------------------------------------

Run = Callable[[CliRunner, Path, Path, Path], Result]


def _cmd(*args: str) -> Run:
    def run(cli: CliRunner, project: Path, after: Path, tmp: Path) -> Result:
        fill = {"{P}": str(project), "{Q}": str(after), "{T}": str(tmp)}
        return cli(*[re.sub(r"\{[PQT]\}", lambda m: fill[m.group()], a) for a in args])

    return run


COMMANDS: dict[str, Run] = {
    "validate": _cmd("validate", "{P}"),
    "validate-json": _cmd("validate", "{P}", "--format", "json"),
    "validate-github": _cmd("validate", "{P}", "--format", "github"),
    "rank": _cmd("rank", "{P}"),
    "rank-quiet-top": _cmd("rank", "{P}", "-q", "--top", "3"),
    "rank-json": _cmd("rank", "{P}", "--format", "json"),
    "rank-csv": _cmd("rank", "{P}", "--format", "csv"),
    "rank-md": _cmd("rank", "{P}", "--format", "md"),
    "rank-topsis": _cmd("rank", "{P}", "--method", "topsis"),
    "rank-xlsx": _cmd("rank", "{P}", "--format", "xlsx", "-o", "{T}/ranking.xlsx"),
    "explain": _cmd("explain", "andes", "bayani-cx", "{P}"),
    "explain-json": _cmd("explain", "andes", "bayani-cx", "{P}", "--format", "json"),
    "sensitivity": _cmd("sensitivity", "{P}", "--samples", "200"),
    "sensitivity-json": _cmd("sensitivity", "{P}", "--samples", "200", "--format", "json"),
    "report-html": _cmd("report", "{P}", "-o", "{T}/r.html", "--samples", "200"),
    "report-md": _cmd("report", "{P}", "-o", "{T}/r.md", "--samples", "200"),
    "diff": _cmd("diff", "{P}", "{Q}"),
    "diff-json": _cmd("diff", "{P}", "{Q}", "--format", "json"),
    "diff-md": _cmd("diff", "{P}", "{Q}", "--format", "md"),
    "sheet-fill": _cmd("sheet", "{P}", "--fill", "-o", "{T}/responses.xlsx"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_control_character_reaches_stdout_or_stderr(
    name: str, cli: CliRunner, hostile: Path, hostile_after: Path, tmp_path: Path
) -> None:
    result = COMMANDS[name](cli, hostile, hostile_after, tmp_path)
    assert result.code == 0, result.err
    assert_clean(result.out, f"{name} stdout", crlf=name == "rank-csv")
    assert_clean(result.err, f"{name} stderr")
    if name.endswith("json"):
        json.loads(result.out)  # still a JSON document
    if name in {"rank", "explain", "sensitivity", "diff"}:
        assert "\\x1b" in result.out  # the vendor's text is there, visibly escaped
    if name == "rank":  # neither rich markup nor emoji codes from the data are interpreted
        assert "[bold red]rich markup[/bold red]" in result.out
        assert ":warning: :skull: emoji codes" in result.out


def test_json_keeps_the_real_characters_and_escapes_the_invisible_ones(
    cli: CliRunner, hostile: Path
) -> None:
    out = cli("explain", "andes", "bayani-cx", str(hostile), "--format", "json").out
    doc = json.loads(out)
    assert {doc["a"]["name"], doc["b"]["name"]} <= set(STRINGS)
    assert "\\u202e" in out or "\\u001b" in out  # written as JSON escapes, not raw


def test_diff_lines_cannot_be_forged(cli: CliRunner, hostile: Path, hostile_after: Path) -> None:
    """A note holding CR LF and a line that looks like diff output stays on its own line."""
    out = cli("diff", str(hostile), str(hostile_after)).out
    lines = out.splitlines()
    changed = int(re.search(r"Inputs changed \((\d+)\)", out).group(1))  # type: ignore[union-attr]
    start = lines.index(next(line for line in lines if line.startswith("Inputs changed")))
    assert all(line.startswith("  ") for line in lines[start + 1 : start + 1 + changed])
    assert lines[start + 1 + changed] == ""
    ranking = lines[lines.index("Ranking:") + 1 :]
    if "Award:" in ranking:  # the award's lines follow, after a blank line
        award = ranking[ranking.index("Award:") + 1 :]
        ranking = ranking[: ranking.index("Award:") - 1]
        assert all(line.startswith("  ") for line in award)
    assert len(ranking) == len(STRINGS)  # one line per vendor, none forged
    assert any("\\r\\n  bayani-cx: rank 1 -> 1" in line for line in lines[start:])
    md = cli("diff", str(hostile), str(hostile_after), "--format", "md").out
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + changed + 2 + len(STRINGS)  # header and rule of both tables
    assert re.search(r"(?<!\\)<", md) is None


def test_csv_cells_are_neutral(cli: CliRunner, hostile: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("rank", str(hostile), "--format", "csv").out)))
    assert len(rows) == len(STRINGS)
    for row in rows:
        for column, cell in row.items():
            assert_clean(cell, column)
            if column in {"name", "reasons"}:
                assert not cell.startswith(FORMULA), (column, cell)
    names = {row["name"] for row in rows}
    assert names == {safe_cell(s) for s in STRINGS}


# --- spreadsheets -----------------------------------------------------------------------------


def _workbook_texts(path: Path) -> list[tuple[str, str, str]]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert_clean(cell.value, f"{path.name}!{sheet.title}!{cell.coordinate}")
                    texts.append((sheet.title, cell.coordinate, cell.value))
    return texts


@pytest.mark.parametrize("command", ["rank", "sheet"])
def test_no_formula_and_no_refused_character_in_any_workbook(
    command: str, cli: CliRunner, hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"{command}.xlsx"
    args = ["--format", "xlsx"] if command == "rank" else ["--fill"]
    result = cli(command, str(hostile), *args, "-o", str(out))
    assert result.code == 0, result.err  # openpyxl refused ESC: exit 3 before
    texts = _workbook_texts(out)
    shown = {value for _, _, value in texts}
    for s in STRINGS:
        assert safe_cell(s) in shown, s  # every name is there, visibly
    for sheet, coordinate, value in texts:
        if sheet != "Instructions":  # our own text; a vendor's never starts a formula
            assert not value.startswith(FORMULA), (sheet, coordinate, value)


def test_a_filled_hostile_sheet_imports_without_a_raw_character(
    cli: CliRunner, hostile: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "responses.xlsx"
    assert cli("sheet", str(hostile), "--fill", "-o", str(sheet)).code == 0
    result = cli("import", str(sheet), "-o", str(tmp_path / "imported"))
    assert result.code in (0, 1), result.err
    assert_clean(result.out, "import stdout")
    assert_clean(result.err, "import stderr")


# --- HTML and Markdown, whatever the template's name ----------------------------------------


def _html_check(text: str, template_tags: set[str]) -> None:
    html5lib = pytest.importorskip("html5lib")
    assert_clean(text, "html")
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    for element in tree.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        assert tag in template_tags, tag  # no element came from the data
        for attribute, value in element.attrib.items():
            assert not str(attribute).lower().startswith("on"), (tag, attribute, value)
            assert "javascript:" not in value.lower() or attribute in {"title", "data-name"}
    shown = " ".join(tree.itertext())
    for s in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>"):
        assert s in shown  # as text


SVG_TAGS = {"svg", "g", "rect", "text", "title", "desc", "line", "path", "tspan"}


@pytest.mark.parametrize("name", ["report.j2", "report.txt", "report.md.j2", "mine"])
def test_a_custom_template_is_html_escaped_when_it_writes_html(
    name: str, cli: CliRunner, hostile: Path, tmp_path: Path
) -> None:
    template = tmp_path / name
    shutil.copy(HOSTILE / "report.j2", template)
    out = tmp_path / "out.html"
    result = cli(
        "report", str(hostile), "--template", str(template), "-o", str(out), "--samples", "100"
    )
    assert result.code == 0, result.err
    tags = {"html", "head", "title", "body", "h1", "p", "ul", "li", "abbr", "comment"}
    _html_check(out.read_text(encoding="utf-8"), tags | SVG_TAGS)


@pytest.mark.parametrize("name", ["report.j2", "report.html.j2"])
def test_a_custom_template_is_markdown_escaped_when_it_writes_markdown(
    name: str, cli: CliRunner, hostile: Path, tmp_path: Path
) -> None:
    template = tmp_path / name
    shutil.copy(HOSTILE / "report.j2", template)
    out = tmp_path / "out.md"
    result = cli(
        "report", str(hostile), "--template", str(template), "-o", str(out), "--samples", "100"
    )
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert_clean(text, "markdown")
    assert re.search(r"(?<!\\)<(script|img|svg onload)", text) is None
    # the chart is SVG the renderer drew and HTML-escaped: raw HTML in Markdown, no links
    prose = re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL)
    assert re.search(r"(?<!\\)\]\(javascript:", prose) is None
    assert "\\<script\\>alert(1)\\</script\\>" in text


def test_the_packaged_reports_escape_every_hostile_text(
    cli: CliRunner, hostile: Path, tmp_path: Path
) -> None:
    for suffix in ("html", "md"):
        out = tmp_path / f"r.{suffix}"
        assert cli("report", str(hostile), "-o", str(out), "--samples", "100").code == 0
        text = out.read_text(encoding="utf-8")
        assert_clean(text, out.name)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for tag in ("<script", "<img", "<svg onload"):
        assert tag not in html


# --- the sanitiser itself ---------------------------------------------------------------------

UNSEEN = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0xD800,
    0xDFFF,
    0xFFFE,
    0xFFFF,
]


@pytest.mark.parametrize("cp", UNSEEN, ids=lambda cp: f"U+{cp:04X}")
def test_visible_shows_each_control_character_escaped(cp: int) -> None:
    shown = visible(f"a{chr(cp)}b")
    assert shown.startswith("a\\")
    assert shown.endswith("b")
    assert shown.isascii()
    assert shown.isprintable()
    assert RAW.search(shown) is None


def test_visible_uses_the_usual_spellings() -> None:
    assert visible("\x1b[2J") == "\\x1b[2J"
    assert visible("a\r\nb\tc") == "a\\r\\nb\\tc"
    assert visible("\u009b31m") == "\\x9b31m"
    assert visible("\u202eevil") == "\\u202eevil"
    assert visible("\u2066x\u2069") == "\\u2066x\\u2069"
    for fine in ("Medellín", "東京コール", "مركز الاتصال", "emoji 🎧", "a\u00a0b", "\\x1b as text"):
        assert visible(fine) == fine


@given(st.text())
def test_visible_leaves_nothing_raw_and_json_round_trips(text: str) -> None:
    assert RAW.search(visible(text)) is None
    document = json_visible(json.dumps({"k": text}, ensure_ascii=False))
    assert RAW.search(document) is None
    assert json.loads(document) == {"k": text}
    assert RAW.search(md_escape(text)) is None
    assert RAW.search(md_inline(text)) is None
    assert RAW.search(safe_cell(text)) is None


def test_diagnostics_are_one_visible_line() -> None:
    issue = Issue("vendors/\x1b[2Jevil\u202e.yaml", 3, 1, "bad-x", "got '\x1b]0;x\x07'\r\nFAKE")
    text = issues_text([issue])
    assert text.count("\n") == 1
    assert RAW.search(text.rstrip("\n")) is None
    annotation = github_annotation(issue)
    assert RAW.search(annotation) is None
    assert "\\x1b[2Jevil\\u202e.yaml" in annotation


# --- diagnostics quoting hostile text --------------------------------------------------------

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)", re.MULTILINE)
INVALID = sorted((HOSTILE / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_diagnostics_about_hostile_values_stay_clean(case: Path, fmt: str, cli: CliRunner) -> None:
    want = EXPECT.findall(case.read_text(encoding="utf-8"))
    assert want, f"{case.name} has no expect line"
    result = cli("validate", str(case), "--format", fmt)
    assert result.code == 1
    assert_clean(result.out, "stdout")
    assert_clean(result.err, "stderr")
    if fmt == "text":
        lines = result.out.splitlines()
        assert len(lines) == len(want)
        for (line, column, severity, code), got in zip(want, lines, strict=True):
            assert f"{case.name}:{line}:{column}: {severity}: " in got
            assert got.endswith(f"[{code}]")


def test_a_hostile_file_name_is_shown_escaped(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "evil\x1b[2J\u202etxt.yaml"
    bad.write_text("id: acme\nname: Acme\nrate: 3\n", encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = cli("validate", str(bad), "--format", fmt)
        assert result.code == 1
        assert_clean(result.out, f"{fmt} stdout")
        assert_clean(result.err, f"{fmt} stderr")
        assert "evil" in result.out


def test_an_error_message_quoting_input_is_shown_escaped(cli: CliRunner, project: Path) -> None:
    result = cli("explain", "andes", "no-such\x1b[2J\u202e", str(project))
    assert result.code in (1, 2)
    assert_clean(result.err, "stderr")
