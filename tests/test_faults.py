"""Faults around the tool (issue 6): unwritable outputs, Ctrl-C, races, read-only and hostile
project folders. Each must end in one line, the right exit code, and no partial file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CliRunner

FAST = ("--samples", "1000")


def vendorscore(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vendorscore", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_output_in_a_place_nobody_can_write(cli: CliRunner) -> None:
    target = Path("/proc/vendorscore-report.html")  # even root cannot create files in /proc
    result = cli("report", "--example", "-o", str(target), *FAST)
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"vendorscore: error: cannot write {target}:")
    assert not target.exists()


def big_project(root: Path, vendors: int = 400) -> Path:
    from bench.run import make_project

    return make_project(root, vendors)


def test_ctrl_c_during_a_long_smaa_run(tmp_path: Path) -> None:
    project = big_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    process = vendorscore("report", str(project), "-o", str(out / "r.html"), "--samples", "2000000")
    time.sleep(2.5)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "vendorscore: interrupted"
    assert list(out.iterdir()) == []  # no report, no temporary file


def test_two_processes_writing_one_report(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    runs = [
        vendorscore(
            "report", "--example", "-o", str(target), "--samples", "3000", "--seed", str(seed)
        )
        for seed in (1, 2)
    ]
    for run in runs:
        run.communicate(timeout=120)
        assert run.returncode == 0
    text = target.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert text.endswith("</html>\n")
    assert ("seed 1" in text) != ("seed 2" in text)  # exactly one of the two complete reports
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
    }


def test_read_only_project_is_never_written(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    before = snapshot(project)
    modes = {p: p.stat().st_mode for p in [project, *project.rglob("*")]}
    for path in modes:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        assert cli("validate", str(project)).code == 0
        assert cli("rank", str(project), "-f", "json").code == 0
        assert cli("explain", "table-bay", "andes", str(project)).code == 0
        assert cli("sensitivity", str(project), *FAST).code == 0
        assert cli("report", str(project), "-o", str(tmp_path / "r.md"), *FAST).code == 0
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert snapshot(project) == before


def test_symlink_loops_fifos_and_unreadable_files_in_a_project(
    cli: CliRunner, project: Path
) -> None:
    vendors = project / "vendors"
    (vendors / "loop.yaml").symlink_to("loop.yaml")
    (vendors / "up").symlink_to("..")  # a folder loop: not followed
    os.mkfifo(vendors / "pipe.yaml")  # reading it would block forever
    (vendors / "mem.yaml").symlink_to("/proc/self/mem")  # unreadable, even for root
    result = cli("validate", str(project))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{vendors}/loop.yaml:1:1: error: cannot read file: Too many levels of symbolic links [unreadable]",
        f"{vendors}/mem.yaml:1:1: error: cannot read file: Input/output error [unreadable]",
        f"{vendors}/pipe.yaml:1:1: error: not a regular file [unreadable]",
    ]
    ranked = cli("rank", str(project))
    assert ranked.code == 1
    assert "Traceback" not in ranked.err
