"""The result cache cannot lie: an entry counts only when this machine's key authenticates it.

Each test runs over a real git repo in which acme-ortho is broken (one envelope
still in test mode), so an entry that drops its findings would turn exit 1 into
exit 0. The cache key lives in the user's cache directory, which the autouse
fixture in conftest points into tmp; these tests move it around on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from golive.cli import main
from golive.engine import cache, cache_key
from tests.gitrepo import commit_all, edit, git, init_config_repo
from tests.test_cache import Counter

AS_OF = "2026-11-25"
BROKEN = "tenants/acme-ortho"
RULE = "GL-ENVELOPE-MODE"


@pytest.fixture
def broken_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    repo = init_config_repo(tmp_path / "repo")
    edit(repo, f"{BROKEN}/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(repo, "acme-ortho: one envelope back in test mode")
    return repo


def check(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    """``golive validate --format json``: its exit code and the rules it found."""
    code = main(["validate", "--repo", str(repo), "--format", "json", "--as-of", AS_OF, "--jobs", "1",
                 *extra])
    return code, [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]


def results(repo: Path) -> Path:
    return repo / ".golive" / "cache" / "results.json"


def key_file(cache_home: Path) -> Path:
    return cache_home / "golive" / "key"


def _clean(report: Any) -> Any:
    """The report with its findings gone and every checklist key done."""
    fields = report["f"]
    fields["findings"] = {"$t": []}
    fields["checklist"] = {"$m": dict.fromkeys(fields["checklist"]["$m"], "done")}
    return report


def drop_findings(repo: Path, sign_with: bytes | None = None) -> None:
    """Edit the cache as someone would who wants the broken tenant to pass.

    With ``sign_with``, the entry is also signed again with that key (the key of the
    machine the forger made it on).
    """
    stored = json.loads(results(repo).read_text(encoding="utf-8"))
    entry = stored["entries"][BROKEN]
    if isinstance(entry["report"], str):
        entry["report"] = json.dumps(_clean(json.loads(entry["report"])), separators=(",", ":"))
    else:   # the cache format before entries were authenticated
        entry["report"] = _clean(entry["report"])
    if sign_with is not None:
        entry["mac"] = cache._mac(sign_with, BROKEN, entry["key"], entry["report"]).hex()
    results(repo).write_text(json.dumps(stored), encoding="utf-8")


def test_an_edited_entry_is_checked_afresh(broken_repo: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(broken_repo, capsys) == (1, [RULE])
    drop_findings(broken_repo)
    others = {t: e for t, e in json.loads(results(broken_repo).read_bytes())["entries"].items()
              if t != BROKEN}
    counter = Counter(monkeypatch)
    assert check(broken_repo, capsys) == (1, [RULE])
    # Only the edited entry was refused; the untouched ones served the run, unchanged.
    assert counter.take() == ["acme-ortho"]
    after = json.loads(results(broken_repo).read_bytes())["entries"]
    assert {t: e for t, e in after.items() if t != BROKEN} == others
    assert check(broken_repo, capsys) == (1, [RULE])
    assert counter.take() == []   # the entry written afresh is used again


@pytest.mark.parametrize("signed_elsewhere", [False, True], ids=["edited", "signed-on-another-machine"])
def test_a_committed_cache_is_ignored_in_a_fresh_clone(
        broken_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, private_cache_home: Path, signed_elsewhere: bool) -> None:
    if signed_elsewhere:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "forger-cache"))
    assert check(broken_repo, capsys) == (1, [RULE])
    if signed_elsewhere:
        drop_findings(broken_repo, sign_with=key_file(tmp_path / "forger-cache").read_bytes())
        assert check(broken_repo, capsys) == (0, [])   # the forgery is sound where its key is
    else:
        drop_findings(broken_repo)
    git(broken_repo, "add", "-f", ".golive/cache/results.json")
    commit_all(broken_repo, "commit the result cache")

    monkeypatch.setenv("XDG_CACHE_HOME", str(private_cache_home))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(broken_repo), str(clone))
    assert results(clone).is_file()
    assert check(clone, capsys) == (1, [RULE])
    assert check(clone, capsys) == check(clone, capsys, "--no-cache") == (1, [RULE])


def test_another_key_ignores_every_entry(broken_repo: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    all_three = ["acme-ortho", "riverbend-cardio", "summit-peds"]
    assert check(broken_repo, capsys) == (1, [RULE])
    assert counter.take() == all_three
    assert check(broken_repo, capsys) == (1, [RULE])
    assert counter.take() == []             # a valid entry is used
    home = os.environ["XDG_CACHE_HOME"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    assert check(broken_repo, capsys) == (1, [RULE])
    assert counter.take() == all_three      # entries made with another key count for nothing
    monkeypatch.setenv("XDG_CACHE_HOME", home)
    assert check(broken_repo, capsys) == (1, [RULE])
    assert counter.take() == all_three      # ... and the other way round


def test_the_key_is_made_once_private_and_outside_the_repo(
        broken_repo: Path, capsys: pytest.CaptureFixture[str], private_cache_home: Path) -> None:
    check(broken_repo, capsys)
    key = key_file(private_cache_home)
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == cache_key.KEY_BYTES
    made = key.read_bytes()
    check(broken_repo, capsys)
    assert key.read_bytes() == made
    assert not any(p.name == "key" for p in (broken_repo / ".golive").rglob("*"))
    assert git(broken_repo, "status", "--porcelain") == ""   # the cache stays out of git


@pytest.mark.parametrize(("xdg", "where"), [
    (None, "home/.cache/golive/key"),
    ("relative/cache", "home/.cache/golive/key"),   # the XDG spec says to ignore a relative path
    ("{tmp}/xdg", "xdg/golive/key"),
])
def test_where_the_key_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             xdg: str | None, where: str) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg.format(tmp=tmp_path))
    assert cache_key.key_path() == tmp_path / where
    key = cache_key.machine_key()
    assert key is not None and (tmp_path / where).read_bytes() == key
    assert not (tmp_path / "relative").exists()


def _cache_home_is_a_file(home: Path) -> None:
    shutil.rmtree(home)
    home.write_text("not a directory\n", encoding="utf-8")


def _key_readable_by_others(home: Path) -> None:
    key_file(home).chmod(0o644)


def _key_too_short(home: Path) -> None:
    key_file(home).write_bytes(b"short")


def _key_is_a_symlink(home: Path) -> None:
    key = key_file(home)
    target = home / "elsewhere"
    target.write_bytes(key.read_bytes())
    target.chmod(0o600)
    key.unlink()
    key.symlink_to(target)


UNUSABLE = {
    "cache home is a file": _cache_home_is_a_file,
    "key readable by others": _key_readable_by_others,
    "key too short": _key_too_short,
    "key is a symlink": _key_is_a_symlink,
}


@pytest.mark.parametrize("spoil", list(UNUSABLE))
def test_without_a_usable_key_the_cache_is_not_used(
        broken_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        private_cache_home: Path, spoil: str) -> None:
    assert check(broken_repo, capsys) == (1, [RULE])   # a cache made while the key was fine
    # An entry that this key accepts, so that using the cache would show.
    drop_findings(broken_repo, sign_with=key_file(private_cache_home).read_bytes())
    stored = results(broken_repo).read_bytes()
    UNUSABLE[spoil](private_cache_home)
    counter = Counter(monkeypatch)
    for _ in range(2):
        assert check(broken_repo, capsys) == (1, [RULE])
        assert len(counter.take()) == 3   # nothing read from the cache, every time
    assert results(broken_repo).read_bytes() == stored   # nor written


def test_runs_that_start_together_agree_on_one_key(private_cache_home: Path) -> None:
    program = ("from golive.engine.cache_key import machine_key; k = machine_key(); "
               "print(k.hex() if k else '-')")
    runs = [subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
            for _ in range(8)]
    keys = {run.communicate()[0].strip() for run in runs}
    made = key_file(private_cache_home).read_bytes().hex()
    assert keys == {made}   # one key, whole, for every run
    assert [p.name for p in key_file(private_cache_home).parent.iterdir()] == ["key"]   # no drafts left
