"""Pull-request mode over real git histories: what blocks a branch and what does not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

BEFORE_GOLIVE = "2026-11-16"   # acme-ortho goes live 2026-11-17


def run(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["validate", "--repo", str(repo), "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {"stderr": captured.err}


def unflip(repo: Path, tenant: str = "acme-ortho") -> None:
    """Put a live tenant back in its pre-flip state: onboarding, envelopes in test."""
    edit(repo, f"tenants/{tenant}/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, f"tenants/{tenant}/tenant.yaml", "phase: live", "phase: onboarding")
    edit(repo, f"tenants/{tenant}/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)


def flip(repo: Path, tenant: str = "acme-ortho") -> None:
    edit(repo, f"tenants/{tenant}/tenant.yaml", "status: onboarding", "status: active")
    edit(repo, f"tenants/{tenant}/tenant.yaml", "phase: onboarding", "phase: live")
    edit(repo, f"tenants/{tenant}/edi.yaml", "usage_indicator: T", "usage_indicator: P", count=-1)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """main: the three example tenants, acme-ortho not yet flipped."""
    repo = init_config_repo(tmp_path / "repo")
    unflip(repo)
    git(repo, "commit", "-q", "-a", "--amend", "-m", "Initial config, acme-ortho before go-live")
    git(repo, "checkout", "-q", "-b", "feature")
    return repo


def test_flip_with_incomplete_checklist_blocks_at_each_missing_line(
        history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flip(history, "summit-peds")
    commit_all(history, "Flip summit-peds live")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 1
    assert report["summary"]["tenants"] == 1
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors and all(f["new"] and f["tenant"] == "summit-peds" for f in errors)
    keys = {f["checklist"] for f in errors}
    assert {"uat_signoff", "partner_certifications", "eft_enrollment", "notifications"} <= keys
    # Every finding points at a real line of the file it names.
    for f in errors:
        lines = (history / f["file"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= f["line"] <= len(lines), f


def test_an_error_the_base_had_does_not_block(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "checkout", "-q", "main")
    edit(history, "tenants/riverbend-cardio/tenant.yaml", "status: active", "status: onboarding")
    commit_all(history, "riverbend-cardio broken on main")
    git(history, "checkout", "-q", "-B", "feature")
    # Untouched by the branch: not even checked.
    edit(history, "tenants/summit-peds/tenant.yaml", "name: Summit Pediatrics", "name: Summit Pediatrics PC")
    commit_all(history, "Rename summit-peds")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 0
    assert {f["tenant"] for f in report["findings"]} <= {"summit-peds"}
    # Touched elsewhere in the same tenant: the old error is reported as not new.
    edit(history, "tenants/riverbend-cardio/notifications.yaml", "\n", "\n# reviewed\n")
    commit_all(history, "Touch riverbend-cardio")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    old = [f for f in report["findings"] if f["rule"] == "GL-TENANT-STATUS"]
    assert code == 0 and old and not any(f["new"] for f in old)
    assert report["summary"]["blocking"] == 0


def test_emptying_the_checks_does_not_unblock_a_flip(history: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    flip(history, "summit-peds")
    shutil.rmtree(history / "schemas")
    shutil.rmtree(history / "policies")
    commit_all(history, "Flip summit-peds and drop the checks")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 1
    rules = {f["rule"] for f in report["findings"] if f["new"] and f["severity"] == "error"}
    assert {"GL-UAT-SIGNOFF", "GL-CHECKS-INVALID"} <= rules
    deleted = [f for f in report["findings"] if f["rule"] == "GL-CHECKS-INVALID"]
    assert {f["file"] for f in deleted} >= {"schemas/edi.schema.json", "policies/settings.yaml"}
    assert all(f["tenant"] is None for f in deleted)
    assert report["summary"]["tenants"] == 3   # the checks changed: every tenant is checked


def test_a_weakened_schema_is_flagged_and_not_used(history: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    schema = history / "schemas" / "tenant.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"additionalProperties": false',
                                                                 '"additionalProperties": true', 1))
    edit(history, "tenants/summit-peds/tenant.yaml", "timezone:", "time_zone: America/Denver\ntimezone:")
    commit_all(history, "Allow any key")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 1
    review = [f for f in report["findings"] if f["rule"] == "GL-CHECKS-CHANGED"]
    assert [(f["file"], f["severity"]) for f in review] == [("schemas/tenant.schema.json", "warning")]
    assert any("time_zone" in f["message"] for f in report["findings"] if f["rule"] == "GL-SCHEMA")


def test_skipping_live_is_blocked(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "tenants/summit-peds/tenant.yaml", "phase: onboarding", "phase: bau")
    commit_all(history, "summit-peds straight to bau")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 1
    skip = [f for f in report["findings"] if f["rule"] == "GL-TRANSITION-PHASE"]
    assert [(f["file"], f["line"], f["new"]) for f in skip] == [("tenants/summit-peds/tenant.yaml", 5, True)]


def test_reverting_a_flip_passes(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "checkout", "-q", "main")
    flip(history)
    flip_commit = commit_all(history, "Flip acme-ortho live")
    git(history, "checkout", "-q", "-b", "rollback")
    git(history, "revert", "--no-edit", flip_commit)
    code, report = run(history, capsys, "--base", "main", "--as-of", BEFORE_GOLIVE)
    assert code == 0, report
    assert report["summary"] == {"tenants": 1, "errors": 0, "warnings": 0, "blocking": 0}


def test_a_revert_to_a_state_no_gate_accepted_blocks(history: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """main held it, but only because it was pushed past the gate: it is no safe harbour."""
    git(history, "checkout", "-q", "main")
    edit(history, "tenants/riverbend-cardio/notifications.yaml", "era.posted", "claim.accepted")
    bad = commit_all(history, "Drop era.posted (broken), straight onto main")
    git(history, "revert", "--no-edit", bad)
    git(history, "checkout", "-q", "-B", "rollback")
    git(history, "revert", "--no-edit", "HEAD")   # back to the broken version
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    # main held it, but no gate ever accepted it: no safe harbour.
    assert code == 1 and not any(f["allowed_by"] for f in report["findings"])


def test_read_only_alone_passes_whatever_else_is_wrong(history: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "checkout", "-q", "main")
    flip(history)
    edit(history, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(history, "acme-ortho live with one envelope left in test")
    git(history, "checkout", "-q", "-B", "feature")
    edit(history, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    commit_all(history, "Break glass: acme-ortho read-only")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 0
    assert any(f["rule"] == "GL-ENVELOPE-MODE" for f in report["findings"])
    assert report["summary"]["blocking"] == 0


def test_only_the_changed_tenant_is_checked(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "tenants/riverbend-cardio/notifications.yaml", "\n", "\n# noted\n")
    commit_all(history, "Touch one tenant")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 0
    assert report["summary"]["tenants"] == 1


def test_uncommitted_changes_count_as_the_change(history: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    flip(history, "summit-peds")   # not committed: what is on disk is what is checked
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    assert code == 1 and report["summary"]["tenants"] == 1


WAIVER = """\
waivers:
  - checklist: eft_enrollment
    path: payers[3]
    reason: EFT enrollment pending with this payer; paper checks until approved
    approved_by: Pat Rivera (billing lead)
    approved_on: 2026-11-12
    expires: 2026-12-31
"""


def _eft_pending(repo: Path) -> None:
    payers = repo / "tenants" / "acme-ortho" / "payers.yaml"
    lines = payers.read_text(encoding="utf-8").splitlines(keepends=True)
    eft_lines = [i for i, line in enumerate(lines) if "eft: confirmed" in line]
    lines[eft_lines[3]] = lines[eft_lines[3]].replace("eft: confirmed", "eft: pending")
    payers.write_text("".join(lines), encoding="utf-8")


def _merge(repo: Path, branch: str) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)


def test_a_waiver_lets_the_flip_pass_until_it_expires(history: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # The waiver is reviewed on its own first, while acme-ortho is still onboarding.
    git(history, "checkout", "-q", "main")
    _eft_pending(history)
    commit_all(history, "acme-ortho: one EFT enrollment still pending")
    git(history, "checkout", "-q", "-b", "waiver")
    (history / "tenants" / "acme-ortho" / "waivers.yaml").write_text(WAIVER, encoding="utf-8")
    commit_all(history, "Waive the pending EFT for the flip")
    code, report = run(history, capsys, "--base", "main", "--as-of", BEFORE_GOLIVE)
    assert code == 0, report
    _merge(history, "waiver")

    git(history, "checkout", "-q", "-b", "flip")
    flip(history)
    commit_all(history, "Flip acme-ortho with one EFT pending")
    code, report = run(history, capsys, "--base", "main", "--as-of", BEFORE_GOLIVE)
    assert code == 0
    waived = [f for f in report["findings"] if f["waived"]]
    assert [(f["rule"], f["new"]) for f in waived] == [("GL-PAYER-ENROLLMENT", True)]

    code, report = run(history, capsys, "--base", "main", "--as-of", "2027-01-04")
    assert code == 1
    blocking = {(f["rule"], f["file"], f["line"]) for f in report["findings"]
                if f["severity"] == "error" and not f["waived"]}
    assert ("GL-WAIVER-EXPIRED", "tenants/acme-ortho/waivers.yaml", 2) in blocking
    assert any(rule == "GL-PAYER-ENROLLMENT" for rule, _, _ in blocking)


def test_a_stale_waiver_is_an_error(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "checkout", "-q", "main")
    (history / "tenants" / "acme-ortho" / "waivers.yaml").write_text(WAIVER, encoding="utf-8")
    commit_all(history, "A waiver acme-ortho will not need")
    git(history, "checkout", "-q", "-B", "feature")
    flip(history)
    commit_all(history, "Flip acme-ortho with a waiver it does not need")
    code, report = run(history, capsys, "--base", "main", "--as-of", BEFORE_GOLIVE)
    assert code == 1
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["GL-WAIVER-UNUSED"]


def test_append_only_hypercare_rows(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    golive = history / "tenants" / "riverbend-cardio" / "golive.yaml"
    text = golive.read_text(encoding="utf-8")
    assert "claims_denied: 0" in text
    golive.write_text(text.replace("claims_denied: 0", "claims_denied: 1", 1), encoding="utf-8")
    commit_all(history, "Correct a metrics row in place")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    rows = [f for f in report["findings"] if f["rule"] == "GL-TRANSITION-APPEND-ONLY"]
    # The first row with no denials is the fourth.
    assert code == 1 and [f["path"] for f in rows] == ["hypercare.metrics[3]"]


def test_signed_evidence_is_not_edited_after_live(history: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "tenants/riverbend-cardio/golive.yaml", "signed_by: Jordan Ellis", "signed_by: Jo Ellis")
    commit_all(history, "Re-sign UAT in place")
    code, report = run(history, capsys, "--base", "main", "--as-of", "2026-11-25")
    rules = {(f["rule"], f["checklist"]) for f in report["findings"] if f["new"]}
    assert code == 1 and ("GL-TRANSITION-EVIDENCE", "uat_signoff") in rules


@pytest.mark.parametrize(("ref", "words"), [("no-such-branch", "unknown git ref 'no-such-branch'")])
def test_an_unknown_base_exits_2(history: Path, capsys: pytest.CaptureFixture[str], ref: str,
                                 words: str) -> None:
    code = main(["validate", "--repo", str(history), "--base", ref])
    err = capsys.readouterr().err
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_a_shallow_clone_without_the_base_says_to_fetch_history(tmp_path: Path, history: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    flip(history, "summit-peds")
    commit_all(history, "Flip")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{history}", str(clone))
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    code = main(["validate", "--repo", str(clone), "--base", "origin/main"])
    err = capsys.readouterr().err
    assert code == 2 and "shallow" in err and "fetch" in err and len(err.strip().splitlines()) == 1
