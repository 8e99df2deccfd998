"""One reader of a revision: its files are git's blobs, whatever ``.gitattributes`` says.

``git archive`` obeys ``export-subst``, ``export-ignore`` and end-of-line
conversion, so what apply (and the base of a pull request) read could differ
from what was committed and judged. These tests commit such attributes to a real
repository and show that the export, plan, apply and pull-request mode all read
exactly the committed bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from golive.git import trees
from tests.gitrepo import commit_all, edit, git, init_config_repo
from tests.test_apply import expected_state, run, state

AS_OF = "2026-11-25"
ATTRIBUTES = (
    "tenants/** export-subst\n"
    "tenants/riverbend-cardio/** export-ignore\n"
    "schemas/** export-ignore\n"
    "tenants/summit-peds/*.yaml text eol=crlf\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_config_repo(tmp_path / "repo")


def committed(repo: Path, rev: str = "HEAD") -> dict[str, bytes]:
    """Every regular file of ``rev`` under the checks and tenants, as git stores it."""
    out = git(repo, "ls-tree", "-r", "--name-only", rev, "--", "schemas", "policies", "tenants")
    return {path: trees.read_file(repo, rev, path) or b"" for path in out.splitlines()}


def exported(dest: Path) -> dict[str, bytes]:
    return {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}


def with_attributes(repo: Path) -> None:
    (repo / ".gitattributes").write_text(ATTRIBUTES, encoding="utf-8")
    # A placeholder in a comment: git archive would write the commit id in its place.
    edit(repo, "tenants/acme-ortho/tenant.yaml", "name: Acme", "# build $Format:%H$\nname: Acme")
    commit_all(repo, "Attributes for the archive")


def test_the_export_is_the_committed_bytes_whatever_gitattributes_say(repo: Path, tmp_path: Path) -> None:
    with_attributes(repo)
    dest = tmp_path / "export"
    trees.export(repo, "HEAD", dest, ["schemas", "policies", "tenants"])
    assert exported(dest) == committed(repo)
    assert b"$Format:%H$" in (dest / "tenants/acme-ortho/tenant.yaml").read_bytes()
    assert b"\r\n" not in (dest / "tenants/summit-peds/tenant.yaml").read_bytes()


def test_a_symlink_at_a_revision_is_exported_as_the_same_symlink(repo: Path, tmp_path: Path) -> None:
    link = repo / "tenants/acme-ortho/evidence/e2e-report-final.md"
    link.symlink_to("/dev/zero")
    commit_all(repo, "A link")
    dest = tmp_path / "export"
    trees.export(repo, "HEAD", dest, ["tenants/acme-ortho"])
    assert os.readlink(dest / "tenants/acme-ortho/evidence/e2e-report-final.md") == "/dev/zero"


def test_plan_and_apply_read_the_committed_bytes(repo: Path) -> None:
    url = f"sqlite:///{repo.parent / 'platform.db'}"
    with_attributes(repo)
    code, out, err = run("plan", "--repo", str(repo), "--target", url, "--as-of", AS_OF,
                         "--format", "json")
    assert (code, err) == (0, "")
    planned = json.loads(out)
    assert not planned["refused"] and not planned["blocking"]
    assert {c["tenant"] for c in planned["changes"]} == {"acme-ortho", "riverbend-cardio", "summit-peds"}
    code, out, err = run("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF)
    assert (code, err) == (0, ""), out
    assert state(url) == expected_state(repo)


def test_a_base_that_hides_its_schemas_from_the_archive_still_judges_with_them(repo: Path) -> None:
    (repo / ".gitattributes").write_text("schemas/** export-ignore\n", encoding="utf-8")
    commit_all(repo, "Attributes for the archive")
    git(repo, "checkout", "-q", "-b", "feature")
    # The pull request weakens the schema and uses what it now allows.
    schema = repo / "schemas/tenant.schema.json"
    data = json.loads(schema.read_text())
    data["properties"]["status"] = {"type": "string"}
    schema.write_text(json.dumps(data, indent=2))
    edit(repo, "tenants/summit-peds/tenant.yaml", "status: onboarding", "status: whatever")
    commit_all(repo, "Any status")
    code, out, err = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF,
                         "--format", "json")
    assert code == 1, (out, err)
    report = json.loads(out)
    blocking = [f for f in report["findings"]
                if f["severity"] == "error" and f["new"] and not f["waived"] and f["tenant"]]
    assert [(f["tenant"], f["rule"], f["path"]) for f in blocking] == [("summit-peds", "GL-SCHEMA", "status")]
