"""Every trading partner's test certification is in hand, in writing, before go-live.

Passing (golive_date 2026-12-01)::

    - id: availity
      certification: {certified_on: 2026-11-10, evidence: evidence/availity.pdf, sha256: <hash>}

Failing: a partner with no ``certification``; ``certified_on: 2026-12-03``; a
certification letter whose hash does not match.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, signed_evidence

ID = "GL-PARTNER-CERT"
CHECKLIST = "partner_certifications"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "edi.yaml")
RUNBOOK = "Trading partner test certifications in hand, in writing, for every partner."
FIX = ("Add `certification:` to the partner in edi.yaml: `certified_on`, the written "
       "certification under evidence/ and its `sha256`.")


def check(t: Tenant) -> Iterator[Problem]:
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        cert = partner.get("certification")
        name = partner.get("id")
        if cert is None:
            yield Problem("edi.yaml", ("trading_partners", i),
                          f"trading partner '{name}' has no written test certification")
            continue
        yield from signed_evidence(t, "edi.yaml", ("trading_partners", i, "certification"),
                                   cert, "certified_on", f"the certification of '{name}'")
