"""Real git repositories for tests: a config repo committed on ``main``, and small edit helpers.

Used by every test that needs history (pull-request mode, apply, rollback, authoring).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import make_repo

AUTHOR = ["-c", "user.name=Test Ops", "-c", "user.email=ops@golive.example",
          "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; raise with git's own message when it fails."""
    done = subprocess.run(["git", *AUTHOR, *args], cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def init_config_repo(path: Path, tenants: tuple[str, ...] = ("acme-ortho", "riverbend-cardio",
                                                              "summit-peds")) -> Path:
    """A git repo on branch ``main`` whose first commit holds schemas, policies and ``tenants``."""
    repo = make_repo(path, tenants)
    (repo / ".git").rmdir()
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Initial config")
    return repo


def commit_all(repo: Path, message: str) -> str:
    """Stage everything and commit; the new commit id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file (``count`` times); fail loudly when ``old`` is absent."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise AssertionError(f"{old!r} not in {rel}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def add_copies(repo: Path, count: int, digits: int) -> list[str]:
    """``count`` more tenants in ``repo``, copies of the examples in turn, named ``t<i>-<example>``
    (``i`` zero-padded to ``digits``); their ids, in the order made."""
    import shutil

    from tests.conftest import EXAMPLES

    sources = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    names = []
    for i in range(count):
        source = sources[i % len(sources)]
        name = f"t{i:0{digits}d}-{source}"
        shutil.copytree(EXAMPLES / source, repo / "tenants" / name, symlinks=True)
        edit(repo, f"tenants/{name}/tenant.yaml", f"tenant: {source}", f"tenant: {name}")
        names.append(name)
    return names
