"""The end-to-end test report, when it is a PDF, is a PDF whose signature holds.

A ``.pdf`` must be a PDF, unchanged since it was signed, by a certificate that
chains to a trust anchor in ``policies/trust/``. An unsigned report is a warning,
or an error when ``evidence.unsigned.e2e_test`` in ``policies/settings.yaml`` says
so; a report in another format (Markdown) proves only its hash.

Passing::

    e2e_test: {passed_on: 2026-09-28, evidence: evidence/e2e-report.pdf, sha256: <its hash>}

with the report signed by a certificate the pinned CA issued.

Failing: a report edited after it was signed; a text file named ``e2e-report.pdf``.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant
from golive.policies.proof import proof_problems

ID = "GL-E2E-SIGNATURE"
CHECKLIST = "e2e_test"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = "Prerequisites: 2.11 End-to-end test passed."
FIX = ("Commit the test report exactly as it was signed (or as Markdown, which proves only its "
       "hash); its signer's CA is pinned in policies/trust/ in a reviewed pull request.")


def check(t: Tenant) -> Iterator[Problem]:
    item = t.file("golive.yaml").get("e2e_test")
    if item is not None:
        yield from proof_problems(t, "golive.yaml", ("e2e_test",), item, "the end-to-end test", "e2e_test")
