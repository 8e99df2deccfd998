"""``golive rollback`` over real git histories: each trigger changes exactly its fields and records
itself, the branch passes the gate, ``plan`` after the merge shows what the pull request said,
``--resolve`` restores and closes, and a scrub-failure rollback never reinstates a version an
earlier one left."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from golive.cli import main
from golive.core.yaml_loader import load_bytes
from tests.conftest import EXAMPLES
from tests.gitrepo import commit_all, edit, git, init_config_repo

ACME = "tenants/acme-ortho"
AS_OF = "2026-11-25"
FIELD_TRIGGERS = ("mass-scrub-failures", "mass-envelope-rejections")
READ_ONLY = ("catastrophic-config-error", "tenant-db-corruption")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def rollback(repo: Path, trigger: str, *extra: str) -> tuple[int, str, str]:
    return run("rollback", "acme-ortho", "--trigger", trigger, "--repo", str(repo),
               "--reference", "INC-5600", "--reason", "claims failing since 09:00", "--date", AS_OF, *extra)


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
    return sorted(git(repo, "diff", "--name-only", f"{rev}~1", rev).splitlines())


def snapshot(repo: Path) -> tuple[str, str, str, str]:
    return (git(repo, "status", "--porcelain", "--untracked-files=all"),
            git(repo, "rev-parse", "--abbrev-ref", "HEAD"), git(repo, "rev-parse", "HEAD"),
            git(repo, "branch", "--list"))


def merge(repo: Path, branch: str) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)


def records(repo: Path, rev: str = "main") -> list[dict]:
    # Read as golive reads it: dates as written.
    doc = load_bytes(show(repo, rev, f"{ACME}/tenant.yaml").encode())
    assert not isinstance(doc, list)
    return doc.data.get("rollbacks", [])


def table(out: str) -> list[tuple[str, str, str]]:
    """The pull request's "what golive apply will change" rows, unescaped."""
    rows = out.split("### What golive apply will change", 1)[1].split("\n\n", 2)[1].splitlines()[2:]
    return [tuple(c.strip().replace("\\", "") for c in row.strip("|").split("|"))  # type: ignore[misc]
            for row in rows if row.startswith("| ")]


def plan(repo: Path, target: str) -> list[tuple[str, str, str]]:
    code, out, err = run("plan", "--repo", str(repo), "--target", target, "--as-of", AS_OF,
                         "--format", "json")
    assert (code, err) == (0, "")
    return [(c["field"], str(c["from"]), str(c["to"])) for c in json.loads(out)["changes"]]


ENVELOPES = [f"envelopes[{p}/{t}]" for p, ts in (
    ("availity", ("837P", "999", "277CA", "835", "270", "271")), ("waystar", ("837P", "999", "277CA", "835")),
    ("ngs-medicare", ("837P", "999", "277CA", "835"))) for t in ts]
EXPECTED = {
    "mass-envelope-rejections": ([f"{ACME}/edi.yaml", f"{ACME}/tenant.yaml"],
                                 [(f, "P", "T") for f in ENVELOPES]),
    "mass-scrub-failures": ([f"{ACME}/modifier-rules.yaml", f"{ACME}/tenant.yaml"],
                            [("modifier_rules_version", "7", "6")]),
    "catastrophic-config-error": ([f"{ACME}/tenant.yaml"], [("status", "active", "read_only")]),
    "tenant-db-corruption": ([f"{ACME}/tenant.yaml"], [("status", "active", "read_only")]),
}


@pytest.mark.parametrize("trigger", FIELD_TRIGGERS + READ_ONLY)
def test_each_trigger_changes_exactly_its_fields(tmp_path: Path, trigger: str) -> None:
    """Acceptance 1: the branch passes validate --base main; after the merge, plan changes exactly
    the trigger's fields, as the pull request said; the record is there."""
    repo = build(tmp_path, "merge")
    target = f"sqlite:///{tmp_path / 'platform.db'}"
    assert run("apply", "--repo", str(repo), "--target", target, "--as-of", AS_OF)[0] == 0
    code, out, err = rollback(repo, trigger)
    assert (code, err) == (0, "")
    branch = f"rollback/acme-ortho/{trigger}"
    assert git(repo, "rev-list", "--count", f"main..{branch}") == "1"
    files, fields = EXPECTED[trigger]
    assert changed(repo, branch) == files
    assert table(out) == fields
    code, report, err = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)
    assert (code, err) == (0, ""), report
    merge(repo, branch)
    assert sorted(plan(repo, target)) == sorted(fields)
    assert records(repo) == [{
        "trigger": trigger, "since": AS_OF, "reference": "INC-5600", "by": "On-call Admin",
        "reason": "claims failing since 09:00",
        "changed": [{"field": f, "from": a, "to": b} for f, a, b in fields]}]
    assert git(repo, "log", "-1", "--format=%(trailers:key=Golive-Rollback,valueonly)", branch).strip() == \
        f"acme-ortho {trigger}"
    assert ("OPERATIONS_RUNBOOK.md §18" in out) == (trigger == "tenant-db-corruption")
    code, status, _ = run("status", "acme-ortho", "--repo", str(repo), "--as-of", AS_OF)
    assert f"rolled back: {trigger} since {AS_OF} (INC-5600)" in status.splitlines()[0]


def test_envelope_rollback_keeps_the_tenant_live(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "mass-envelope-rejections")[0] == 0
    tenant = show(repo, "HEAD", f"{ACME}/tenant.yaml")
    assert "status: active " in tenant and "phase: live " in tenant and "golive_date: 2026-11-17" in tenant
    code, out, _ = run("validate", "--repo", str(repo), "--as-of", AS_OF, "--format", "json")
    envelope = [f for f in json.loads(out)["findings"] if f["rule"] == "GL-ENVELOPE-MODE"]
    assert code == 0 and len(envelope) == 14 and {f["severity"] for f in envelope} == {"warning"}


@pytest.mark.parametrize("narrow, fields", [
    (("--partner", "waystar"), [f for f in ENVELOPES if "waystar/" in f]),
    (("--transaction", "837P"), [f for f in ENVELOPES if f.endswith("/837P]")]),
    (("--partner", "availity", "--transaction", "835", "--transaction", "999"),
     ["envelopes[availity/999]", "envelopes[availity/835]"]),
])
def test_envelope_rollback_narrowed(tmp_path: Path, narrow: tuple[str, ...], fields: list[str]) -> None:
    repo = build(tmp_path)
    code, out, _ = rollback(repo, "mass-envelope-rejections", *narrow)
    assert code == 0
    assert table(out) == [(f, "P", "T") for f in fields]
    assert [c["field"] for c in records(repo, "HEAD")[0]["changed"]] == fields
    assert run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)[0] == 0


@pytest.mark.parametrize("extra, message", [
    (("--partner", "availty"), "golive: --partner availty: acme-ortho has no such envelope; known: "
                               "availity, ngs-medicare, waystar\n"),
    (("--trigger", "mass-scrub-failures", "--partner", "availity"),
     "golive: --partner and --transaction narrow mass-envelope-rejections only\n"),
])
def test_bad_narrowing_is_refused(tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    repo = build(tmp_path)
    before = snapshot(repo)
    assert rollback(repo, "mass-envelope-rejections", *extra) == (2, "", message)
    assert snapshot(repo) == before


def test_no_envelope_in_production_is_refused(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    code, _, err = run("rollback", "summit-peds", "--trigger", "mass-envelope-rejections",
                       "--repo", str(repo), "--reference", "INC-1", "--reason", "x")
    assert (code, err) == (2, "golive: no envelope of summit-peds in P; nothing to roll back\n")


def test_reference_and_reason_are_required(tmp_path: Path) -> None:
    repo = build(tmp_path)
    before = snapshot(repo)
    code, out, err = run("rollback", "acme-ortho", "--trigger", "catastrophic-config-error",
                         "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err == ("golive: a rollback is recorded with its incident or ticket and its reason: pass "
                   "--reference INC-… and --reason '…'\n")
    assert snapshot(repo) == before


def test_no_commit_leaves_the_change_staged(tmp_path: Path) -> None:
    repo = build(tmp_path, "merge")
    head = git(repo, "rev-parse", "HEAD")
    code, out, _ = rollback(repo, "mass-envelope-rejections", "--no-commit", "--branch", "hotfix/acme")
    assert code == 0
    assert "staged, not committed" in out and "| envelopes\\[availity/837P\\] | P | T |" in out
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "hotfix/acme"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "diff", "--cached", "--name-only").splitlines() == [
        f"{ACME}/edi.yaml", f"{ACME}/tenant.yaml"]
    assert git(repo, "diff", "--name-only") == ""


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


def test_an_existing_branch_given_by_name_is_refused(tmp_path: Path) -> None:
    repo = build(tmp_path)
    git(repo, "branch", "hotfix")
    before = snapshot(repo)
    code, out, err = rollback(repo, "mass-scrub-failures", "--branch", "hotfix")
    assert (code, out) == (2, "")
    assert err == "golive: branch 'hotfix' already exists; delete it (git branch -D hotfix) or pass " \
                  "--branch NAME\n"
    assert snapshot(repo) == before


def test_a_second_wave_of_the_same_trigger_gets_the_next_free_branch(tmp_path: Path) -> None:
    """At 3 a.m. the first rollback's branch is still there (merged, not deleted): the second one
    is made beside it, nothing to delete first."""
    repo = build(tmp_path)
    git(repo, "branch", "rollback/acme-ortho/mass-scrub-failures")
    git(repo, "branch", "rollback/acme-ortho/mass-scrub-failures-2")
    code, _, err = rollback(repo, "mass-scrub-failures")
    assert (code, err) == (0, "")
    assert git(repo, "branch", "--show-current").strip() == "rollback/acme-ortho/mass-scrub-failures-3"


def test_a_read_only_tenant_is_not_set_read_only_again(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "catastrophic-config-error")[0] == 0
    merge(repo, "rollback/acme-ortho/catastrophic-config-error")
    code, _, err = rollback(repo, "tenant-db-corruption")
    assert (code, err) == (2, "golive: acme-ortho already has status: read_only; nothing to roll back\n")


# Resolving: restore what the open record changed, close it, pass the gate (acceptance 3).

@pytest.mark.parametrize("trigger", ["mass-envelope-rejections", "catastrophic-config-error"])
def test_resolve_restores_and_closes(tmp_path: Path, trigger: str) -> None:
    repo = build(tmp_path, "merge")
    before = {f: show(repo, "main", f"{ACME}/{f}") for f in ("edi.yaml", "modifier-rules.yaml")}
    assert rollback(repo, trigger)[0] == 0
    merge(repo, f"rollback/acme-ortho/{trigger}")
    code, out, err = run("rollback", "acme-ortho", "--resolve", "--repo", str(repo), "--date", "2026-11-27")
    assert (code, err) == (0, "")
    _, fields = EXPECTED[trigger]
    assert table(out) == [(f, b, a) for f, a, b in fields]
    code, report, _ = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)
    assert code == 0, report
    merge(repo, "rollback/acme-ortho/resolve")
    for name, text in before.items():
        assert show(repo, "main", f"{ACME}/{name}") == text
    assert "status: active " in show(repo, "main", f"{ACME}/tenant.yaml")
    assert [r.get("resolved_on") for r in records(repo)] == ["2026-11-27"]
    code, status, _ = run("status", "acme-ortho", "--repo", str(repo), "--as-of", AS_OF)
    assert "rolled back" not in status
    code, _, err = run("rollback", "acme-ortho", "--resolve", "--repo", str(repo), "--branch", "again")
    assert (code, err) == (2, "golive: acme-ortho has no open rollback; nothing to resolve\n")


def test_resolving_a_scrub_rollback_keeps_the_version(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "mass-scrub-failures")[0] == 0
    merge(repo, "rollback/acme-ortho/mass-scrub-failures")
    code, out, _ = run("rollback", "acme-ortho", "--resolve", "--repo", str(repo))
    assert code == 0
    assert "Kept: modifier_rules_version stays 6 (v7 is never reinstated; activate a fixed version in " \
           "its own pull request)" in out
    assert "active_version: 6" in show(repo, "HEAD", f"{ACME}/modifier-rules.yaml")
    assert "resolved_on" in records(repo, "HEAD")[0]


def test_resolve_keeps_a_field_changed_since(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "mass-envelope-rejections", "--partner", "waystar")[0] == 0
    merge(repo, "rollback/acme-ortho/mass-envelope-rejections")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: T", "usage_indicator: P")   # waystar 837P, by hand
    commit_all(repo, "waystar 837P back by hand")
    code, out, _ = run("rollback", "acme-ortho", "--resolve", "--repo", str(repo))
    assert code == 0
    assert [r[0] for r in table(out)] == [f for f in ENVELOPES if "waystar/" in f and "837P" not in f]


def test_flip_resolves_an_envelope_rollback(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert rollback(repo, "mass-envelope-rejections")[0] == 0
    merge(repo, "rollback/acme-ortho/mass-envelope-rejections")
    code, out, err = run("flip", "acme-ortho", "--repo", str(repo), "--date", "2026-11-17")
    assert (code, err) == (0, ""), out
    assert records(repo, "HEAD")[0]["resolved_on"] == date.today().isoformat()
    assert "usage_indicator: T" not in show(repo, "HEAD", f"{ACME}/edi.yaml")
    assert run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)[0] == 0


# Two scrub-failure rollbacks in a row (acceptance 2).

def scrub_history(tmp_path: Path) -> Path:
    """acme-ortho live with modifier rules v5, v6, v7 activated in turn (all approved)."""
    repo = build(tmp_path)
    edit(repo, f"{ACME}/modifier-rules.yaml", "versions:\n", "versions:\n  - version: 5\n"
         "    summary: First rules\n    approved_by: Dana Lee, coding lead\n    approved_on: 2026-10-01\n")
    edit(repo, f"{ACME}/modifier-rules.yaml", "active_version: 7", "active_version: 5")
    commit_all(repo, "Activate v5 (as it once was)")
    for before, version in (("5", "6"), ("6", "7")):
        edit(repo, f"{ACME}/modifier-rules.yaml", f"active_version: {before}", f"active_version: {version}")
        commit_all(repo, f"Activate v{version}")
    return repo


def test_a_second_scrub_rollback_goes_further_back_then_refuses(tmp_path: Path) -> None:
    repo = scrub_history(tmp_path)
    code, out, _ = rollback(repo, "mass-scrub-failures")
    assert code == 0 and table(out) == [("modifier_rules_version", "7", "6")]
    merge(repo, "rollback/acme-ortho/mass-scrub-failures")
    # A second wave of scrub failures, on v6: back to v5, never to v7, which caused the first.
    code, out, _ = rollback(repo, "mass-scrub-failures", "--branch", "second")
    assert code == 0 and table(out) == [("modifier_rules_version", "6", "5")]
    assert run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)[0] == 0
    merge(repo, "second")
    code, out, err = rollback(repo, "mass-scrub-failures", "--branch", "third")
    today = date.today().isoformat()
    assert (code, out) == (2, "")
    assert err == (f"golive: no version to roll acme-ortho's modifier rules back to from v5; versions: "
                   f"v7 (active since {today}; left by an earlier rollback), v6 (active since {today}; "
                   f"left by an earlier rollback), v5 (active since {today}; active now). Activate a fixed, "
                   "approved version in a pull request, or set the tenant read-only (golive rollback "
                   "acme-ortho --trigger catastrophic-config-error)\n")


@pytest.mark.parametrize("how", ["checkout", "revert"])
def test_going_back_to_before_a_rollback_is_no_way_around_its_record(tmp_path: Path, how: str) -> None:
    """Found by an on-call session: a tenant put back as main held it before a rollback (a state
    the gate accepts as a pure revert) deleted the rollback records and brought back the version
    the rollback left."""
    repo = scrub_history(tmp_path)
    before = git(repo, "rev-parse", "main")
    assert rollback(repo, "mass-scrub-failures")[0] == 0
    merge(repo, "rollback/acme-ortho/mass-scrub-failures")
    git(repo, "checkout", "-q", "-b", "undo")
    if how == "checkout":
        git(repo, "checkout", before, "--", ACME)
        commit_all(repo, "acme-ortho cleanup")
    else:
        git(repo, "revert", "--no-edit", "-m", "1", "HEAD")
    code, out, _ = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF)
    assert code == 1 and "GL-TRANSITION-ROLLBACKS" in out


class ScrubRollbacks(RuleBasedStateMachine):
    """Any sequence of activations, scrub-failure rollbacks (merged) and resolves: a rollback goes
    to the approved version most recently active before, never to a version a rollback left, or
    refuses exactly when there is none."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="golive-scrub-"))
        self.repo = init_config_repo(self.tmp / "repo", ("acme-ortho",))
        rules = self.repo / ACME / "modifier-rules.yaml"
        text = rules.read_text(encoding="utf-8")
        extra = "".join(f"  - version: {v}\n    summary: Rules v{v}\n    approved_by: Dana Lee\n"
                        f"    approved_on: 2026-10-0{v}\n" for v in (2, 3, 4))
        rules.write_text(text.replace("versions:\n", "versions:\n" + extra), encoding="utf-8")
        commit_all(self.repo, "More approved versions")
        self.active, self.history, self.left = "7", ["7"], set[str]()
        self.count = 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    @rule(version=st.sampled_from(["2", "3", "4", "6", "7"]))
    def activate(self, version: str) -> None:
        if version == self.active:
            return
        edit(self.repo, f"{ACME}/modifier-rules.yaml", f"active_version: {self.active}",
             f"active_version: {version}")
        commit_all(self.repo, f"Activate v{version}")
        self.active = version
        self.history.append(version)

    @rule()
    def roll_back(self) -> None:
        self.count += 1
        code, out, err = rollback(self.repo, "mass-scrub-failures", "--branch", f"rb{self.count}")
        expected = next((v for v in reversed(self.history) if v != self.active and v not in self.left), None)
        if expected is None:
            assert code == 2 and "no version to roll" in err
            return
        assert (code, err) == (0, ""), err
        assert table(out) == [("modifier_rules_version", self.active, expected)]
        merge(self.repo, f"rb{self.count}")
        self.left.add(self.active)
        self.active = expected
        self.history.append(expected)

    @rule()
    def resolve(self) -> None:
        self.count += 1
        code, _, err = run("rollback", "acme-ortho", "--resolve", "--repo", str(self.repo),
                           "--branch", f"rs{self.count}")
        if code == 0:
            merge(self.repo, f"rs{self.count}")
        else:
            assert err == "golive: acme-ortho has no open rollback; nothing to resolve\n"

    @invariant()
    def never_a_version_a_rollback_left(self) -> None:
        data = yaml.safe_load((self.repo / ACME / "modifier-rules.yaml").read_text(encoding="utf-8"))
        assert str(data["active_version"]) == self.active
        rolled_to = [c["to"] for r in records(self.repo, "HEAD") for c in r["changed"]]
        assert all(to not in {c["from"] for r in records(self.repo, "HEAD")[:i] for c in r["changed"]}
                   for i, to in enumerate(rolled_to))


ScrubRollbacks.TestCase.settings = settings(max_examples=8, stateful_step_count=6, deadline=None,
                                            suppress_health_check=list(HealthCheck))
test_scrub_rollbacks = ScrubRollbacks.TestCase


# Errors keep their cause: a pre-commit hook that refuses shows its own output (acceptance 5).

HOOK = """#!/bin/sh
echo "tenants/acme-ortho/tenant.yaml:4:9: error: ticket INC-5600 is not approved for change"
echo "see the change calendar" >&2
exit 1
"""


@pytest.mark.parametrize("command", [
    ("rollback", "acme-ortho", "--trigger", "catastrophic-config-error", "--reference", "INC-5600",
     "--reason", "x"),
    ("flip", "summit-peds"),
])
def test_a_refusing_hook_shows_its_output(tmp_path: Path, command: tuple[str, ...]) -> None:
    repo = build(tmp_path)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(HOOK)
    hook.chmod(0o755)
    before = snapshot(repo)
    code, out, err = run(*command, "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err == ("golive: git commit failed: tenants/acme-ortho/tenant.yaml:4:9: error: ticket INC-5600 "
                   "is not approved for change | see the change calendar\n")
    assert snapshot(repo) == before


def test_a_silent_hook_is_named(tmp_path: Path) -> None:
    repo = build(tmp_path)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    code, _, err = rollback(repo, "catastrophic-config-error")
    assert (code, err) == (2, "golive: git commit failed: git said nothing (a hook that refused without "
                              "output?)\n")


def test_git_revert_of_the_flip_merge_is_applied(tmp_path: Path) -> None:
    """Acceptance 4: `git revert -m 1` of a flip merge passes the gate as a pure revert, and apply
    returns the tenant to onboarding with every envelope in T."""
    repo = build(tmp_path, "merge")
    target = f"sqlite:///{tmp_path / 'platform.db'}"
    assert run("apply", "--repo", str(repo), "--target", target, "--as-of", AS_OF)[0] == 0
    flip_merge = git(repo, "log", "--first-parent", "--format=%H", "--grep", "Merge golive/acme-ortho")
    git(repo, "checkout", "-q", "-b", "undo-flip")
    git(repo, "revert", "--no-edit", "-m", "1", flip_merge)
    code, out, err = run("validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF,
                         "--format", "json")
    assert (code, err) == (0, ""), out
    assert {f.get("allowed_by") for f in json.loads(out)["findings"] if f["new"]} <= {"pure-revert"}
    merge(repo, "undo-flip")
    code, out, err = run("apply", "--repo", str(repo), "--target", target, "--as-of", AS_OF)
    assert (code, err) == (0, ""), out
    code, out, _ = run("state", "--repo", str(repo), "--target", target, "--format", "json")
    acme = json.loads(out)["tenants"]["acme-ortho"]
    assert (acme["status"], acme["phase"]) == ("onboarding", "onboarding")
    assert set(acme["envelopes"].values()) == {"T"} and len(acme["envelopes"]) == 14


def test_with_a_target_only_an_applied_version_is_gone_back_to(tmp_path: Path) -> None:
    """v5, v6 and v7 were approved and active in turn, but the target only ever ran v5 and v7."""
    repo = scrub_history(tmp_path)
    target = f"sqlite:///{tmp_path / 'platform.db'}"
    v5 = git(repo, "log", "--format=%H", "--grep", "Activate v5")
    assert run("apply", "--repo", str(repo), "--target", target, "--revision", v5, "--as-of", AS_OF)[0] == 0
    assert run("apply", "--repo", str(repo), "--target", target, "--as-of", AS_OF)[0] == 0
    code, out, err = rollback(repo, "mass-scrub-failures", "--target", target)
    assert (code, err) == (0, "")
    assert table(out) == [("modifier_rules_version", "7", "5")]
    git(repo, "checkout", "-q", "main")
    code, out, _ = rollback(repo, "mass-scrub-failures", "--branch", "no-target")
    assert code == 0 and table(out) == [("modifier_rules_version", "7", "6")]


def test_a_trigger_or_resolve_is_needed(tmp_path: Path) -> None:
    repo = build(tmp_path)
    assert run("rollback", "acme-ortho", "--repo", str(repo)) == (
        2, "", "golive: pass --trigger T (one of the rollback plan's triggers) or --resolve\n")
