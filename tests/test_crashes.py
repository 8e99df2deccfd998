"""A bug in golive names its culprit and exits 3; the other tenants' results are still shown.

Faults are injected from here (a policy's ``check`` replaced for one tenant), never by a
hook in golive's own code.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.cli import main
from golive.engine import run as _engine
from golive.policies import registry

BROKEN = "GL-TIMEZONE"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """GL-TIMEZONE raises KeyError('timezone') on acme-ortho, and works on every other tenant."""
    policy = registry.get(BROKEN)
    real = policy.check

    def check(t: object) -> Iterator[object]:
        if getattr(t, "id", None) == "acme-ortho":
            raise KeyError("timezone")
        return real(t)  # type: ignore[arg-type]

    monkeypatch.setattr(policy, "check", check)


@pytest.mark.usefixtures("crashing")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_policy_that_raises_names_rule_and_tenant_and_exits_3(
        repo: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_engine, "PARALLEL_FROM", 2)   # with 2 jobs, the tenants go to worker processes
    code, out, err = run("validate", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25",
                         "--jobs", jobs, "--no-cache")
    assert code == 3
    assert err == (f"golive: bug: policy {BROKEN} raised KeyError: 'timezone' on tenant acme-ortho; "
                   "acme-ortho is not checked\n")
    report = json.loads(out)
    # The other tenants' results are printed; the crashed one is marked not checked.
    assert report["summary"]["tenants"] == 3
    assert report["not_checked"] == [
        {"tenant": "acme-ortho", "rule": BROKEN, "error": "KeyError: 'timezone'"}]


@pytest.mark.usefixtures("crashing")
def test_text_and_status_show_the_tenant_not_checked(repo: Path) -> None:
    code, out, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25", "--no-cache")
    assert code == 3 and err.count("\n") == 1 and "acme-ortho" in err and BROKEN in err
    assert out.splitlines()[:2] == [
        "acme-ortho (live, status active, go-live 2026-11-17)",
        f"  not checked: policy {BROKEN} raised KeyError: 'timezone' (a bug in golive)"]
    # The summary never says "ok" for a run that could not check a tenant.
    assert out.endswith("3 tenants, 1 not checked (a bug in golive): 0 errors, 0 warnings, "
                        "0 blocking — not checked\n")
    code, out, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25", "--no-cache",
                         "--format", "github")
    assert code == 3 and out.endswith("golive: 3 tenants, 1 not checked (a bug in golive): 0 errors, "
                                      "0 warnings, 0 blocking — not checked\n")
    code, out, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25", "--no-cache",
                         "--format", "markdown")
    assert code == 3 and "3 tenants, 1 not checked (a bug in golive): 0 errors" in out

    code, out, err = run("status", "--repo", str(repo), "--as-of", "2026-11-25", "--format", "json")
    assert code == 3 and BROKEN in err
    tenants = json.loads(out)["tenants"]
    assert tenants["acme-ortho"]["not_checked"] == {"rule": BROKEN, "error": "KeyError: 'timezone'"}
    assert tenants["acme-ortho"]["checklist"]["integrity"] == "missing"   # the crashed policy's key
    assert "not_checked" not in tenants["riverbend-cardio"]
    assert set(tenants) == {"acme-ortho", "riverbend-cardio", "summit-peds"}


def test_a_crashed_tenant_is_not_cached(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = registry.get(BROKEN)
    real = policy.check

    def check(t: object) -> Iterator[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(policy, "check", check)
    assert run("validate", "--repo", str(repo), "--as-of", "2026-11-25")[0] == 3
    monkeypatch.setattr(policy, "check", real)
    code, out, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25")
    assert (code, err) == (0, "") and "not checked" not in out


@pytest.mark.usefixtures("crashing")
def test_debug_shows_the_traceback(repo: Path) -> None:
    code, _, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25", "--no-cache", "--debug")
    assert code == 3
    assert "Traceback (most recent call last)" in err and "KeyError: 'timezone'" in err
    assert err.endswith("acme-ortho is not checked\n")


@pytest.mark.usefixtures("crashing")
def test_apply_writes_nothing_when_a_policy_raises(tmp_path: Path) -> None:
    from tests.gitrepo import init_config_repo

    repo = init_config_repo(tmp_path / "repo")
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    code, _, err = run("apply", "--repo", str(repo), "--target", url, "--as-of", "2026-11-25")
    assert code == 3 and f"policy {BROKEN} raised" in err
    assert run("state", "--repo", str(repo), "--target", url)[1] == "revision (none)\n"


def test_any_other_unexpected_exception_exits_3(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(repo: object, dirs: object, *args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(_engine, "run", broken)
    code, out, err = run("validate", "--repo", str(repo))
    assert (code, out) == (3, "")
    assert err == "golive: internal error: ZeroDivisionError: division by zero (rerun with --debug)\n"


def test_could_not_run_is_still_2(repo: Path) -> None:
    code, _, err = run("validate", "--repo", str(repo), "--as-of", "someday")
    assert code == 2 and err.startswith("golive: ")


def test_debug_never_prints_what_the_error_quotes_raw(tmp_path: Path) -> None:
    """Found by an attacker: --debug used to let Python print the exception, secrets and escapes and all."""
    token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    hostile = tmp_path / f"x\x1b]0;pwned\x07\x1b[2J\r\n::error::{token} 431-72-0815"
    code, _, err = run("validate", "--repo", str(hostile), "--debug")
    assert code == 2 and "Traceback (most recent call last)" in err
    assert "\x1b" not in err and "\r" not in err and "431-72-0815" not in err
    assert "abcdefghijklmnopqrstuvwxyz0123456789" not in err
    assert not any(line.startswith("::") for line in err.splitlines())
    assert err.splitlines()[-1].startswith("golive: --repo ")
