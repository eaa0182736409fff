"""Writing an output: to standard output (``-``), or to a file atomically (all or nothing).

The text goes to a temporary file in the target's folder, is flushed to disk, then renamed
over the target (``os.replace`` is atomic on one file system), so a reader never sees half a
report and a failure leaves no partial file. Two processes writing the same path each
rename a complete file; the last rename wins. Ctrl-C, SIGTERM and SIGHUP are held for the
few system calls between creating the temporary file and renaming it, so a signal never
leaves it behind: it takes effect once the file is complete (a second one at once, and the
temporary file is removed).

Only a regular file (or a new name) is a target. A FIFO would block until someone reads it,
a device is not an output file (``-o -`` is standard output), a folder cannot be replaced,
and a symbolic link is not followed nor replaced (a link planted in a project folder must
not redirect a report onto another file).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vendorscore.errors import OutputError, UsageError

STDOUT = "-"
HELD_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
TEMP_PREFIX_CHARS = 64  # of the target's name in the temporary file's (names stay < 255 bytes)

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class StdoutError(OutputError):
    """Standard output could not be written (a full disk, a closed stream)."""


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def check_target(path: Path) -> None:
    """Refuse what is not a regular file or a new name in an existing folder, before any work
    is done: OutputError with one reason."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a name too long, a file where a folder should be, …
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"cannot write {path}: a symbolic link (not followed, not replaced: "
                "remove it or write elsewhere)"
            )
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise OutputError(
                f"cannot write {path}: {kind}, not a regular file (-o - writes to standard output)"
            )
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")


def check_destination(destination: str | None, binary: bool = False) -> None:
    """Check an ``-o`` value before the work: ``-`` (or None) is standard output, which a
    binary format cannot use; anything else must be a writable target (``check_target``)."""
    if destination is None or destination == STDOUT:
        if binary:
            raise UsageError("this format writes a file: give --output FILE")
        return
    check_target(Path(destination))


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP that arrive during the block take effect when it ends, as
    they would have (KeyboardInterrupt, the CLI's handler, or the default action). The same
    signal a second time takes effect at once (a stuck write can still be interrupted); the
    block's own ``finally`` then cleans up. Handlers exist only in the main thread: elsewhere
    nothing is held. (A signal mask would not do: numpy's threads would take the signal.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous: dict[int, Any] = {}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        previous.clear()

    def hold(number: int, frame: object) -> None:
        if number in caught:  # asked twice: now
            restore()
            signal.raise_signal(number)
        caught.append(number)

    for number in HELD_SIGNALS:
        handler = signal.getsignal(number)
        if handler is not signal.SIG_IGN:
            previous[number] = handler
            signal.signal(number, hold)
    try:
        yield
    finally:
        was_held = bool(previous)
        restore()
        if was_held:
            for number in dict.fromkeys(caught):
                signal.raise_signal(number)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically; OutputError with one reason on
    failure."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    check_target(path)
    prefix = f".{path.name[:TEMP_PREFIX_CHARS]}."
    temp: Path | None = None
    with held_signals():
        try:
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
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


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output and flush it; OutputError when that fails (a full
    disk, a closed stream). A reader that went away (BrokenPipeError) is left to the caller:
    `vendorscore rank | head` is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(f"cannot write to standard output: {_reason(exc)}") from None


def write_stdout_bytes(data: bytes) -> None:
    """Write bytes (a PDF into a pipe) to standard output, as ``write_stdout`` writes text."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(f"cannot write to standard output: {_reason(exc)}") from None


def write_output(
    destination: str | None, data: str | bytes, binary_stdout: bool = False
) -> Path | None:
    """Write ``data`` to standard output (``destination`` None or ``-``) or atomically to the
    file ``destination``; returns the path written, if any. Bytes go to standard output only
    when ``binary_stdout`` says the format may (a PDF: the CLI refuses a terminal first)."""
    if destination is None or destination == STDOUT:
        if isinstance(data, bytes):
            if not binary_stdout:
                raise UsageError("this format writes a file: give --output FILE")
            write_stdout_bytes(data)
            return None
        write_stdout(data)
        return None
    target = Path(destination)
    write_atomic(target, data)
    return target
