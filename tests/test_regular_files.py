"""Only regular files under tenants/: symlinks, FIFOs, devices and nested repositories are errors.

Each case puts one such entry into a real git repository made from the example
tenants and runs golive as a user does (a subprocess, with a timeout and a memory
limit, so a run that follows ``/dev/zero`` or waits on a FIFO fails instead of
taking the machine with it): plain ``validate``, ``validate --base main`` (the
entry is a change, new and blocking) and ``apply`` (the tenant is not written as
if healthy). The other tenants are always still checked.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import golive
from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

AS_OF = "2026-11-25"
TIMEOUT = 60
MEMORY = 2 << 30   # enough for golive; far too little to read /dev/zero into


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def cli(repo: Path, *args: str, isolated: bool = False) -> tuple[int, str, str]:
    """``golive ARGS`` in ``repo``; ``isolated``: as a subprocess that must finish within TIMEOUT seconds.

    Entries that a careless reader would wait on or read without end (a FIFO,
    ``/dev/zero``, a huge file) are run isolated; the rest in-process, which is faster.
    """
    env = {"GOLIVE_CACHE_DIR": str(repo.parent / "cache")}
    if not isolated:
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.dict(os.environ, env):
            code = main([args[0], "--repo", str(repo), *args[1:]], out, err)
        return code, out.getvalue(), err.getvalue()
    done = subprocess.run([sys.executable, "-m", "golive", *args], cwd=repo, capture_output=True,
                          text=True, timeout=TIMEOUT, env={**os.environ, **env}, preexec_fn=_limit_memory)
    return done.returncode, done.stdout, done.stderr


def validate(repo: Path, *args: str, isolated: bool = False) -> tuple[int, dict[str, Any]]:
    code, out, err = cli(repo, "validate", "--format", "json", "--as-of", AS_OF, "--no-cache", *args,
                         isolated=isolated)
    assert code in (0, 1), err
    return code, json.loads(out)


@dataclass(frozen=True)
class Case:
    """One non-regular entry: how to make it, where it is reported, and which tenant it is in."""

    name: str
    make: Callable[[Path], None]
    where: str                 # the reported path
    tenant: str = "acme-ortho"
    committable: bool = True   # git cannot store a FIFO
    isolated: bool = False     # read carelessly, it would never end: run golive as a subprocess


def _symlink(repo: Path, rel: str, target: str | Path) -> None:
    path = repo / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.symlink_to(target)


def other_tenant(repo: Path) -> None:
    """A new tenant, a copy of acme-ortho whose edi.yaml is a link to acme-ortho's (same bytes)."""
    shutil.copytree(repo / "tenants/acme-ortho", repo / "tenants/acme-ortho-two")
    edit(repo, "tenants/acme-ortho-two/tenant.yaml", "tenant: acme-ortho", "tenant: acme-ortho-two")
    _symlink(repo, "tenants/acme-ortho-two/edi.yaml", "../acme-ortho/edi.yaml")


def outside_repo(repo: Path) -> None:
    """notifications.yaml is a link to a copy of itself outside the repository."""
    outside = repo.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    shutil.copy(repo / "tenants/acme-ortho/notifications.yaml", outside / "notifications.yaml")
    _symlink(repo, "tenants/acme-ortho/notifications.yaml", outside / "notifications.yaml")


def dev_zero(repo: Path) -> None:
    _symlink(repo, "tenants/acme-ortho/golive.yaml", "/dev/zero")


def fifo(repo: Path) -> None:
    (repo / "tenants/acme-ortho/edi.yaml").unlink()
    os.mkfifo(repo / "tenants/acme-ortho/edi.yaml")


def _moved_dir(name: str) -> Callable[[Path], None]:
    def make(repo: Path) -> None:
        """The directory moved (same files, same bytes) under tenants/_store/, and linked back."""
        store = repo / "tenants/_store"
        store.mkdir(exist_ok=True)
        shutil.move(repo / f"tenants/acme-ortho/{name}", store / f"acme-ortho-{name}")
        _symlink(repo, f"tenants/acme-ortho/{name}", f"../_store/acme-ortho-{name}")
    return make


def nested_repository(repo: Path) -> None:
    """evidence/ made a repository of its own and added to the outer one as a gitlink."""
    evidence = repo / "tenants/acme-ortho/evidence"
    git(evidence, "init", "-q")
    git(evidence, "add", "-A")
    git(evidence, "commit", "-q", "-m", "evidence")
    git(repo, "rm", "-r", "-q", "--cached", "tenants/acme-ortho/evidence")


def tenant_dir_link(repo: Path) -> None:
    """A tenant directory that is a link to another tenant's."""
    (repo / "tenants/acme-ortho-two").symlink_to("acme-ortho")


CASES = [
    Case("symlink-to-another-tenants-file", other_tenant, "tenants/acme-ortho-two/edi.yaml",
         tenant="acme-ortho-two"),
    Case("symlink-outside-the-repo", outside_repo, "tenants/acme-ortho/notifications.yaml"),
    Case("symlink-to-dev-zero", dev_zero, "tenants/acme-ortho/golive.yaml", isolated=True),
    Case("fifo-named-edi-yaml", fifo, "tenants/acme-ortho/edi.yaml", committable=False, isolated=True),
    Case("symlinked-rules-dir", _moved_dir("rules"), "tenants/acme-ortho/rules"),
    Case("symlinked-evidence-dir", _moved_dir("evidence"), "tenants/acme-ortho/evidence"),
    Case("nested-repository", nested_repository, "tenants/acme-ortho/evidence"),
    Case("symlinked-tenant-dir", tenant_dir_link, "tenants/acme-ortho-two", tenant="acme-ortho-two"),
]
IDS = [c.name for c in CASES]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_config_repo(tmp_path / "repo")


def _not_regular(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == "GL-FILE-NOT-REGULAR"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_validate_reports_one_integrity_error_and_checks_the_others(repo: Path, case: Case) -> None:
    case.make(repo)
    code, report = validate(repo, isolated=case.isolated)
    assert code == 1
    found = _not_regular(report)
    assert [(f["file"], f["line"], f["column"], f["checklist"], f["tenant"]) for f in found] == [
        (case.where, 1, 1, "integrity", case.tenant)]
    assert "replace it with" in found[0]["message"] or "commit the files" in found[0]["message"]
    # The healthy tenants are still checked, and still clean.
    assert report["summary"]["tenants"] == len({"riverbend-cardio", "summit-peds", "acme-ortho",
                                                case.tenant})
    assert not [f for f in report["findings"] if f["tenant"] in ("riverbend-cardio", "summit-peds")]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pull_request_counts_it_as_a_change_that_blocks(repo: Path, case: Case) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    case.make(repo)
    if case.committable:
        commit_all(repo, f"{case.name}")
    code, report = validate(repo, "--base", "main", isolated=case.isolated)
    assert code == 1, report
    found = _not_regular(report)
    assert [(f["file"], f["new"]) for f in found] == [(case.where, True)]
    assert report["summary"]["blocking"] >= 1


@pytest.mark.parametrize("case", [c for c in CASES if c.committable], ids=[c.name for c in CASES
                                                                              if c.committable])
def test_apply_never_writes_the_tenant_as_healthy(repo: Path, case: Case) -> None:
    url = f"sqlite:///{repo.parent / 'platform.db'}"
    assert cli(repo, "apply", "--target", url, "--as-of", AS_OF)[0] == 0
    def values() -> dict[str, object]:
        tenants = json.loads(cli(repo, "state", "--target", url, "--format", "json")[1])["tenants"]
        return {t: {k: v for k, v in fields.items() if k != "revision"} for t, fields in tenants.items()}

    before = values()
    case.make(repo)
    commit_all(repo, f"{case.name}")
    code, out, err = cli(repo, "apply", "--target", url, "--as-of", AS_OF, isolated=case.isolated)
    assert code == 1, (out, err)
    assert f"{case.where}:1:1: error" in out and "GL-FILE-NOT-REGULAR" in out
    assert values() == before   # held: its values stay as they were


def test_a_symlink_that_stays_inside_the_tenant_is_an_error_too(repo: Path) -> None:
    rules = repo / "tenants/acme-ortho/rules"
    (rules / "modifiers-v7.yaml").rename(rules / "real-v7.yaml")
    (rules / "modifiers-v7.yaml").symlink_to("real-v7.yaml")
    code, report = validate(repo)
    assert code == 1
    assert [f["file"] for f in report["findings"] if f["rule"] == "GL-FILE-NOT-REGULAR"] == [
        "tenants/acme-ortho/rules/modifiers-v7.yaml"]


def test_a_dangling_or_looping_symlink_is_reported_not_followed(repo: Path) -> None:
    _symlink(repo, "tenants/acme-ortho/payers.yaml", "payers.yaml")             # a loop
    _symlink(repo, "tenants/summit-peds/payers.yaml", "no-such-file.yaml")     # dangling
    code, report = validate(repo)
    assert code == 1
    assert sorted(f["file"] for f in report["findings"] if f["rule"] == "GL-FILE-NOT-REGULAR") == [
        "tenants/acme-ortho/payers.yaml", "tenants/summit-peds/payers.yaml"]
    # Not also "missing": the one error is at the entry itself.
    assert not [f for f in report["findings"] if f["rule"] == "GL-FILE-MISSING"]


def test_a_file_over_the_size_limit_is_a_finding_before_it_is_read(repo: Path) -> None:
    limit = 1 << 20   # policies/settings.yaml: loader.max_file_bytes
    with open(repo / "tenants/acme-ortho/notifications.yaml", "ab") as f:
        f.truncate(2 * MEMORY)   # sparse: more than the run may hold, and never read
    code, report = validate(repo, isolated=True)
    assert code == 1
    [found] = [f for f in report["findings"] if f["tenant"] == "acme-ortho" and f["severity"] == "error"]
    assert (found["rule"], found["file"], found["line"]) == (
        "GL-YAML-TOO-LARGE", "tenants/acme-ortho/notifications.yaml", 1)
    assert f"over the {limit:,}-byte limit" in found["message"]


def test_the_cache_sees_a_directory_replaced_by_a_symlink_to_the_same_files(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_CACHE_DIR", str(repo.parent / "cache"))
    import datetime as dt

    as_of = dt.date.fromisoformat(AS_OF)
    assert not golive.validate(repo, as_of=as_of, jobs=1).blocks      # warms the cache
    _moved_dir("evidence")(repo)
    cached = golive.validate(repo, as_of=as_of, jobs=1)
    fresh = golive.validate(repo, as_of=as_of, jobs=1, cache=False)
    assert cached.blocks and [f.file for f in cached.findings if f.rule == "GL-FILE-NOT-REGULAR"] == [
        "tenants/acme-ortho/evidence"]
    assert cached == fresh


def test_the_cache_sees_a_new_fifo(repo: Path) -> None:
    code, _, _ = cli(repo, "validate", "--as-of", AS_OF)   # warm, with the cache
    assert code == 0
    os.mkfifo(repo / "tenants/summit-peds/evidence.yaml")
    code, out, _ = cli(repo, "validate", "--as-of", AS_OF, "--format", "json", isolated=True)
    assert code == 1
    assert [f["file"] for f in json.loads(out)["findings"]] == ["tenants/summit-peds/evidence.yaml"]


def test_a_submodule_at_a_revision_is_exported_as_a_nested_repository(repo: Path, tmp_path: Path) -> None:
    nested_repository(repo)
    commit_all(repo, "evidence as a gitlink")
    listing = git(repo, "ls-tree", "HEAD", "tenants/acme-ortho/")
    assert "160000 commit" in listing   # what git holds: a commit id of another repository
    from golive.git import trees

    dest = tmp_path / "export"
    trees.export(repo, "HEAD", dest, ["tenants/acme-ortho"])
    assert (dest / "tenants/acme-ortho/evidence/.git").is_file()
    assert sorted(p.name for p in (dest / "tenants/acme-ortho/evidence").iterdir()) == [".git"]


def test_flip_never_writes_through_a_symlink(repo: Path) -> None:
    store = repo / "tenants/_store"
    store.mkdir()
    shutil.move(repo / "tenants/summit-peds/edi.yaml", store / "summit-edi.yaml")
    (repo / "tenants/summit-peds/edi.yaml").symlink_to("../_store/summit-edi.yaml")
    commit_all(repo, "A linked edi.yaml")
    before = (store / "summit-edi.yaml").read_bytes()
    code, _, err = cli(repo, "flip", "summit-peds", "--date", "2026-12-01")
    assert code == 2
    assert err == ("golive: tenants/summit-peds/edi.yaml is not a regular file (a symlink?); golive "
                   "edits only regular files: replace it with the file itself, committed in git\n")
    assert (store / "summit-edi.yaml").read_bytes() == before
    assert git(repo, "branch", "--list", "golive/summit-peds") == ""


def test_scan_lists_every_kind_without_following_or_opening(tmp_path: Path) -> None:
    import socket

    from golive.core import regular_files

    top = tmp_path / "tenant"
    (top / "evidence").mkdir(parents=True)
    (top / "edi.yaml").write_text("a: 1\n")
    (top / "loop").symlink_to("loop")
    (top / "dangling").symlink_to("nowhere")
    (top / "evidence/linked").symlink_to(tmp_path)
    os.mkfifo(top / "pipe")
    (top / "nested/.git").mkdir(parents=True)
    (top / "nested/inside.yaml").write_text("never listed\n")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(top / "sock"))
    try:
        entries = regular_files.scan(top)
    finally:
        server.close()
    assert {rel: e.kind for rel, e in entries.items()} == {
        "": regular_files.DIRECTORY, "edi.yaml": regular_files.FILE, "evidence": regular_files.DIRECTORY,
        "evidence/linked": regular_files.SYMLINK, "loop": regular_files.SYMLINK,
        "dangling": regular_files.SYMLINK,
        "pipe": regular_files.FIFO, "nested": regular_files.GITLINK, "sock": regular_files.SOCKET}
    assert entries["edi.yaml"].size == 5
    assert [rel for rel, _ in regular_files.reported(entries)] == [
        "dangling", "evidence/linked", "loop", "nested", "pipe", "sock"]
    linked = entries["evidence/linked"]
    assert regular_files.blocked_by(entries, "evidence/linked/x.pdf") == ("evidence/linked", linked)
    assert regular_files.scan(top / "loop") == {"": regular_files.Entry(regular_files.SYMLINK)}
    assert regular_files.scan(top / "nested") == {"": regular_files.Entry(regular_files.GITLINK)}


def test_reading_refuses_what_is_no_longer_a_regular_file(tmp_path: Path) -> None:
    from golive.core import regular_files

    (tmp_path / "real.yaml").write_bytes(b"0123456789")
    (tmp_path / "link.yaml").symlink_to("real.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")   # opened without a writer: must not wait for one
    with pytest.raises(regular_files.NotRegular):
        regular_files.read_regular(tmp_path / "link.yaml", 100)
    with pytest.raises(regular_files.NotRegular):
        regular_files.read_regular(tmp_path / "pipe.yaml", 100)
    with pytest.raises(regular_files.TooLarge):
        regular_files.read_regular(tmp_path / "real.yaml", 5)
    assert regular_files.read_regular(tmp_path / "real.yaml", 10) == b"0123456789"
    assert regular_files.git_blob_id(tmp_path / "real.yaml") == git(tmp_path, "hash-object", "real.yaml")
