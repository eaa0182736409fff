"""Finding and loading the files of a project folder, collecting every problem on the way."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import History
from vendorscore.errors import InputError, Issue, UsageError
from vendorscore.loading.convert import MODELS, FileKind, detect_kind, to_model
from vendorscore.loading.rules import (
    Located,
    ScoresAt,
    VendorAt,
    criteria_rules,
    project_rules,
    to_issues,
)
from vendorscore.loading.yamlio import Document, LoadFailure, read_document
from vendorscore.models.scores import ScoresFile
from vendorscore.models.vendor import Vendor, VendorList

if TYPE_CHECKING:
    from vendorscore.criteria.inputs import EvaluationInput
    from vendorscore.loading.sourcemap import SourceFile, SourceMap

YAML_SUFFIXES = (".yaml", ".yml")
INPUT_SUFFIXES = (*YAML_SUFFIXES, ".json")  # a .json file is read as JSON (loading/jsonio.py)


@dataclass
class LoadedFile:
    """One file: its document, detected kind and model (None when it did not validate)."""

    doc: Document
    kind: FileKind
    model: BaseModel | None


@dataclass
class FileSet:
    """The outcome of loading some files: what loaded, and every problem found."""

    files: list[LoadedFile] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    count: int = 0


def display_join(base: str, path: Path, root: Path) -> str:
    """``path`` as the user would name it: relative to the folder they gave, under its name."""
    rel = path.relative_to(root)
    if base.endswith(":"):  # a repository's top at a git revision: "HEAD~1:vendors/x.yaml"
        return base + rel.as_posix() if rel != Path() else base
    return os.path.normpath(Path(base) / rel)


def input_files(folder: Path) -> list[Path]:
    """YAML and JSON files below ``folder`` in sorted order; links to folders are not followed
    (no loops)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(
            Path(dirpath) / name for name in sorted(filenames) if name.endswith(INPUT_SUFFIXES)
        )
    return sorted(found)


def file_problem(path: Path) -> str | None:
    """What keeps ``path`` from being read as a file: missing, a folder, a FIFO or a device
    (which would block or never end); None for a regular file (or a link to one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file" if not path.is_symlink() else "a broken link (no such file)"
    except OSError as exc:
        return f"cannot read it: {exc.strerror or type(exc).__name__}"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def load_file(
    path: Path, display: str, into: FileSet, expect: Sequence[FileKind] = ()
) -> LoadedFile | None:
    """Load, detect and validate one file, adding its problems to ``into``."""
    into.count += 1
    try:
        doc = read_document(path, display)
        into.issues.extend(doc.issues)
        kind = detect_kind(doc)
    except LoadFailure as failure:
        into.issues.append(failure.issue)
        return None
    if expect and kind not in expect:
        wanted = " or ".join(expect)
        into.issues.append(
            Issue(
                display,
                1,
                1,
                "wrong-file-kind",
                f"expected a {wanted} file here, found a {kind} file",
            )
        )
        return None
    model, issues = to_model(doc, MODELS[kind])
    into.issues.extend(issues)
    if isinstance(model, CriteriaFile):
        into.issues.extend(to_issues(criteria_rules(model, Located(doc))))
    loaded = LoadedFile(doc, kind, model)
    into.files.append(loaded)
    return loaded


def vendors_of(files: Iterable[LoadedFile]) -> list[VendorAt]:
    """Every vendor in the loaded vendor files, with where it came from."""
    out: list[VendorAt] = []
    for loaded in files:
        if isinstance(loaded.model, Vendor):
            out.append(VendorAt(loaded.model, Located(loaded.doc)))
        elif isinstance(loaded.model, VendorList):
            out.extend(
                VendorAt(v, Located(loaded.doc, ("vendors", i)))
                for i, v in enumerate(loaded.model.vendors)
            )
    return out


@dataclass(frozen=True)
class ProjectPaths:
    """The files that make up one evaluation, with the names the user knows them by."""

    criteria: tuple[Path, str]
    vendors: tuple[tuple[Path, str], ...]
    scores: tuple[tuple[Path, str], ...]


def _expand(paths: Iterable[tuple[Path, str]]) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for path, shown in paths:
        if path.is_dir():
            out.extend((p, display_join(shown, p, path)) for p in input_files(path))
        elif path.exists() or path.is_symlink():
            out.append((path, shown))
        else:
            raise UsageError(f"{shown}: no such file or folder")
    return out


def find_project(
    project: str | None,
    criteria: str | None = None,
    vendors: Sequence[str] = (),
    scores: Sequence[str] = (),
    shown_as: str | None = None,
) -> ProjectPaths:
    """Resolve a project folder plus overrides into concrete files (SPEC §1).

    Files found inside the folder are named as the user named the folder, or ``shown_as``
    (the bundled example is shown as ``example/…``, wherever the package is installed).
    """
    root = Path(project if project is not None else ".")
    base = shown_as or (project if project is not None else ".")
    if project is not None and not root.is_dir():
        raise UsageError(f"{project}: no such project folder")
    if criteria is not None:
        problem = file_problem(Path(criteria))
        if problem is not None:
            raise UsageError(f"{criteria}: {problem} (--criteria needs a criteria file)")
        crit = (Path(criteria), criteria)
    else:
        folder = root / "criteria"
        if not folder.is_dir():
            raise UsageError(
                f"{base}: not a project folder (no criteria/ inside); "
                "give a project folder or --criteria FILE"
            )
        found = input_files(folder)
        if not found:
            raise UsageError(f"{display_join(base, folder, root)}: no criteria file")
        if len(found) > 1:
            names = ", ".join(display_join(base, p, root) for p in found)
            raise UsageError(f"several criteria files ({names}): choose one with --criteria")
        crit = (found[0], display_join(base, found[0], root))
    vendor_paths = [(Path(v), v) for v in vendors] or [
        (root / "vendors", display_join(base, root / "vendors", root))
    ]
    score_paths = [(Path(s), s) for s in scores]
    if not scores and (root / "scores").is_dir():
        score_paths = [(root / "scores", display_join(base, root / "scores", root))]
    if not vendors and not (root / "vendors").is_dir():
        raise UsageError(f"{base}: no vendors/ folder; give --vendors PATH")
    return ProjectPaths(crit, tuple(_expand(vendor_paths)), tuple(_expand(score_paths)))


@dataclass(frozen=True)
class Loaded:
    """A validated evaluation as plain models, and the map back to its files."""

    inputs: EvaluationInput
    sources: SourceMap


def _cross_check(
    crit_file: LoadedFile | None,
    vendor_files: Sequence[LoadedFile | None],
    score_files: Sequence[LoadedFile | None],
    into: FileSet,
) -> tuple[list[VendorAt], list[ScoresAt]]:
    """Apply the cross-file rules to whatever loaded; returns the vendors and score sheets."""
    vendors = vendors_of(f for f in vendor_files if f is not None)
    scores = [
        ScoresAt(f.model, Located(f.doc))
        for f in score_files
        if f is not None and isinstance(f.model, ScoresFile)
    ]
    if crit_file is not None and isinstance(crit_file.model, CriteriaFile):
        complete = all(f is not None and f.model is not None for f in vendor_files)
        found = project_rules(crit_file.model, Located(crit_file.doc), vendors, scores, complete)
        into.issues.extend(to_issues(found))
    return vendors, scores


def check_project_folder(root: Path, shown: str) -> FileSet:
    """Validate a project folder: every criteria file, each against the vendors and scores."""
    into = FileSet()

    def load_all(folder: str, kinds: tuple[FileKind, ...]) -> list[LoadedFile | None]:
        return [
            load_file(p, display_join(shown, p, root), into, kinds)
            for p in input_files(root / folder)
        ]

    criteria = load_all("criteria", ("criteria",))
    vendors = load_all("vendors", ("vendor", "vendors"))
    scores = load_all("scores", ("scores",))
    if not criteria:
        into.issues.append(
            Issue(
                display_join(shown, root / "criteria", root),
                1,
                1,
                "no-criteria",
                "no criteria file",
            )
        )
    for crit in criteria:
        _cross_check(crit, vendors, scores, into)
    into.issues = sorted(set(into.issues))
    return into


def load_project(paths: ProjectPaths) -> tuple[Loaded | None, FileSet]:
    """Load every file and apply the cross-file rules; never stops at the first problem."""
    result = FileSet()
    crit_file = load_file(paths.criteria[0], paths.criteria[1], result, ("criteria",))
    vendor_files = [load_file(p, d, result, ("vendor", "vendors")) for p, d in paths.vendors]
    score_files = [load_file(p, d, result, ("scores",)) for p, d in paths.scores]
    vendors, scores = _cross_check(crit_file, vendor_files, score_files, result)
    if not paths.vendors:
        result.issues.append(
            Issue(paths.criteria[1], 1, 1, "no-vendors", "the project has no vendor files")
        )
    result.issues.sort()
    crit = crit_file.model if crit_file is not None else None
    if crit_file is None or not isinstance(crit, CriteriaFile):
        return None, result
    if any(i.severity == "error" for i in result.issues):
        return None, result
    warnings = tuple(i for i in result.issues if i.severity == "warning")
    try:
        history = _history(crit, paths.criteria)
    except InputError as exc:
        result.issues.extend(exc.issues)
        return None, result
    return _loaded(crit, crit_file.doc, vendors, scores, warnings, history), result


def _history(crit: CriteriaFile, criteria: tuple[Path, str]) -> History | None:
    """The arrival history of ``workload.profile_file``, read relative to the criteria file."""
    workload = crit.workload
    if workload is None or not workload.staffed or workload.profile_file is None:
        return None
    from vendorscore.loading.history import history_of

    return history_of(workload, *criteria)


def _loaded(
    crit: CriteriaFile,
    crit_doc: Document,
    vendors: Sequence[VendorAt],
    scores: Sequence[ScoresAt],
    warnings: Sequence[Issue],
    history: History | None = None,
) -> Loaded:
    """The models and their source map; the documents (text and data) are let go."""
    from vendorscore.criteria.inputs import EvaluationInput, InputFile, combined_digest
    from vendorscore.loading.sourcemap import Place, SourceFile, SourceMap
    from vendorscore.models.results import Inputs, Notice

    vendor_docs = {v.at.doc.display: v.at.doc for v in vendors}
    vendor_docs.pop(crit_doc.display, None)
    score_docs = [s.at.doc for s in scores]
    parts = [crit_doc.sha256]
    parts += sorted(d.sha256 for d in vendor_docs.values())
    parts += sorted(d.sha256 for d in score_docs)
    if history is not None:
        parts.append(history.sha256)
    sources = Inputs(
        crit_doc.display,
        tuple(dict.fromkeys(v.at.doc.display for v in vendors)),
        tuple(d.display for d in score_docs),
        combined_digest(parts),
    )
    files: dict[str, InputFile] = {}
    for doc in [crit_doc, *(v.at.doc for v in vendors), *score_docs]:
        files.setdefault(doc.display, InputFile(doc.display, doc.sha256))
    if history is not None:
        files.setdefault(history.display, InputFile(history.display, history.sha256))
    inputs = EvaluationInput(
        crit,
        tuple(v.vendor for v in vendors),
        tuple(s.scores for s in scores),
        sources,
        tuple(files.values()),
        tuple(Notice(i.code, i.message) for i in warnings),
        history,
    )
    known: dict[str, SourceFile] = {}

    def place(doc: Document, loc: tuple[str | int, ...]) -> Place:
        if doc.display not in known:
            known[doc.display] = SourceFile(doc.path, doc.display, doc.sha256)
        return Place(known[doc.display], loc)

    vendor_places: dict[str, Place] = {}
    for v in vendors:
        vendor_places.setdefault(v.vendor.id, place(v.at.doc, v.at.loc))
    source_map = SourceMap(
        place(crit_doc, ()),
        vendor_places,
        tuple(place(s.at.doc, s.at.loc) for s in scores),
    )
    return Loaded(inputs, source_map)


def require_project(paths: ProjectPaths, strict: bool = False) -> Loaded:
    """Load the project or raise InputError with every problem (warnings too under ``strict``)."""
    project, result = load_project(paths)
    errors = [i for i in result.issues if i.severity == "error" or strict]
    if project is None or errors:
        raise InputError(errors or result.issues)
    return project
