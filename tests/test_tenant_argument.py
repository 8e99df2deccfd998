"""One tenant-argument parser for every command that takes a tenant: ``id``, ``id/``,
``tenants/id`` and ``tenants/id/`` all name it, and a typo names the closest known tenants."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from golive.cli import main
from golive.core.errors import UsageError
from golive.core.layout import tenant_argument
from tests.gitrepo import git, init_config_repo

AS_OF = "2026-11-25"
FORMS = ("{}", "{}/", "tenants/{}", "tenants/{}/")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = init_config_repo(tmp_path_factory.mktemp("tenant-arg") / "repo")
    git(made, "config", "user.name", "On-call Admin")
    git(made, "config", "user.email", "oncall@golive.example")
    return made


@pytest.fixture(params=["elsewhere", "in the repo"])
def cwd(request: pytest.FixtureRequest, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From another directory, and from the repo's root (where tenants/<id> is also a path)."""
    monkeypatch.chdir(tmp_path if request.param == "elsewhere" else repo)


def back_to_main(repo: Path, branch: str) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", branch)


@pytest.mark.usefixtures("cwd")
@pytest.mark.parametrize("form", FORMS)
def test_every_command_takes_every_form(repo: Path, form: str) -> None:
    r = str(repo)
    code, out, err = run("status", form.format("summit-peds"), "--repo", r, "--as-of", AS_OF)
    assert (code, err) == (0, "") and out.startswith("summit-peds (onboarding")
    code, out, err = run("hypercare", form.format("acme-ortho"), "--repo", r, "--as-of", AS_OF)
    assert (code, err) == (0, "") and "acme-ortho" in out
    code, out, err = run("flip", form.format("summit-peds"), "--repo", r, "--date", "2026-12-15")
    assert (code, err) == (0, "") and "Flip summit-peds live on 2026-12-15" in out
    back_to_main(repo, "golive/summit-peds")
    code, out, err = run("rollback", form.format("acme-ortho"), "--trigger", "catastrophic-config-error",
                         "--reference", "INC-1", "--reason", "x", "--repo", r)
    assert (code, err) == (0, "") and "Roll back acme-ortho: catastrophic config error" in out
    back_to_main(repo, "rollback/acme-ortho/catastrophic-config-error")
    code, out, err = run("new", form.format("lakeside-derm"), "--repo", r)
    assert (code, err) == (0, "") and (repo / "tenants" / "lakeside-derm" / "tenant.yaml").is_file()
    git(repo, "clean", "-qfd", "tenants/lakeside-derm")
    code, out, err = run("history", form.format("acme-ortho"), "--repo", r,
                         "--target", f"sqlite:///{repo.parent / 'platform.db'}")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("command", [
    ("status", "acme-orhto"), ("hypercare", "acme-orhto"), ("flip", "acme-orhto"),
    ("rollback", "acme-orhto", "--resolve"),
])
def test_a_typo_names_the_closest_tenants(repo: Path, command: tuple[str, ...]) -> None:
    code, out, err = run(*command, "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err == ("golive: no tenant 'acme-orhto' (no tenants/acme-orhto/tenant.yaml); "
                   "did you mean acme-ortho?\n")


@pytest.mark.parametrize("text", ["tenants/acme-ortho/edi.yaml", "acme/ortho", "../acme-ortho", "Acme", ""])
def test_what_is_not_a_tenant_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="is not a tenant id: 3 to 40"):
        tenant_argument(text)


def test_no_close_match_lists_the_tenants() -> None:
    with pytest.raises(UsageError, match=r"; known tenants: acme-ortho, summit-peds$"):
        tenant_argument("zzz", ["summit-peds", "acme-ortho"])
