"""The rollback table of runbook 2.12: per trigger, its action, what it changes, its follow-ups.

``TRIGGERS`` holds each trigger the runbook names, what to do, which platform
fields its commit changes (``kind``), and the follow-ups it lists. A new trigger
is one entry here and one kind in :mod:`golive.rollback`.

========================== ===========================================================
kind                       what the commit changes
========================== ===========================================================
``envelopes``              the tenant's ``P`` envelopes to ``T`` (``--partner``, ``--transaction``)
``version``                modifier-rules.yaml ``active_version`` to the approved version
                           before it (:mod:`golive.rollback.versions`)
``read_only``              tenant.yaml ``status: read_only``
========================== ===========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

PITR_POINTER = ("Restore the tenant database via the point-in-time-restore runbook: "
                "OPERATIONS_RUNBOOK.md §18.")


@dataclass(frozen=True)
class Trigger:
    """One row of the rollback table."""

    name: str
    title: str                          # the trigger as the runbook names it
    action: str                         # what the runbook says to do
    kind: str                           # envelopes | version | read_only: what its commit changes
    follow_ups: tuple[str, ...]
    pointer: str | None = None          # another runbook to follow


TRIGGERS: dict[str, Trigger] = {t.name: t for t in (
    Trigger(
        "mass-scrub-failures", "Mass scrub failures",
        "Revert active modifier rule version (Admin → Rules → History → Revert).", "version",
        ("After apply, check Admin → Rules → History shows the version rolled back to as active.",
         "Re-scrub the claims that failed under the version rolled back from.",
         "Fix the rules as a new version, have it approved and activate it in a new pull request "
         "(the version rolled back from is never reinstated); then close the record "
         "(golive rollback TENANT --resolve).")),
    Trigger(
        "mass-envelope-rejections", "Mass envelope rejections",
        "Revert envelope to test mode; resubmit after fix.", "envelopes",
        ("Fix the cause of the rejections with the trading partner.",
         "Resubmit the rejected claims after the fix.",
         "Flip the envelopes back to P and close the record: golive rollback TENANT --resolve "
         "(or golive flip TENANT).")),
    Trigger(
        "catastrophic-config-error", "Catastrophic config error",
        "Set tenant status = read_only via Admin → Tenants → Suspend → Read-only.", "read_only",
        ("Find and fix the configuration error in a new pull request.",
         "Set status back to active once the fix is applied: golive rollback TENANT --resolve.")),
    Trigger(
        "tenant-db-corruption", "Tenant DB corruption",
        "Restore via PITR runbook (OPERATIONS_RUNBOOK.md §18).", "read_only",
        ("Restore the tenant database via the PITR runbook (OPERATIONS_RUNBOOK.md §18).",
         "Reconcile claims and remittances posted since the restore point.",
         "Set status back to active once the restore is verified: golive rollback TENANT --resolve."),
        pointer=PITR_POINTER),
)}
