"""A trading partner's certification letter, as a PDF, is signed by a trusted signer on its day.

A ``.pdf`` must be a PDF whose signature holds: unchanged since signing, by a
certificate that chains to a trust anchor in ``policies/trust/``, signed on
``certified_on`` in the tenant's time zone. An unsigned letter is a warning, or
an error when ``evidence.unsigned.partner_certifications`` in
``policies/settings.yaml`` says so.

Passing (golive_date 2026-12-01)::

    certification: {certified_on: 2026-11-04, evidence: evidence/availity-certification.pdf,
                    sha256: <its hash>}

with the letter signed on 4 November by a certificate the pinned CA issued.

Failing: a letter edited after it was signed; one signed by a certificate of a CA
not pinned; a text file named ``.pdf``; one signed on 5 November.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant
from golive.policies.proof import proof_problems

ID = "GL-PARTNER-CERT-SIGNATURE"
CHECKLIST = "partner_certifications"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "edi.yaml")
RUNBOOK = "Trading partner test certifications in hand, in writing, for every partner."
FIX = ("Commit the certification letter exactly as the partner signed it, and record the day it "
       "was signed as `certified_on`; a partner's CA is pinned in policies/trust/ in a reviewed "
       "pull request.")


def check(t: Tenant) -> Iterator[Problem]:
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        cert = partner.get("certification")
        if cert is not None:
            yield from proof_problems(t, "edi.yaml", ("trading_partners", i, "certification"), cert,
                                      f"the certification of '{partner.get('id')}'",
                                      "partner_certifications", "certified_on")
