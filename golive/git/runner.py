"""The one way golive calls git: one GitPython ``Repo`` per repository, one error translation.

Every git command golive runs goes through here:

- :func:`repo` opens a repository with GitPython once per process and keeps it (the
  few most recent, closed when they give way, and all at exit), so a run opens each
  repository once;
- :func:`run` runs a git command through that ``Repo`` and returns its output;
  :func:`succeeds` says whether it exits 0;
- :func:`run_bytes`, :func:`run_bytes_together` and :func:`batch` are for
  byte-exact listings (one, or several side by side) and ``--batch`` streams, run
  as plain processes in the repository's work tree, without importing GitPython:
  the result cache lists files this way on every ``golive validate``, which must
  start fast.

A command that fails raises :class:`GitFailed`, a :class:`~golive.core.errors.GoliveError`
whose message is git's own last ``error:``/``fatal:`` line: golive shows it and
exits 2. Callers that expect a failure (an unknown ref) catch it and say what to do.
"""

from __future__ import annotations

import atexit
import os
import subprocess
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from golive.core.errors import ConfigRepoError, GoliveError

if TYPE_CHECKING:
    import git

# How many repositories stay open at once (a run works on one, pull-request mode on one or two).
_KEEP = 4
_OPEN: OrderedDict[Path, git.Repo] = OrderedDict()


class GitFailed(GoliveError):
    """A git command failed: ``said`` is git's own words, the message names the command too."""

    def __init__(self, command: str, said: str, output: str = "") -> None:
        super().__init__(f"git {command} failed: {said}")
        self.said = said
        self.output = output or said   # everything git (or a hook it ran) wrote, stderr then stdout


def unwrapped(stream: str | bytes | None) -> str:
    """What git wrote on a stream, without GitPython's ``stderr: '...'`` wrapping."""
    text = stream.decode("utf-8", "replace") if isinstance(stream, bytes) else str(stream or "")
    bare = text.strip()
    for name in ("stderr", "stdout"):
        if bare.startswith(f"{name}: '") and bare.endswith("'"):
            return bare[len(name) + 3:-1]
    return text


def message(stderr: str | bytes | None) -> str:
    """The line of git's stderr that says what went wrong (its first ``error:`` or ``fatal:``)."""
    lines = [ln.strip() for ln in unwrapped(stderr).splitlines() if ln.strip()]
    said = next((ln for ln in lines if ln.startswith(("error:", "fatal:"))), lines[-1] if lines else "")
    return said.removeprefix("stderr: ").strip("'")


def repo(root: Path) -> git.Repo:
    """The GitPython ``Repo`` of the work tree ``root``, opened once and kept."""
    key = Path(root)
    found = _OPEN.get(key)
    if found is not None:
        _OPEN.move_to_end(key)
        return found
    import git

    try:
        opened = git.Repo(key)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigRepoError(f"{root} is not a git repository (run git init, or pass --repo)") from None
    _OPEN[key] = opened
    while len(_OPEN) > _KEEP:
        _OPEN.popitem(last=False)[1].close()
    return opened


@atexit.register
def close_all() -> None:
    """Close every repository kept open (GitPython's helper processes end with them)."""
    while _OPEN:
        _OPEN.popitem()[1].close()


def run(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """The output of ``git ARGS`` in ``root`` (trailing newline stripped); :class:`GitFailed` on failure."""
    import git

    try:
        return str(repo(root).git.execute(["git", *args], env=dict(env) if env else None))
    except git.GitCommandError as exc:
        output = "\n".join(s for s in (unwrapped(exc.stderr).strip(), unwrapped(exc.stdout).strip()) if s)
        raise GitFailed(args[0], message(exc.stderr), output) from None


def succeeds(root: Path, *args: str) -> bool:
    """Whether ``git ARGS`` exits 0 in ``root``."""
    try:
        run(root, *args)
    except GitFailed:
        return False
    return True


def split_z(output: str | bytes) -> list[str]:
    """The entries of a ``-z`` listing (NUL-separated), without empty ones."""
    text = output.decode("utf-8", "surrogateescape") if isinstance(output, bytes) else output
    return [p for p in text.split("\0") if p]


def run_z(root: Path, *args: str, env: Mapping[str, str] | None = None) -> list[str]:
    """:func:`run` of a ``-z`` command, split into its entries."""
    return split_z(run(root, *args, env=env))


def run_bytes(root: Path, args: Sequence[str], stdin: bytes | None = None,
              env: Mapping[str, str] | None = None) -> bytes:
    """The exact bytes ``git ARGS`` writes, run as a plain process in ``root``; :class:`GitFailed` on failure.

    No GitPython: for listings on golive's fast path, and for input fed on stdin.
    """
    environment = {**os.environ, **env} if env else None
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False,
                              env=environment)
    except OSError as exc:
        raise GitFailed(args[0], f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        raise GitFailed(args[0], message(done.stderr), unwrapped(done.stderr).strip())
    return done.stdout


def run_bytes_together(root: Path, commands: Sequence[Sequence[str]]) -> list[bytes]:
    """:func:`run_bytes` of each of ``commands`` (no stdin), run side by side; outputs in order.

    Listings that each walk the whole work tree (``diff`` against it, ``ls-files
    --others``) take as long as the slowest instead of the sum, on a machine with a
    core for each. The first that fails raises :class:`GitFailed`, after all have ended.
    """
    started: list[subprocess.Popen[bytes]] = []
    try:
        for args in commands:
            started.append(subprocess.Popen(["git", *args], cwd=root, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE))
    except OSError as exc:
        for proc in started:
            proc.kill()
            proc.communicate()
        raise GitFailed(commands[len(started)][0], f"cannot run git: {exc.strerror}") from None
    done = [proc.communicate() for proc in started]
    for args, proc, (_, err) in zip(commands, started, done, strict=True):
        if proc.returncode != 0:
            raise GitFailed(args[0], message(err), unwrapped(err).strip())
    return [out for out, _ in done]


def batch(root: Path, *args: str) -> subprocess.Popen[bytes]:
    """A ``git ARGS`` process in ``root`` reading stdin and writing stdout (``cat-file --batch``)."""
    try:
        return subprocess.Popen(["git", *args], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise GitFailed(args[0], f"cannot run git: {exc.strerror}") from None


def shallow_hint(root: Path) -> str:
    """What to do when a clone is too shallow to answer, or "" when it is not shallow."""
    if (Path(repo(root).git_dir) / "shallow").exists():
        return " (this clone is shallow: fetch full history, e.g. git fetch --unshallow, " \
               "or actions/checkout with fetch-depth: 0)"
    return ""
