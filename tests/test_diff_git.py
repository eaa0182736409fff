"""`vendorscore diff --git` on ordinary repositories (issue 11, item 8): hostile file names,
submodules and links, `REV:path`, missing objects, revisions that look like options, and
diagnostics of the old revision named `REV:path`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import DATA, EXAMPLE, CliRunner

HOSTILE = DATA / "hostile" / "git"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def lines(name: str) -> list[str]:
    text = (HOSTILE / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    return done.stdout.decode()


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration changes what these tests see."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the example project in rfp/, committed once."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "rfp", ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


BAYANI_RATE = "rate: {value: 11.50, minus_percent: 5, plus_percent: 15, shape: triangular}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_hostile_file_names_are_read_at_the_revision(cli: CliRunner, repo: Path) -> None:
    vendors = repo / "rfp" / "vendors"
    andes = (vendors / "andes.yaml").read_text()
    names = [json.loads(line) for line in lines("file-names.txt")]
    assert len(names) >= 20
    for i, name in enumerate(names):
        (vendors / name).parent.mkdir(parents=True, exist_ok=True)
        (vendors / name).write_text(
            andes.replace("id: andes", f"id: hostile-{i}").replace(
                "name: Andes Nearshore CX", f"name: Hostile {i}"
            )
        )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "hostile names")
    for name in names:
        edit(vendors / name, "value: 0.36", "value: 0.30")
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD", "-f", "json")
    assert result.code == 0, result.err
    changed = {(c["subject"], c["field"]) for c in json.loads(result.out)["changes"]}
    assert changed == {(f"hostile-{i}", "pricing.rate.value") for i in range(len(names))}


def test_diagnostics_of_the_old_revision_name_rev_and_path(
    cli: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bayani = repo / "rfp" / "vendors" / "bayani-cx.yaml"
    edit(bayani, BAYANI_RATE, "rate: -11.50")
    git(repo, "commit", "-qam", "broken")
    edit(bayani, "rate: -11.50", BAYANI_RATE)
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD")
    assert result.code == 1
    assert result.err.splitlines() == [
        "HEAD:rfp/vendors/bayani-cx.yaml:10:3: error: rate must be > 0, got -11.5 [not-positive]"
    ]
    # From inside the project, the project being the repository's top
    top = repo / "rfp"
    shutil.rmtree(repo / ".git")
    git(top, "init", "-q")
    edit(bayani, BAYANI_RATE, "rate: -11.50")
    git(top, "add", ".")
    git(top, "commit", "-qm", "broken")
    edit(bayani, "rate: -11.50", BAYANI_RATE)
    monkeypatch.chdir(top)
    result = cli("diff", "--git", "HEAD")
    assert result.code == 1
    assert result.err.startswith("HEAD:vendors/bayani-cx.yaml:10:3: error: rate must be > 0")


def test_a_folder_at_a_revision_given_as_rev_colon_path(cli: CliRunner, repo: Path) -> None:
    git(repo, "mv", "rfp", "old-rfp")
    git(repo, "commit", "-qm", "renamed")
    shutil.copytree(repo / "old-rfp", repo / "rfp")
    edit(repo / "rfp" / "vendors" / "bayani-cx.yaml", "value: 11.50", "value: 10.90")
    for rev in ("HEAD:old-rfp", "HEAD~1:rfp"):
        result = cli("diff", str(repo / "rfp"), "--git", rev, "-f", "json")
        assert result.code == 0, result.err
        assert [c["subject"] for c in json.loads(result.out)["changes"]] == ["bayani-cx"]
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD:old-rfp/vendors")
    assert result.code == 2
    assert (
        result.err
        == "vendorscore: error: HEAD:old-rfp/vendors: not a project folder (no criteria/ inside); give a project folder or --criteria FILE\n"
    )


def test_submodules_and_links_are_not_read_and_said_so(cli: CliRunner, repo: Path) -> None:
    vendors = repo / "rfp" / "vendors"
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},rfp/vendors/extra")
    (vendors / "passwd.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "rfp/vendors/passwd.yaml")
    git(repo, "commit", "-qm", "a submodule and a link")
    (vendors / "passwd.yaml").unlink()
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["changes"] == []
    assert result.err.splitlines() == [
        "HEAD:rfp/vendors/extra:1:1: warning: a git submodule: not read [not-read]",
        "HEAD:rfp/vendors/passwd.yaml:1:1: warning: a symbolic link: not read [not-read]",
    ]


def test_a_missing_object_is_one_positioned_line(cli: CliRunner, repo: Path) -> None:
    blob = git(repo, "rev-parse", "HEAD:rfp/vendors/kaveri.yaml").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD")
    assert result.code == 1
    assert result.err == (
        f"HEAD:rfp/vendors/kaveri.yaml:1:1: error: object {blob} is missing from the "
        "repository [git-object-missing]\n"
    )


@pytest.mark.parametrize("rev", lines("revisions.txt"))
def test_a_revision_is_never_an_option(
    cli: CliRunner, repo: Path, rev: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    before = sorted(p.name for p in repo.iterdir())
    result = cli("diff", "rfp", "--git", rev)
    assert result.code == 2, (rev, result.err)
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("vendorscore: error: --git ")
    assert sorted(p.name for p in repo.iterdir()) == before
    assert not Path("/tmp/vendorscore-pwned").exists()


def test_old_revision_never_named_by_a_temporary_folder(cli: CliRunner, repo: Path) -> None:
    """Every criteria error at the revision (here, two criteria files) names REV:path."""
    shutil.copy(repo / "rfp" / "criteria" / "retail-cx.yaml", repo / "rfp" / "criteria" / "b.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "two criteria files")
    (repo / "rfp" / "criteria" / "b.yaml").unlink()
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD")
    assert result.code == 2
    assert result.err == (
        "vendorscore: error: several criteria files (HEAD:rfp/criteria/b.yaml, "
        "HEAD:rfp/criteria/retail-cx.yaml): choose one with --criteria\n"
    )


def test_the_folder_must_be_a_folder_then(cli: CliRunner, repo: Path) -> None:
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD:rfp/vendors/andes.yaml")
    assert (result.code, result.err) == (
        2,
        "vendorscore: error: --git HEAD:rfp/vendors/andes.yaml: HEAD:rfp/vendors/andes.yaml "
        "is a file, not a folder\n",
    )
    (repo / "new").mkdir()
    shutil.copytree(repo / "rfp", repo / "new" / "rfp")
    result = cli("diff", str(repo / "new" / "rfp"), "--git", "HEAD")
    assert (result.code, result.err) == (
        2,
        "vendorscore: error: --git HEAD: HEAD:new/rfp does not exist\n",
    )


def test_a_blob_over_the_file_limit_is_refused_before_it_is_read(
    cli: CliRunner, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorscore.loading.yamlio import MAX_FILE_BYTES

    huge = repo / "rfp" / "vendors" / "huge.yaml"
    with huge.open("wb") as out:  # compresses to almost nothing in git
        out.write(b"#" * (MAX_FILE_BYTES + 2**20))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "huge")
    huge.unlink()
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = cli("diff", str(repo / "rfp"), "--git", "HEAD")
    assert (result.code, result.err) == (
        1,
        "HEAD:rfp/vendors/huge.yaml:1:1: error: file is 65 MiB, more than the 64 MiB limit: "
        "split the catalogue into several files [file-too-large]\n",
    )
    assert list(temp.iterdir()) == []


def test_the_copy_at_the_revision_is_removed_after_an_error(
    cli: CliRunner, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    blob = git(repo, "rev-parse", "HEAD:rfp/vendors/vistula-tejo.yaml").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    assert cli("diff", str(repo / "rfp"), "--git", "HEAD").code == 1
    assert list(temp.iterdir()) == []
