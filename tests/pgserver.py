"""A throwaway PostgreSQL server for the tests, and the ``target_url`` fixture over both targets.

The session starts one cluster (``initdb`` + ``pg_ctl`` from Debian's postgresql
package, on a free loopback port, in a temporary directory) and stops it at the
end (``pg_ctl stop -m immediate``: only the server it started). initdb refuses to
run as root, so as root the server runs as the ``postgres`` user. Each test gets
a database of its own. Without the server binaries or psycopg the PostgreSQL tests
skip, except under ``CI=true``, where they fail.

Test modules use these fixtures with ``pytest_plugins = ["tests.pgserver"]`` (and
import nothing from here at run time, so that pytest can rewrite its asserts).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "golive", "s3cret-pw"
# Fast and throwaway: nothing here needs to survive a crash of the server itself.
TEST_SETTINGS = ("-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off")
_databases = itertools.count(1)


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/<ver>/bin)."""
    def version(initdb: str) -> int:
        name = Path(initdb).parent.parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    port: int

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"golive_test_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _runner() -> tuple[list[str], int | None, int | None]:
    """The command prefix, uid and gid to run the server as (initdb refuses root)."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root, and there is no 'postgres' user to run the server as") from None
    return ["runuser", "-u", "postgres", "--"], account.pw_uid, account.pw_gid


def _run(prefix: list[str], cmd: list[str], cwd: Path) -> None:
    done = subprocess.run([*prefix, *cmd], cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(cmd[0]).name} failed: {(done.stderr or done.stdout).strip()}")


@contextmanager
def running_cluster(settings: tuple[str, ...] = TEST_SETTINGS) -> Iterator[Cluster]:
    """Start a cluster in a temporary directory; stop it and remove the directory afterwards."""
    bindir = bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (install Debian's postgresql package)")
    prefix, uid, gid = _runner()
    home = Path(tempfile.mkdtemp(prefix="golive-pg-"))
    data, log, pwfile = home / "data", home / "server.log", home / "pwfile"
    pwfile.write_text(PASSWORD + "\n")
    if uid is not None and gid is not None:
        for path in (home, pwfile):
            os.chown(path, uid, gid)
    started = False
    try:
        _run(prefix, [str(bindir / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={pwfile}",
                      "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], home)
        for _ in range(3):  # the free port may be taken before the server binds it
            port = free_port()
            options = " ".join((f"-p {port}", f"-k {home}", "-c listen_addresses=127.0.0.1", *settings))
            try:
                _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                              "-o", options, "start"], home)
            except RuntimeError:
                continue
            started = True
            break
        if not started:
            raise RuntimeError(f"pg_ctl could not start a server: {log.read_text() if log.exists() else ''}")
        yield Cluster(port)
    finally:
        if started:
            _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], home)
        shutil.rmtree(home, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed")
    if bin_dir() is None:
        _unavailable("PostgreSQL server binaries not found (install Debian's postgresql package)")
    try:
        with running_cluster() as cluster:
            yield cluster
    except RuntimeError as exc:
        _unavailable(str(exc))


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A fresh, empty database on the session's server."""
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests against each kind of target: an empty store."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'platform.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


RunSql = Callable[..., list[tuple[object, ...]]]


@pytest.fixture
def sql() -> RunSql:
    """:func:`run_sql`, for test modules (which take this module as a plugin, not an import)."""
    return run_sql


def run_sql(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run SQL on a target as a person with a database shell would; the last statement's rows."""
    rows: list[tuple[object, ...]] = []
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
        try:
            for sql in statements:
                rows = conn.execute(sql).fetchall()
        finally:
            conn.close()
        return rows
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        for sql in statements:
            cur = pg.execute(sql)
            rows = cur.fetchall() if cur.description else []
    return rows
