"""The registry of go-live policies: an explicit dict from rule id to policy.

Each policy is one module of :mod:`golive.policies.rules`, named after its rule id
(``GL-PAYER-ENROLLMENT`` is ``payer_enrollment.py``). Adding a policy is adding its
module there and one line to ``_ALL``; importing this module runs no checks and
registers nothing by side effect.
"""

from __future__ import annotations

from collections.abc import Callable

from golive.policies.api import Policy, Tenant
from golive.policies.rules import (
    cross_ref,
    done,
    duplicate_id,
    e2e_signature,
    e2e_test,
    envelope_mode,
    era_notify,
    evidence_path,
    fee_schedule,
    golive_date,
    hypercare,
    modifier_rules,
    partner_cert,
    partner_cert_signature,
    payer_enrollment,
    payer_panel,
    production_before_flip,
    secret,
    smoke_run,
    tenant_id,
    tenant_status,
    timezone,
    uat_signature,
    uat_signoff,
)

_ALL: tuple[Policy, ...] = (
    e2e_test,
    e2e_signature,
    uat_signoff,
    uat_signature,
    envelope_mode,
    partner_cert,
    partner_cert_signature,
    payer_panel,
    payer_enrollment,
    fee_schedule,
    modifier_rules,
    era_notify,
    tenant_status,
    golive_date,
    smoke_run,
    hypercare,
    done,
    tenant_id,
    production_before_flip,
    cross_ref,
    duplicate_id,
    evidence_path,
    timezone,
    secret,
)

POLICIES: dict[str, Policy] = {p.ID: p for p in _ALL}

# The post-flip checklist keys, each with its policy's test of whether the key's day
# has come for a tenant; before it, `golive status` never shows the key as done.
DUE: dict[str, Callable[[Tenant], bool]] = {
    p.CHECKLIST: p.due for p in (smoke_run, hypercare, done)
}


def get(rule_id: str) -> Policy:
    """The policy with this id; an unknown id raises KeyError naming the known ones."""
    try:
        return POLICIES[rule_id]
    except KeyError:
        raise KeyError(f"unknown policy {rule_id!r}; known: {', '.join(POLICIES)}") from None
