"""The go-live checklist keys, in runbook order, and the phases of a tenant."""

from __future__ import annotations

ONBOARDING, LIVE, BAU = "onboarding", "live", "bau"
PHASES = (ONBOARDING, LIVE, BAU)
ALL_PHASES = frozenset(PHASES)
LIVE_OR_BAU = frozenset({LIVE, BAU})
BAU_ONLY = frozenset({BAU})
# The platform switch in tenant.yaml (Admin → Tenants).
STATUSES = ("onboarding", "active", "read_only")

# Checklist key -> what it stands for, as the runbook (2.12 Go-live) says it.
CHECKLIST: dict[str, str] = {
    "e2e_test": "End-to-end test passed (prerequisite 2.11)",
    "uat_signoff": "UAT sign-off from the customer",
    "envelopes_production": "EDI envelopes flipped from T to P",
    "partner_certifications": "Written test certification for every trading partner",
    "payer_effective_dates": "On each payer's panel, effective dates verified",
    "eft_enrollment": "Payer EFT enrollment complete",
    "fee_schedules": "Fee schedules active and effective on the go-live date",
    "modifier_rules": "Modifier rules approved",
    "notifications": "Billing inbox subscribed to ERA-posted notifications",
    "tenant_status": "Tenant status active",
    "golive_date": "A go-live date with business days after it to react on",
    "smoke_run": "Smoke run of one live claim within the SLA",
    "hypercare": "Five business days of hyper-care",
    "definition_of_done": "Definition of done",
    "schema": "Files match their JSON Schemas",
    "integrity": "Cross-references and evidence paths resolve",
}

# Keys that only mean something once the tenant has flipped.
POST_FLIP = frozenset({"smoke_run", "hypercare", "definition_of_done"})
