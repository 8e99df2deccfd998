"""The pre-commit hook, run by the real pre-commit on real commits.

pre-commit hands a hook only the staged files that still exist, so the hook must
not depend on being handed a file: it always runs, and ``golive validate
--staged`` asks git's index which tenants the commit touches. The hook here is
the one ``.pre-commit-hooks.yaml`` defines, used as a local hook with
``language: unsupported`` (golive is already installed in this environment;
``language: python`` would build a fresh virtualenv from the package index).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from golive.cli import main
from golive.core.layout import TENANTS_DIR
from golive.engine import run as _engine
from golive.git import work_tree
from tests.conftest import ROOT
from tests.gitrepo import AUTHOR, git, init_config_repo

AS_OF = "2026-11-25"   # the examples are clean on this day


@pytest.fixture
def hooked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config repo whose commits run golive's pre-commit hook."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = {**hook, "language": "unsupported", "args": ["--as-of", AS_OF], "verbose": True}
    repo = init_config_repo(tmp_path / "repo")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False), encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "Run golive before each commit")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    # The golive this test runs, first on PATH, as an installed hook environment would have it.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True,
                   capture_output=True)
    return repo


def commit(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    """``git commit`` as a person types it: the hook runs, and may refuse (git shows its output on stderr)."""
    return subprocess.run(["git", *AUTHOR, "commit", "-m", message], cwd=repo,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD")


def _delete_golive_yaml(repo: Path) -> None:
    git(repo, "rm", "-q", "tenants/acme-ortho/golive.yaml")


def _move_edi_out(repo: Path) -> None:
    git(repo, "mv", "tenants/acme-ortho/edi.yaml", "edi-acme-ortho.yaml.bak")


def _rename_in_place(repo: Path) -> None:
    git(repo, "mv", "tenants/acme-ortho/payers.yaml", "tenants/acme-ortho/payers-old.yaml")


REFUSED = {
    "delete a live tenant's golive.yaml": (_delete_golive_yaml, "GL-UAT-SIGNOFF"),
    "move edi.yaml out of the tenant": (_move_edi_out, "edi.yaml is missing"),
    "rename payers.yaml inside the tenant": (_rename_in_place, "payers.yaml is missing"),
}


@pytest.mark.parametrize("change", list(REFUSED))
def test_a_commit_that_deletes_or_moves_tenant_files_is_refused(hooked: Path, change: str) -> None:
    make, why = REFUSED[change]
    before = head(hooked)
    make(hooked)
    done = commit(hooked, change)
    assert done.returncode != 0, done.stdout
    assert "golive validate" in done.stdout and "Failed" in done.stdout
    assert why in done.stdout and "acme-ortho" in done.stdout
    assert "1 tenant checked" in done.stdout
    assert head(hooked) == before


def test_a_commit_outside_tenants_checks_nothing_and_passes(hooked: Path) -> None:
    (hooked / "README.md").write_text("# Tenant configuration\n", encoding="utf-8")
    # Even with a broken tenant in the work tree: it is not part of this commit.
    edi = hooked / "tenants/acme-ortho/edi.yaml"
    edi.write_text(edi.read_text(encoding="utf-8").replace("usage_indicator: P", "usage_indicator: T"),
                   encoding="utf-8")
    git(hooked, "add", "README.md")
    before = head(hooked)
    done = commit(hooked, "Add a README")
    assert done.returncode == 0, done.stdout
    assert "0 tenants checked" in done.stdout and "Passed" in done.stdout
    assert git(hooked, "rev-parse", "HEAD~1") == before
    assert not (hooked / ".golive").exists()   # nothing loaded, nothing cached


def test_a_commit_of_one_tenant_checks_that_tenant(hooked: Path) -> None:
    notes = hooked / "tenants/summit-peds/notifications.yaml"
    notes.write_text(notes.read_text(encoding="utf-8") + "# reviewed with the billing lead\n",
                     encoding="utf-8")
    git(hooked, "add", "-A")
    done = commit(hooked, "summit-peds: note the review")
    assert done.returncode == 0, done.stdout
    assert "1 tenant checked" in done.stdout


def test_all_files_checks_every_tenant(hooked: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=hooked,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert done.returncode == 0, done.stdout
    assert "3 tenants checked" in done.stdout


def test_staged_needs_git_and_is_not_pull_request_mode(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `repo` is a plain directory; --staged needs a git index to ask.
    assert main(["validate", "--repo", str(repo), "--staged"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    real = init_config_repo(tmp_path / "real")
    assert main(["validate", "--repo", str(real), "--staged", "--base", "main"]) == 2
    assert "--staged and --base" in capsys.readouterr().err


def test_a_tenant_deleted_whole_has_nothing_left_to_check(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    git(repo, "rm", "-q", "-r", "tenants/summit-peds")
    assert work_tree.staged_tenants(repo) == {"summit-peds"}
    assert main(["validate", "--repo", str(repo), "--staged", "--as-of", AS_OF]) == 0


def test_the_staged_top_is_the_tenants_directory() -> None:
    assert TENANTS_DIR == _engine.TENANTS_DIR
