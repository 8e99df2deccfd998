"""``golive rollback`` over real git histories: plain, squash and merge go-lives, partial reverts,
conflicts and dirty work trees."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from golive.cli import main
from tests.conftest import EXAMPLES
from tests.gitrepo import commit_all, edit, git, init_config_repo

ACME = "tenants/acme-ortho"
AS_OF = "2026-11-25"
REVERTS = ("mass-scrub-failures", "mass-envelope-rejections")
READ_ONLY = ("catastrophic-config-error", "tenant-db-corruption")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def rollback(repo: Path, trigger: str, *extra: str) -> tuple[int, str, str]:
    return run("rollback", "acme-ortho", "--trigger", trigger, "--repo", str(repo), *extra)


def unflip(repo: Path) -> None:
    """acme-ortho as it was before go-live: onboarding, envelopes in test, rules v6 active."""
    edit(repo, f"{ACME}/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, f"{ACME}/tenant.yaml", "phase: live", "phase: onboarding")
    edit(repo, f"{ACME}/tenant.yaml",
         "golive_date: 2026-11-17            # Tuesday; hyper-care day 5 is Monday 2026-11-23\n", "")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)
    edit(repo, f"{ACME}/modifier-rules.yaml", "active_version: 7", "active_version: 6")


def flip(repo: Path) -> None:
    """acme-ortho's go-live: its tenant.yaml and edi.yaml as the live example has them."""
    for name in ("tenant.yaml", "edi.yaml"):
        shutil.copyfile(EXAMPLES / "acme-ortho" / name, repo / ACME / name)


def later_changes(repo: Path) -> None:
    """Other tenants move on after acme-ortho's go-live."""
    edit(repo, "tenants/summit-peds/tenant.yaml", "onboarding_ticket: ONB-1107",
         "onboarding_ticket: ONB-1107          # readiness review booked")
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "smoke_run_sla_hours:",
         "smoke_run_sla_hours:  ")
    commit_all(repo, "Later changes to summit-peds and riverbend-cardio")


def build(tmp_path: Path, style: str = "plain") -> Path:
    """main: acme-ortho before go-live, rules v7 activated, the flip (as ``style``), later changes."""
    repo = init_config_repo(tmp_path / "repo")
    git(repo, "config", "user.name", "On-call Admin")
    git(repo, "config", "user.email", "oncall@golive.example")
    git(repo, "config", "commit.gpgsign", "false")
    unflip(repo)
    commit_all(repo, "acme-ortho before go-live")
    edit(repo, f"{ACME}/modifier-rules.yaml", "active_version: 6", "active_version: 7")
    commit_all(repo, "Activate acme-ortho modifier rules v7")
    if style == "plain":
        flip(repo)
        commit_all(repo, "Flip acme-ortho live on 2026-11-17")
    else:
        git(repo, "checkout", "-q", "-b", "golive/acme-ortho")
        flip(repo)
        commit_all(repo, "Flip acme-ortho live on 2026-11-17")
        git(repo, "checkout", "-q", "main")
        edit(repo, "tenants/summit-peds/payers.yaml", "verified_by: Sam Ortiz}", "verified_by: Sam Ortiz }")
        commit_all(repo, "summit-peds: spacing")
        if style == "merge":
            git(repo, "merge", "-q", "--no-ff", "-m", "Merge golive/acme-ortho", "golive/acme-ortho")
        else:
            git(repo, "merge", "-q", "--squash", "golive/acme-ortho")
            git(repo, "commit", "-q", "-m", "Flip acme-ortho live on 2026-11-17 (#12)")
        git(repo, "branch", "-q", "-D", "golive/acme-ortho")
    later_changes(repo)
    return repo


def show(repo: Path, rev: str, path: str) -> str:
    return git(repo, "show", f"{rev}:{path}")


def changed(repo: Path, rev: str) -> list[str]:
    return git(repo, "diff", "--name-only", f"{rev}~1", rev).splitlines()


def snapshot(repo: Path) -> tuple[str, str, str, str]:
    return (git(repo, "status", "--porcelain", "--untracked-files=all"),
            git(repo, "rev-parse", "--abbrev-ref", "HEAD"), git(repo, "rev-parse", "HEAD"),
            git(repo, "branch", "--list"))


@pytest.mark.parametrize("style", ["plain", "squash", "merge"])
def test_envelope_rejections_revert_the_flip(tmp_path: Path, style: str) -> None:
    repo = build(tmp_path, style)
    main_tip = git(repo, "rev-parse", "main")
    code, out, err = rollback(repo, "mass-envelope-rejections")
    assert (code, err) == (0, "")
    branch = "rollback/acme-ortho/mass-envelope-rejections"
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == branch
    assert git(repo, "rev-list", "--count", f"main..{branch}") == "1"
    assert sorted(changed(repo, branch)) == [f"{ACME}/edi.yaml", f"{ACME}/tenant.yaml"]
    edi = show(repo, branch, f"{ACME}/edi.yaml")
    assert "usage_indicator: P" not in edi and edi.count("usage_indicator: T") == 14
    assert "phase: onboarding" in show(repo, branch, f"{ACME}/tenant.yaml")
    # The other tenants' later changes survive.
    for other in ("tenants/summit-peds/tenant.yaml", "tenants/riverbend-cardio/tenant.yaml",
                  "tenants/summit-peds/payers.yaml"):
        assert show(repo, branch, other) == show(repo, main_tip, other)
    message = git(repo, "log", "-1", "--format=%B", branch)
    assert message.startswith("Roll back acme-ortho: mass envelope rejections\n")
    assert "This reverts commit " in message
    if style == "merge":
        assert "(a merge commit, against its first parent)" in out
    assert "| status | active | onboarding |" in out
    assert "| phase | live | onboarding |" in out
    assert "| envelopes\\[availity/837P\\] | P | T |" in out   # as golive plan names the field
    assert "Resubmit the rejected claims after the fix." in out
    assert "Also reverted (changed by the same commit): tenant.yaml: status, phase, golive_date" in out
    code, _, _ = run("validate", "--repo", str(repo), "--as-of", AS_OF)
    assert code == 0


@pytest.mark.parametrize("style", ["plain", "squash", "merge"])
def test_scrub_failures_revert_the_version_change(tmp_path: Path, style: str) -> None:
    repo = build(tmp_path, style)
    code, out, err = rollback(repo, "mass-scrub-failures")
    assert (code, err) == (0, "")
    branch = "rollback/acme-ortho/mass-scrub-failures"
    assert git(repo, "rev-list", "--count", f"main..{branch}") == "1"
    assert changed(repo, branch) == [f"{ACME}/modifier-rules.yaml"]
    diff = git(repo, "diff", f"{branch}~1", branch, "--unified=0")
    assert "-active_version: 7\n+active_version: 6" in diff
    assert "| modifier_rules_version | 7 | 6 |" in out
    assert "Activate acme-ortho modifier rules v7" in out
    # Still live: the tenant's envelopes stay in production.
    assert "usage_indicator: T" not in show(repo, branch, f"{ACME}/edi.yaml")
    code, _, _ = run("validate", "--repo", str(repo), "--as-of", AS_OF)
    assert code == 0


@pytest.mark.parametrize("trigger", READ_ONLY)
def test_read_only_triggers_edit_only_status(tmp_path: Path, trigger: str) -> None:
    repo = build(tmp_path)
    before = show(repo, "main", f"{ACME}/tenant.yaml")
    code, out, err = rollback(repo, trigger)
    assert (code, err) == (0, "")
    branch = f"rollback/acme-ortho/{trigger}"
    assert git(repo, "rev-list", "--count", f"main..{branch}") == "1"
    assert changed(repo, branch) == [f"{ACME}/tenant.yaml"]
    after = show(repo, branch, f"{ACME}/tenant.yaml")
    assert after == before.replace("status: active ", "status: read_only ", 1)
    assert "| status | active | read\\_only |" in out or "| status | active | read_only |" in out
    assert ("OPERATIONS_RUNBOOK.md §18" in out) == (trigger == "tenant-db-corruption")
    code, _, _ = run("validate", "--repo", str(repo), "--as-of", AS_OF)
    assert code == 0


@pytest.mark.parametrize("trigger", REVERTS + READ_ONLY)
def test_rollback_branch_passes_pull_request_mode(tmp_path: Path, trigger: str) -> None:
    repo = build(tmp_path, "merge")
    assert rollback(repo, trigger)[0] == 0
    code, out, err = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)
    assert (code, err) == (0, ""), out


def test_only_this_tenants_files_are_reverted(tmp_path: Path) -> None:
    repo = build(tmp_path)
    # The go-live commit also touched another tenant, which changed again since.
    git(repo, "reset", "-q", "--hard", "HEAD~2")
    flip(repo)
    edit(repo, "tenants/summit-peds/tenant.yaml", "smoke_run_sla_hours: 24",
         "smoke_run_sla_hours: 36")
    (repo / "tenants/summit-peds/evidence/kickoff.md").write_text("Kickoff notes\n")
    commit_all(repo, "Flip acme-ortho live; summit-peds SLA and kickoff notes")
    edit(repo, "tenants/summit-peds/tenant.yaml", "smoke_run_sla_hours: 36",
         "smoke_run_sla_hours: 48")
    (repo / "tenants/summit-peds/evidence/kickoff.md").unlink()
    commit_all(repo, "summit-peds SLA again; notes moved to the ticket")
    code, out, _ = rollback(repo, "mass-envelope-rejections")
    assert code == 0
    assert "Left alone (changed by the reverted commit, not acme-ortho's): " \
           "tenants/summit-peds/evidence/kickoff.md, tenants/summit-peds/tenant.yaml" in out
    branch = "rollback/acme-ortho/mass-envelope-rejections"
    assert sorted(changed(repo, branch)) == [f"{ACME}/edi.yaml", f"{ACME}/tenant.yaml"]
    assert not (repo / "tenants/summit-peds/evidence/kickoff.md").exists()
    assert "smoke_run_sla_hours: 48" in show(repo, branch, "tenants/summit-peds/tenant.yaml")


def test_no_commit_leaves_the_revert_staged(tmp_path: Path) -> None:
    repo = build(tmp_path, "merge")
    head = git(repo, "rev-parse", "HEAD")
    code, out, _ = rollback(repo, "mass-envelope-rejections", "--no-commit", "--branch", "hotfix/acme")
    assert code == 0
    assert "staged, not committed" in out and "| status | active | onboarding |" in out
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "hotfix/acme"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "diff", "--cached", "--name-only").splitlines() == [
        f"{ACME}/edi.yaml", f"{ACME}/tenant.yaml"]
    assert git(repo, "diff", "--name-only") == ""
    assert not (repo / ".git" / "REVERT_HEAD").exists()


def test_conflicting_revert_stops_cleanly(tmp_path: Path) -> None:
    repo = build(tmp_path)
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: P   # since go-live")
    commit_all(repo, "acme-ortho: note")
    before = snapshot(repo)
    code, out, err = rollback(repo, "mass-envelope-rejections")
    assert (code, err) == (1, "")
    assert f"conflicts in {ACME}/edi.yaml;" in out
    assert snapshot(repo) == before
    assert not (repo / ".git" / "REVERT_HEAD").exists()


@pytest.mark.parametrize("mess", ["untracked", "modified", "staged"])
def test_dirty_tree_is_refused_before_anything(tmp_path: Path, mess: str) -> None:
    repo = build(tmp_path)
    if mess == "untracked":
        (repo / "notes.txt").write_text("x\n")
    else:
        edit(repo, "tenants/summit-peds/tenant.yaml", "name: Summit", "name:  Summit")
        if mess == "staged":
            git(repo, "add", "-A")
    before = snapshot(repo)
    code, out, err = rollback(repo, "catastrophic-config-error")
    assert (code, out) == (2, "")
    assert err.startswith("golive: the work tree has uncommitted changes") and err.count("\n") == 1
    assert snapshot(repo) == before


def test_existing_branch_is_refused(tmp_path: Path) -> None:
    repo = build(tmp_path)
    git(repo, "branch", "rollback/acme-ortho/mass-scrub-failures")
    before = snapshot(repo)
    code, out, err = rollback(repo, "mass-scrub-failures")
    assert (code, out) == (2, "")
    assert err == "golive: branch 'rollback/acme-ortho/mass-scrub-failures' already exists; " \
                  "delete it (git branch -D rollback/acme-ortho/mass-scrub-failures) or pass --branch NAME\n"
    assert snapshot(repo) == before


def test_a_rolled_back_tenant_is_not_rolled_back_again(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "mass-scrub-failures")[0] == 0
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "rollback/acme-ortho/mass-scrub-failures")
    code, _, err = rollback(repo, "mass-scrub-failures", "--branch", "again")
    assert code == 2 and "already rolled back for mass-scrub-failures" in err
    # The envelopes were never rolled back; that trigger still finds the flip.
    assert rollback(repo, "mass-envelope-rejections")[0] == 0


def test_nothing_to_revert(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    code, _, err = rollback(repo, "mass-envelope-rejections")
    assert code == 2
    assert err == ("golive: nothing to revert: no commit on HEAD's first-parent history flipped an "
                   f"envelope to P in {ACME}/edi.yaml\n")
