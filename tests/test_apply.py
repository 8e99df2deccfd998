"""Apply, plan, state, drift and history over real git repos, against SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

if TYPE_CHECKING:
    from tests.pgserver import RunSql

pytest_plugins = ["tests.pgserver"]

AS_OF = "2026-11-25"
ACME_STATUS = "status"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_config_repo(tmp_path / "repo")


def apply(repo: Path, url: str, *extra: str) -> tuple[int, str, str]:
    return run("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF, *extra)


def state(url: str) -> dict[str, Any]:
    code, out, err = run("state", "--target", url, "--format", "json")
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


def history(url: str, *extra: str) -> list[dict[str, Any]]:
    code, out, err = run("history", "--target", url, "--format", "json", *extra)
    assert (code, err) == (0, "")
    entries: list[dict[str, Any]] = json.loads(out)["history"]
    return entries


def plan(repo: Path, url: str, *extra: str) -> dict[str, Any]:
    code, out, err = run("plan", "--repo", str(repo), "--target", url, "--format", "json",
                         "--as-of", AS_OF, *extra)
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


def expected_state(repo: Path) -> dict[str, Any]:
    """What the contract says the target holds, worked out from the tenant files directly."""
    tenants = {}
    head = git(repo, "rev-parse", "HEAD")
    for directory in sorted((repo / "tenants").iterdir()):
        tenant = yaml.safe_load((directory / "tenant.yaml").read_text())
        edi = yaml.safe_load((directory / "edi.yaml").read_text())
        rules = yaml.safe_load((directory / "modifier-rules.yaml").read_text())
        tenants[directory.name] = {
            "revision": head, "status": tenant["status"], "phase": tenant["phase"],
            "modifier_rules_version": rules["active_version"],
            "envelopes": {f"{p['id']}/{e['transaction']}": e["usage_indicator"]
                          for p in edi["trading_partners"] for e in p["envelopes"]},
        }
    return {"revision": head, "tenants": tenants}


def acme_read_only(repo: Path) -> str:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    return commit_all(repo, "acme-ortho: read only (break-glass)")


def test_apply_makes_the_target_match_the_revision(repo: Path, target_url: str) -> None:
    code, out, err = apply(repo, target_url)
    assert (code, err) == (0, "")
    assert out.startswith(f"applied {git(repo, 'rev-parse', 'HEAD')[:12]} to ")
    assert state(target_url) == expected_state(repo)
    assert run("drift", "--target", target_url)[0] == 0


def test_applying_twice_changes_nothing(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    before, trail = state(target_url), history(target_url)
    code, out, _ = apply(repo, target_url)
    assert code == 0
    assert out.startswith("no changes: ")
    assert (state(target_url), history(target_url)) == (before, trail)


def test_plan_after_a_change_lists_exactly_that_change(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    acme_read_only(repo)
    result = plan(repo, target_url)
    assert result["changes"] == [
        {"tenant": "acme-ortho", "field": ACME_STATUS, "from": "active", "to": "read_only", "kind": "change"}]
    # Only the changed tenant is read.
    assert result["summary"] == {"changes": 1, "tenants": 1, "held": 0, "checked": 1}
    assert (result["ancestry"], result["refused"]) == ("descendant", None)
    code, out, _ = run("plan", "--repo", str(repo), "--target", target_url, "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[1:] == ["acme-ortho", f"  {ACME_STATUS}: active → read_only",
                                    "1 change in 1 tenant"]


def test_apply_records_an_audit_row_per_change(repo: Path, target_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTOR", "octo-ops")
    apply(repo, target_url)
    sha = acme_read_only(repo)
    assert apply(repo, target_url)[0] == 0
    assert state(target_url)["tenants"]["acme-ortho"]["status"] == "read_only"
    [row] = history(target_url, "acme-ortho")[-1:]
    assert {k: row[k] for k in ("commit", "author", "applied_by", "tenant", "field", "from", "to",
                                "forced")} == {
        "commit": sha, "author": "Test Ops <ops@golive.example>", "applied_by": "octo-ops",
        "tenant": "acme-ortho", "field": ACME_STATUS, "from": "active", "to": "read_only", "forced": False}
    assert row["time"].endswith("+00:00")
    _, text, _ = run("history", "--target", target_url, "acme-ortho")
    assert text.splitlines()[-1].endswith(f"{sha[:12]} Test Ops <ops@golive.example> applied by octo-ops "
                                          f"acme-ortho {ACME_STATUS}: active → read_only")


def test_out_of_order_apply_is_refused_unless_forced(repo: Path, target_url: str) -> None:
    first = git(repo, "rev-parse", "HEAD")
    apply(repo, target_url)
    acme_read_only(repo)
    apply(repo, target_url)
    before, trail = state(target_url), history(target_url)

    code, out, _ = apply(repo, target_url, "--revision", first)
    assert code == 1
    assert "out-of-order apply" in out and "nothing was changed" in out
    assert (state(target_url), history(target_url)) == (before, trail)

    code, out, _ = apply(repo, target_url, "--revision", first, "--force")
    assert code == 0
    assert "(forced over " in out
    assert state(target_url)["revision"] == first
    assert state(target_url)["tenants"]["acme-ortho"]["status"] == "active"
    last = history(target_url)[-1]
    assert (last["commit"], last["field"], last["from"], last["to"], last["forced"]) == (
        first, ACME_STATUS, "read_only", "active", True)
    assert run("history", "--target", target_url)[1].splitlines()[-1].endswith("(forced)")


def test_a_revert_applies_like_any_commit(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    applied = state(target_url)
    flip = acme_read_only(repo)
    apply(repo, target_url)
    git(repo, "revert", "--no-edit", flip)
    code, _, _ = apply(repo, target_url)
    assert code == 0
    def values(tenants: dict[str, Any]) -> dict[str, Any]:
        return {t: {k: v for k, v in fields.items() if k != "revision"} for t, fields in tenants.items()}

    assert values(state(target_url)["tenants"]) == values(applied["tenants"])
    assert history(target_url)[-1]["to"] == "active"


def test_a_blocked_tenant_is_held_and_the_others_are_applied(repo: Path, target_url: str) -> None:
    """Acceptance: main with tenant A blocked and tenant B changed."""
    first = git(repo, "rev-parse", "HEAD")
    apply(repo, target_url)
    before = state(target_url)
    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "status: active", "status: read_only")
    sha = commit_all(repo, "acme-ortho back to test mode by mistake; riverbend-cardio read only")

    planned = plan(repo, target_url)
    assert [(h["tenant"], h["findings"], h["first_rule"], h["break_glass"]) for h in planned["held"]] == [
        ("acme-ortho", 1, "GL-ENVELOPE-MODE", False)]
    assert planned["refused"] is None
    assert [(c["tenant"], c["field"], c["to"]) for c in planned["changes"]] == [
        ("riverbend-cardio", "status", "read_only")]

    code, out, _ = apply(repo, target_url)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith(": 1 change in 1 tenant; 1 tenant held")
    assert lines[1] == f"acme-ortho: held at {first[:12]}: 1 blocking finding (first GL-ENVELOPE-MODE)"
    assert "tenants/acme-ortho/edi.yaml:13:9: error" in lines[2]
    assert lines[3:5] == ["riverbend-cardio", "  status: active → read_only"]
    now = state(target_url)
    assert now["revision"] == sha
    assert now["tenants"]["acme-ortho"] == before["tenants"]["acme-ortho"]   # old, at its own commit
    assert now["tenants"]["riverbend-cardio"]["revision"] == sha
    assert now["tenants"]["riverbend-cardio"]["status"] == "read_only"
    held = [e for e in history(target_url, "acme-ortho") if e["event"] == "held"]
    assert [(e["commit"], e["from"], e["detail"]) for e in held] == [
        (sha, first, "1 blocking finding (first GL-ENVELOPE-MODE)")]
    assert run("drift", "--target", target_url)[0] == 0

    # Once more: nothing new is written, and the tenant is still held.
    trail = history(target_url)
    code, out, _ = apply(repo, target_url)
    assert (code, out.splitlines()[0]) == (1, f"no changes: {state_display(target_url)} already holds "
                                               f"{sha[:12]}")
    assert history(target_url) == trail

    # Fixed: the tenant is read and checked again, and applied.
    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: T", "usage_indicator: P")
    fixed = commit_all(repo, "acme-ortho: production again")
    assert apply(repo, target_url)[0] == 0
    assert state(target_url)["tenants"]["acme-ortho"]["revision"] == fixed


def test_break_glass_lands_for_a_held_tenant(repo: Path, target_url: str) -> None:
    """Acceptance: A's status: read_only on main while A is blocked: only that field is applied."""
    apply(repo, target_url)
    before = state(target_url)["tenants"]["acme-ortho"]
    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(repo, "acme-ortho back to test mode by mistake")
    assert apply(repo, target_url)[0] == 1
    sha = acme_read_only(repo)

    planned = plan(repo, target_url)
    assert [(h["tenant"], h["break_glass"]) for h in planned["held"]] == [("acme-ortho", True)]
    assert planned["changes"] == [{"tenant": "acme-ortho", "field": "status", "from": "active",
                                   "to": "read_only", "kind": "break_glass"}]
    code, out, _ = apply(repo, target_url, "--force")   # --force changes nothing here
    assert code == 1
    assert "  status: active → read_only (break-glass)" in out.splitlines()
    after = state(target_url)["tenants"]["acme-ortho"]
    assert after == {**before, "status": "read_only"}   # envelopes still P, still at its old commit
    [row] = [e for e in history(target_url, "acme-ortho") if e["event"] == "break_glass"]
    assert (row["commit"], row["field"], row["from"], row["to"]) == (sha, "status", "active", "read_only")
    assert run("drift", "--target", target_url)[0] == 0
    assert apply(repo, target_url)[1].startswith("no changes: ")


def test_findings_of_no_tenant_refuse_the_revision_whole(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    before, trail = state(target_url), history(target_url)
    (repo / "policies" / "settings.yaml").write_text("loader: [not, a, mapping]\n", encoding="utf-8")
    commit_all(repo, "broken settings")
    code, out, err = apply(repo, target_url)
    assert code in (1, 2), (out, err)
    assert (state(target_url), history(target_url)) == (before, trail)


def test_drift_finds_a_hand_edit_and_apply_puts_it_back(repo: Path, target_url: str, sql: RunSql) -> None:
    apply(repo, target_url)
    assert run("drift", "--target", target_url)[:2] == (
        0, f"no drift: {state_display(target_url)} holds what was last applied "
           f"({git(repo, 'rev-parse', 'HEAD')[:12]})\n")
    sql(target_url,
            "UPDATE envelopes SET usage_indicator = 'T' WHERE tenant = 'acme-ortho' "
            "AND partner = 'waystar' AND transaction_set = '835'",
            "UPDATE tenants SET status = 'read_only' WHERE tenant = 'riverbend-cardio'")
    code, out, _ = run("drift", "--target", target_url)
    assert code == 1
    assert out.splitlines()[:2] == ["acme-ortho envelopes[waystar/835]: applied P, found T",
                                    "riverbend-cardio status: applied active, found read_only"]
    code, out, _ = run("drift", "--target", target_url, "--format", "json")
    assert json.loads(out)["drift"][0] == {"tenant": "acme-ortho", "field": "envelopes[waystar/835]",
                                           "applied": "P", "found": "T"}
    assert len(plan(repo, target_url)["changes"]) == 2   # apply would put them back
    assert apply(repo, target_url)[0] == 0
    assert run("drift", "--target", target_url)[0] == 0
    assert state(target_url) == expected_state(repo)


def state_display(url: str) -> str:
    return url.replace(":s3cret-pw@", ":***@")


def test_a_tenant_deleted_from_git_is_unmanaged_until_pruned(repo: Path, target_url: str) -> None:
    """Acceptance: an unmanaged tenant is named by drift and cleared by apply --prune, with audit rows."""
    apply(repo, target_url)
    held = state(target_url)["tenants"]["summit-peds"]
    git(repo, "rm", "-r", "-q", "tenants/summit-peds")
    sha = commit_all(repo, "summit-peds: onboarding cancelled")
    result = plan(repo, target_url)
    assert (result["changes"], result["unmanaged"]) == ([], ["summit-peds"])
    code, out, _ = apply(repo, target_url)
    assert code == 0
    fix = "in the target, not in git: golive apply --prune removes it, or add it to git"
    assert f"summit-peds: unmanaged, {fix}" in out
    assert state(target_url)["tenants"]["summit-peds"] == held

    code, out, _ = run("drift", "--target", target_url)
    assert code == 1
    assert out.splitlines()[0] == f"summit-peds: unmanaged, {fix}"
    code, out, _ = run("drift", "--target", target_url, "--format", "json")
    assert json.loads(out)["unmanaged"] == [{"tenant": "summit-peds", "revision": held["revision"],
                                            "fix": "golive apply --prune, or add the tenant to git"}]

    fields = 3 + len(held["envelopes"])
    assert [c["kind"] for c in plan(repo, target_url, "--prune")["changes"]] == ["prune"] * fields
    code, out, _ = apply(repo, target_url, "--prune")
    assert code == 0, out
    assert "summit-peds: unmanaged, removed (--prune)" in out
    assert "summit-peds" not in state(target_url)["tenants"]
    rows = history(target_url, "summit-peds")
    pruned = [e for e in rows if e["event"] == "prune"]
    assert len(pruned) == fields and {e["commit"] for e in pruned} == {sha}
    assert {(e["field"], e["from"], e["to"]) for e in pruned} >= {("status", "onboarding", None)}
    assert run("drift", "--target", target_url)[0] == 0


def test_a_tenant_made_by_hand_is_unmanaged(repo: Path, target_url: str, sql: RunSql) -> None:
    apply(repo, target_url)
    sql(target_url, "INSERT INTO tenants (tenant, status, phase) VALUES ('handmade-co', 'active', 'live')")
    code, out, _ = run("drift", "--target", target_url)
    assert (code, out.splitlines()[0]) == (1, "handmade-co: unmanaged, in the target, not in git: "
                                              "golive apply --prune removes it, or add it to git")
    assert apply(repo, target_url, "--prune")[0] == 0
    assert "handmade-co" not in state(target_url)["tenants"]
    assert run("drift", "--target", target_url)[0] == 0


def test_history_of_a_tenant_with_no_rows_says_so(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    assert run("history", "--target", target_url, "nosuch")[1] == (
        "no history for tenant nosuch: no apply has changed or held it\n")


def test_a_new_tenant_and_a_new_version(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    shutil.copytree(repo / "tenants" / "summit-peds", repo / "tenants" / "lakeside-derm")
    edit(repo, "tenants/lakeside-derm/tenant.yaml", "tenant: summit-peds", "tenant: lakeside-derm")
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "status: active", "status: read_only")
    commit_all(repo, "lakeside-derm starts onboarding; riverbend-cardio read-only")
    result = plan(repo, target_url)
    assert {c["tenant"] for c in result["changes"]} == {"lakeside-derm", "riverbend-cardio"}
    assert result["summary"]["checked"] == 2
    assert {"tenant": "lakeside-derm", "field": "modifier_rules_version", "from": None, "to": 2,
            "kind": "change"} \
        in result["changes"]
    assert apply(repo, target_url)[0] == 0
    assert state(target_url) == expected_state(repo)


def test_plan_markdown_for_the_pull_request(repo: Path, target_url: str) -> None:
    apply(repo, target_url)
    acme_read_only(repo)
    code, out, _ = run("plan", "--repo", str(repo), "--target", target_url, "--format", "markdown",
                       "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("## golive plan: 1 change in 1 tenant\n")
    assert "| acme-ortho | status | active | read_only |\n" in out


def test_plan_and_apply_of_the_first_revision(repo: Path, target_url: str) -> None:
    result = plan(repo, target_url)
    assert (result["applied"], result["ancestry"]) == (None, "first")
    assert result["summary"]["tenants"] == 3
    assert state(target_url) == {"revision": None, "tenants": {}}
    assert run("history", "--target", target_url)[1] == "no history: no apply has changed anything yet\n"


def test_a_value_read_back_differently_fails_verification(repo: Path, tmp_path: Path) -> None:
    """The platform rewrites what apply wrote (a trigger here): exit 1, and an audit row of kind verify."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'platform.db'}"
    apply(repo, url)
    with sqlite3.connect(tmp_path / "platform.db") as conn:
        conn.execute("CREATE TRIGGER keep_active AFTER UPDATE OF status ON tenants "
                     "WHEN NEW.status = 'read_only' BEGIN "
                     "UPDATE tenants SET status = 'active' WHERE tenant = NEW.tenant; END")
    conn.close()
    acme_read_only(repo)
    code, out, _ = apply(repo, url)
    assert code == 1
    assert "verification failed: 1 value read back differ from what was written" in out
    assert "  acme-ortho status: wrote read_only, found active" in out.splitlines()
    last = history(url)[-1]
    assert (last["event"], last["field"], last["from"], last["to"]) == (
        "verify", "status", "read_only", "active")
    code, out, _ = run("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF, "--format", "json")
    assert code == 1 and json.loads(out)["ok"] is False   # drift now: apply puts it back, and fails again
