"""The tenant's platform status is ``active``; ``read_only`` (the rollback switch) only warns.

Passing::

    status: active

Failing: ``status: onboarding`` on a live tenant (an error); ``status: read_only``
(a warning: the break-glass switch of the rollback plan is on).
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-TENANT-STATUS"
CHECKLIST = "tenant_status"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml",)
RUNBOOK = "Tenant status = active (not read_only)."
FIX = ("Set `status: active` in tenant.yaml. A read-only tenant is the rollback plan's "
       "switch: lift it once the incident is over.")


def check(t: Tenant) -> Iterator[Problem]:
    status = t.tenant.get("status")
    if status == "read_only":
        yield Problem("tenant.yaml", ("status",),
                      "tenant is read_only (the rollback switch is on); set status: active "
                      "once the incident is resolved", Severity.WARNING)
    elif status != "active":
        yield Problem("tenant.yaml", ("status",),
                      f"tenant status is {status}; it must be active to go live")
