"""The end-to-end test (prerequisite 2.11) passed before go-live, with its report.

Passing (golive_date 2026-12-01)::

    e2e_test: {passed_on: 2026-11-18, evidence: evidence/e2e-report.pdf, sha256: <its hash>}

Failing: no ``e2e_test`` at all; ``passed_on: 2026-12-02``; a report whose bytes
changed since its hash was recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, signed_evidence

ID = "GL-E2E-TEST"
CHECKLIST = "e2e_test"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = "Prerequisites: 2.11 End-to-end test passed."
FIX = ("Add `e2e_test:` to golive.yaml with `passed_on`, the test report under evidence/ "
       "and its `sha256` (sha256sum <file>).")


def check(t: Tenant) -> Iterator[Problem]:
    item = t.file("golive.yaml").get("e2e_test")
    if item is None:
        yield Problem("golive.yaml", (), "no e2e_test: record the passed end-to-end test "
                      "(2.11) with its report as evidence")
        return
    yield from signed_evidence(t, "golive.yaml", ("e2e_test",), item, "passed_on",
                               "the end-to-end test")
