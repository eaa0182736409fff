"""Output streams and signals (issue 11, item 9): a reader that goes away, a full or closed
stdout, `-o` targets that are not files, `-o -`, names too long, and signals during an atomic
write. Each ends in the right exit code and at most one line, never exit 3 or a temporary
file left behind."""

from __future__ import annotations

import io
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import DATA, EXAMPLE, CliRunner

FAST = ("--samples", "200")
FULL_DISK = "vendorscore: error: cannot write to standard output: No space left on device\n"

# Every command that writes to stdout, each in its formats.
STDOUT_COMMANDS = [
    ("rank", "--example"),
    ("rank", "--example", "-f", "json"),
    ("rank", "--example", "-f", "csv"),
    ("rank", "--example", "-f", "md"),
    ("rank", "--example", "-f", "json", "-o", "-"),
    ("validate", "--example", "-f", "json"),
    ("validate", "--example", "-f", "github"),
    ("schema", "vendor"),
    ("explain", "table-bay", "andes", "--example"),
    ("explain", "table-bay", "andes", "--example", "-f", "json"),
    ("sensitivity", "--example", *FAST),
    ("sensitivity", "--example", "-f", "json", *FAST),
    ("diff", str(EXAMPLE), str(EXAMPLE)),
    ("diff", str(EXAMPLE), str(EXAMPLE), "-f", "md"),
    ("report", "--example", "-o", "-", "--format", "md", *FAST),
    ("--version",),
]

# Every command with -o, and the file name it takes.
FILE_COMMANDS = [
    ("rank", "--example", "-f", "json", "-o"),
    ("rank", "--example", "-f", "csv", "-o"),
    ("rank", "--example", "-f", "md", "-o"),
    ("rank", "--example", "-o"),
    ("rank", "--example", "-f", "xlsx", "-o"),
    ("report", "--example", "--format", "html", *FAST, "-o"),
    ("sheet", "--example", "-o"),
]


def ids(commands: list[tuple[str, ...]]) -> list[str]:
    return [" ".join(c) if len(" ".join(c)) < 60 else " ".join(c[:4]) + " …" for c in commands]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, if the block blocks (opening a FIFO nobody reads, say)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class GoneReader(io.TextIOBase):
    """A stdout whose reader went away."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=ids(STDOUT_COMMANDS))
def test_a_reader_that_went_away_is_exit_0(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setattr(sys, "stdout", GoneReader())
    result = cli(*args)
    assert (result.code, result.err) == (0, "")


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.run import make_project

    return make_project(tmp_path_factory.mktemp("big") / "p", 600)


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_rank_piped_into_head(big_project: Path, fmt: str) -> None:
    """`vendorscore rank | head -1`: more output than a pipe holds, and the reader leaves."""
    with subprocess.Popen(
        [sys.executable, "-m", "vendorscore", "rank", str(big_project), "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=120) == 0
        assert process.stderr.read() == b""


WRITING = [c for c in STDOUT_COMMANDS if "github" not in c]  # a valid project: no line at all


@pytest.mark.parametrize("args", WRITING, ids=ids(WRITING))
def test_a_full_stdout_is_one_line_and_exit_1(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    with Path("/dev/full").open("w") as full:
        monkeypatch.setattr(sys, "stdout", full)
        result = cli(*args)
    assert (result.code, result.err) == (1, FULL_DISK)


@pytest.mark.parametrize(
    "args",
    [("rank", "--example"), ("schema", "vendor"), ("validate", "--example", "-f", "json")],
    ids=["rank", "schema", "validate"],
)
def test_a_closed_stdout_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vendorscore", *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (
        1,
        "vendorscore: error: cannot write to standard output: it was closed before vendorscore "
        "started\n",
    )


def test_with_stdout_closed_a_file_output_still_works(tmp_path: Path) -> None:
    """No file opened later takes the closed descriptor 1 (and a terminal's text with it)."""
    target = tmp_path / "r.md"
    done = subprocess.run(
        [sys.executable, "-m", "vendorscore", "report", "--example", "-o", str(target), *FAST],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: (os.close(1), os.close(2)),
    )
    assert done.returncode == 0
    assert target.read_text().startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def destinations() -> list[tuple[str, str]]:
    text = (DATA / "hostile" / "outputs" / "destinations.txt").read_text()
    rows = [line.split(" | ", 1) for line in text.splitlines() if not line.startswith("#")]
    return [(kind, message) for kind, message in rows]


def make(kind: str, root: Path, suffix: str) -> Path:
    """The hostile target named ``kind`` (an absolute path is used as it is)."""
    if kind.startswith("/"):
        return Path(kind)
    path = root / f"out{suffix}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-file":
        (root / "real").write_text("keep me")
        path.symlink_to(root / "real")
    elif kind == "link-to-fifo":
        os.mkfifo(root / "pipe")
        path.symlink_to(root / "pipe")
    elif kind == "link-to-stdout":  # what /dev/stdout is
        path.symlink_to("/proc/self/fd/1")
    elif kind == "link-to-folder":
        (root / "sub").mkdir()
        path.symlink_to(root / "sub")
    elif kind.endswith("-device"):  # a node of our own: never a real /dev entry
        kinds = {"char-device": (stat.S_IFCHR, 1, 3), "full-device": (stat.S_IFCHR, 1, 7)}
        mode, major, minor = kinds.get(kind, (stat.S_IFBLK, 7, 0))
        try:
            os.mknod(path, mode | 0o600, os.makedev(major, minor))
        except PermissionError:
            pytest.skip("making device nodes needs root")
    elif kind == "dangling-link":
        path.symlink_to(root / "nowhere")
    elif kind == "link-loop":
        path.symlink_to(path)
    elif kind == "name-too-long":
        path = root / ("x" * 300 + suffix)
    elif kind == "under-a-file":
        (root / "file").write_text("")
        path = root / "file" / f"out{suffix}"
    elif kind == "missing-folder":
        path = root / "missing" / f"out{suffix}"
    return path


def state(path: Path) -> tuple[object, ...]:
    """What a target is, to check it is left as it was."""
    try:
        info = path.lstat()
    except OSError as exc:
        return ("absent", exc.errno)
    link = path.readlink() if path.is_symlink() else None
    return (info.st_mode, info.st_size, info.st_mtime_ns, link)


@pytest.mark.parametrize(("kind", "message"), destinations(), ids=[k for k, _ in destinations()])
def test_outputs_that_are_not_files_are_refused(
    cli: CliRunner, tmp_path: Path, kind: str, message: str
) -> None:
    for number, command in enumerate(FILE_COMMANDS):
        root = tmp_path / str(number)
        root.mkdir()
        suffix = ".xlsx" if "xlsx" in command or command[0] == "sheet" else ".html"
        target = make(kind, root, suffix)
        before = state(target), sorted(p.name for p in root.iterdir())
        with deadline(30):
            result = cli(*command, str(target))
        expected = message.format(path=target, parent=target.parent)
        assert (result.code, result.err) == (1, f"vendorscore: error: {expected}\n"), command
        assert (state(target), sorted(p.name for p in root.iterdir())) == before


def test_dash_is_standard_output(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ranked = cli("rank", "--example", "-f", "json", "-o", "-")
    assert ranked.code == 0
    assert ranked.out.startswith("{")
    report = cli("report", "--example", "-o", "-", "--format", "md", *FAST)
    assert (report.code, report.err) == (0, "")
    assert report.out.startswith("# ")
    assert cli("report", "--example", "-o", "-", *FAST).code == 2  # md or html? say --format
    refused = cli("sheet", "--example", "-o", "-")
    assert (refused.code, refused.err) == (
        2,
        "vendorscore: error: this format writes a file: give --output FILE\n",
    )
    refused = cli("rank", "--example", "-f", "xlsx", "-o", "-")
    assert refused.code == 2
    assert "--format xlsx needs --output FILE.xlsx" in refused.err
    assert list(tmp_path.iterdir()) == []


def test_a_long_but_valid_name_is_written(cli: CliRunner, tmp_path: Path) -> None:
    """250 bytes is a valid name: the temporary file beside it must not be longer than 255."""
    target = tmp_path / ("r" * 245 + ".json")
    assert cli("rank", "--example", "-f", "json", "-o", str(target)).code == 0
    assert target.read_text().startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


WRITER = textwrap.dedent(
    """
    import os, sys
    real = os.fsync

    def paused(fd):  # the atomic write is between its temporary file and the rename
        sys.stderr.write("writing\\n")
        sys.stderr.flush()
        sys.stdin.readline()
        real(fd)

    os.fsync = paused
    from vendorscore.cli import main
    main()
    """
)


def _default_signals() -> None:
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "vendorscore: terminated"),
        (signal.SIGINT, 130, "vendorscore: interrupted"),
        (signal.SIGHUP, 129, "vendorscore: terminated"),
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP"],
)
def test_a_signal_during_an_atomic_write_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int, line: str | None
) -> None:
    target = tmp_path / "ranking.json"
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, "rank", "--example", "-f", "json", "-o", str(target)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_signals,
    ) as process:
        assert process.stdin is not None
        assert process.stderr is not None
        assert process.stderr.readline() == "writing\n"  # readiness: inside the write
        process.send_signal(signum)
        try:
            process.stdin.write("\n")
            process.stdin.close()
        except BrokenPipeError:  # the signal ended it at once: what the old code did
            pass
        err = process.stderr.read()
        assert process.wait(timeout=60) == code, err
    assert err.splitlines() == [line]
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.json"]
    assert target.read_text().endswith("}\n")  # complete: the signal waited for the rename
