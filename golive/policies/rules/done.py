"""The definition of done: hyper-care closed, retrospective held, handed over to BAU.

Every key of ``done`` is present, hyper-care was not closed before its last
business day (the Nth U.S. federal business day from ``golive_date``, N from
``policies/settings.yaml``), the tenant is in the BAU on-call rotation, and the
retrospective's notes exist and match their sha256. Demanded in phase bau only.

Passing (golive_date 2026-12-01; business day 5 is Mon 2026-12-07)::

    done:
      hypercare_closed_on: 2026-12-08
      retrospective: {held_on: 2026-12-09, evidence: evidence/retro.md, sha256: <its hash>}
      onboarding_ticket_closed_on: 2026-12-09
      bau_oncall_rotation: true
      artifacts_archived: {archived_on: 2026-12-09, location: "s3://onboarding-archive/acme-ortho/"}
      handoff: {tenant_manual_sent_on: 2026-12-09, edi_manual_sent_on: 2026-12-09}

Failing: no ``handoff``; ``hypercare_closed_on: 2026-12-04`` (business day 4);
``bau_oncall_rotation: false``; retrospective notes edited after their hash was
recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from golive.core.checklist import BAU_ONLY
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, evidence_problems

ID = "GL-DONE"
CHECKLIST = "definition_of_done"
SEVERITY = Severity.ERROR
PHASES = BAU_ONLY
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = ("Definition of done: hyper-care window closed; customer-facing retrospective "
           "completed; onboarding tracking ticket closed; BAU on-call rotation includes the "
           "new tenant; onboarding artifacts archived (intake doc, configs, test results).")
FIX = ("Complete `done:` in golive.yaml: close hyper-care no earlier than its last business "
       "day, commit the retrospective notes with their sha256, close the onboarding ticket, "
       "add the tenant to the BAU on-call rotation, archive the artifacts and send the "
       "manuals; until then keep the tenant in phase live.")

F = "golive.yaml"
# Each key of `done`, and what recording it means.
KEYS = {
    "hypercare_closed_on": "the date hyper-care was closed",
    "retrospective": "the customer-facing retrospective, with its notes as evidence",
    "onboarding_ticket_closed_on": "the date the onboarding ticket was closed",
    "bau_oncall_rotation": "that the tenant is in the BAU on-call rotation",
    "artifacts_archived": "where and when the onboarding artifacts were archived",
    "handoff": "when the tenant manual and the EDI manual were sent",
}


def check(t: Tenant) -> Iterator[Problem]:
    done = t.file(F).get("done")
    if done is None:
        yield Problem(F, (), f"no done: the definition of done ({', '.join(KEYS)}) closes "
                      "the go-live; record it, or keep the tenant in phase live until it is")
        return
    for key, what in KEYS.items():
        if key not in done:
            yield Problem(F, ("done",), f"done has no {key}: record {what}")
    yield from _closed_early(t, done)
    if done.get("bau_oncall_rotation") is False:
        yield Problem(F, ("done", "bau_oncall_rotation"),
                      "the tenant is not in the BAU on-call rotation; add it, or keep the "
                      "tenant in phase live until it is")
    retro = done.get("retrospective")
    if retro is not None:
        yield from evidence_problems(t, F, ("done", "retrospective"), retro["evidence"],
                                     retro["sha256"], "the retrospective")


def due(t: Tenant) -> bool:
    """Whether the definition of done can be complete: hyper-care's last business day is over.

    Until then `golive status` shows it ``not_yet`` (nothing of ``done`` is expected yet).
    """
    days = t.hypercare_days()
    return bool(days) and t.as_of > days[-1]


def _closed_early(t: Tenant, done: Mapping[str, Any]) -> Iterator[Problem]:
    closed, golive = done.get("hypercare_closed_on"), t.golive_date
    if closed is None or golive is None:
        return
    n = t.settings.hypercare_business_days
    days = t.hypercare_days()
    closed_on = dt.date.fromisoformat(closed)
    if closed_on < days[-1]:
        elapsed = sum(1 for day in days if day <= closed_on)
        yield Problem(F, ("done", "hypercare_closed_on"),
                      f"hyper-care was closed on {closed_on:%a} {closed}, after {elapsed} of "
                      f"its {n} business days; it runs to {days[-1]:%a} {days[-1]}")
