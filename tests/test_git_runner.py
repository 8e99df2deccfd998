"""Git through one runner: one Repo per repository, one error translation, no other way to git."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import golive
from golive.core.errors import GoliveError
from golive.git import revisions, runner
from tests.gitrepo import init_config_repo

PACKAGE = Path(golive.__file__).parent


def test_one_repo_per_repository(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    first = runner.repo(repo)
    revisions.resolve(repo, "HEAD")
    revisions.commit_info(repo)
    assert runner.repo(repo) is first


def test_few_repositories_stay_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The oldest is closed when another is opened past the limit."""
    monkeypatch.setattr(runner, "_OPEN", type(runner._OPEN)())
    repos = [init_config_repo(tmp_path / f"repo{i}", ()) for i in range(runner._KEEP + 1)]
    first = runner.repo(repos[0])
    closed = []
    monkeypatch.setattr(first, "close", lambda: closed.append(True))
    for repo in repos[1:]:
        runner.repo(repo)
    assert closed == [True] and len(runner._OPEN) == runner._KEEP
    runner.close_all()
    assert not runner._OPEN


def test_a_failing_command_says_what_git_said(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo", ())
    with pytest.raises(runner.GitFailed) as caught:
        runner.run(repo, "rev-parse", "--verify", "no-such-branch")
    assert isinstance(caught.value, GoliveError)
    assert str(caught.value) == "git rev-parse failed: fatal: Needed a single revision"
    with pytest.raises(runner.GitFailed, match=r"^git cat-file failed: fatal: "):
        runner.run_bytes(repo, ["cat-file", "blob", "0" * 40])
    assert not runner.succeeds(repo, "rev-parse", "--verify", "--quiet", "nope")


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [node.module or ""]
    return []


def _imports_git_or_runs_it(path: Path) -> list[str]:
    """Where ``path`` imports GitPython or names the git program (to run it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if any(name.split(".")[0] == "git" for name in _imported(node)):
            found.append(f"{path.name}:{node.lineno} imports GitPython")
        elif isinstance(node, ast.Constant) and node.value == "git":
            found.append(f"{path.name}:{node.lineno} names the git program")
    return found


def test_every_git_call_goes_through_the_runner() -> None:
    offenders = [hit for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / "git" / "runner.py"
                 for hit in _imports_git_or_runs_it(path)]
    assert offenders == []


def test_the_check_sees_a_module_that_goes_around_the_runner(tmp_path: Path) -> None:
    rogue = tmp_path / "rogue.py"
    rogue.write_text("import git\nimport subprocess\nsubprocess.run(['git', 'status'])\n", encoding="utf-8")
    assert _imports_git_or_runs_it(rogue) == ["rogue.py:1 imports GitPython",
                                              "rogue.py:3 names the git program"]


def test_listings_side_by_side_give_each_its_own_output(tmp_path: Path) -> None:
    """Commands run together return what each returns alone, in order; a failure says what git said."""
    repo = init_config_repo(tmp_path / "repo")
    (repo / "untracked.txt").write_text("new\n")
    commands = [["ls-files", "-s", "-z"], ["ls-files", "--others", "--exclude-standard", "-z"],
                ["rev-parse", "HEAD"]]
    assert runner.run_bytes_together(repo, commands) == [runner.run_bytes(repo, c) for c in commands]
    assert runner.run_bytes_together(repo, commands)[1] == b"untracked.txt\0"
    with pytest.raises(runner.GitFailed, match=r"^git cat-file failed: fatal: "):
        runner.run_bytes_together(repo, [["rev-parse", "HEAD"], ["cat-file", "blob", "0" * 40]])
