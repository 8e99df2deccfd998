"""The UAT sign-off's e-mail or PDF proves who signed off, and when, not only its own hash.

A ``.pdf`` must be a PDF whose signature holds: unchanged since signing, by a
certificate that chains to a trust anchor in ``policies/trust/``, of the person in
``signed_by``, signed on ``signed_on`` in the tenant's time zone. An ``.eml`` must
come from the address in ``signed_by`` (or, for a name alone, from one of the mail
domains of the tenant's contacts), be dated on ``signed_on`` in the tenant's time
zone, and carry a DKIM signature that verifies with a key pinned in
``policies/trust/dkim/``. No look-up leaves the machine. An unsigned PDF or e-mail
is a warning, or an error when ``evidence.unsigned.uat_signoff`` in
``policies/settings.yaml`` says so.

Passing (tenant time zone America/Chicago)::

    uat_signoff: {form: email, signed_by: Pat Rivera <pat.rivera@acme-ortho.example>,
                  signed_on: 2026-11-12, evidence: evidence/uat-signoff.eml, sha256: <its hash>}

with an e-mail ``From: pat.rivera@acme-ortho.example``, ``Date: Thu, 12 Nov 2026
10:14:32 -0600`` and a DKIM signature of acme-ortho.example that verifies.

Failing: the e-mail is from chris.dunn@acme-ortho.example; its Date is 13 Nov;
its body was edited after it was signed (DKIM fails); a PDF signed by Casey Morgan.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant
from golive.policies.proof import proof_problems

ID = "GL-UAT-SIGNATURE"
CHECKLIST = "uat_signoff"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = "UAT sign-off from the customer (email or signed PDF)."
FIX = ("Commit the sign-off as received: the e-mail exported with its headers (DKIM-Signature "
       "included), or the PDF as signed; record its signer as `Name <address>` and the day it was "
       "signed. A signer's CA or DKIM key is pinned in policies/trust/ in a reviewed pull request.")


def check(t: Tenant) -> Iterator[Problem]:
    item = t.file("golive.yaml").get("uat_signoff")
    if item is not None:
        yield from proof_problems(t, "golive.yaml", ("uat_signoff",), item, "the UAT sign-off",
                                  "uat_signoff", "signed_on")
