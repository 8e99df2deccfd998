"""The fields apply writes have one definition: a rollback's pull request, a flip's and golive plan agree."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from golive import apply
from golive.authoring.flip import flip
from golive.core.platform_fields import envelope_field, fields_of
from golive.rollback import Who, rollback
from tests.conftest import EXAMPLES
from tests.gitrepo import commit_all, edit, init_config_repo

AS_OF = dt.date(2026, 11, 25)
ACME = "tenants/acme-ortho"


def test_fields_of_a_tenant() -> None:
    files = {"tenant.yaml": {"status": "active", "phase": "live"},
             "modifier-rules.yaml": {"active_version": 7},
             "edi.yaml": {"trading_partners": [{"id": "availity", "envelopes": [
                 {"transaction": "837P", "usage_indicator": "P"}, {"transaction": "835"}]}]}}
    assert fields_of(files) == {"status": "active", "phase": "live", "modifier_rules_version": "7",
                                envelope_field("availity", "837P"): "P"}
    assert fields_of({"edi.yaml": "not a mapping"}) == {}


def _before_the_flip(tmp_path: Path) -> Path:
    """The examples, acme-ortho as it was before going live: onboarding, envelopes in test."""
    repo = init_config_repo(tmp_path / "repo")
    edit(repo, f"{ACME}/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, f"{ACME}/tenant.yaml", "phase: live", "phase: onboarding")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)
    commit_all(repo, "acme-ortho before go-live")
    return repo


@pytest.mark.parametrize("trigger", ["mass-envelope-rejections", "catastrophic-config-error"])
def test_a_rollback_proposes_what_golive_plan_then_shows(tmp_path: Path, trigger: str) -> None:
    repo = _before_the_flip(tmp_path)
    for name in ("tenant.yaml", "edi.yaml"):
        shutil.copyfile(EXAMPLES / "acme-ortho" / name, repo / ACME / name)
    commit_all(repo, "Flip acme-ortho live")
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    assert apply.apply(repo, url, as_of=AS_OF).written

    done = rollback(repo, "acme-ortho", trigger, Who("INC-5600", "claims failing", "On-call Admin"))
    planned = apply.plan(repo, url, "HEAD", as_of=AS_OF)
    assert done.changes
    assert {(c.field, c.before, c.after) for c in done.changes} == \
        {(c.field, c.old, c.new) for c in planned.changes if c.tenant == "acme-ortho"}


def test_a_flip_names_the_fields_golive_plan_shows(tmp_path: Path) -> None:
    repo = _before_the_flip(tmp_path)
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    assert apply.apply(repo, url, as_of=AS_OF).written
    done = flip(repo, "acme-ortho", dt.date(2026, 11, 17), AS_OF)
    planned = apply.plan(repo, url, "HEAD", as_of=AS_OF)
    flipped = {(e.field, e.before, e.after) for e in done.edits if e.field != "golive_date"}
    assert flipped and flipped == {(c.field, c.old, c.new) for c in planned.changes}
