"""``golive new`` and ``golive flip`` over real git repositories."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml

from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

FLIPPED = re.compile(r"^[+-]\s*(- )?(usage_indicator|status|phase|golive_date): ")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    repo = init_config_repo(tmp_path / "repo")
    git(repo, "config", "user.name", "Onboarding Lead")
    git(repo, "config", "user.email", "onboarding@golive.example")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def state(repo: Path) -> tuple[str, str, str]:
    return (git(repo, "status", "--porcelain", "--untracked-files=all"),
            git(repo, "rev-parse", "--abbrev-ref", "HEAD"), git(repo, "branch", "--list"))


def diff_lines(repo: Path, rev: str = "HEAD") -> list[str]:
    out = git(repo, "diff", "--unified=0", f"{rev}~1", rev)
    return [ln for ln in out.splitlines()
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


# -- golive new ----------------------------------------------------------------------------

def test_new_tenant_validates_clean(config: Path) -> None:
    code, out, err = run("new", "lakeside-derm", "--repo", str(config))
    assert (code, err) == (0, "")
    assert out.startswith("Created tenants/lakeside-derm/:\n  tenants/lakeside-derm/tenant.yaml\n")
    files = sorted(p.name for p in (config / "tenants" / "lakeside-derm").iterdir())
    assert files == ["edi.yaml", "fee-schedules.yaml", "modifier-rules.yaml", "notifications.yaml",
                     "payers.yaml", "tenant.yaml"]
    for name in files:
        first = (config / "tenants" / "lakeside-derm" / name).read_text().splitlines()[0]
        schema = name.removesuffix(".yaml")
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json"
        assert (config / "schemas" / f"{schema}.schema.json").is_file()
    code, out, _ = run("validate", "--repo", str(config), "--format", "json", "lakeside-derm")
    assert code == 0
    assert json.loads(out) == {"summary": {"tenants": 1, "errors": 0, "warnings": 0, "blocking": 0},
                               "findings": []}
    code, out, _ = run("status", "--repo", str(config), "--format", "json", "lakeside-derm")
    tenant = json.loads(out)["tenants"]["lakeside-derm"]
    assert (tenant["phase"], tenant["status"]) == ("onboarding", "onboarding")
    assert tenant["checklist"]["schema"] == tenant["checklist"]["integrity"] == "done"


def test_new_names_the_tenant_and_quotes_what_needs_it(config: Path) -> None:
    code, _, _ = run("new", "oak-peds", "--name", "Oak: Pediatrics & Family", "--repo", str(config))
    assert code == 0
    data = yaml.safe_load((config / "tenants/oak-peds/tenant.yaml").read_text())
    assert data["name"] == "Oak: Pediatrics & Family"
    assert data["tenant"] == "oak-peds"
    code, _, _ = run("new", "elm-clinic", "--repo", str(config))
    assert yaml.safe_load((config / "tenants/elm-clinic/tenant.yaml").read_text())["name"] == "Elm Clinic"
    assert run("validate", "--repo", str(config), "oak-peds", "elm-clinic")[0] == 0


@pytest.mark.parametrize(("tenant", "message"), [
    ("Acme", "'Acme' is not a tenant id"),
    ("ab", "'ab' is not a tenant id"),
    ("acme-", "'acme-' is not a tenant id"),
    ("summit-peds", "tenant 'summit-peds' already exists (tenants/summit-peds/)"),
])
def test_new_refuses(config: Path, tenant: str, message: str) -> None:
    before = state(config)
    code, out, err = run("new", tenant, "--repo", str(config))
    assert (code, out) == (2, "")
    assert err.startswith(f"golive: {message}") and err.count("\n") == 1
    assert state(config) == before


# -- golive flip ---------------------------------------------------------------------------

def test_flip_changes_only_the_flipped_values(config: Path) -> None:
    before = {n: (config / "tenants/summit-peds" / n).read_text() for n in ("tenant.yaml", "edi.yaml")}
    code, out, err = run("flip", "summit-peds", "--date", "2026-12-15", "--repo", str(config))
    assert (code, err) == (0, "")
    assert git(config, "rev-parse", "--abbrev-ref", "HEAD") == "golive/summit-peds"
    assert git(config, "rev-list", "--count", "main..golive/summit-peds") == "1"
    assert git(config, "log", "-1", "--format=%s") == "Flip summit-peds live on 2026-12-15"
    lines = diff_lines(config)
    assert lines and all(FLIPPED.match(ln) for ln in lines), lines
    assert sum(ln.startswith("+") for ln in lines) == 10 + 2   # 10 envelopes, status, phase
    # golive_date was already 2026-12-15: untouched, comment and all.
    after = {n: (config / "tenants/summit-peds" / n).read_text() for n in before}
    assert after["tenant.yaml"] == before["tenant.yaml"].replace(
        "status: onboarding", "status: active").replace("phase: onboarding", "phase: live")
    assert after["edi.yaml"] == before["edi.yaml"].replace("usage_indicator: T", "usage_indicator: P")
    assert "Still missing from the checklist: uat_signoff, partner_certifications," in out
    assert "| edi.yaml | envelopes\\[waystar/835\\] | T | P |" in out
    assert "- [ ] notifications: Billing inbox subscribed to ERA-posted notifications" in out
    assert "- [ ] smoke_run: Smoke run of one live claim within the SLA" in out


def test_flip_inserts_golive_date_after_phase(config: Path) -> None:
    rel = "tenants/summit-peds/tenant.yaml"
    edit(config, rel, "golive_date: 2026-12-15            # planned (Tuesday); confirm at the "
                      "2026-12-08 readiness review\n", "")
    commit_all(config, "summit-peds: date not set yet")
    code, _, _ = run("flip", "summit-peds", "--date", "2027-01-05", "--repo", str(config))
    assert code == 0
    text = (config / rel).read_text()
    assert "phase: live\ngolive_date: 2027-01-05\ntimezone: America/Denver\n" in text
    assert all(FLIPPED.match(ln) for ln in diff_lines(config))
    assert "+golive_date: 2027-01-05" in diff_lines(config)


def test_flip_replaces_a_different_date_keeping_its_comment(config: Path) -> None:
    code, _, _ = run("flip", "summit-peds", "--date", "2026-12-16", "--repo", str(config))
    assert code == 0
    assert "+golive_date: 2026-12-16            # planned (Tuesday); confirm at the 2026-12-08 " \
           "readiness review" in diff_lines(config)


def test_new_then_flip(config: Path) -> None:
    assert run("new", "lakeside-derm", "--repo", str(config))[0] == 0
    commit_all(config, "Scaffold lakeside-derm")
    tenant = config / "tenants" / "lakeside-derm"
    comments = {p.name: [ln.partition("#")[2] for ln in p.read_text().splitlines() if "#" in ln]
                for p in tenant.iterdir()}
    code, out, _ = run("flip", "lakeside-derm", "--date", "2026-12-15", "--repo", str(config))
    assert code == 0
    lines = diff_lines(config)
    placeholder = "-# golive_date: YYYY-MM-DD          # planned go-live day; `golive flip --date` sets it"
    assert placeholder in lines
    assert all(FLIPPED.match(ln) for ln in lines if ln != placeholder), lines
    comments["tenant.yaml"] = [c for c in comments["tenant.yaml"] if not c.startswith(" golive_date: YYYY")]
    assert comments == {p.name: [ln.partition("#")[2] for ln in p.read_text().splitlines() if "#" in ln]
                        for p in tenant.iterdir()}
    assert "Still missing from the checklist: e2e_test, uat_signoff" in out


def test_flip_tidies_up_after_the_scaffold(config: Path) -> None:
    """The placeholder line goes, trailing comments keep their column, and the post-go-live keys
    are listed after go-live, never as still missing."""
    assert run("new", "lakeside-derm", "--repo", str(config))[0] == 0
    commit_all(config, "Scaffold lakeside-derm")
    code, out, _ = run("flip", "lakeside-derm", "--date", "2026-01-05", "--repo", str(config))
    assert code == 0
    text = (config / "tenants" / "lakeside-derm" / "tenant.yaml").read_text()
    assert "YYYY-MM-DD" not in text
    assert "status: active                     # onboarding | active | read_only; `golive flip` sets " \
           "active\nphase: live                        # onboarding | live | bau; `golive flip` sets live\n" \
           "golive_date: 2026-01-05\ntimezone:" in text
    missing = next(ln for ln in out.splitlines() if ln.startswith("Still missing from the checklist: "))
    assert not {"smoke_run", "hypercare", "definition_of_done"} & set(missing.split(": ", 1)[1].split(", "))
    assert "After go-live: smoke_run, hypercare, definition_of_done\n" in out


@pytest.mark.parametrize("mess", ["untracked", "modified"])
def test_flip_refuses_a_dirty_tree(config: Path, mess: str) -> None:
    if mess == "untracked":
        (config / "tenants" / "summit-peds" / "notes.md").write_text("x\n")
    else:
        edit(config, "tenants/acme-ortho/tenant.yaml", "name: Acme", "name:  Acme")
    before = state(config)
    code, out, err = run("flip", "summit-peds", "--repo", str(config))
    assert (code, out) == (2, "")
    assert err.startswith("golive: the work tree has uncommitted changes") and err.count("\n") == 1
    assert state(config) == before


@pytest.mark.parametrize(("tenant", "setup", "message"), [
    ("summit-peds", "branch", "branch 'golive/summit-peds' already exists"),
    ("acme-ortho", "", "acme-ortho is already live on 2026-11-17, every envelope in P"),
    ("riverbend-cardio", "", "riverbend-cardio is in phase bau"),
    ("nobody-here", "", "no tenant 'nobody-here'"),
])
def test_flip_refuses(config: Path, tenant: str, setup: str, message: str) -> None:
    if setup == "branch":
        git(config, "branch", "golive/summit-peds")
    before = state(config)
    argv = ["flip", tenant, "--repo", str(config)]
    if tenant == "acme-ortho":
        argv += ["--date", "2026-11-17"]
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"golive: {message}") and err.count("\n") == 1
    assert state(config) == before
