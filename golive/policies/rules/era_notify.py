"""The customer's billing inbox is subscribed to ERA-posted notifications.

Passing (``contacts.billing_inbox: billing@acme.example``)::

    channels: [{id: billing, type: email, address: billing@acme.example, events: [era.posted]}]

Failing: the inbox's channel lists only ``claim.rejected``; no channel sends to the inbox.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-ERA-NOTIFY"
CHECKLIST = "notifications"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "notifications.yaml")
RUNBOOK = ("Notification channels: customer's billing inbox subscribed to ERA-posted "
           "notifications.")
FIX = ("Add `era.posted` to the events of the channel whose address is "
       "contacts.billing_inbox in tenant.yaml, or add such an email channel.")


def check(t: Tenant) -> Iterator[Problem]:
    inbox = str(t.tenant.get("contacts", {}).get("billing_inbox", ""))
    channels = t.file("notifications.yaml").get("channels", [])
    to_inbox = [k for k, c in enumerate(channels)
                if str(c.get("address", "")).lower() == inbox.lower()]
    if any("era.posted" in channels[k].get("events", []) for k in to_inbox):
        return
    if to_inbox:
        k = to_inbox[0]
        yield Problem("notifications.yaml", ("channels", k, "events"),
                      f"channel '{channels[k].get('id')}' to the billing inbox {inbox} does not "
                      "subscribe to era.posted")
    else:
        yield Problem("notifications.yaml", ("channels",),
                      f"no channel sends to the billing inbox {inbox}; add an email channel "
                      "to it subscribed to era.posted")
