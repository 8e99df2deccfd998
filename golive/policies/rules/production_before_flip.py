"""A tenant still onboarding holds no production values: status ``active`` or a ``P`` envelope.

The checklist policies judge a tenant once it is live, so production values on a
tenant that is still ``onboarding`` would reach the platform unchecked: claims in
production mode for a customer whose UAT, certifications and enrollments nobody
verified. They come with the flip (``golive flip``), together with ``phase: live``.

Passing::

    phase: onboarding
    status: onboarding          # edi.yaml: usage_indicator: T on every envelope

Failing::

    phase: onboarding
    status: active              # or any envelope with usage_indicator: P
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import ONBOARDING
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-PRODUCTION-BEFORE-FLIP"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = frozenset({ONBOARDING})
NEEDS = ("tenant.yaml", "edi.yaml")
RUNBOOK = "Go-live (2.12): envelopes flip from T to P and the tenant turns active on go-live day."
FIX = ("Keep status onboarding and every envelope in T until the checklist is complete, then flip "
       "the tenant live in one change (`golive flip TENANT`).")


def check(t: Tenant) -> Iterator[Problem]:
    if t.tenant.get("phase") != ONBOARDING:
        return
    if t.tenant.get("status") == "active":
        yield Problem("tenant.yaml", ("status",),
                      "tenant is active while still onboarding; it turns active with the flip, when "
                      "phase becomes live and the checklist is complete")
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        for j, envelope in enumerate(partner.get("envelopes", [])):
            if envelope.get("usage_indicator") == "P":
                yield Problem(
                    "edi.yaml", ("trading_partners", i, "envelopes", j, "usage_indicator"),
                    f"the {envelope.get('transaction')} envelope to '{partner.get('id')}' is in "
                    f"production (usage_indicator P) while the tenant is still onboarding; keep it T "
                    f"until the flip")
