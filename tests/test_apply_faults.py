"""Faults and races, with real processes: an apply killed mid-transaction, two applies at once.

The apply under test runs as a subprocess through tests/apply_pause.py, which
wraps the target golive opens: it creates ``FILE.locking`` just before asking for
the target's lock, and, once it has written everything but not committed, creates
``FILE`` and waits for the test to remove it (or to kill the process).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from golive.cli import main
from tests.gitrepo import add_copies, commit_all, edit, git, init_config_repo

pytest_plugins = ["tests.pgserver"]

AS_OF = "2026-11-25"
PAUSING = Path(__file__).parent / "apply_pause.py"
MANY = 1000


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out, io.StringIO())
    return code, out.getvalue()


def snapshot(url: str) -> tuple[Any, Any, int]:
    """State, history and the drift exit code: everything a person could see of the target."""
    state = json.loads(run("state", "--target", url, "--format", "json")[1])
    history = json.loads(run("history", "--target", url, "--format", "json")[1])
    return state, history, run("drift", "--target", url)[0]


def start_apply(repo: Path, url: str, revision: str, marker: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(PAUSING), str(marker), "apply", "--repo", str(repo), "--target", url,
         "--revision", revision, "--as-of", AS_OF],
        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the apply ended before {path.name}: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            raise AssertionError(f"no {path.name} after {seconds}s")
        time.sleep(0.05)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The three examples (first commit), then 1,000 more tenants (second commit)."""
    repo = init_config_repo(tmp_path_factory.mktemp("big") / "repo")
    small = git(repo, "rev-parse", "HEAD")
    add_copies(repo, MANY, digits=4)
    return repo, small, commit_all(repo, f"{MANY} tenants go live")


def test_an_apply_killed_mid_transaction_leaves_the_store_as_it_was(
        big_repo: tuple[Path, str, str], target_url: str, tmp_path: Path) -> None:
    repo, small, big = big_repo
    assert run("apply", "--repo", str(repo), "--target", target_url, "--revision", small,
               "--as-of", AS_OF)[0] == 0
    before = snapshot(target_url)

    marker = tmp_path / "paused"
    proc = start_apply(repo, target_url, big, marker)
    wait_for(marker, proc)   # every row of 1,000 tenants written, not committed
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert snapshot(target_url) == before
    assert before[2] == 0   # and no drift
    # The store is not left locked or damaged: the same apply then goes through.
    code, out = run("apply", "--repo", str(repo), "--target", target_url, "--revision", big,
                    "--as-of", AS_OF)
    assert code == 0, out
    assert len(snapshot(target_url)[0]["tenants"]) == MANY + 3


@pytest.fixture
def three_commits(tmp_path: Path) -> tuple[Path, list[str]]:
    repo = init_config_repo(tmp_path / "repo")
    shas = [git(repo, "rev-parse", "HEAD")]
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    shas.append(commit_all(repo, "acme-ortho: read only"))
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "status: active", "status: read_only")
    shas.append(commit_all(repo, "riverbend-cardio: read only"))
    return repo, shas


def _race(repo: Path, url: str, first: str, second: str, tmp_path: Path) -> tuple[tuple[int, str, str], ...]:
    """Apply ``first`` and hold it uncommitted while ``second`` asks for the lock; then let both end."""
    holder = start_apply(repo, url, first, tmp_path / "first")
    wait_for(tmp_path / "first", holder)
    waiter = start_apply(repo, url, second, tmp_path / "second")
    wait_for(tmp_path / "second.locking", waiter)
    time.sleep(1.0)
    assert waiter.poll() is None, "the second apply went on while the first held the lock"
    (tmp_path / "first").unlink()
    return finish(holder), finish(waiter)


def test_two_applies_of_one_revision_at_once(three_commits: tuple[Path, list[str]], target_url: str,
                                             tmp_path: Path) -> None:
    repo, shas = three_commits
    (code1, out1, _), (code2, out2, err2) = _race(repo, target_url, shas[2], shas[2], tmp_path)
    assert (code1, code2, err2) == (0, 0, "")
    assert out1.startswith(f"applied {shas[2][:12]}")
    assert out2.startswith("no changes: ")   # it read again under the lock: nothing left to do
    state, history, drift = snapshot(target_url)
    assert (state["revision"], drift) == (shas[2], 0)
    changes = int(out1.split(": ")[1].split()[0])
    assert len(history["history"]) == changes   # one apply's audit rows, not two


def test_an_older_revision_racing_a_newer_one_is_refused(three_commits: tuple[Path, list[str]],
                                                         target_url: str, tmp_path: Path) -> None:
    repo, shas = three_commits
    assert run("apply", "--repo", str(repo), "--target", target_url, "--revision", shas[0],
               "--as-of", AS_OF)[0] == 0
    trail = snapshot(target_url)[1]["history"]
    # When it started, shas[1] was a descendant of what the store held; by the time it
    # holds the lock, the store holds shas[2], and the ancestry guard refuses it.
    (code1, _, _), (code2, out2, _) = _race(repo, target_url, shas[2], shas[1], tmp_path)
    assert (code1, code2) == (0, 1)
    assert "out-of-order apply" in out2
    state, history, drift = snapshot(target_url)
    assert (state["revision"], drift) == (shas[2], 0)
    assert state["tenants"]["riverbend-cardio"]["status"] == "read_only"
    assert {e["commit"] for e in history["history"][len(trail):]} == {shas[2]}
