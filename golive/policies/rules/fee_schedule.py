"""Every payer is covered by an active fee schedule that is in effect on the go-live date.

Passing (golive_date 2026-12-01)::

    - {id: commercial-2026, status: active, effective_from: 2026-01-01, effective_to: 2026-12-31}

Failing: the only schedule is ``draft``; it ends 2026-11-30; it lists ``payers: ["60054"]``
and leaves payer 87726 uncovered; an active schedule with ``effective_to`` before
``effective_from``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-FEE-SCHEDULE"
CHECKLIST = "fee_schedules"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "payers.yaml", "fee-schedules.yaml")
RUNBOOK = "Fee schedules active and effective on go-live date."
FIX = ("Activate a fee schedule whose effective_from..effective_to window contains the "
       "go-live date and whose `payers` (or none, meaning all) include this payer.")


def _in_effect(schedule: Mapping[str, Any], day: str | None) -> bool:
    start: str = schedule["effective_from"]
    end: str | None = schedule.get("effective_to")
    if end is not None and end < start:
        return False
    return day is None or (start <= day and (end is None or day <= end))


def check(t: Tenant) -> Iterator[Problem]:
    schedules = t.file("fee-schedules.yaml").get("fee_schedules", [])
    active = [s for s in schedules if s.get("status") == "active"]
    for k, schedule in enumerate(schedules):
        end = schedule.get("effective_to")
        if schedule in active and end is not None and end < schedule.get("effective_from"):
            yield Problem("fee-schedules.yaml", ("fee_schedules", k, "effective_to"),
                          f"active fee schedule '{schedule.get('id')}' ends ({end}) before it "
                          f"starts ({schedule.get('effective_from')})")
    golive = t.golive_date
    for i, payer in enumerate(t.file("payers.yaml").get("payers", [])):
        covering = [s for s in active
                    if ("payers" not in s or payer.get("id") in s["payers"])
                    and _in_effect(s, golive)]
        if not covering:
            when = f" in effect on {golive}" if golive else ""
            yield Problem("payers.yaml", ("payers", i),
                          f"payer {payer.get('name')} ({payer.get('id')}) has no active fee "
                          f"schedule{when}")
