"""Jinja's own escaping filters and `{% autoescape false %}` in a custom template: vendor text
still leaves escaped for the report's format (red team: `|e`, `|escape`, `|forceescape`,
`|urlize`, `|tojson` and `|xmlattr` gave back HTML-escaped markup that went out as it was,
control and bidi characters raw, and in Markdown a link or raw HTML untouched; `autoescape
false` turned HTML escaping off)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, CliRunner
from tests.test_hostile_text import assert_clean

NAME = "Evil [click](javascript:alert(1)) <img src=x onerror=alert(2)> \x1b]0;pwned\x07\u202eeulav"
USES = {
    "e": "{{ row.name|e }}",
    "escape": "{{ row.name|escape }}",
    "forceescape": "{{ row.name|forceescape }}",
    "urlize": "{{ row.name|urlize }}",
    "tojson": "{{ row.name|tojson }}",
    "xmlattr": "<span{{ {'title': row.name}|xmlattr }}></span>",
    "autoescape false": "{% autoescape false %}{{ row.name }}{% endautoescape %}",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    path = project / "vendors" / "table-bay.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Table Bay Contact", f"name: {json.dumps(NAME)}"), "utf-8")
    return project


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("use", list(USES))
def test_escaping_filters_escape_for_the_format(
    cli: CliRunner, hostile: Path, tmp_path: Path, fmt: str, use: str
) -> None:
    template = tmp_path / f"t.{fmt}.j2"
    template.write_text("{% for row in ranking %}" + USES[use] + "\n{% endfor %}")
    out = tmp_path / f"r.{fmt}"
    result = cli(
        "report", str(hostile), "--template", str(template), "-f", fmt, "-o", str(out),
        "--samples", "50",
    )  # fmt: skip
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert_clean(text.replace("\n", " "), use)  # no ESC, BEL or bidi override, raw
    assert "\u202e" not in text
    assert not re.search(r"(?<!\\)<img", text)  # as markup: never (Markdown escapes it \<img)
    if fmt == "md":
        assert not re.search(r"(?<!\\)\]\(javascript:", text)  # no Markdown link
    assert "Evil" in text  # the name is there, as text
