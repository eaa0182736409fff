"""A project folder as it was at a git revision, copied into a temporary folder."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vendorscore.errors import UsageError


def _git(args: list[str], cwd: str | Path) -> bytes:
    """Run git; any failure (git missing, a bad revision, a missing object) is a usage error
    with git's last line."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        detail = stderr.decode("utf-8", "replace").strip() or str(exc)
        last = detail.splitlines()[-1] if detail else "failed"
        raise UsageError(f"git {' '.join(args)}: {last}") from None
    return done.stdout


@contextlib.contextmanager
def checkout(folder: str, rev: str) -> Iterator[Path]:
    """A temporary copy of ``folder`` as it was at git revision ``rev`` (removed on exit)."""
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    relative = Path(folder).resolve().relative_to(top.resolve())
    listing = _git(["ls-tree", "-r", "--name-only", rev, "--", str(relative) or "."], top)
    names = [n for n in listing.decode("utf-8", "replace").splitlines() if n]
    if not names:
        raise UsageError(f"{folder} does not exist at {rev}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            target = Path(tmp) / Path(name).relative_to(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["show", f"{rev}:{name}"], top))
        yield Path(tmp)
