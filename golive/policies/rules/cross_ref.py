"""Cross-references resolve: each payer's trading partner, each fee schedule's payers.

Passing: ``trading_partner: availity`` with a partner ``id: availity`` in edi.yaml.

Failing: ``trading_partner: avality`` (no such partner); a fee schedule listing
payer ``"99999"`` that payers.yaml does not define.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-CROSS-REF"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ("payers.yaml",)
RUNBOOK = "Payer effective dates verified — the customer is officially on each payer's panel."
FIX = "Correct the id so that it names an entry that exists, or add the missing entry."


def check(t: Tenant) -> Iterator[Problem]:
    payers = t.file("payers.yaml").get("payers", [])
    if "edi.yaml" in t.files:
        partners = [p.get("id") for p in t.file("edi.yaml").get("trading_partners", [])]
        for i, payer in enumerate(payers):
            name = payer.get("trading_partner")
            if name not in partners:
                yield Problem("payers.yaml", ("payers", i, "trading_partner"),
                              f"payer {payer.get('name')} ({payer.get('id')}) names trading "
                              f"partner '{name}', which edi.yaml does not define "
                              f"(partners: {', '.join(map(str, partners))})")
    if "fee-schedules.yaml" in t.files:
        ids = {p.get("id") for p in payers}
        for k, schedule in enumerate(t.file("fee-schedules.yaml").get("fee_schedules", [])):
            for m, payer_id in enumerate(schedule.get("payers", [])):
                if payer_id not in ids:
                    yield Problem("fee-schedules.yaml", ("fee_schedules", k, "payers", m),
                                  f"fee schedule '{schedule.get('id')}' lists payer "
                                  f"'{payer_id}', which payers.yaml does not define")
