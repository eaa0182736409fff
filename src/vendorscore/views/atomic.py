"""Writing an output file atomically: all of it, or nothing at all.

The text goes to a temporary file in the target's folder, is flushed to disk, then renamed
over the target (``os.replace`` is atomic on one file system), so a reader never sees half a
report and a failure leaves no partial file. Two processes writing the same path each
rename a complete file; the last rename wins. A target that is not a regular file (a
device such as ``/dev/stdout`` or ``/dev/full``) is written directly: there is nothing to
rename over.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vendorscore.errors import OutputError


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically; OutputError with one reason on
    failure."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise OutputError(f"{path}: is a folder, not a file")
        try:
            with path.open("wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
        return
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        temp.replace(path)
        temp = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
