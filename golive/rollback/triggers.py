"""The rollback table of runbook 2.12: per trigger, its action, its follow-ups, and its commit.

``TRIGGERS`` holds each trigger the runbook names, what to do, the follow-ups it
lists, and, for the two that are reverts, how to recognise the commit a revert
undoes (the one that last changed a tenant's modifier ``active_version``, or that
last flipped one of its envelopes to ``P``). A new trigger is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from golive.core.platform_fields import envelopes

PITR_POINTER = ("Restore the tenant database via the point-in-time-restore runbook: "
                "OPERATIONS_RUNBOOK.md §18.")


def _version_changed(before: Any, after: Any) -> bool:
    return isinstance(before, dict) and isinstance(after, dict) and \
        before.get("active_version") != after.get("active_version")


def _flipped_to_production(before: Any, after: Any) -> bool:
    old = {field: usage for field, _, usage in envelopes(before)}
    return any(usage == "P" and old.get(field) != "P" for field, _, usage in envelopes(after))


@dataclass(frozen=True)
class Trigger:
    """One row of the rollback table."""

    name: str
    title: str                          # the trigger as the runbook names it
    action: str                         # what the runbook says to do
    follow_ups: tuple[str, ...]
    file: str | None = None             # revert triggers: the tenant file whose history holds the commit
    what: str = ""                      # what that commit did, for messages ("changed active_version")
    changed: Callable[[Any, Any], bool] | None = None   # (data before, data after) -> is the commit
    own: Callable[[str], bool] = field(default=lambda path: False)   # the trigger's own value paths
    pointer: str | None = None          # another runbook to follow


TRIGGERS: dict[str, Trigger] = {t.name: t for t in (
    Trigger(
        "mass-scrub-failures", "Mass scrub failures",
        "Revert active modifier rule version (Admin → Rules → History → Revert).",
        ("After apply, check Admin → Rules → History shows the reverted version active.",
         "Re-scrub the claims that failed under the reverted rule version.",
         "Fix the rule version, have it approved again and activate it in a new pull request."),
        file="modifier-rules.yaml", what="changed active_version",
        changed=_version_changed, own=lambda path: path == "active_version"),
    Trigger(
        "mass-envelope-rejections", "Mass envelope rejections",
        "Revert envelope to test mode; resubmit after fix.",
        ("Fix the cause of the rejections with the trading partner.",
         "Resubmit the rejected claims after the fix.",
         "Flip the envelopes back to P in a new pull request (golive flip)."),
        file="edi.yaml", what="flipped an envelope to P",
        changed=_flipped_to_production, own=lambda path: path.endswith(".usage_indicator")),
    Trigger(
        "catastrophic-config-error", "Catastrophic config error",
        "Set tenant status = read_only via Admin → Tenants → Suspend → Read-only.",
        ("Find and fix the configuration error in a new pull request.",
         "Set status back to active once the fix is applied."),
    ),
    Trigger(
        "tenant-db-corruption", "Tenant DB corruption",
        "Restore via PITR runbook (OPERATIONS_RUNBOOK.md §18).",
        ("Restore the tenant database via the PITR runbook (OPERATIONS_RUNBOOK.md §18).",
         "Reconcile claims and remittances posted since the restore point.",
         "Set status back to active once the restore is verified."),
        pointer=PITR_POINTER),
)}
