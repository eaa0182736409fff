"""Use cases: what each command does, as functions that take plain values and return results."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorscore.errors import Issue, UsageError

if TYPE_CHECKING:
    from vendorscore.analysis.explain import Explanation
    from vendorscore.analysis.smaa import Progress
    from vendorscore.analysis.summary import Sensitivity
    from vendorscore.exchange.diff import Comparison
    from vendorscore.loading.project import Project
    from vendorscore.scoring.evaluation import Evaluation


@dataclass
class ValidationReport:
    """Every problem found in the files validated, and how many files were read."""

    files: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Problems that make the input invalid."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Problems worth knowing that do not invalidate the input."""
        return [i for i in self.issues if i.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        """No errors (and, when strict, no warnings either)."""
        return not self.errors and not (strict and self.warnings)


def validate_paths(paths: Sequence[str]) -> ValidationReport:
    """Validate files and folders: project folders get the cross-file rules too (SPEC §6)."""
    from vendorscore.loading.project import (
        FileSet,
        check_project_folder,
        display_join,
        load_file,
        yaml_files,
    )

    report = ValidationReport()
    for shown in paths or ["."]:
        path = Path(shown)
        if not (path.exists() or path.is_symlink()):
            raise UsageError(f"{shown}: no such file or folder")
        if path.is_dir() and (path / "criteria").is_dir():
            into = check_project_folder(path, shown)
        else:
            into = FileSet()
            files = (
                [(f, display_join(shown, f, path)) for f in yaml_files(path)]
                if path.is_dir()
                else [(path, shown)]
            )
            for file, display in files:
                load_file(file, display, into)
        report.files += into.count
        report.issues.extend(into.issues)
    report.issues = sorted(set(report.issues))
    return report


def example_dir() -> Path:
    """The example project bundled inside the package."""
    return Path(__file__).parent / "example"


def schema(kind: str) -> dict[str, object]:
    """The JSON Schema of one file kind (vendor, criteria, scores)."""
    from vendorscore.models.schema import json_schema

    return json_schema(kind)


def init_project(target: str, force: bool = False) -> list[str]:
    """Copy the example project into ``target``; refuses to overwrite unless ``force``."""
    import shutil

    from vendorscore.errors import OutputError

    dest = Path(target)
    source = example_dir()
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    clashes = [
        dest / p.relative_to(source) for p in files if (dest / p.relative_to(source)).exists()
    ]
    if clashes and not force:
        raise UsageError(f"{clashes[0]} already exists (use --force to overwrite)")
    written: list[str] = []
    try:
        for file in files:
            out = dest / file.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, out)
            written.append(str(out))
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write the example project: {exc.strerror or exc}"
        ) from None
    return written


@dataclass(frozen=True)
class Selection:
    """Which files make up the evaluation, as given on the command line."""

    project: str | None = None
    criteria: str | None = None
    vendors: tuple[str, ...] = ()
    scores: tuple[str, ...] = ()
    example: bool = False


def load(selection: Selection, strict: bool = False) -> Project:
    """Find and load a project; raises InputError with every problem."""
    from vendorscore.loading.project import find_project, require_project

    if selection.example and (selection.project or selection.criteria or selection.vendors):
        raise UsageError("give either --example or a project, not both")
    root = str(example_dir()) if selection.example else selection.project
    shown = "example" if selection.example else None
    paths = find_project(root, selection.criteria, selection.vendors, selection.scores, shown)
    return require_project(paths, strict)


def parse_weights(items: Sequence[str]) -> dict[str, float]:
    """``["cost=40", "quality=10"]`` as a mapping; usage errors for anything else."""
    import math

    out: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not key or not math.isfinite(number) or number < 0:
            raise UsageError(f"--weight {item}: expected ID=NUMBER with a number >= 0")
        out[key.strip()] = number
    return out


def rank_project(
    selection: Selection,
    method: str | None = None,
    weights: Sequence[str] = (),
    strict: bool = False,
) -> Evaluation:
    """Load, validate, score and rank (SPEC §4)."""
    return _evaluate(selection, method, weights, strict)[1]


def _evaluate(
    selection: Selection, method: str | None, weights: Sequence[str], strict: bool = False
) -> tuple[Project, Evaluation]:
    from vendorscore.scoring.engine import evaluate

    overrides = parse_weights(weights)
    project = load(selection, strict)
    return project, evaluate(project, method, overrides)


def explain_pair(
    selection: Selection, a: str, b: str, method: str | None = None, weights: Sequence[str] = ()
) -> Explanation:
    """Why A and B are ranked as they are."""
    from vendorscore.analysis.explain import explain

    return explain(rank_project(selection, method, weights), a, b)


def _check_sampling(samples: int, jitter: float) -> None:
    if samples < 1:
        raise UsageError("--samples must be at least 1")
    if not 0 <= jitter < 100:
        raise UsageError("--jitter must be a percentage from 0 to below 100")


def analyse(
    selection: Selection,
    method: str | None = None,
    weights: Sequence[str] = (),
    samples: int = 10_000,
    seed: int = 0,
    model: str = "uniform",
    jitter: float = 20.0,
    progress: Progress | None = None,
) -> tuple[Evaluation, Sensitivity]:
    """Rank, then run the whole sensitivity analysis (SPEC §5)."""
    from vendorscore.analysis.summary import analyse as run_analysis

    _check_sampling(samples, jitter)
    evaluation = rank_project(selection, method, weights)
    return evaluation, run_analysis(evaluation, samples, seed, model, jitter, progress)


@dataclass(frozen=True)
class ReportRequest:
    """What `vendorscore report` was asked for."""

    output: str
    fmt: str | None = None
    template: str | None = None
    samples: int = 10_000
    seed: int = 0
    model: str = "uniform"
    jitter: float = 20.0
    timestamp: bool = False


def report_format(request: ReportRequest) -> str:
    """md or html: from --format, else from the output file's suffix."""
    if request.fmt:
        return request.fmt
    suffix = Path(request.output).suffix.lower()
    formats = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
    if suffix not in formats:
        raise UsageError(
            f"cannot tell the format from '{request.output}': use .md or .html, or --format"
        )
    return formats[suffix]


def _timestamp(requested: bool) -> str | None:
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}"
            ) from None
    if requested:
        return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return None


def render_report(
    selection: Selection,
    request: ReportRequest,
    method: str | None = None,
    weights: Sequence[str] = (),
    progress: Progress | None = None,
) -> Path:
    """Rank, analyse, render and write the report atomically; returns the path written."""
    from vendorscore.analysis.summary import analyse as run_analysis
    from vendorscore.reporting.context import ReportOptions, build_context
    from vendorscore.reporting.render import render
    from vendorscore.views.atomic import write_atomic

    fmt = report_format(request)
    _check_sampling(request.samples, request.jitter)
    template = Path(request.template) if request.template else None
    if template is not None and not template.is_file():
        raise UsageError(f"{request.template}: no such template file")
    stamp = _timestamp(request.timestamp)
    project, evaluation = _evaluate(selection, method, weights)
    sensitivity = run_analysis(
        evaluation, request.samples, request.seed, request.model, request.jitter, progress
    )
    context = build_context(project, evaluation, sensitivity, ReportOptions(stamp))
    root = example_dir() if selection.example else Path(selection.project or ".")
    text = render(context, fmt, template, root / "templates")
    target = Path(request.output)
    write_atomic(target, text)
    return target


def response_sheet(selection: Selection, output: str, fill: bool = False) -> Path:
    """Write the response workbook for the project's (or a criteria file's) criteria,
    optionally filled with the project's vendors."""
    from vendorscore.exchange.rows import layout, vendor_to_row
    from vendorscore.exchange.xlsx import response_workbook
    from vendorscore.loading.project import FileSet, load_file
    from vendorscore.models.criteria import CriteriaFile
    from vendorscore.views.atomic import write_atomic

    rows: list[dict[str, object]] = []
    if fill or selection.project or selection.example:
        project = load(selection)
        criteria = project.criteria
        if fill:
            columns = layout(criteria)
            rows = [
                vendor_to_row(v.vendor.model_dump(mode="json", exclude_none=True), columns)
                for v in project.vendors
            ]
    elif selection.criteria:
        into = FileSet()
        loaded = load_file(Path(selection.criteria), selection.criteria, into, ("criteria",))
        if into.issues or loaded is None or not isinstance(loaded.model, CriteriaFile):
            from vendorscore.errors import InputError

            raise InputError(into.issues)
        criteria = loaded.model
    else:
        raise UsageError("give a project, --criteria FILE or --example")
    target = Path(output)
    write_atomic(target, response_workbook(layout(criteria), rows, criteria.name))
    return target


def import_responses(
    source: str, output: str, partial: bool = False
) -> tuple[list[Path], list[Issue]]:
    """Turn a filled response sheet into vendor files in ``output``; nothing is written unless
    every row is valid (or ``partial``)."""
    from vendorscore.errors import InputError
    from vendorscore.exchange.responses import import_rows
    from vendorscore.views.atomic import write_atomic

    path = Path(source)
    if not path.is_file():
        raise UsageError(f"{source}: no such file")
    if path.suffix.lower() not in {".xlsx", ".csv"}:
        raise UsageError(f"{source}: expected an .xlsx or .csv file")
    result = import_rows(path, source)
    errors = [i for i in result.issues if i.severity == "error"]
    if errors and not (partial and result.files):
        raise InputError(result.issues)
    folder = Path(output)
    if not folder.is_dir():
        raise UsageError(f"{output}: no such folder")
    written = []
    for vid, text in sorted(result.files.items()):
        target = folder / f"{vid}.yaml"
        write_atomic(target, text)
        written.append(target)
    return written, result.issues


def diff_projects(
    before: str | None, after: str | None, git_rev: str | None = None, method: str | None = None
) -> Comparison:
    """Compare two evaluations: two project folders, or one folder now and at a git revision."""
    from vendorscore.exchange.diff import compare

    if git_rev is not None:
        if after is not None:
            raise UsageError("with --git give one project folder (compared with itself at REV)")
        folder = before or "."
        with _checkout(folder, git_rev) as old:
            a = _evaluate(Selection(str(old)), method, ())
        b = _evaluate(Selection(folder), method, ())
        return compare(f"{folder} at {git_rev}", folder, a, b)
    if before is None or after is None:
        raise UsageError("give two project folders, or one and --git REV")
    a, b = _evaluate(Selection(before), method, ()), _evaluate(Selection(after), method, ())
    return compare(before, after, a, b)


def _checkout(folder: str, rev: str) -> Any:
    """A temporary copy of ``folder`` as it was at git revision ``rev``."""
    import contextlib
    import subprocess
    import tempfile

    @contextlib.contextmanager
    def copy() -> Iterator[Path]:
        def git(*args: str, cwd: str = folder) -> str:
            try:
                done = subprocess.run(
                    ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
                )
            except (OSError, subprocess.CalledProcessError) as exc:
                detail = (getattr(exc, "stderr", "") or str(exc)).strip()
                last = detail.splitlines()[-1] if detail else "failed"
                raise UsageError(f"git {' '.join(args)}: {last}") from None
            return done.stdout

        top = Path(git("rev-parse", "--show-toplevel").strip())
        relative = Path(folder).resolve().relative_to(top.resolve())
        names = [
            n
            for n in git(
                "ls-tree", "-r", "--name-only", rev, "--", str(relative) or ".", cwd=str(top)
            ).splitlines()
            if n
        ]
        if not names:
            raise UsageError(f"{folder} does not exist at {rev}")
        with tempfile.TemporaryDirectory() as tmp:
            for name in names:
                target = Path(tmp) / Path(name).relative_to(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                blob = subprocess.run(
                    ["git", "show", f"{rev}:{name}"], cwd=top, capture_output=True, check=True
                )
                target.write_bytes(blob.stdout)
            yield Path(tmp)

    return copy()
