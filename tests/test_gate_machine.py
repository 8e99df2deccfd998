"""The gate as a state machine: sequences of pull requests on a real repo, each judged, merged and applied.

Every rule is one pull request: a branch off ``main`` with one change, checked
with ``golive validate --base main``, merged (``--no-ff``) only when that exits
0, then applied to a SQLite target. After every merge the invariants must hold:

- every tenant on main is clean under main's own checks, or the last merged
  change to it was let through by break-glass or a pure revert, and that pure
  revert returned it to a state main held (its directory's tree at the commit
  named);
- every finding a pull request reports as ``new: false`` is on the base;
- what apply wrote is what the gate judged: the target holds the fields of
  main's files for every tenant, whenever apply ran; apply refuses only when a
  tenant on main was let through broken;
- the cached and ``--no-cache`` verdicts agree.

The rules include the sequences that got around the gate before it was hardened:
a phase moved back by hand, a tenant restored to any state main's first-parent
line held, and a flip with its own waivers rebased onto main inside a pull
request that reverts it.

Derandomized with a small budget by default (about ten seconds);
``GOLIVE_MACHINE_EXAMPLES=200`` (and ``GOLIVE_MACHINE_STEPS``) runs a longer search.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import golive
from golive.apply.desired import read_tenant
from golive.cli import main
from tests.gitrepo import commit_all, git, init_config_repo

AS_OF = dt.date(2026, 11, 25)
TENANTS = ("acme-ortho", "riverbend-cardio", "summit-peds")
FILES = ("tenant.yaml", "edi.yaml", "golive.yaml", "notifications.yaml", "payers.yaml",
         "evidence/uat-signoff.eml")
# Checklist items a change can break and fix: (file, good text, broken text).
ITEMS = {
    "eft": ("payers.yaml", "eft: confirmed", "eft: pending"),
    "envelope": ("edi.yaml", "usage_indicator: P", "usage_indicator: T"),
    "status": ("tenant.yaml", "status: active", "status: onboarding"),
    "notifications": ("notifications.yaml", "era.posted", "claim.accepted"),
}
ATTRIBUTES = ("tenants/** export-subst", "tenants/acme-ortho export-ignore", "*.png binary",
              "schemas/** eol=crlf")
THRESHOLDS = ("business_days: 5", "business_days: 6", "business_days: 7")
TRIGGERS = ("mass-envelope-rejections", "mass-scrub-failures", "catastrophic-config-error")
EXAMPLES = int(os.environ.get("GOLIVE_MACHINE_EXAMPLES", "5"))
STEPS = int(os.environ.get("GOLIVE_MACHINE_STEPS", "8"))


def _key(f: golive.Finding) -> tuple[str, str, str, str]:
    return (f.rule, f.file, f.path, f.message)


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


class Gate(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="golive-machine-"))
        self.repo = Path()
        self.target = f"sqlite:///{self.tmp / 'platform.db'}"
        self.cache = self.tmp / "cache"
        self.excused: dict[str, tuple[str, str]] = {}   # tenant -> (allowed_by, reverts_to)
        self.merges: list[str] = []
        self.applied = True
        self.count = 0

    @initialize()
    def start(self) -> None:
        self.repo = init_config_repo(self.tmp / "repo")
        assert not golive.validate(self.repo, as_of=AS_OF, cache=False).blocks
        assert self._apply() == 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- one pull request ---------------------------------------------------

    def _apply(self) -> int:
        code, _ = _cli("apply", "--repo", str(self.repo), "--target", self.target,
                       "--as-of", AS_OF.isoformat())
        self.applied = code == 0
        return code

    def _propose(self, title: str, change: Callable[[], object], commits: bool = False,
                 own_branch: bool = False, fast_forward: bool = False) -> None:
        """Branch off main, make ``change``, judge it; merge and apply when the gate passes.

        ``commits``: the change makes its own commit(s); ``own_branch``: and its own branch;
        ``fast_forward``: merged as "Rebase and merge" does, its commits onto main as they are.
        """
        self.count += 1
        branch = f"pr-{self.count}"
        git(self.repo, "checkout", "-q", "main")
        base = golive.validate(self.repo, as_of=AS_OF, cache=False)
        if not own_branch:
            git(self.repo, "checkout", "-q", "-b", branch)
        if change() is False:
            git(self.repo, "checkout", "-q", "-f", "main")
            return
        if own_branch:
            branch = git(self.repo, "rev-parse", "--abbrev-ref", "HEAD")
        elif not commits:
            commit_all(self.repo, title)
        assert branch != "main"
        if git(self.repo, "rev-parse", "HEAD") == git(self.repo, "rev-parse", "main"):
            git(self.repo, "checkout", "-q", "main")
            return
        verdict = golive.validate(self.repo, as_of=AS_OF, base="main", cache=False)
        on_base = {(f.tenant, *_key(f)) for f in base.findings}
        for f in verdict.findings:
            if not f.new and f.tenant:
                assert (f.tenant, *_key(f)) in on_base, f"new: false but not on the base: {f}"
        touched = {p.split("/")[1] for p in
                   git(self.repo, "diff", "--name-only", "--no-renames", "main...HEAD").splitlines()
                   if p.startswith("tenants/") and p.count("/") >= 2}
        git(self.repo, "checkout", "-q", "main")
        kind = title.split()[0]
        if verdict.blocks:
            event(f"blocked: {kind}")
            git(self.repo, "branch", "-q", "-D", branch)
            return
        event(f"merged: {kind}")
        if fast_forward:
            git(self.repo, "merge", "-q", "--ff-only", branch)
        else:
            git(self.repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}: {title}", branch)
        self.merges.append(git(self.repo, "rev-parse", "HEAD"))
        for report in verdict.tenants:
            if report.tenant not in touched:
                continue
            allowed = {(f.allowed_by, f.reverts_to) for f in report.findings if f.allowed_by}
            if allowed:
                self.excused[report.tenant] = sorted(allowed)[0]
            else:
                self.excused.pop(report.tenant, None)
        for tenant in touched - {r.tenant for r in verdict.tenants}:
            self.excused.pop(tenant, None)   # removed from main
        self._apply()

    def _edit(self, tenant: str, file: str, old: str, new: str) -> bool:
        path = self.repo / "tenants" / tenant / file
        if path.is_symlink() or not path.is_file():
            return False
        text = path.read_text(encoding="utf-8")
        if old not in text:
            return False
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return True

    # -- the rules: one kind of pull request each ----------------------------

    @rule(tenant=st.sampled_from(TENANTS))
    def flip(self, tenant: str) -> None:
        def change() -> bool:
            done = self._edit(tenant, "tenant.yaml", "status: onboarding", "status: active")
            done |= self._edit(tenant, "tenant.yaml", "phase: onboarding", "phase: live")
            while self._edit(tenant, "edi.yaml", "usage_indicator: T", "usage_indicator: P"):
                done = True
            return done
        self._propose(f"Flip {tenant}", change)

    @rule(tenant=st.sampled_from(TENANTS), item=st.sampled_from(sorted(ITEMS)), fix=st.booleans())
    def break_or_fix(self, tenant: str, item: str, fix: bool) -> None:
        file, good, bad = ITEMS[item]
        old, new = (bad, good) if fix else (good, bad)
        self._propose(f"{'Fix' if fix else 'Break'} {item} of {tenant}",
                      lambda: self._edit(tenant, file, old, new))

    @rule(tenant=st.sampled_from(TENANTS), file=st.sampled_from(FILES))
    def delete(self, tenant: str, file: str) -> None:
        def change() -> bool:
            path = self.repo / "tenants" / tenant / file
            if not path.exists() and not path.is_symlink():
                return False
            path.unlink()
            return True
        self._propose(f"Delete {tenant}/{file}", change)

    @rule(tenant=st.sampled_from(TENANTS), file=st.sampled_from(FILES))
    def rename(self, tenant: str, file: str) -> None:
        def change() -> bool:
            path = self.repo / "tenants" / tenant / file
            if not path.is_file():
                return False
            path.rename(path.with_name("moved-" + path.name))
            return True
        self._propose(f"Move {tenant}/{file}", change)

    @rule(tenant=st.sampled_from(TENANTS), other=st.sampled_from(TENANTS), file=st.sampled_from(FILES[:5]))
    def symlink(self, tenant: str, other: str, file: str) -> None:
        def change() -> bool:
            path = self.repo / "tenants" / tenant / file
            if tenant == other or not (self.repo / "tenants" / other / file).exists():
                return False
            if path.exists() or path.is_symlink():
                path.unlink()
            path.symlink_to(Path("..") / other / file)
            return True
        self._propose(f"Link {tenant}/{file} to {other}'s", change)

    @rule(tenant=st.sampled_from(TENANTS), key=st.sampled_from(("eft_enrollment", "envelopes_production",
                                                                "tenant_status", "notifications")),
          with_flip=st.booleans())
    def waive(self, tenant: str, key: str, with_flip: bool) -> None:
        def change() -> bool:
            (self.repo / "tenants" / tenant / "waivers.yaml").write_text(
                f"waivers:\n  - checklist: {key}\n    reason: accepted for now\n    approved_by: me\n"
                f"    approved_on: 2026-11-20\n    expires: 2099-12-31\n", encoding="utf-8")
            if with_flip:
                self._edit(tenant, "tenant.yaml", "status: onboarding", "status: active")
                self._edit(tenant, "tenant.yaml", "phase: onboarding", "phase: live")
            return True
        self._propose(f"Waive {key} of {tenant}", change)

    @rule(threshold=st.sampled_from(THRESHOLDS))
    def threshold(self, threshold: str) -> None:
        def change() -> bool:
            path = self.repo / "policies" / "settings.yaml"
            text = path.read_text(encoding="utf-8")
            now = next(t for t in THRESHOLDS if t in text)
            path.write_text(text.replace(now, threshold), encoding="utf-8")
            return now != threshold
        self._propose(f"Hyper-care threshold {threshold}", change)

    @rule(line=st.sampled_from(ATTRIBUTES))
    def attributes(self, line: str) -> None:
        def change() -> bool:
            path = self.repo / ".gitattributes"
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            path.write_text(before + line + "\n", encoding="utf-8")
            return True
        self._propose(f"Attribute {line}", change)

    @rule(tenant=st.sampled_from(TENANTS))
    def break_glass(self, tenant: str) -> None:
        self._propose(f"Break glass: {tenant}", lambda: self._edit(
            tenant, "tenant.yaml", "status: active", "status: read_only"))

    @rule(pick=st.integers(min_value=0, max_value=50))
    def revert(self, pick: int) -> None:
        if not self.merges:
            return
        merge = self.merges[pick % len(self.merges)]

        def change() -> bool:
            try:
                git(self.repo, "revert", "--no-edit", "-m", "1", merge)
            except AssertionError:     # conflicts with what came after, or nothing left to revert
                for undo in (("revert", "--abort"), ("reset", "-q", "--hard")):
                    with contextlib.suppress(AssertionError):
                        git(self.repo, *undo)
                return False
            return True
        self._propose(f"Revert {merge[:12]}", change, commits=True)

    @rule(tenant=st.sampled_from(TENANTS), status=st.booleans())
    def demote(self, tenant: str, status: bool) -> None:
        """A live tenant back to onboarding by hand (its envelopes and status too, or not)."""
        def change() -> bool:
            done = self._edit(tenant, "tenant.yaml", "phase: live", "phase: onboarding")
            if status:
                self._edit(tenant, "tenant.yaml", "status: active", "status: onboarding")
                while self._edit(tenant, "edi.yaml", "usage_indicator: P", "usage_indicator: T"):
                    pass
            return done
        self._propose(f"Demote {tenant}", change)

    @rule(tenant=st.sampled_from(TENANTS), pick=st.integers(min_value=0, max_value=50))
    def restore(self, tenant: str, pick: int) -> None:
        """The tenant's directory as it was at some commit of main's first-parent history."""
        commits = git(self.repo, "rev-list", "--first-parent", "main").split()
        commit = commits[pick % len(commits)]

        def change() -> bool:
            rel = f"tenants/{tenant}"
            if (self.repo / rel).exists():
                git(self.repo, "rm", "-rq", rel)
            try:
                git(self.repo, "checkout", commit, "--", rel)
            except AssertionError:   # not there at that commit
                return True
            return True
        self._propose(f"Restore {tenant} as at {commit[:12]}", change)

    @rule(tenant=st.sampled_from(TENANTS))
    def rebase_merge(self, tenant: str) -> None:
        """A flip with its own waivers, reverted, then a harmless commit: rebased onto main."""
        def change() -> bool:
            waivers = "".join(f"  - checklist: {key}\n    reason: r\n    approved_by: me\n"
                              f"    approved_on: 2026-11-20\n    expires: 2099-12-31\n"
                              for key in ("eft_enrollment", "envelopes_production", "notifications",
                                          "uat_signoff", "partner_certifications"))
            (self.repo / "tenants" / tenant / "waivers.yaml").write_text("waivers:\n" + waivers)
            self._edit(tenant, "tenant.yaml", "status: onboarding", "status: active")
            self._edit(tenant, "tenant.yaml", "phase: onboarding", "phase: live")
            flipped = commit_all(self.repo, f"Flip {tenant} with its own waivers")
            git(self.repo, "revert", "--no-edit", flipped)
            notes = self.repo / "docs" / f"notes-{self.count}.md"
            notes.parent.mkdir(exist_ok=True)
            notes.write_text("notes\n")
            commit_all(self.repo, "Notes")
            return True
        self._propose(f"Rebase-merge around {tenant}", change, commits=True, fast_forward=True)

    @rule(tenant=st.sampled_from(TENANTS), trigger=st.sampled_from(TRIGGERS))
    def rollback(self, tenant: str, trigger: str) -> None:
        def change() -> bool:
            code, _ = _cli("rollback", tenant, "--trigger", trigger, "--repo", str(self.repo),
                           "--branch", f"rollback-{self.count}", "--reference", "INC-1",
                           "--reason", "claims failing", "--by", "On-call Admin")
            return code == 0
        self._propose(f"Roll back {tenant}: {trigger}", change, commits=True, own_branch=True)

    # -- what must hold after every step -------------------------------------

    @invariant()
    def main_is_clean_or_excused(self) -> None:
        if not self.repo.name:
            return
        git(self.repo, "checkout", "-q", "main")
        result = golive.validate(self.repo, as_of=AS_OF, cache=False)
        for report in result.tenants:
            blocking = [f for f in report.findings if f.blocking]
            if not blocking:
                continue
            assert report.tenant in self.excused, f"{report.tenant} broken on main: {blocking[:3]}"
            allowed_by, commit = self.excused[report.tenant]
            if allowed_by == "pure-revert":
                rel = f"tenants/{report.tenant}"
                assert git(self.repo, "rev-parse", f"HEAD:{rel}") == git(self.repo, "rev-parse",
                                                                          f"{commit}:{rel}")

    @invariant()
    def applied_is_what_was_judged(self) -> None:
        if not self.repo.name:
            return
        if not self.applied:
            assert self.excused, "apply refused main although every tenant on it passed the gate"
            return
        code, out = _cli("state", "--target", self.target, "--format", "json")
        assert code == 0, out
        stored = json.loads(out)["tenants"]
        for tenant in TENANTS:
            directory = self.repo / "tenants" / tenant
            if not directory.is_dir():
                continue
            fields = read_tenant(directory)
            assert fields is not None and tenant in stored, tenant
            row = stored[tenant]
            assert row["status"] == fields["status"] and row["phase"] == fields["phase"], tenant
            assert str(row["modifier_rules_version"]) == fields["modifier_rules_version"], tenant
            envelopes = {f"envelopes[{k}]": v for k, v in row["envelopes"].items()}
            assert envelopes == {k: v for k, v in fields.items() if k.startswith("envelopes[")}, tenant

    @invariant()
    def cache_agrees(self) -> None:
        if not self.repo.name:
            return
        fresh = golive.validate(self.repo, as_of=AS_OF, cache=False).as_dict()
        os.environ["GOLIVE_CACHE_DIR"] = str(self.cache)
        try:
            golive.validate(self.repo, as_of=AS_OF, jobs=1)
            cached = golive.validate(self.repo, as_of=AS_OF, jobs=1).as_dict()
        finally:
            del os.environ["GOLIVE_CACHE_DIR"]
        assert cached == fresh


Gate.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                  derandomize=True, database=None,
                                  suppress_health_check=[HealthCheck.too_slow,
                                                         HealthCheck.filter_too_much])
TestGate = Gate.TestCase
