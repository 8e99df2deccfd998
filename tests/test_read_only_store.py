"""plan, state, drift and history never write the store: not on a read-only file, file system or login.

The store's bytes are hashed before and after. As root, file permissions stop nothing,
so a read-only file and a read-only file system are made for real: a read-only bind
mount in a private mount namespace (``unshare -Urm``), around golive run as a
subprocess. PostgreSQL is read through a login that may only SELECT.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from golive.cli import main
from golive.targets._migrations import CURRENT
from tests.gitrepo import commit_all, edit, git, init_config_repo

if TYPE_CHECKING:
    from tests.pgserver import RunSql

pytest_plugins = ["tests.pgserver"]

AS_OF = "2026-11-25"
READERS = (("state", "--format", "json"), ("drift", "--format", "json"), ("history", "--format", "json"),
           ("plan", "--format", "json", "--as-of", AS_OF))
# Mount the first argument read-only over itself, then run the rest.
_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["unshare", "-Urm", "sh", "-c", _READ_ONLY, "sh", tmp, "true"],
                              capture_output=True, check=False)
    return done.returncode == 0


needs_mounts = pytest.mark.skipif(not can_mount_read_only(),
                                  reason="needs unshare -Urm (a private mount namespace)")


def golive_under(read_only: Path, *argv: str) -> tuple[int, str, str]:
    """golive in a subprocess that sees ``read_only`` (a file or a directory) mounted read-only."""
    done = subprocess.run(["unshare", "-Urm", "sh", "-c", _READ_ONLY, "sh", str(read_only),
                           sys.executable, "-I", "-m", "golive", *argv],
                          capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    return done.returncode, done.stdout, done.stderr


def fingerprint(directory: Path) -> dict[str, str]:
    """The SHA-256 of the store's bytes; and of its write-ahead log, when that holds anything.

    A reader of a store in WAL mode may leave an empty ``-wal`` and the ``-shm`` index
    (shared memory, not the store) beside it where the directory is writable.
    """
    out = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())
           if not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)}
    assert out, f"no store in {directory}"
    return out


@pytest.fixture
def applied(tmp_path: Path) -> tuple[Path, Path]:
    """A repo applied once to a SQLite store in a directory of its own, then changed (plan has work)."""
    repo = init_config_repo(tmp_path / "repo")
    store = tmp_path / "store" / "platform.db"
    store.parent.mkdir()
    assert run("apply", "--repo", str(repo), "--target", f"sqlite:///{store}", "--as-of", AS_OF)[0] == 0
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    commit_all(repo, "acme-ortho: read only")
    return repo, store


def test_read_only_commands_leave_the_sqlite_file_as_it_was(applied: tuple[Path, Path]) -> None:
    repo, store = applied
    before = fingerprint(store.parent)
    for argv in READERS:
        code, _, err = run(*argv, "--repo", str(repo), "--target", f"sqlite:///{store}")
        assert (code, err) == (0, ""), argv
        assert fingerprint(store.parent) == before, argv
    # What they read is what is there: the plan has the change made since.
    assert json.loads(run(*READERS[3], "--repo", str(repo), "--target", f"sqlite:///{store}")[1])[
        "summary"]["changes"] == 1


@needs_mounts
@pytest.mark.parametrize("mounted", ["file", "file system"])
def test_on_a_read_only_file_and_file_system_the_output_is_the_same(
        applied: tuple[Path, Path], mounted: str) -> None:
    repo, store = applied
    url = f"sqlite:///{store}"
    expected = {argv: run(*argv, "--repo", str(repo), "--target", url) for argv in READERS}
    before = fingerprint(store.parent)
    for argv in READERS:
        got = golive_under(store if mounted == "file" else store.parent, *argv, "--repo", str(repo),
                           "--target", url)
        assert got == expected[argv], argv
    assert fingerprint(store.parent) == before


@needs_mounts
def test_an_older_store_on_a_read_only_file_system_is_one_line(applied: tuple[Path, Path]) -> None:
    repo, store = applied
    import sqlite3

    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE golive_schema SET version = 2")
    conn.close()
    before = fingerprint(store.parent)
    for argv in READERS:
        code, out, err = golive_under(store.parent, *argv, "--repo", str(repo), "--target",
                                      f"sqlite:///{store}")
        assert (code, out) == (2, ""), argv
        assert err == (f"golive: target sqlite:///{store}: its tables are version 2, older than this "
                       f"golive's ({CURRENT}); golive apply upgrades them (read-only commands never write)\n")
    assert fingerprint(store.parent) == before


@needs_mounts
def test_no_store_yet_is_nothing_applied_yet(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    empty = tmp_path / "empty"
    empty.mkdir()
    url = f"sqlite:///{empty / 'platform.db'}"
    assert golive_under(empty, "state", "--target", url) == (0, "revision (none)\n", "")
    assert golive_under(empty, "history", "--target", url)[:2] == (
        0, "no history: no apply has changed anything yet\n")
    assert golive_under(empty, "drift", "--target", url)[0] == 0
    code, out, err = golive_under(empty, "plan", "--repo", str(repo), "--target", url, "--as-of", AS_OF)
    assert (code, err) == (0, "") and out.endswith("43 changes in 3 tenants\n")
    assert list(empty.iterdir()) == []   # not made


def test_plan_against_the_default_store_makes_no_file(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    for argv in READERS:
        assert run(*argv, "--repo", str(repo))[0] == 0, argv
    assert not (repo / ".golive").exists()
    assert git(repo, "status", "--porcelain") == ""


def reader(pg_url: str, sql: RunSql) -> str:
    """A login to ``pg_url``'s database that may read golive's tables and nothing more."""
    sql(pg_url,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'golive_reader') THEN "
        "CREATE ROLE golive_reader LOGIN PASSWORD 'r3ader-pw'; END IF; END $$",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO golive_reader")
    return pg_url.replace("golive:s3cret-pw@", "golive_reader:r3ader-pw@")


def test_a_read_only_postgresql_login_reads_everything(tmp_path: Path, pg_url: str, sql: RunSql) -> None:
    repo = init_config_repo(tmp_path / "repo")
    assert run("apply", "--repo", str(repo), "--target", pg_url, "--as-of", AS_OF)[0] == 0
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    commit_all(repo, "acme-ortho: read only")
    url = reader(pg_url, sql)
    for argv in READERS:
        code, out, err = run(*argv, "--repo", str(repo), "--target", url)
        mine = run(*argv, "--repo", str(repo), "--target", pg_url)[1]
        assert (code, err) == (0, ""), argv
        assert json.loads(out) == json.loads(mine.replace("golive:***@", "golive_reader:***@")), argv
    # A store of an older version is refused in one line, not upgraded.
    sql(pg_url, "UPDATE golive_schema SET version = 2")
    code, out, err = run("state", "--target", url)
    assert (code, out) == (2, "") and "older than this golive's" in err and err.count("\n") == 1
    assert sql(pg_url, "SELECT version FROM golive_schema") == [(2,)]


def test_a_read_only_postgresql_login_on_an_empty_database(pg_url: str, sql: RunSql) -> None:
    url = reader(pg_url, sql)
    assert run("state", "--target", url)[:2] == (0, "revision (none)\n")
    assert sql(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def can_drop_root_permissions() -> bool:
    return shutil.which("setpriv") is not None and os.geteuid() == 0


def golive_without_root_permissions(*argv: str) -> tuple[int, str, str]:
    """golive as root but without the capabilities that let root ignore file modes."""
    done = subprocess.run(["setpriv", "--inh-caps", "-all", "--bounding-set",
                           "-dac_override,-dac_read_search,-fowner",
                           sys.executable, "-m", "golive", *argv],
                          capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.skipif(not can_drop_root_permissions(), reason="needs setpriv, as root")
@pytest.mark.parametrize("locked", ["file", "directory"])
def test_a_store_this_user_may_not_write_is_read_and_left_as_it_was(
        applied: tuple[Path, Path], locked: str) -> None:
    """Found by an on-call session: a store in a read-only directory could not be read, and
    one in a read-only file got -shm and -wal files beside it that a later apply could not open."""
    repo, store = applied
    url = f"sqlite:///{store}"
    expected = {argv: run(*argv, "--repo", str(repo), "--target", url) for argv in READERS}
    for extra in store.parent.glob("platform.db-*"):
        extra.unlink()
    names = sorted(p.name for p in store.parent.iterdir())
    before = fingerprint(store.parent)
    (store if locked == "file" else store.parent).chmod(0o444 if locked == "file" else 0o555)
    try:
        for argv in READERS:
            assert golive_without_root_permissions(*argv, "--repo", str(repo), "--target", url) == \
                expected[argv], argv
        assert sorted(p.name for p in store.parent.iterdir()) == names
        assert fingerprint(store.parent) == before
    finally:
        store.parent.chmod(0o755)
        store.chmod(0o644)
    # And the next apply, by a user who may write the store again, works.
    code, _, err = golive_without_root_permissions("apply", "--repo", str(repo), "--target", url,
                                                   "--as-of", AS_OF)
    assert (code, err) == (0, "")
