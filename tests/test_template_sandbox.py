"""Report templates (issue 11, item 3): escaped by what they write, read only from regular
files, and bounded in what they build, whatever a template asks for.

Each file of data/hostile/templates is a template that asked the old sandbox for gigabytes
(the red team's `{{ 'x' * 10**9 }}` wrote 5.8 GB); its last line says where it must stop:
``{# why; expect: LINE:1 error CODE #}``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, CliRunner
from vendorscore.errors import InputError
from vendorscore.reporting import sandbox
from vendorscore.reporting.viewmodel import ReportContext

TEMPLATES = sorted((DATA / "hostile" / "templates").glob("*.j2"))
EXPECT = re.compile(r"expect: (\d+):(\d+) (error) ([a-z-]+)")
FAST = ("--samples", "100")


@pytest.fixture(scope="module")
def context() -> ReportContext:
    """The example's report view-model, built once."""
    from vendorscore.analysis.smaa import SmaaOptions
    from vendorscore.analysis.summary import analyse
    from vendorscore.reporting.context import ReportOptions, build_context
    from vendorscore.services.evaluate import evaluate_loaded
    from vendorscore.services.project import Selection, load

    loaded = load(Selection(example=True))
    evaluation = evaluate_loaded(loaded)
    sensitivity = analyse(evaluation, SmaaOptions(samples=100))
    return build_context(loaded.inputs, evaluation, sensitivity, ReportOptions())


def test_there_are_many_hostile_templates() -> None:
    assert len(TEMPLATES) >= 30


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_a_hostile_template_stops_with_a_positioned_error(
    template: Path, context: ReportContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorscore.reporting.render import render

    monkeypatch.setattr(sandbox, "MAX_REPORT_BYTES", 2**20)  # the real bound, only sooner
    want = EXPECT.search(template.read_text(encoding="utf-8"))
    assert want, f"{template.name} has no expect line"
    with pytest.raises(InputError) as caught:
        render(context, "html", template)
    [issue] = caught.value.issues
    assert (issue.file, issue.line, issue.column, issue.code) == (
        str(template),
        int(want.group(1)),
        int(want.group(2)),
        want.group(4),
    ), issue.format()
    if issue.code == "template-limit":
        assert re.search(r"MAX_[A-Z_]+\)", issue.message), issue.message  # names the bound
        assert re.search(r"\d{1,3}(,\d{3})+", issue.message), issue.message  # and the number


CHILD = """
import sys
from vendorscore.cli import run
code = run(sys.argv[1:])
with open("/proc/self/status") as status:  # this process's own peak, not its parent's
    sys.stderr.write(next(line for line in status if line.startswith("VmHWM")))
sys.exit(code)
"""


def _peak_kib(*args: str, cwd: Path) -> tuple[int, int, str]:
    """Run vendorscore in a child; its exit code, its peak resident memory (KiB), stderr."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc (Linux)")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    peak = re.search(r"VmHWM:\s+(\d+) kB", done.stderr)
    assert peak, done.stderr
    return done.returncode, int(peak.group(1)), done.stderr


@pytest.mark.parametrize("name", ["repeat_text", "output_loop", "macro_loop", "doubling_sets"])
def test_the_worst_templates_stay_small_with_the_real_bounds(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    code, peak, err = _peak_kib(
        "report",
        "--example",
        "--template",
        str(DATA / "hostile" / "templates" / f"{name}.j2"),
        "-o",
        str(out),
        *FAST,
        cwd=tmp_path,
    )
    assert code == 1, err
    assert "[template-limit]" in err
    assert peak < 600 * 1024, f"{name}: peak {peak / 1024:.0f} MiB"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file either


def test_ordinary_template_code_is_not_refused(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{% macro row(v) %}| {{ v.rank }} | {{ v.name }} |{% endmacro %}\n"
        "{% set ns = namespace(total=0) %}\n"
        "{% for v in ranking %}{{ row(v) }}\n{% set ns.total = ns.total + 1 %}{% endfor %}\n"
        "{{ '-' * 40 }}\n"
        "{{ '{:,.0f}'.format(1234567) }} {{ '%5.1f' % 3.14159 }} {{ 'x'|center(9) }}\n"
        "{{ ranking|map(attribute='id')|join(', ') }} ({{ ns.total }})\n"
        "{% set block %}{{ title|upper }}{% endset %}{{ block }} {{ 10 ** 6 }} {{ 2 ** 100 }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.md"
    result = cli("report", "--example", "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "| 1 | Table Bay Contact |" in text
    assert "-" * 40 in text
    assert "1,234,567   3.1     x    " in text
    assert "table-bay, andes, bayani-cx, mabuhay (4)" in text
    assert "RETAIL CX OUTSOURCING 2027 1000000 1267650600228229401496703205376" in text


# --- escaping follows the output format ------------------------------------------------------


@pytest.mark.parametrize("name", ["report.j2", "x.md.j2", "report.txt", "noext"])
def test_html_output_is_escaped_whatever_the_template_is_called(
    name: str, cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    (project / "vendors" / "andes.yaml").write_text(
        (project / "vendors" / "andes.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Andes Nearshore CX", 'name: "<script>alert(1)</script>"'),
        encoding="utf-8",
    )
    template = tmp_path / name
    template.write_text("{% for r in ranking %}<p>{{ r.name }}</p>{% endfor %}\n")
    out = tmp_path / "out.html"
    result = cli("report", str(project), "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in text


def test_markdown_output_is_escaped_whatever_the_template_is_called(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    andes = project / "vendors" / "andes.yaml"
    andes.write_text(
        andes.read_text(encoding="utf-8").replace(
            "name: Andes Nearshore CX", 'name: "<img src=x onerror=alert(1)> [x](javascript:y) |"'
        ),
        encoding="utf-8",
    )
    template = tmp_path / "report.html.j2"  # an HTML name, writing Markdown
    template.write_text("{% for r in ranking %}- {{ r.name }} / {{ r.name|md }}\n{% endfor %}")
    out = tmp_path / "out.md"
    result = cli("report", str(project), "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 0, result.err
    line = next(x for x in out.read_text(encoding="utf-8").splitlines() if "img" in x)
    assert line == (
        "- \\<img src=x onerror=alert(1)\\> \\[x\\](javascript:y) \\| / "
        "\\<img src=x onerror=alert\\(1\\)\\> \\[x\\]\\(javascript:y\\) \\|"
    )


# --- templates only from regular files -------------------------------------------------------


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    return secret


def _refused(result: Any, out: Path) -> None:
    assert result.code == 1, result.err
    assert "[template-link]" in result.err
    assert "SECRET" not in result.err
    assert not out.exists()


def test_a_project_template_that_is_a_link_is_refused(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "report.md.j2").symlink_to(_secret(tmp_path))
    out = tmp_path / "r.md"
    result = cli("report", str(project), "-o", str(out), *FAST)
    _refused(result, out)
    assert f"{project / 'templates' / 'report.md.j2'}:1:1: error:" in result.err


def test_a_project_templates_folder_that_is_a_link_is_refused(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.html.j2").write_text("{{ title }}\n", encoding="utf-8")
    (project / "templates").symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "r.html"
    _refused(cli("report", str(project), "-o", str(out), *FAST), out)


def test_a_template_cannot_include_a_link(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "main.md.j2").write_text("# {{ title }}\n{% include 'part.j2' %}\n")
    (folder / "part.j2").symlink_to(_secret(tmp_path))
    out = tmp_path / "r.md"
    result = cli("report", "--example", "--template", str(folder / "main.md.j2"), "-o", str(out))
    _refused(result, out)


def test_the_template_named_on_the_command_line_may_be_a_link(
    cli: CliRunner, tmp_path: Path
) -> None:
    real = tmp_path / "real.md.j2"
    real.write_text("# {{ title }}\n", encoding="utf-8")
    link = tmp_path / "link.md.j2"
    link.symlink_to(real)
    out = tmp_path / "r.md"
    result = cli("report", "--example", "--template", str(link), "-o", str(out), *FAST)
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8") == "# Retail CX outsourcing 2027\n"


def test_a_huge_template_file_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "big.md.j2"
    template.write_text("x" * (sandbox.MAX_TEMPLATE_BYTES + 1), encoding="utf-8")
    out = tmp_path / "r.md"
    result = cli("report", "--example", "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 1
    assert "[template-limit]" in result.err
    assert "MAX_TEMPLATE_BYTES" in result.err
    assert not out.exists()
