"""The active modifier-rule version is listed, approved before go-live, and its rule file intact.

Passing (golive_date 2026-12-01)::

    active_version: 7
    versions:
      - {version: 7, summary: ..., approved_by: Dana Lee, approved_on: 2026-11-12}

Failing: ``active_version: 8`` with no version 8 listed; version 7 with no
``approved_by``; ``approved_on: 2026-12-05``; a rule file whose hash does not match.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, evidence_problems

ID = "GL-MODIFIER-RULES"
CHECKLIST = "modifier_rules"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "modifier-rules.yaml")
RUNBOOK = "Modifier rules approved."
FIX = ("Have the coding lead approve the active version: add `approved_by` and "
       "`approved_on` (on or before the go-live date) to it in modifier-rules.yaml.")

F = "modifier-rules.yaml"


def check(t: Tenant) -> Iterator[Problem]:
    rules = t.file(F)
    active = rules.get("active_version")
    versions = rules.get("versions", [])
    listed = [k for k, v in enumerate(versions) if v.get("version") == active]
    if not listed:
        yield Problem(F, ("active_version",),
                      f"active_version {active} is not listed under versions")
        return
    k = listed[0]
    version = versions[k]
    missing = [key for key in ("approved_by", "approved_on") if version.get(key) is None]
    if missing:
        yield Problem(F, ("versions", k),
                      f"active version {active} is not approved: add {' and '.join(missing)}")
    approved_on, golive = version.get("approved_on"), t.golive_date
    if approved_on is not None and golive is not None and approved_on > golive:
        yield Problem(F, ("versions", k, "approved_on"),
                      f"active version {active} was approved on {approved_on}, after the "
                      f"go-live date {golive}")
    rel = version.get("file")
    if rel is not None:
        yield from evidence_problems(t, F, ("versions", k), rel, version.get("sha256"),
                                     f"the rule file of active version {active}", key="file")
