"""The report's template context (issue 15, item 9): typed, read-only, raw numbers beside their
text, every vendor's own data, a generated reference, and misspelt names answered with the
names that are there."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from tests.conftest import ROOT, CliRunner
from vendorscore.errors import InputError, Issue
from vendorscore.reporting import reference, sandbox
from vendorscore.reporting.figure import Figure
from vendorscore.reporting.render import LISTED_NAME_CHARS, LISTED_NAMES, listing, render
from vendorscore.reporting.viewmodel import ReportContext

FAST = ("--samples", "100")
# what Jinja or a dict answers as a method before a field of that name
SHADOWED = {"values", "items", "keys", "get", "copy", "update", "pop", "count", "index"}


@pytest.fixture(scope="module")
def built() -> tuple[Any, ReportContext]:
    """The example's loaded inputs, evaluation and report context, built once."""
    from vendorscore.analysis.smaa import SmaaOptions
    from vendorscore.analysis.summary import analyse
    from vendorscore.reporting.context import ReportOptions, build_context
    from vendorscore.services.evaluate import evaluate_loaded
    from vendorscore.services.project import Selection, load

    loaded = load(Selection(example=True))
    evaluation = evaluate_loaded(loaded)
    sensitivity = analyse(evaluation, SmaaOptions(samples=100))
    context = build_context(loaded.inputs, evaluation, sensitivity, ReportOptions())
    return (loaded, evaluation), context


def _render(context: ReportContext, tmp_path: Path, text: str, fmt: str = "md") -> str:
    template = tmp_path / "mine.j2"
    template.write_text(text, encoding="utf-8")
    return render(context, fmt, template)


def _issue(context: ReportContext, tmp_path: Path, text: str) -> Issue:
    with pytest.raises(InputError) as caught:
        _render(context, tmp_path, text)
    [issue] = caught.value.issues
    return issue


# --- typed and read-only -------------------------------------------------------------------


def _walk(value: Any, path: str = "context") -> list[str]:
    """Every place under ``value`` that a template could change: a mutable container, or a
    record that is not frozen."""
    if isinstance(value, (str, int, float, date, type(None))):
        return []
    if isinstance(value, tuple):
        return [p for i, x in enumerate(value) for p in _walk(x, f"{path}[{i}]")]
    if isinstance(value, MappingProxyType):
        return [p for k, x in value.items() for p in _walk(x, f"{path}[{k!r}]")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = [] if type(value).__dataclass_params__.frozen else [path]  # type: ignore[attr-defined]
        fields = dataclasses.fields(value)
        return own + [p for f in fields for p in _walk(getattr(value, f.name), f"{path}.{f.name}")]
    return [f"{path}: {type(value).__name__}"]


def test_the_context_holds_only_frozen_records_tuples_and_read_only_mappings(
    built: tuple[Any, ReportContext],
) -> None:
    _, context = built
    assert _walk(context) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.ranking[0].name = "x"  # type: ignore[misc]


def test_every_record_is_documented_and_no_field_is_shadowed_by_a_method() -> None:
    records = list(reference.records())
    assert len(records) > 20
    for cls in records:
        assert cls.__doc__, cls
        docs = reference.field_docs(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        assert [n for n in names if not docs.get(n)] == [], f"{cls.__name__}: fields with no doc"
        assert SHADOWED.isdisjoint(names), cls


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ ranking.append(1) }}",
        "{{ labels.update({'x': 1}) }}",
        "{{ labels.pop('cost') }}",
        "{{ vendors_by_id.clear() }}",
        "{{ ranking[0].__setattr__('name', 'x') }}",
        "{% set ranking[0].name = 'x' %}",
        "{{ vendors[0].metrics.__setitem__('x', 1) }}",
    ],
)
def test_a_template_cannot_change_the_context(
    attempt: str, built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    _, context = built
    before = repr(context)
    with pytest.raises(InputError) as caught:
        _render(context, tmp_path, attempt)
    [issue] = caught.value.issues
    assert issue.code in ("template-error", "template-syntax"), issue.format()
    assert repr(context) == before


# --- raw numbers beside their text -----------------------------------------------------------


def test_a_figure_prints_its_text_and_keeps_its_value(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    (_, evaluation), context = built
    out = _render(
        context,
        tmp_path,
        "{% for r in ranking %}{{ r.score }}={{ r.score.value }};{% endfor %}#"
        "{{ ranking|sum(attribute='score.value') }}#"
        "{{ columns|sum(attribute='weight.value') }}",
    )
    pairs, total, weights = out.split("#")
    shown = [p.split("=") for p in pairs.rstrip(";").split(";")]
    engine = [v.score for v in evaluation.ranking.ranking]
    assert [text for text, _ in shown] == [f"{s:.2f}" for s in engine]
    assert [float(raw) for _, raw in shown] == engine  # the raw float, not the rounded text
    assert float(total) == pytest.approx(sum(engine), abs=1e-9)
    assert float(weights) == pytest.approx(1.0, abs=1e-9)


def test_a_missing_number_is_a_figure_with_no_value(built: tuple[Any, ReportContext]) -> None:
    _, context = built
    missing = [row.raw for c in context.criteria for row in c.rows if row.raw.value is None] + [
        cell for p in context.sensitivity.pairwise.rows for cell in p.cells if cell.value is None
    ]
    assert missing, "the example has missing data and a pairwise diagonal"
    assert {str(f) for f in missing} <= {"missing", "—"}
    assert isinstance(context.ranking[0].cells[0], Figure)


def test_a_custom_template_can_sort_by_a_raw_value(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    (_, evaluation), context = built
    out = _render(
        context,
        tmp_path,
        "{{ ranking|sort(attribute='score.value')|map(attribute='id')|join(',') }}",
    )
    by_score = sorted(evaluation.ranking.ranking, key=lambda v: v.score)
    assert out == ",".join(v.id for v in by_score)


# --- vendors' own data -----------------------------------------------------------------------


def test_every_vendor_has_its_own_data_ranked_and_excluded(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    (loaded, evaluation), context = built
    r = evaluation.ranking
    assert r.excluded, "the example excludes a vendor"
    assert [v.id for v in context.vendors] == [
        *(v.id for v in r.ranking),
        *(x.id for x in r.excluded),
    ]
    assert set(context.vendors_by_id) == {v.id for v in loaded.inputs.vendors}
    out = _render(
        context,
        tmp_path,
        "{% for v in vendors %}{{ v.id }} {{ v.pricing.rate if v.pricing else '-' }} "
        "{{ (v.sites or [])|sum(attribute='seats') }} "
        "{{ (v.languages or [])|map(attribute='code')|join('/') }}\n{% endfor %}",
    )
    files = {v.id: v for v in loaded.inputs.vendors}
    for line in out.splitlines():
        vid, rate, seats, languages = line.split(" ")
        v = files[vid]
        assert rate == (str(float(v.pricing.rate)) if v.pricing else "-")
        assert int(seats) == sum(s.seats or 0 for s in v.sites or ())
        assert languages == "/".join(x.code for x in v.languages or ())


def test_a_vendors_certificates_and_coverage_read_as_written(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    (loaded, _), context = built
    andes = next(v for v in loaded.inputs.vendors if v.id == "andes")
    out = _render(
        context,
        tmp_path,
        "{% set v = vendors_by_id['andes'] %}"
        "{% for c in v.certifications %}{{ c.name }}|{{ c.status }}|{{ c.expires }};{% endfor %}#"
        "{% for w in v.coverage %}{{ w.days|join(',') }} {{ w.start }}-{{ w.end }}{% endfor %}#"
        "{{ v.kpis.csat }} {{ v.capacity.peak_flex }} {{ v.hq_country }}",
    )
    certs, windows, rest = out.split("#")
    assert certs == "".join(
        f"{c.name}|{c.status}|{c.expires or 'None'};" for c in andes.certificates()
    )
    assert windows.startswith("mon,tue,wed,thu,fri,sat,sun ")  # "daily", expanded
    assert rest == f"{andes.kpis.csat} {andes.capacity.peak_flex} {andes.hq_country}"


# --- misspelt names --------------------------------------------------------------------------


def test_a_misspelt_field_lists_the_fields_there(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    _, context = built
    issue = _issue(context, tmp_path, "# {{ title }}\n\n{{ ranking[0].scor }}\n")
    assert (issue.line, issue.code) == (3, "template-error")
    assert issue.message == (
        "UndefinedError: 'scor' is undefined; available here: cells, id, name, rank, score"
    )
    figure = _issue(context, tmp_path, "{{ ranking[0].score.valeu }}")
    assert figure.message.endswith("'valeu' is undefined; available here: text, value")


def test_a_misspelt_top_level_name_lists_the_top_level_names(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    _, context = built
    issue = _issue(context, tmp_path, "{% for r in ranking %}\n{{ titel }}\n{% endfor %}")
    assert issue.line == 2
    listed = issue.message.split("available here: ")[1].split(", ")
    assert listed == sorted(f.name for f in dataclasses.fields(ReportContext))


def test_a_missing_key_lists_the_keys(built: tuple[Any, ReportContext], tmp_path: Path) -> None:
    _, context = built
    issue = _issue(context, tmp_path, "{{ vendors_by_id['nobody'].name }}")
    assert issue.message.endswith(
        "'nobody' is undefined; available here: " + ", ".join(sorted(context.vendors_by_id))
    )


def test_other_undefined_names_keep_jinjas_message(
    built: tuple[Any, ReportContext], tmp_path: Path
) -> None:
    _, context = built
    issue = _issue(context, tmp_path, "{{ ranking[99].name }}")
    assert "available here" not in issue.message
    assert "no element 99" in issue.message


def test_the_listing_is_bounded_and_shows_no_control_character() -> None:
    hostile = ["\x1b]0;pwned\x07", "a\nb", "\u202eevil", "x" * 500]
    text = listing(hostile)
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", text)
    assert text == (
        "\\x1b]0;pwned\\x07, a\\nb, " + "x" * (LISTED_NAME_CHARS - 1) + "…, \\u202eevil"
    )
    many = listing([f"m{i:03d}" for i in range(LISTED_NAMES + 61)])
    assert many.endswith("m039 and 61 more")
    assert many.count(", ") == LISTED_NAMES - 1


def test_hostile_metric_names_in_an_error_stay_one_visible_line(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    vendor = project / "vendors" / "andes.yaml"
    names = "".join(f"  m{i}: {i}\n" for i in range(60))
    vendor.write_text(
        vendor.read_text(encoding="utf-8")
        + 'metrics:\n  "\\e]0;pwned\\a\\e[2J": 1\n  "'
        + "y" * 200
        + '": 2\n'
        + names,
        encoding="utf-8",
    )
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ vendors_by_id.andes.metrics.nope }}\n", encoding="utf-8")
    out = tmp_path / "r.md"
    result = cli("report", str(project), "--template", str(template), "-o", str(out), *FAST)
    assert result.code == 1, result.err
    [line] = result.err.splitlines()
    assert "'nope' is undefined; available here: " in line
    assert not re.search(r"[\x00-\x1f]", line)
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in line
    assert "y" * LISTED_NAME_CHARS not in line
    assert line.endswith(f"and {62 - LISTED_NAMES} more [template-error]")
    assert not out.exists()


# --- bounded as before -----------------------------------------------------------------------


def test_a_record_weighs_its_fields(built: tuple[Any, ReportContext]) -> None:
    _, context = built
    vendor = context.vendors[0]
    assert sandbox.weight(vendor) >= len(vendor.name) + sum(
        len(f.name) for f in dataclasses.fields(vendor)
    )
    assert sandbox.weight(context) > 10 * sandbox.weight(context.ranking[0])


# --- the README's reference ------------------------------------------------------------------


def test_readme_template_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert reference.START in readme
    block = readme[readme.index(reference.START) : readme.index(reference.END)]
    assert block + reference.END == reference.markdown(), (
        "run: python -m vendorscore.cli.reference --write"
    )


def test_the_reference_names_every_field_with_its_type() -> None:
    text = reference.markdown()
    assert "| `score` | `Figure` | Its score (0-100 under the weighted sum). |" in text
    assert "| `vendors_by_id` | mapping of str to `VendorData` |" in text
    assert "| `low` | `Figure` |" in text
    assert "| `staffing` | `StaffingSection` or None |" in text
    for cls in reference.records():
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in text
