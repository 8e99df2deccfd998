"""Targets: URLs, the store's tables and their upgrade, and every way a target cannot be used (exit 2)."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from golive.cli import main
from golive.targets import SCHEMES, TargetError, default_url, open_target, redact
from golive.targets._migrations import CURRENT
from golive.targets.sqlite import path_of
from tests.gitrepo import init_config_repo

if TYPE_CHECKING:
    from tests.pgserver import Cluster, RunSql

pytest_plugins = ["tests.pgserver"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def one_line_exit_2(*argv: str) -> str:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("golive: ") and "Traceback" not in err
    return err


# -- URLs ----------------------------------------------------------------------
def test_the_registry_is_explicit() -> None:
    assert set(SCHEMES) == {"sqlite", "postgresql", "postgres"}


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://ops:hunter2@db.internal:5432/platform", "postgresql://ops:***@db.internal:5432/platform"),
    ("postgresql://ops@db.internal/platform", "postgresql://ops@db.internal/platform"),
    ("postgresql://ops:p%40ss@db/platform?sslmode=require", "postgresql://ops:***@db/platform?sslmode=require"),
    ("sqlite:///platform.db", "sqlite:///platform.db"),
])
def test_passwords_are_hidden(url: str, shown: str) -> None:
    assert redact(url) == shown


# Malformed URLs: the password is what a person meant, between the user's ':' and the last '@'.
MALFORMED = [
    ("postgresql://golive:s3cret-pw@[::1/db", "postgresql://golive:***@[::1/db"),
    ("postgresql://golive:p@ss@w0rd@127.0.0.1:1/db", "postgresql://golive:***@127.0.0.1:1/db"),
    ("postgresql://golive:pa/ss@127.0.0.1:1/db", "postgresql://golive:***@127.0.0.1:1/db"),
    ("postgresql://golive:pa:ss@127.0.0.1:1/db", "postgresql://golive:***@127.0.0.1:1/db"),
    ("postgresql://golive:s3c%zzret@127.0.0.1/db", "postgresql://golive:***@127.0.0.1/db"),
    ("postgresql://golive:s3cret-pw@host with space/db", "postgresql://golive:***@host with space/db"),
    ("postgresql://golive@127.0.0.1:1/db?password=s3cret-q&sslmode=bogus",
     "postgresql://golive@127.0.0.1:1/db?password=***&sslmode=bogus"),
    ("postgresql://golive@127.0.0.1:1/db?sslpassword=s3c@ret&sslmode=bogus",
     "postgresql://golive@127.0.0.1:1/db?sslpassword=***&sslmode=bogus"),
    ("sqlite://golive:s3cret-pw@/platform.db", "sqlite://golive:***@/platform.db"),
]


@pytest.mark.parametrize(("url", "shown"), MALFORMED)
def test_a_malformed_url_loses_its_password_and_so_do_libpqs_words(url: str, shown: str) -> None:
    assert redact(url) == shown
    err = one_line_exit_2("state", "--target", url)
    assert f"target {shown}" in err
    for piece in ("s3cret", "ss@w0rd", "w0rd", "pa/ss", "pa:ss", "s3c@ret", "s3c%zz"):
        assert piece not in err, err


def test_sqlite_paths_follow_the_three_and_four_slash_rule(tmp_path: Path) -> None:
    assert path_of("sqlite:///store/platform.db") == Path("store/platform.db")
    assert path_of("sqlite:////srv/platform.db") == Path("/srv/platform.db")
    assert default_url(tmp_path) == f"sqlite:///{tmp_path}/.golive/platform.db"


def test_the_default_target_is_made_on_first_use_and_ignored_by_git(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    code, out, _ = run("apply", "--repo", str(repo), "--as-of", "2026-11-25")
    assert code == 0 and f"sqlite:///{repo}/.golive/platform.db" in out
    assert (repo / ".golive" / "platform.db").is_file()
    code, out, _ = run("state", "--repo", str(repo), "--format", "json")
    assert len(json.loads(out)["tenants"]) == 3
    import subprocess
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    assert status.stdout == ""


# -- cannot run: exit 2, one line -------------------------------------------------
@pytest.mark.parametrize("url", ["mysql://ops@db/platform", "platform.db", "sqlite:platform.db",
                                 "sqlite://", "sqlite:///"])
def test_a_bad_target_url(url: str) -> None:
    err = one_line_exit_2("state", "--target", url)
    assert f"target {url}" in err


def test_a_refused_connection_names_the_target_without_its_password() -> None:
    with socket.socket() as s:   # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = one_line_exit_2("state", "--target", f"postgresql://ops:hunter2@127.0.0.1:{port}/platform")
    assert f"target postgresql://ops:***@127.0.0.1:{port}/platform: cannot connect" in err
    assert "refused" in err.lower() and "hunter2" not in err


def test_a_wrong_password(pg_cluster: Cluster) -> None:
    err = one_line_exit_2("drift", "--target", pg_cluster.url(password="not-the-password"))
    assert "password authentication failed" in err
    assert "not-the-password" not in err and ":***@127.0.0.1" in err


def test_a_database_that_does_not_exist(pg_cluster: Cluster) -> None:
    err = one_line_exit_2("state", "--target", pg_cluster.url("no_such_db"))
    assert 'database "no_such_db" does not exist' in err


def test_a_sqlite_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database\n" * 100)
    err = one_line_exit_2("state", "--target", f"sqlite:///{tmp_path}/notes.db")
    assert "file is not a database" in err


def test_a_sqlite_file_in_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/missing/platform.db"
    with pytest.raises(TargetError, match="unable to open database file"):
        open_target(url)
    # Read-only, a store that does not exist is one where nothing was applied yet; it is not made.
    assert run("state", "--target", url)[:2] == (0, "revision (none)\n")
    assert not (tmp_path / "missing").exists()


def test_a_store_from_a_newer_golive(target_url: str, sql: RunSql) -> None:
    open_target(target_url).close()
    sql(target_url, "UPDATE golive_schema SET version = 99")
    err = one_line_exit_2("state", "--target", target_url)
    assert f"its tables are version 99, newer than this golive knows ({CURRENT}); upgrade golive" in err
    with pytest.raises(TargetError):
        open_target(target_url)


# -- the tables and their upgrade ---------------------------------------------------
def _v1_store(url: str, sql: RunSql) -> None:
    """A store as golive's first table layout made it, written out by hand."""
    identity = ("INTEGER PRIMARY KEY AUTOINCREMENT" if url.startswith("sqlite")
                else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    sql(url,
        "CREATE TABLE golive_schema (version INTEGER NOT NULL)",
        "INSERT INTO golive_schema (version) VALUES (1)",
        "CREATE TABLE golive_meta (id INTEGER PRIMARY KEY CHECK (id = 1), revision TEXT, applied_at TEXT)",
        "INSERT INTO golive_meta VALUES (1, 'b1946ac92492d2347c6235b4d2611184b1946ac9', "
        "'2026-11-17T09:00:00+00:00')",
        "CREATE TABLE tenants (tenant TEXT PRIMARY KEY, status TEXT NOT NULL, phase TEXT NOT NULL, "
        "modifier_rules_version INTEGER)",
        "CREATE TABLE envelopes (tenant TEXT NOT NULL, partner TEXT NOT NULL, transaction_set TEXT NOT NULL, "
        "usage_indicator TEXT NOT NULL, PRIMARY KEY (tenant, partner, transaction_set))",
        f"CREATE TABLE golive_audit (id {identity}, commit_sha TEXT NOT NULL, author TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, tenant TEXT NOT NULL, field TEXT NOT NULL, "
        "old_value TEXT, new_value TEXT)",
        "INSERT INTO tenants VALUES ('acme-ortho', 'active', 'live', 7)",
        "INSERT INTO envelopes VALUES ('acme-ortho', 'availity', '837P', 'P')",
        "INSERT INTO golive_audit (commit_sha, author, applied_at, tenant, field, old_value, new_value) "
        "VALUES ('b1946ac92492d2347c6235b4d2611184b1946ac9', 'Test Ops <ops@golive.example>', "
        "'2026-11-17T09:00:00+00:00', 'acme-ortho', 'status', 'onboarding', 'active')")


def test_a_version_1_store_is_upgraded_in_place(target_url: str, sql: RunSql) -> None:
    _v1_store(target_url, sql)
    # A read-only command never upgrades: one line naming the fix.
    err = one_line_exit_2("state", "--target", target_url)
    assert err.endswith(f"its tables are version 1, older than this golive's ({CURRENT}); golive apply "
                        "upgrades them (read-only commands never write)\n")
    assert sql(target_url, "SELECT version FROM golive_schema") == [(1,)]
    open_target(target_url).close()   # as apply opens it
    code, out, _ = run("state", "--target", target_url, "--format", "json")
    assert code == 0
    old = "b1946ac92492d2347c6235b4d2611184b1946ac9"
    assert json.loads(out) == {"revision": old, "tenants": {
        "acme-ortho": {"revision": old, "status": "active", "phase": "live", "modifier_rules_version": 7,
                       "envelopes": {"availity/837P": "P"}}}}
    assert sql(target_url, "SELECT version FROM golive_schema") == [(CURRENT,)]
    # What the old store held counts as applied; its audit trail is kept and unforced.
    assert run("drift", "--target", target_url)[0] == 0
    code, out, _ = run("history", "--target", target_url, "--format", "json")
    assert [(e["tenant"], e["field"], e["from"], e["to"], e["forced"], e["event"], e["applied_by"])
            for e in json.loads(out)["history"]] \
        == [("acme-ortho", "status", "onboarding", "active", False, "change", None)]
    # The upgrade happens once; drift is watched from then on.
    open_target(target_url).close()
    sql(target_url, "UPDATE tenants SET phase = 'bau'")
    assert run("drift", "--target", target_url)[1].startswith("acme-ortho phase: applied live, found bau\n")


def test_a_version_2_store_gets_each_tenant_at_the_last_run(target_url: str, sql: RunSql,
                                                            tmp_path: Path) -> None:
    from tests.gitrepo import git, init_config_repo

    repo = init_config_repo(tmp_path / "repo")
    assert run("apply", "--repo", str(repo), "--target", target_url, "--as-of", "2026-11-25")[0] == 0
    # Back to version 2's tables, as an older golive left them.
    sql(target_url, "DROP TABLE golive_tenants",
        *(f"ALTER TABLE golive_audit DROP COLUMN {c}" for c in ("applied_by", "event", "detail")),
        "UPDATE golive_schema SET version = 2")
    open_target(target_url).close()
    sha = git(repo, "rev-parse", "HEAD")
    state = json.loads(run("state", "--target", target_url, "--format", "json")[1])
    assert {t: fields["revision"] for t, fields in state["tenants"].items()} == {
        "acme-ortho": sha, "riverbend-cardio": sha, "summit-peds": sha}
    history = json.loads(run("history", "--target", target_url, "--format", "json")[1])["history"]
    assert {(e["event"], e["applied_by"]) for e in history} == {("change", None)}
    assert run("drift", "--target", target_url)[0] == 0


def test_a_table_golive_did_not_make_is_not_taken_over(target_url: str, sql: RunSql) -> None:
    sql(target_url, "CREATE TABLE tenants (id INTEGER PRIMARY KEY)")
    with pytest.raises(TargetError, match="already exists"):
        open_target(target_url)
    assert run("state", "--target", target_url)[:2] == (0, "revision (none)\n")


def test_two_golives_creating_the_tables_at_once(target_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def opened() -> str:
        target = open_target(target_url)
        try:
            return str(target.read().revision)
        finally:
            target.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda _: opened(), range(4))) == ["None"] * 4
