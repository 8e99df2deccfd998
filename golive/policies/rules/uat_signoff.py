"""The customer's UAT sign-off (an email or a signed PDF) is in hand before go-live.

Passing (golive_date 2026-12-01)::

    uat_signoff: {form: email, signed_by: Pat Rivera <pat@acme.example>,
                  signed_on: 2026-11-20, evidence: evidence/uat-signoff.eml, sha256: <its hash>}

Failing: no ``uat_signoff``; ``signed_on`` after the go-live date; the .eml edited
after its hash was recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, signed_evidence

ID = "GL-UAT-SIGNOFF"
CHECKLIST = "uat_signoff"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = "UAT sign-off from the customer (email or signed PDF)."
FIX = ("Add `uat_signoff:` to golive.yaml: `form`, `signed_by`, `signed_on`, the email or "
       "signed PDF under evidence/ and its `sha256`.")


def check(t: Tenant) -> Iterator[Problem]:
    item = t.file("golive.yaml").get("uat_signoff")
    if item is None:
        yield Problem("golive.yaml", (), "no uat_signoff: the customer's UAT sign-off "
                      "(email or signed PDF) must be recorded before go-live")
        return
    yield from signed_evidence(t, "golive.yaml", ("uat_signoff",), item, "signed_on",
                               "the UAT sign-off")
