"""Payer enrollments are through: EFT confirmed (or not applicable), EDI and ERA not pending.

Passing::

    enrollments: {edi: approved, era: approved, eft: confirmed}

Failing::

    enrollments: {edi: approved, era: pending, eft: pending}   # two findings
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-PAYER-ENROLLMENT"
CHECKLIST = "eft_enrollment"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("payers.yaml",)
RUNBOOK = "Banking — payer EFT enrollment complete (out of platform scope, but confirm)."
FIX = ("Confirm the enrollment with the payer and set it (`eft: confirmed`, `era: approved`); "
       "a known gap that may go live anyway needs a waiver.")

_WHAT = {"edi": "EDI (claims) enrollment", "era": "ERA (835) enrollment",
         "eft": "EFT enrollment"}


def check(t: Tenant) -> Iterator[Problem]:
    for i, payer in enumerate(t.file("payers.yaml").get("payers", [])):
        enrollments = payer.get("enrollments", {})
        label = f"{payer.get('name')} ({payer.get('id')})"
        for key in ("edi", "era", "eft"):
            if enrollments.get(key) == "pending":
                yield Problem("payers.yaml", ("payers", i, "enrollments", key),
                              f"{_WHAT[key]} with {label} is still pending")
