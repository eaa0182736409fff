"""A project folder as it was at a git revision, copied into a temporary folder.

The revision is resolved with ``git rev-parse --verify --end-of-options`` (so a revision
named ``--output=x`` is a revision, never an option) to the tree of the folder: ``REV`` is
the folder given at that commit, ``REV:path`` (anything with a colon) names the tree
directly. The tree is listed with ``git ls-tree -r -z -l`` (NUL-separated, so file names
are never C-quoted) and its YAML blobs are read with one ``git cat-file --batch``. Only
regular files are copied: submodules and symbolic links are reported as not read. Files are
named as git names them, ``REV:path/vendors/x.yaml``, never by the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, cast

from vendorscore.errors import InputError, Issue, OutputError, UsageError
from vendorscore.loading.yamlio import MAX_FILE_BYTES

INPUT_SUFFIXES = (".yaml", ".yml", ".json")  # the files a project is read from
REGULAR_MODES = (b"100644", b"100755")
COPY_BUFFER = 1 << 20  # bytes read from git at a time


@dataclass(frozen=True)
class Entry:
    """One entry of ``git ls-tree -r -l``: its mode, type, object id, size and path."""

    mode: bytes
    kind: bytes
    oid: str
    size: int
    path: str  # relative to the tree, as the file system spells it (os.fsdecode)


@dataclass(frozen=True)
class Snapshot:
    """The folder at the revision: where it was copied, how to name it, what was not read."""

    folder: Path
    shown: str  # "HEAD~1:rfp", or "HEAD~1:" for the repository's top
    skipped: tuple[Issue, ...]


def _git(args: list[str], cwd: str | Path) -> bytes:
    """Run git; any failure (git missing, a bad revision) is a usage error with git's last
    line."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    except OSError as exc:
        raise UsageError(f"--git needs git: {exc.strerror or exc}") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        last = detail.splitlines()[-1] if detail else f"exit status {exc.returncode}"
        raise UsageError(f"git {args[0]}: {last}") from None
    return done.stdout


def _resolve(top: Path, spec: str) -> str | None:
    """The object id ``spec`` names, or None."""
    try:
        out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", spec], top)
    except UsageError:
        return None
    return out.decode("ascii", "replace").strip() or None


def tree_of(folder: str, rev: str) -> tuple[Path, str, str]:
    """The repository's top, the tree id of ``folder`` at ``rev``, and its ``REV:path`` name."""
    if not Path(folder).is_dir():
        raise UsageError(f"{folder}: no such project folder")
    top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"], folder).rstrip(b"\n")))
    if ":" in rev:
        spec = rev
    else:
        if _resolve(top, f"{rev}^{{tree}}") is None:
            raise UsageError(f"--git {rev}: no such revision in {top}")
        relative = Path(folder).resolve().relative_to(top.resolve()).as_posix()
        spec = f"{rev}:" if relative == "." else f"{rev}:{relative}"
    oid = _resolve(top, spec)
    if oid is None:
        what = "no such folder or revision" if spec == rev else f"{spec} does not exist"
        raise UsageError(f"--git {rev}: {what}")
    kind = _git(["cat-file", "-t", oid], top).decode("ascii", "replace").strip()
    if kind != "tree":
        what = {"blob": "a file", "commit": "a submodule"}.get(kind, f"a {kind}")
        raise UsageError(f"--git {rev}: {spec} is {what}, not a folder")
    return top, oid, spec


def parse_tree(listing: bytes) -> list[Entry]:
    """The entries of ``git ls-tree -r -z -l`` output."""
    entries: list[Entry] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid, size = meta.split(None, 3)
        entries.append(
            Entry(
                mode,
                kind,
                oid.decode("ascii"),
                int(size) if size.isdigit() else 0,
                os.fsdecode(raw_path),
            )
        )
    return entries


def _not_read(shown: str, entry: Entry) -> Issue | None:
    """A warning for what is not copied: submodules, and links (they could point anywhere)."""
    if entry.kind == b"commit":
        what = "a git submodule"
    elif entry.mode == b"120000":
        what = "a symbolic link"
    else:
        return None
    return Issue(
        _name(shown, entry.path), 1, 1, "not-read", f"{what}: not read", severity="warning"
    )


def _name(shown: str, path: str) -> str:
    return f"{shown}{path}" if shown.endswith(":") else f"{shown}/{path}"


def _refuse_large(wanted: list[Entry], shown: str) -> None:
    """The loader's file-size limit, applied before anything is read."""
    issues = [
        Issue(
            _name(shown, e.path),
            1,
            1,
            "file-too-large",
            f"file is {e.size / 2**20:.0f} MiB, more than the {MAX_FILE_BYTES // 2**20} MiB "
            "limit: split the catalogue into several files",
        )
        for e in wanted
        if e.size > MAX_FILE_BYTES
    ]
    if issues:
        raise InputError(issues)


def _copy_blobs(top: Path, wanted: list[Entry], shown: str, root: Path) -> None:
    """Each wanted blob into its file below ``root``, one object at a time through one
    ``git cat-file --batch`` (memory stays at one buffer, whatever the files)."""
    try:
        process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=top,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise UsageError(f"--git needs git: {exc.strerror or exc}") from None
    requests, answers = cast("IO[bytes]", process.stdin), cast("IO[bytes]", process.stdout)
    with process:
        for entry in wanted:
            requests.write(f"{entry.oid}\n".encode())
            requests.flush()
            header = answers.readline().split()
            if len(header) != 3:  # "<oid> missing"
                requests.close()
                issue = Issue(
                    _name(shown, entry.path),
                    1,
                    1,
                    "git-object-missing",
                    f"object {entry.oid} is missing from the repository",
                )
                raise InputError([issue])
            _copy(root, entry, answers, int(header[2]), shown)
            answers.read(1)  # the newline after the content
        requests.close()


@contextlib.contextmanager
def checkout(folder: str, rev: str) -> Iterator[Snapshot]:
    """A temporary copy of ``folder`` as it was at git revision ``rev`` (removed on exit)."""
    top, tree, shown = tree_of(folder, rev)
    entries = parse_tree(_git(["ls-tree", "-r", "-z", "-l", "--full-tree", tree], top))
    skipped = tuple(i for i in (_not_read(shown, e) for e in entries) if i is not None)
    wanted = [
        e
        for e in entries
        if e.kind == b"blob" and e.mode in REGULAR_MODES and e.path.endswith(INPUT_SUFFIXES)
    ]
    _refuse_large(wanted, shown)
    try:
        root = Path(tempfile.mkdtemp(prefix="vendorscore-git-"))
    except OSError as exc:
        raise OutputError(f"cannot make a temporary folder: {exc.strerror or exc}") from None
    try:
        _copy_blobs(top, wanted, shown, root)
        yield Snapshot(root, shown, skipped)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _copy(root: Path, entry: Entry, source: IO[bytes], size: int, shown: str) -> None:
    """``size`` bytes of ``source`` into the entry's file below ``root``."""
    parts = PurePosixPath(entry.path).parts
    if any(p in ("", ".", "..") for p in parts):  # git never stores these
        raise UsageError(f"{_name(shown, entry.path)}: not a path git stores")
    target = root.joinpath(*parts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            left = size
            while left:
                piece = source.read(min(left, COPY_BUFFER))
                if not piece:
                    raise OSError(0, "git cat-file ended early")
                out.write(piece)
                left -= len(piece)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(
            f"cannot copy {_name(shown, entry.path)} to a temporary folder: {reason}"
        ) from None
