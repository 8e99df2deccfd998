"""Every EDI envelope is flipped from test (``T``) to production (``P``).

Passing::

    envelopes: [{transaction: 837P, usage_indicator: P, ...}]

Failing::

    envelopes: [{transaction: 837P, usage_indicator: T, ...}]   # still ISA15 = T
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-ENVELOPE-MODE"
CHECKLIST = "envelopes_production"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("edi.yaml",)
RUNBOOK = "EDI envelopes flipped from T (test) to P (production) in Admin → EDI → Envelopes."
FIX = "Set `usage_indicator: P` on the envelope (or run `golive flip TENANT`)."


def check(t: Tenant) -> Iterator[Problem]:
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        for j, envelope in enumerate(partner.get("envelopes", [])):
            if envelope.get("usage_indicator") != "P":
                yield Problem(
                    "edi.yaml", ("trading_partners", i, "envelopes", j, "usage_indicator"),
                    f"the {envelope.get('transaction')} envelope to '{partner.get('id')}' is "
                    "still in test mode (usage_indicator T); set it to P for go-live",
                )
