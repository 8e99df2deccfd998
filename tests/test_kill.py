"""golive killed with SIGKILL at any moment: no process of it survives, pipes close, the store is whole.

golive runs as a subprocess whose environment carries a mark of the test's own; every
process it starts inherits it, so the test finds them all in /proc, wherever they
were re-parented. Enough tenants are used for the checks to run in worker processes
(``PARALLEL_FROM``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from golive.cli import main
from golive.engine.run import PARALLEL_FROM
from tests.conftest import ROOT
from tests.gitrepo import add_copies, commit_all, init_config_repo

pytest_plugins = ["tests.pgserver"]

AS_OF = "2026-11-25"
TENANTS = PARALLEL_FROM + 2
KILLS = 30
SURVIVAL_SECONDS = 2.0

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out, io.StringIO())
    return code, out.getvalue()


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Enough tenants for worker processes: commit ``old``, then ``new`` where every tenant changed."""
    repo = init_config_repo(tmp_path_factory.mktemp("many") / "repo", ())
    add_copies(repo, TENANTS, digits=3)
    old = commit_all(repo, f"{TENANTS} tenants")
    for directory in sorted((repo / "tenants").iterdir()):
        text = (directory / "tenant.yaml").read_text(encoding="utf-8")
        for status in ("active", "onboarding"):
            text = text.replace(f"status: {status}\n", "status: read_only\n")
        (directory / "tenant.yaml").write_text(text, encoding="utf-8")
    return repo, old, commit_all(repo, "every tenant read only")


def pythons(pids: list[int]) -> int:
    """How many of ``pids`` run this Python: golive and its workers, not the git it calls."""
    count = 0
    for pid in pids:
        try:
            argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        count += argv0 == os.fsencode(sys.executable)
    return count


def command(pid: int) -> bytes:
    """The command line of ``pid``, or b"" once it has exited (listed, then gone before it was read)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def processes(mark: str) -> list[int]:
    """The live (not zombie) processes whose environment carries ``mark``."""
    found = []
    needle = f"GOLIVE_KILL_TEST={mark}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:   # gone meanwhile, or not ours to read
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry))
    return found


class Killed:
    """A golive subprocess, killed; how long its processes and its stdout outlived it."""

    def __init__(self, argv: list[str], delay: float | None, cwd: Path) -> None:
        self.mark = uuid.uuid4().hex
        env = {**os.environ, "GOLIVE_KILL_TEST": self.mark, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-I", "-m", "golive", *argv], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.eof_at: float | None = None
        assert self.proc.stdout is not None
        self.reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self.reader.start()
        if delay is None:   # as soon as worker processes are running
            deadline = time.monotonic() + 120
            while pythons(processes(self.mark)) < 2:
                assert self.proc.poll() is None, "golive ended before it started any worker"
                assert time.monotonic() < deadline, "no worker process started"
                time.sleep(0.005)
        else:
            time.sleep(delay)
        self.killed_at = time.monotonic()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def _read(self, stream: Any) -> None:
        with stream:
            while stream.read(65536):
                pass
            self.eof_at = time.monotonic()

    def survivors(self) -> list[int]:
        """The processes of the run still alive :data:`SURVIVAL_SECONDS` after the kill."""
        while time.monotonic() < self.killed_at + SURVIVAL_SECONDS:
            if not processes(self.mark):
                return []
            time.sleep(0.02)
        return processes(self.mark)

    def eof_after(self) -> float:
        self.reader.join(timeout=SURVIVAL_SECONDS + 1)
        assert self.eof_at is not None, "stdout still open"
        return self.eof_at - self.killed_at


def reap(pids: list[int]) -> None:
    for pid in pids:   # only processes this test's golive started
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("command", ["validate", "apply"])
def test_workers_die_with_a_killed_golive(many: tuple[Path, str, str], tmp_path: Path, command: str) -> None:
    repo = many[0]
    argv = ["validate", "--repo", str(repo), "--no-cache", "--jobs", "2", "--as-of", AS_OF] \
        if command == "validate" else \
        ["apply", "--repo", str(repo), "--target", f"sqlite:///{tmp_path / 'platform.db'}", "--as-of", AS_OF]
    killed = Killed(argv, None, repo)
    left = killed.survivors()
    reap(left)
    assert left == [], "worker processes outlived their parent"
    assert killed.eof_after() < SURVIVAL_SECONDS


def values(tenants: dict[str, Any]) -> dict[str, Any]:
    return {t: {k: v for k, v in fields.items() if k != "revision"} for t, fields in tenants.items()}


def test_random_kills_during_apply_leave_every_tenant_old_or_new(
        many: tuple[Path, str, str], target_url: str) -> None:
    repo, old, new = many
    versions = {}
    for sha in (new, old):   # the store ends at old, applied whole
        code, out = run("apply", "--repo", str(repo), "--target", target_url, "--revision", sha, "--force",
                        "--as-of", AS_OF)
        assert code == 0, out
        state = json.loads(run("state", "--target", target_url, "--format", "json")[1])
        versions[sha] = values(state["tenants"])
    assert versions[old] != versions[new]
    started = time.monotonic()
    assert run("apply", "--repo", str(repo), "--target", target_url, "--revision", new,
               "--as-of", AS_OF)[0] == 0
    assert run("apply", "--repo", str(repo), "--target", target_url, "--revision", old, "--force",
               "--as-of", AS_OF)[0] == 0
    # The kill falls in a window that starts at the length of one in-process apply, and
    # adapts: wider after a kill that came before the commit, narrower after one that
    # came after, so the kills keep falling on both sides of it whatever the machine's load.
    window = (time.monotonic() - started) / 2 + 1.0
    chance = random.Random(f"{target_url.split(':')[0]}-kills")
    outcomes, at = [], old
    for i in range(KILLS):
        toward = new if at == old else old
        killed = Killed(["apply", "--repo", str(repo), "--target", target_url, "--revision", toward,
                         "--force", "--as-of", AS_OF], chance.uniform(0, window), repo)
        left = killed.survivors()
        reap(left)
        assert left == [], f"kill {i}: processes outlived golive"
        assert killed.eof_after() < SURVIVAL_SECONDS, f"kill {i}"
        state = json.loads(run("state", "--target", target_url, "--format", "json")[1])
        for tenant, fields in state["tenants"].items():
            revision = fields.pop("revision")
            assert revision in versions, f"kill {i}: {tenant} at {revision}"
            assert fields == versions[revision][tenant], f"kill {i}: {tenant} partly written"
        assert run("drift", "--target", target_url)[0] == 0, f"kill {i}"
        at = state["revision"]
        outcomes.append(at == toward)
        window *= 0.8 if at == toward else 1.25
    # The kills fell both before and after the commit.
    assert any(outcomes) and not all(outcomes), outcomes


_WATCHED = """
import os, sys, threading, time
from golive.engine import worker_life
parent = os.getpid()
if os.fork() == 0:
    # Only the watching thread: no death signal asked of Linux (as where prctl is missing).
    threading.Thread(target=worker_life._watch, args=(parent,), daemon=True).start()
    sys.stdout.write("watching\\n")
    sys.stdout.flush()
    time.sleep(600)
    os._exit(0)
time.sleep(600)
"""


def test_a_worker_that_watches_its_parent_ends_without_the_death_signal(tmp_path: Path) -> None:
    mark = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-I", "-c", _WATCHED], stdout=subprocess.PIPE,
                            env={**os.environ, "GOLIVE_KILL_TEST": mark, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    with proc.stdout:
        assert proc.stdout.readline() == b"watching\n"
        assert len(processes(mark)) == 2
        killed_at = time.monotonic()
        proc.kill()
        proc.wait(timeout=30)
        while processes(mark) and time.monotonic() < killed_at + SURVIVAL_SECONDS:
            time.sleep(0.02)
        left = processes(mark)
        reap(left)
        assert left == []
        assert proc.stdout.read() == b""   # end-of-file: nothing holds the pipe any more


def test_the_heads_own_golive_dies_with_a_killed_golive(tmp_path: Path) -> None:
    """A pull request that changes golive's own code runs the head's golive as a child (the
    impact preview); killed at 3 a.m., golive takes it along instead of leaving it to run for
    its half-hour timeout. The head's "Python" here is a script that only sleeps."""
    repo = init_config_repo(tmp_path / "repo")
    (repo / "golive").mkdir()
    (repo / "golive" / "__init__.py").write_text('"""golive"""\n', encoding="utf-8")
    commit_all(repo, "golive's own code beside the tenants")
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-b", "change"], check=True)
    (repo / "golive" / "__init__.py").write_text('"""golive, changed"""\n', encoding="utf-8")
    commit_all(repo, "Change golive")
    head_python = tmp_path / "slow-python"
    head_python.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    head_python.chmod(0o755)
    mark = uuid.uuid4().hex
    env = {**os.environ, "GOLIVE_KILL_TEST": mark, "PYTHONPATH": str(ROOT),
           "GOLIVE_HEAD_PYTHON": str(head_python)}
    proc = subprocess.Popen([sys.executable, "-I", "-m", "golive", "validate", "--base", "main", "--no-cache",
                             "--as-of", AS_OF], cwd=repo, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not [p for p in processes(mark) if command(p).startswith(b"sleep")]:
        assert proc.poll() is None, "golive ended before it started the head's golive"
        assert time.monotonic() < deadline, "the head's golive never started"
        time.sleep(0.02)
    killed_at = time.monotonic()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    while processes(mark) and time.monotonic() < killed_at + SURVIVAL_SECONDS:
        time.sleep(0.02)
    left = processes(mark)
    reap(left)
    assert left == [], "the head's golive outlived its parent"
