"""The ``rollbacks:`` records of tenant.yaml: what the checks, status, the board and the gate make
of them, on real git repositories made from the example tenants."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

AS_OF = "2026-11-25"
ACME = "tenants/acme-ortho"
ENVELOPE_RECORD = """rollbacks:
  - trigger: mass-envelope-rejections
    since: 2026-11-24
    reference: INC-5600
    by: Alex Kim
    reason: 837P rejected by Availity
    changed:
      - {field: "envelopes[availity/837P]", from: P, to: T}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def validate(repo: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run("validate", "--repo", str(repo), "--as-of", AS_OF, "--format", "json",
                         "--no-cache", *extra)
    assert err == ""
    return code, json.loads(out)


def roll_back_837p(repo: Path) -> None:
    """acme-ortho's availity 837P envelope back in T, with its open record."""
    with (repo / ACME / "tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENVELOPE_RECORD)
    edi = (repo / ACME / "edi.yaml").read_text(encoding="utf-8")
    (repo / ACME / "edi.yaml").write_text(edi.replace("usage_indicator: P", "usage_indicator: T", 1),
                                          encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    made = init_config_repo(tmp_path / "repo")
    git(made, "checkout", "-q", "-b", "feature")
    return made


def envelope_findings(report: dict) -> list[tuple[str, str]]:
    return [(f["severity"], f["message"]) for f in report["findings"] if f["rule"] == "GL-ENVELOPE-MODE"]


def test_an_envelope_in_test_under_an_open_rollback_warns(repo: Path) -> None:
    roll_back_837p(repo)
    code, report = validate(repo, "tenants/acme-ortho")
    assert code == 0
    assert envelope_findings(report) == [(
        "warning", "the 837P envelope to 'availity' is rolled back since 2026-11-24 (INC-5600): "
                   "resubmit after the fix, then flip it back to P (golive rollback acme-ortho --resolve)")]


def test_other_envelopes_in_test_stay_errors(repo: Path) -> None:
    roll_back_837p(repo)
    edi = (repo / ACME / "edi.yaml").read_text(encoding="utf-8")
    (repo / ACME / "edi.yaml").write_text(edi.replace("usage_indicator: P", "usage_indicator: T"),
                                          encoding="utf-8")
    code, report = validate(repo, "tenants/acme-ortho")
    assert code == 1
    severities = [s for s, _ in envelope_findings(report)]
    assert severities.count("warning") == 1 and severities.count("error") == len(severities) - 1 > 0


def test_a_resolved_record_no_longer_excuses_test_mode(repo: Path) -> None:
    roll_back_837p(repo)
    edit(repo, f"{ACME}/tenant.yaml", "    reason: 837P rejected by Availity\n",
         "    reason: 837P rejected by Availity\n    resolved_on: 2026-11-25\n")
    code, report = validate(repo, "tenants/acme-ortho")
    assert code == 1 and [s for s, _ in envelope_findings(report)] == ["error"]


def test_status_and_the_board_show_rolled_back(repo: Path) -> None:
    roll_back_837p(repo)
    code, out, _ = run("status", "acme-ortho", "--repo", str(repo), "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[0] == ("acme-ortho (live, status active, go-live 2026-11-17, rolled back: "
                                   "mass-envelope-rejections since 2026-11-24 (INC-5600))")
    code, out, _ = run("status", "--repo", str(repo), "--as-of", AS_OF, "--format", "json")
    tenants = json.loads(out)["tenants"]
    assert tenants["acme-ortho"]["rolled_back"] == ["mass-envelope-rejections since 2026-11-24 (INC-5600)"]
    assert "rolled_back" not in tenants["summit-peds"]
    code, out, _ = run("status", "--repo", str(repo), "--as-of", AS_OF, "--format", "html")
    assert code == 0
    assert out.count('<span class="badge rolled-back">rolled back</span> '
                     "mass-envelope-rejections since 2026-11-24 (INC-5600)") == 2


def test_a_record_that_is_not_complete_is_a_schema_error(repo: Path) -> None:
    with (repo / ACME / "tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write("rollbacks:\n  - {trigger: mass-envelope-rejections, since: 2026-11-24}\n")
    code, report = validate(repo, "tenants/acme-ortho")
    assert code == 1
    assert [(f["checklist"], f["path"]) for f in report["findings"] if f["severity"] == "error"][:1] == [
        ("schema", "rollbacks[0]")]


# The gate: records are append-only; an open one may gain resolved_on.

def on_main(repo: Path) -> None:
    roll_back_837p(repo)
    commit_all(repo, "Roll back acme-ortho: mass envelope rejections")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge rollback", "feature")
    git(repo, "checkout", "-q", "-b", "next")


def append_only(report: dict) -> list[tuple[str, str]]:
    return [(f["path"], f["message"]) for f in report["findings"] if f["rule"] == "GL-TRANSITION-ROLLBACKS"]


@pytest.mark.parametrize("change, path, what", [
    (("    reason: 837P rejected by Availity\n", "    reason: rejected by Availity\n"), "rollbacks[0]",
     "changed"),
    ((ENVELOPE_RECORD, ""), "rollbacks", "removed"),
])
def test_editing_or_removing_a_record_blocks(repo: Path, change: tuple[str, str], path: str,
                                             what: str) -> None:
    on_main(repo)
    edit(repo, f"{ACME}/tenant.yaml", *change)
    commit_all(repo, "Tidy the rollback record")
    code, report = validate(repo, "--base", "main")
    assert code == 1
    assert append_only(report) == [(path, f"rollbacks[0] was {what}; rollback records are append-only "
                                           "(an open one may only gain resolved_on) — restore it, and "
                                           "record a correction as a new record")]


def test_closing_a_record_passes(repo: Path) -> None:
    on_main(repo)
    edit(repo, f"{ACME}/tenant.yaml", "    reason: 837P rejected by Availity\n",
         "    reason: 837P rejected by Availity\n    resolved_on: 2026-11-25\n")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: T", "usage_indicator: P")
    commit_all(repo, "Resolve the rollback")
    code, report = validate(repo, "--base", "main")
    assert (code, append_only(report)) == (0, [])


def test_break_glass_may_bring_its_record(repo: Path) -> None:
    """status: read_only with its record appended is still break-glass: it passes even though the
    tenant has a blocking finding."""
    git(repo, "checkout", "-q", "main")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(repo, "A bad commit pushed past the gate")
    git(repo, "checkout", "-q", "-b", "glass")
    edit(repo, f"{ACME}/tenant.yaml", "status: active ", "status: read_only ")
    with (repo / ACME / "tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write("rollbacks:\n  - trigger: catastrophic-config-error\n    since: 2026-11-25\n"
                 "    reference: INC-5601\n    by: Alex Kim\n    reason: wrong envelopes pushed\n"
                 "    changed:\n      - {field: status, from: active, to: read_only}\n")
    commit_all(repo, "Break glass")
    code, report = validate(repo, "--base", "main")
    assert code == 0
    assert {f.get("allowed_by") for f in report["findings"] if f["new"]} == {"break-glass"}


# A record the pull request adds says what that pull request did: no record written by hand can
# excuse a 'T' envelope the flip left behind.

def test_a_record_of_a_change_this_pull_request_did_not_make_blocks(repo: Path) -> None:
    """The envelope was already in T on main (pushed past the gate); a record claiming a rollback
    would turn its error into a warning."""
    git(repo, "checkout", "-q", "main")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(repo, "A bad commit pushed past the gate")
    git(repo, "checkout", "-q", "-b", "excuse")
    with (repo / ACME / "tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENVELOPE_RECORD)
    commit_all(repo, "Call it a rollback")
    code, report = validate(repo, "--base", "main")
    assert code == 1
    assert append_only(report) == [(
        "rollbacks[0].changed[0]",
        "rollbacks[0] says envelopes[availity/837P] went from P to T, but this pull request changes it "
        "from T to T; a rollback record describes the change made with it (golive rollback writes "
        "both) — make that change in the same pull request, or remove the record")]


def test_a_record_under_break_glass_must_say_what_it_did(repo: Path) -> None:
    """Break-glass lets status: read_only through whatever else fails, but not a record that
    claims an envelope rollback the change did not make (a later pull request could then move
    the envelope to T as a mere warning)."""
    git(repo, "checkout", "-q", "-b", "glass-excuse", "main")
    edit(repo, f"{ACME}/tenant.yaml", "status: active ", "status: read_only ")
    with (repo / ACME / "tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENVELOPE_RECORD)
    commit_all(repo, "Break glass, and more")
    code, report = validate(repo, "--base", "main")
    assert code == 1
    assert [p for p, _ in append_only(report)] == ["rollbacks[0].changed[0]"]


def test_a_flip_cannot_bring_a_record_and_a_new_tenant_has_none(repo: Path) -> None:
    """A tenant not live at the base (a flip in this very pull request) or new in it has
    nothing to roll back."""
    git(repo, "checkout", "-q", "main")
    edit(repo, "tenants/summit-peds/tenant.yaml", "phase: onboarding", "phase: live")
    with (repo / "tenants/summit-peds/tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENVELOPE_RECORD)
    git(repo, "checkout", "-q", "-b", "copy")
    commit_all(repo, "Flip summit-peds with an excuse")
    code, report = validate(repo, "--base", "main")
    assert code == 1
    assert ("rollbacks[0]", "rollbacks[0] is added to a tenant that was not live at the base; a rollback "
            "undoes a change made after go-live, so there is nothing to roll back — remove the record") \
        in append_only(report)
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "newcomer")
    shutil.copytree(repo / ACME, repo / "tenants/acme-two")
    edit(repo, "tenants/acme-two/tenant.yaml", "tenant: acme-ortho", "tenant: acme-two")
    with (repo / "tenants/acme-two/tenant.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENVELOPE_RECORD)
    commit_all(repo, "A new tenant, rolled back already")
    code, report = validate(repo, "--base", "main")
    assert code == 1 and [p for p, _ in append_only(report)] == ["rollbacks[0]"]


def test_golive_rollback_writes_a_record_the_gate_accepts(repo: Path) -> None:
    """The record golive rollback writes, with its change, passes (test_rollback.py runs the command;
    here the same shape by hand)."""
    git(repo, "checkout", "-q", "-b", "real", "main")
    roll_back_837p(repo)
    commit_all(repo, "Roll back acme-ortho: mass envelope rejections")
    code, report = validate(repo, "--base", "main")
    assert (code, append_only(report)) == (0, [])
