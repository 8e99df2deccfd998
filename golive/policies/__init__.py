"""The registry of go-live policies: an explicit dict from rule id to policy.

Adding a policy is adding a module here and one line to ``_ALL``; importing this
package runs no checks and registers nothing by side effect.
"""

from __future__ import annotations

from collections.abc import Callable

from golive._policy import Policy, Tenant
from golive.policies import (
    cross_references,
    definition_of_done,
    e2e_test,
    eft_enrollment,
    envelopes_production,
    evidence_paths,
    fee_schedules,
    hypercare,
    modifier_rules,
    notifications,
    partner_certifications,
    payer_effective_dates,
    production_before_flip,
    secrets,
    smoke_run,
    tenant_id,
    tenant_status,
    timezone,
    uat_signoff,
    unique_ids,
)

_ALL: tuple[Policy, ...] = (
    e2e_test,
    uat_signoff,
    envelopes_production,
    partner_certifications,
    payer_effective_dates,
    eft_enrollment,
    fee_schedules,
    modifier_rules,
    notifications,
    tenant_status,
    smoke_run,
    hypercare,
    definition_of_done,
    tenant_id,
    production_before_flip,
    cross_references,
    unique_ids,
    evidence_paths,
    timezone,
    secrets,
)

POLICIES: dict[str, Policy] = {p.ID: p for p in _ALL}

# The post-flip checklist keys, each with its policy's test of whether the key's day
# has come for a tenant; before it, `golive status` never shows the key as done.
DUE: dict[str, Callable[[Tenant], bool]] = {
    p.CHECKLIST: p.due for p in (smoke_run, hypercare, definition_of_done)
}


def get(rule_id: str) -> Policy:
    """The policy with this id; an unknown id raises KeyError naming the known ones."""
    try:
        return POLICIES[rule_id]
    except KeyError:
        raise KeyError(f"unknown policy {rule_id!r}; known: {', '.join(POLICIES)}") from None
