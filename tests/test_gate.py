"""The gate holds: what a pull request tried against ``validate --base`` and how it is stopped.

Each test is a pull request on a real git repository made from the example
tenants, checked the way CI checks it (``golive validate --base main``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from golive.cli import main
from tests.conftest import EXAMPLES, ROOT
from tests.gitrepo import commit_all, edit, git, init_config_repo

AS_OF = "2026-11-25"


def run(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["validate", "--repo", str(repo), "--format", "json", "--base", "main",
                 "--as-of", AS_OF, *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {"stderr": captured.err}


def errors(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


def merge(repo: Path, branch: str) -> str:
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    return git(repo, "rev-parse", "HEAD")


def flip(repo: Path, tenant: str = "summit-peds") -> None:
    edit(repo, f"tenants/{tenant}/tenant.yaml", "status: onboarding", "status: active")
    edit(repo, f"tenants/{tenant}/tenant.yaml", "phase: onboarding", "phase: live")
    edit(repo, f"tenants/{tenant}/edi.yaml", "usage_indicator: T", "usage_indicator: P", count=-1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: the three example tenants (acme-ortho live, riverbend-cardio bau, summit-peds onboarding)."""
    made = init_config_repo(tmp_path / "repo")
    git(made, "checkout", "-q", "-b", "feature")
    return made


# 1. Deleting files is an ordinary change, never a "pure revert".

@pytest.mark.parametrize("files", [
    ("golive.yaml",),
    ("edi.yaml", "evidence/uat-signoff.eml"),
])
def test_deleting_a_live_tenants_files_blocks(repo: Path, capsys: pytest.CaptureFixture[str],
                                              files: tuple[str, ...]) -> None:
    tenant = repo / "tenants" / "acme-ortho"
    present = [f for f in files if (tenant / f).exists()]
    assert present == list(files), f"example evidence moved: {sorted(p.name for p in tenant.rglob('*'))}"
    git(repo, "rm", "-q", *(f"tenants/acme-ortho/{f}" for f in files))
    commit_all(repo, "Delete acme-ortho files")
    code, report = run(repo, capsys)
    assert code == 1, report
    blocking = [f for f in errors(report) if f["new"] and not f["allowed_by"]]
    assert blocking and all(f["tenant"] == "acme-ortho" for f in blocking)
    assert not any(f["allowed_by"] for f in report["findings"])


def test_moving_a_file_is_a_change_not_a_revert(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = repo / "tenants" / "acme-ortho" / "evidence"
    first = sorted(p for p in evidence.iterdir() if p.is_file())[0]
    git(repo, "mv", str(first.relative_to(repo)), str(first.relative_to(repo)) + ".old")
    commit_all(repo, "Move an evidence file")
    code, report = run(repo, capsys)
    assert code == 1
    assert not any(f["allowed_by"] for f in report["findings"])


def test_deleting_a_live_tenant_is_blocked_and_an_onboarding_one_is_not(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-rq", "tenants/acme-ortho")
    commit_all(repo, "Delete acme-ortho")
    code, report = run(repo, capsys)
    assert code == 1
    assert [(f["rule"], f["tenant"], f["file"]) for f in errors(report)] == [
        ("GL-TRANSITION-REMOVED", "acme-ortho", "tenants/acme-ortho/tenant.yaml")]
    git(repo, "reset", "-q", "--hard", "main")
    git(repo, "rm", "-rq", "tenants/summit-peds")
    commit_all(repo, "Drop summit-peds, which never went live")
    code, report = run(repo, capsys)
    assert code == 0 and report["findings"] == []


# 2. A pure revert is a whole state main held, not a set of old files.

UAT = f"""uat_signoff:
  form: email
  signed_by: Pat Rivera <pat.rivera@acme-ortho.example>
  signed_on: 2026-11-12
  evidence: evidence/uat-signoff.eml
  sha256: {hashlib.sha256((EXAMPLES / "acme-ortho/evidence/uat-signoff.eml").read_bytes()).hexdigest()}
"""


def _flip_then_revert(repo: Path) -> tuple[str, str]:
    """main: acme-ortho before go-live, without its UAT sign-off; then its flip, reviewed and merged
    with the sign-off, then the merge reverted."""
    git(repo, "checkout", "-q", "main")
    golive_yaml = repo / "tenants" / "acme-ortho" / "golive.yaml"
    assert UAT in golive_yaml.read_text()
    golive_yaml.write_text(golive_yaml.read_text().replace(UAT, ""))
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, "tenants/acme-ortho/tenant.yaml", "phase: live", "phase: onboarding")
    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)
    git(repo, "commit", "-q", "-a", "--amend", "-m", "Initial config, acme-ortho before go-live")
    git(repo, "checkout", "-q", "-B", "flip")
    golive_yaml.write_text(golive_yaml.read_text() + UAT)
    flip(repo, "acme-ortho")
    commit_all(repo, "Flip acme-ortho with its UAT sign-off")
    code = main(["validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF])
    assert code == 0, "the flip passes the gate"
    flip_merge = merge(repo, "flip")
    git(repo, "revert", "--no-edit", "-m", "1", flip_merge)
    revert = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-B", "feature")
    return flip_merge, revert


def test_git_revert_of_a_flip_merge_passes_as_a_pure_revert(repo: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    flip_merge, _ = _flip_then_revert(repo)
    capsys.readouterr()
    git(repo, "checkout", "-q", "main")
    git(repo, "reset", "-q", "--hard", flip_merge)       # main: the flip merged, nothing since
    git(repo, "checkout", "-q", "-B", "undo-flip")
    git(repo, "revert", "--no-edit", "-m", "1", flip_merge)
    code, report = run(repo, capsys)
    assert code == 0, report
    assert report["summary"]["tenants"] == 1


def test_old_files_in_a_combination_main_never_held_block(repo: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    flip_merge, _ = _flip_then_revert(repo)
    capsys.readouterr()
    git(repo, "checkout", flip_merge, "--", "tenants/acme-ortho/tenant.yaml", "tenants/acme-ortho/edi.yaml")
    commit_all(repo, "Take acme-ortho live again, two files only")
    code, report = run(repo, capsys)
    assert code == 1
    assert {f["rule"] for f in errors(report)} == {"GL-UAT-SIGNOFF"}
    assert not any(f["allowed_by"] for f in report["findings"])


def test_returning_to_a_state_the_gate_accepted_passes_and_says_so(repo: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    flip_merge, _revert = _flip_then_revert(repo)
    capsys.readouterr()
    # Today the flip would not pass: hyper-care grew to six days on main since.
    git(repo, "checkout", "-q", "main")
    edit(repo, "policies/settings.yaml", "business_days: 5", "business_days: 6")
    commit_all(repo, "Six days of hyper-care")
    git(repo, "checkout", "-q", "-B", "feature")
    git(repo, "checkout", flip_merge, "--", "tenants/acme-ortho")
    commit_all(repo, "Put back the flip as it was merged")
    code, report = run(repo, capsys)
    assert code == 0, report
    allowed = {(f["allowed_by"], f["reverts_to"]) for f in report["findings"] if f["new"]}
    assert allowed == {("pure-revert", flip_merge)}
    # Every output format says why the findings do not block.
    main(["validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF])
    text = capsys.readouterr().out
    assert f"allowed: pure revert to {flip_merge[:12]}" in text
    for fmt in ("github", "markdown", "junit", "sarif"):
        main(["validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF, "--format", fmt])
        assert f"pure revert to {flip_merge[:12]}" in capsys.readouterr().out, fmt


# 3. A pull request cannot waive its own findings.

SELF_WAIVERS = "".join(f"""\
  - checklist: {key}
    reason: approved
    approved_by: me
    approved_on: 2026-11-20
    expires: 2099-12-31
""" for key in ("uat_signoff", "partner_certifications", "eft_enrollment", "notifications",
                "e2e_test", "fee_schedules", "payer_effective_dates", "modifier_rules"))


def test_a_waiver_added_with_the_flip_waives_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _before = run(repo, capsys)
    flip(repo)
    commit_all(repo, "Flip summit-peds")
    code, unwaived = run(repo, capsys)
    assert code == 1
    (repo / "tenants" / "summit-peds" / "waivers.yaml").write_text("waivers:\n" + SELF_WAIVERS)
    commit_all(repo, "Waive everything that blocks")
    code, report = run(repo, capsys)
    assert code == 1
    assert not any(f["waived"] for f in report["findings"])
    unreviewed = [f for f in errors(report) if f["rule"] == "GL-WAIVER-UNREVIEWED"]
    assert len(unreviewed) == SELF_WAIVERS.count("- checklist")
    assert all(f["file"] == "tenants/summit-peds/waivers.yaml" for f in unreviewed)
    # The findings it meant to waive still block.
    assert report["summary"]["blocking"] >= unwaived["summary"]["blocking"] + len(unreviewed)


def test_a_waiver_reviewed_on_its_own_is_pending_until_the_flip(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waiver = """\
waivers:
  - checklist: smoke_run
    reason: the smoke claim goes out on day two with the first real batch
    approved_by: Pat Rivera (billing lead)
    approved_on: 2026-11-20
    expires: 2026-12-31
"""
    (repo / "tenants" / "summit-peds" / "waivers.yaml").write_text(waiver)
    commit_all(repo, "Waive the smoke run for summit-peds")
    code, report = run(repo, capsys, "--format", "json")
    # smoke_run is not demanded while onboarding: the waiver is pending, not stale.
    assert code == 0 and not any(f["rule"] == "GL-WAIVER-UNUSED" for f in report["findings"])
    main(["validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF, "--format", "markdown"])
    summary = capsys.readouterr().out
    assert "Waivers added or changed" in summary and "Pat Rivera" in summary


# 5. A change to the checks is previewed, and must not break main.

def test_a_threshold_that_breaks_a_tenant_blocks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "policies/settings.yaml", "business_days: 5", "business_days: 7")
    commit_all(repo, "Seven days of hyper-care")
    code, report = run(repo, capsys)
    assert code == 1
    impact = [f for f in errors(report) if f["rule"] == "GL-CHECKS-IMPACT"]
    assert impact and {f["tenant"] for f in impact} <= {"acme-ortho", "riverbend-cardio"}
    assert all("once this change to the checks merges" in f["message"] for f in impact)
    assert any(f["rule"] == "GL-CHECKS-CHANGED" for f in report["findings"])


def test_a_harmless_threshold_change_passes_with_a_review_warning(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "policies/settings.yaml", "oncall_response_minutes_max: 60", "oncall_response_minutes_max: 90")
    commit_all(repo, "Slower on-call answers are fine")
    code, report = run(repo, capsys)
    assert code == 0, errors(report)
    assert [f["rule"] for f in report["findings"] if f["tenant"] is None] == ["GL-CHECKS-CHANGED"]


@pytest.fixture
def own_code(repo: Path) -> Path:
    """The config repo also holds golive itself (this repository's layout)."""
    git(repo, "checkout", "-q", "main")
    shutil.copytree(ROOT / "golive", repo / "golive", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    commit_all(repo, "golive beside its tenants")
    git(repo, "checkout", "-q", "-B", "feature")
    return repo


def test_code_that_neuters_the_policies_is_flagged_for_review(
        own_code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = own_code / "golive" / "policies" / "rules" / "uat_signoff.py"
    text = policy.read_text()
    policy.write_text(text.replace("def check(", "def check_unused(", 1) +
                      "\n\ndef check(tenant):  # type: ignore[no-untyped-def]\n    return iter(())\n")
    commit_all(own_code, "Quiet the UAT policy")
    _code, report = run(own_code, capsys)
    review = [f for f in report["findings"] if f["rule"] == "GL-CHECKS-CHANGED"]
    assert [f["file"] for f in review] == ["golive/policies/rules/uat_signoff.py"]
    assert review[0]["severity"] == "warning"
    assert report["summary"]["tenants"] == 3   # golive's code changed: every tenant is checked


def test_code_that_would_break_a_tenant_blocks(own_code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(own_code, "golive/policies/rules/timezone.py", "def check(", "def _check_unused(")
    policy = own_code / "golive" / "policies" / "rules" / "timezone.py"
    policy.write_text(policy.read_text() + '''

def check(tenant: Tenant) -> Iterator[Problem]:
    """Every tenant now fails (a change that breaks main)."""
    yield Problem("tenant.yaml", ("timezone",), "no time zone is good enough")
''')
    commit_all(own_code, "A stricter time zone policy")
    code, report = run(own_code, capsys)
    assert code == 1, report
    impact = [f for f in errors(report) if f["rule"] == "GL-CHECKS-IMPACT"]
    assert {f["tenant"] for f in impact} == {"acme-ortho", "riverbend-cardio", "summit-peds"}
    assert all("no time zone is good enough" in f["message"] for f in impact)


def test_code_that_cannot_run_blocks(own_code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (own_code / "golive" / "policies" / "rules" / "timezone.py").write_text(
        "raise SystemExit('broken on import')\n")
    commit_all(own_code, "Break golive")
    code, report = run(own_code, capsys)
    assert code == 1
    assert [f["rule"] for f in errors(report) if f["tenant"] is None] == ["GL-CHECKS-IMPACT"]


# 6. Workflows and code owners: flagged, and guarded by the code owners.

def test_a_workflow_change_is_flagged(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workflow = repo / ".github" / "workflows" / "validate.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: validate\non: pull_request\njobs: {}\n")
    commit_all(repo, "A quieter gate")
    _code, report = run(repo, capsys)
    assert [(f["rule"], f["file"], f["severity"]) for f in report["findings"]] == [
        ("GL-CHECKS-CHANGED", ".github/workflows/validate.yml", "warning")]


def test_codeowners_guard_what_the_gate_cannot() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text()
    rules = [line.split() for line in owners.splitlines() if line.strip() and not line.startswith("#")]
    owned = [r[0] for r in rules if len(r) > 1]
    # Everything is owned, then tenants/ is opened, then its exceptions are owned again.
    assert [r[0] for r in rules] == ["*", "/tenants/", "/tenants/**/waivers.yaml",
                                     "/tenants/**/.gitattributes"]
    assert owned == ["*", "/tenants/**/waivers.yaml", "/tenants/**/.gitattributes"]
    readme = (ROOT / "README.md").read_text()
    assert "## Protecting the gate" in readme


# 8. What is checked is what is applied: attributes, and one merge base.

@pytest.mark.parametrize("line", [
    "tenants/** export-subst",
    "tenants/acme-ortho export-ignore",
    "schemas/** eol=crlf",
    "*.yaml filter=lfs",
])
def test_content_changing_attributes_block(repo: Path, capsys: pytest.CaptureFixture[str], line: str) -> None:
    (repo / ".gitattributes").write_text(f"# how git reads our files\n{line}\n")
    commit_all(repo, "Attributes")
    code, report = run(repo, capsys)
    assert code == 1
    found = [(f["rule"], f["file"], f["line"]) for f in errors(report)]
    assert ("GL-GITATTRIBUTES", ".gitattributes", 2) in found
    assert any(f["rule"] == "GL-CHECKS-CHANGED" for f in report["findings"])


def test_an_unrelated_attribute_is_only_reviewed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gitattributes").write_text("*.png binary\ndocs/** linguist-documentation\n")
    commit_all(repo, "Attributes for docs")
    code, report = run(repo, capsys)
    assert code == 0
    assert [f["rule"] for f in report["findings"]] == ["GL-CHECKS-CHANGED"]


def test_a_criss_cross_history_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tenants/summit-peds/notifications.yaml", "\n", "\n# feature\n")
    commit_all(repo, "feature 1")
    git(repo, "checkout", "-q", "main")
    edit(repo, "tenants/acme-ortho/notifications.yaml", "\n", "\n# main\n")
    commit_all(repo, "main 1")
    git(repo, "branch", "-q", "main-1")
    git(repo, "merge", "-q", "--no-ff", "-m", "main takes feature", "feature")
    git(repo, "checkout", "-q", "feature")
    git(repo, "merge", "-q", "--no-ff", "-m", "feature takes main", "main-1")
    code = main(["validate", "--repo", str(repo), "--base", "main"])
    err = capsys.readouterr().err
    assert code == 2 and "2 merge bases" in err and len(err.strip().splitlines()) == 1


# 9. A break-glass change says so, instead of "already on base".

def test_break_glass_findings_say_they_were_allowed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    commit_all(repo, "Break glass: acme-ortho read-only")
    code, report = run(repo, capsys)
    assert code == 0
    fresh = [f for f in report["findings"] if f["new"]]
    assert fresh and all(f["allowed_by"] == "break-glass" for f in fresh)
    main(["validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF])
    text = capsys.readouterr().out
    assert "allowed: break-glass" in text and "already on" not in text


@pytest.mark.parametrize("names", ["checklist: schema", "rule: GL-FILE-NOT-REGULAR", "rule: GL-TENANT-ID"])
def test_unreadable_files_are_never_waived(repo: Path, capsys: pytest.CaptureFixture[str],
                                           names: str) -> None:
    (repo / "tenants" / "acme-ortho" / "waivers.yaml").write_text(
        f"waivers:\n  - {names}\n    reason: ship it\n    approved_by: Pat Rivera (billing lead)\n"
        f"    approved_on: 2026-11-20\n    expires: 2099-12-31\n")
    edit(repo, "tenants/acme-ortho/tenant.yaml", "timezone:", "time_zone: America/Denver\ntimezone:")
    linked = repo / "tenants" / "acme-ortho" / "notifications.yaml"
    linked.unlink()
    linked.symlink_to("../riverbend-cardio/notifications.yaml")
    code = main(["validate", "--repo", str(repo), "--format", "json", "--as-of", AS_OF])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert not any(f["waived"] for f in report["findings"])
    assert {"GL-SCHEMA", "GL-FILE-NOT-REGULAR"} <= {f["rule"] for f in errors(report)}
    assert any("cannot waive anything" in f["message"] for f in errors(report))


@pytest.mark.parametrize("path", ["setup.py", "pip/__init__.py", "sitecustomize.py", "tests/conftest.py"])
def test_anything_outside_tenants_is_flagged(repo: Path, capsys: pytest.CaptureFixture[str],
                                             path: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text("import os\n")
    (repo / "docs").mkdir()
    (repo / "docs" / "runbook.md").write_text("# notes\n")
    commit_all(repo, "Code beside the tenants")
    _code, report = run(repo, capsys)
    assert [(f["rule"], f["file"]) for f in report["findings"]] == [("GL-CHECKS-CHANGED", path)]


def test_an_attribute_waiting_for_a_later_file_is_caught_when_the_file_arrives(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "tenants" / ".gitattributes").write_text("acme-ortho/evidence/later/** text eol=crlf\n")
    commit_all(repo, "Attributes for files that do not exist yet")
    git(repo, "checkout", "-q", "-B", "feature")
    later = repo / "tenants" / "acme-ortho" / "evidence" / "later"
    later.mkdir()
    (later / "note.md").write_text("a note\n")
    commit_all(repo, "A file under the attribute")
    code, report = run(repo, capsys)
    assert code == 1
    assert {(f["rule"], f["file"]) for f in errors(report)} >= {
        ("GL-GITATTRIBUTES", "tenants/acme-ortho/evidence/later/note.md")}


# Found by trying to get around the gate, sequences of pull requests included.

def test_production_values_before_the_flip_block(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tenants/summit-peds/tenant.yaml", "status: onboarding", "status: active")
    edit(repo, "tenants/summit-peds/edi.yaml", "usage_indicator: T", "usage_indicator: P", count=-1)
    commit_all(repo, "summit-peds to production, still onboarding")
    code, report = run(repo, capsys)
    assert code == 1
    assert {f["rule"] for f in errors(report)} == {"GL-PRODUCTION-BEFORE-FLIP"}


def test_a_live_tenant_cannot_shed_its_checks_by_going_back_to_onboarding(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "phase: live", "phase: onboarding")
    commit_all(repo, "acme-ortho back to onboarding")
    code, report = run(repo, capsys)
    assert code == 1
    assert ("GL-TRANSITION-PHASE", "phase") in [(f["rule"], f["path"]) for f in errors(report)]
    # Production values while onboarding would block too; with them in T, the move back still does.
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)
    commit_all(repo, "acme-ortho back to onboarding, envelopes in test")
    code, report = run(repo, capsys)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in errors(report)] == [("GL-TRANSITION-PHASE", "phase")]


def test_commits_rebased_onto_main_are_no_safe_harbour(repo: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Rebase-and-merge puts a pull request's inner commits on main; no gate judged them."""
    flip(repo)
    (repo / "tenants" / "summit-peds" / "waivers.yaml").write_text("waivers:\n" + SELF_WAIVERS)
    unjudged = commit_all(repo, "Flip summit-peds with its own waivers")
    git(repo, "revert", "--no-edit", unjudged)
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("notes\n")
    commit_all(repo, "Notes")
    code, report = run(repo, capsys)
    assert code == 0 and report["summary"]["tenants"] == 0
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "feature")           # "Rebase and merge"
    git(repo, "checkout", "-q", "-b", "again")
    git(repo, "checkout", unjudged, "--", "tenants/summit-peds")
    commit_all(repo, "Back to an earlier state of summit-peds")
    code, report = run(repo, capsys)
    assert code == 1
    assert not any(f["allowed_by"] for f in report["findings"])


def test_removing_a_waiver_makes_its_findings_new(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo, "tenants/acme-ortho/payers.yaml", "eft: confirmed", "eft: pending")
    (repo / "tenants" / "acme-ortho" / "waivers.yaml").write_text(
        "waivers:\n  - checklist: eft_enrollment\n    reason: pending with the payer\n"
        "    approved_by: Pat Rivera (billing lead)\n    approved_on: 2026-11-20\n    expires: 2026-12-31\n")
    commit_all(repo, "acme-ortho: one EFT enrollment pending, waived")
    git(repo, "checkout", "-q", "-B", "feature")
    git(repo, "rm", "-q", "tenants/acme-ortho/waivers.yaml")
    commit_all(repo, "Drop the waiver")
    code, report = run(repo, capsys)
    assert code == 1
    assert [(f["rule"], f["new"]) for f in errors(report)] == [("GL-PAYER-ENROLLMENT", True)]
