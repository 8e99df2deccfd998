"""Every EDI envelope is flipped from test (``T``) to production (``P``).

Passing::

    envelopes: [{transaction: 837P, usage_indicator: P, ...}]

Failing::

    envelopes: [{transaction: 837P, usage_indicator: T, ...}]   # still ISA15 = T

An envelope in ``T`` that an open ``mass-envelope-rejections`` rollback record of
tenant.yaml moved there is a warning, not an error: the rollback plan sends it
back to test until the cause is fixed and the claims are resubmitted.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.core.platform_fields import envelope_field
from golive.core.rollback_records import rolled_back_envelopes
from golive.policies.api import Tenant

ID = "GL-ENVELOPE-MODE"
CHECKLIST = "envelopes_production"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("edi.yaml",)
RUNBOOK = "EDI envelopes flipped from T (test) to P (production) in Admin → EDI → Envelopes."
FIX = "Set `usage_indicator: P` on the envelope (or run `golive flip TENANT`)."


def check(t: Tenant) -> Iterator[Problem]:
    rolled_back = rolled_back_envelopes(t.tenant)
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        for j, envelope in enumerate(partner.get("envelopes", [])):
            usage = envelope.get("usage_indicator")
            record = rolled_back.get(envelope_field(str(partner.get("id")), str(envelope.get("transaction"))))
            if usage == "T" and record is not None:
                yield Problem(
                    "edi.yaml", ("trading_partners", i, "envelopes", j, "usage_indicator"),
                    f"the {envelope.get('transaction')} envelope to '{partner.get('id')}' is rolled back "
                    f"since {record.since} ({record.reference}): resubmit after the fix, then flip it "
                    f"back to P (golive rollback {t.id} --resolve)", Severity.WARNING,
                )
            elif usage != "P":
                yield Problem(
                    "edi.yaml", ("trading_partners", i, "envelopes", j, "usage_indicator"),
                    f"the {envelope.get('transaction')} envelope to '{partner.get('id')}' is "
                    "still in test mode (usage_indicator T); set it to P for go-live",
                )
