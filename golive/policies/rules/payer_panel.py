"""The customer is officially on each payer's panel by the go-live date, and someone checked.

Passing (golive_date 2026-12-01)::

    panel: {effective_date: 2026-11-15, verified_by: Sam Ops, verified_on: 2026-11-16}

Failing: no ``verified_on``; ``effective_date: 2026-12-15`` (not yet on the panel).
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-PAYER-PANEL"
CHECKLIST = "payer_effective_dates"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "payers.yaml")
RUNBOOK = "Payer effective dates verified — the customer is officially on each payer's panel."
FIX = ("Verify the panel with the payer and add `verified_on` (and `verified_by`); a payer "
       "whose panel starts after go-live waits, or the go-live date moves.")


def check(t: Tenant) -> Iterator[Problem]:
    golive = t.golive_date
    for i, payer in enumerate(t.file("payers.yaml").get("payers", [])):
        panel = payer.get("panel", {})
        label = f"{payer.get('name')} ({payer.get('id')})"
        if panel.get("verified_on") is None:
            yield Problem("payers.yaml", ("payers", i, "panel"),
                          f"panel membership with {label} is not verified: add verified_on")
        effective = panel.get("effective_date")
        if golive is not None and effective is not None and effective > golive:
            yield Problem("payers.yaml", ("payers", i, "panel", "effective_date"),
                          f"the customer joins the panel of {label} on {effective}, after the "
                          f"go-live date {golive}")
